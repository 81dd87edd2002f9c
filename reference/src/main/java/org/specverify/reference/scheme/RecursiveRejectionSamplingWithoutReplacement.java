package org.specverify.reference.scheme;

import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * rrs-wor: recursive rejection sampling on drafts drawn without replacement (MCSD 2401.06706; Recursive Speculative
 * Decoding 2402.14160; Sequoia 2402.12374). Same loop as rrs, with q_k the masked, renormalised law of step k; the
 * residual p_{k+1} = norm((p_k - q_k)+) uses q_k before x_k is masked. Verified in the order sampled.
 */
public final class RecursiveRejectionSamplingWithoutReplacement extends SchemeBase {
    public RecursiveRejectionSamplingWithoutReplacement() {
        super(define("rrs-wor")
            .description("recursive rejection sampling on drafts drawn without replacement")
            .paper("MCSD 2401.06706; RSD 2402.14160; Sequoia 2402.12374").lossless(true)
            .drafts(DraftKind.WITHOUT_REPLACEMENT).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Measure<S> p = laws.target();
        Measure<S> q = laws.draft(0);
        return (draws, drafts) -> {
            Measure<S> pk = p;
            Measure<S> qk = q;
            for (int k = 0; k < drafts.length; k++) {
                int x = drafts[k];
                if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                    return Outcome.accept(k, x);
                }
                pk = pk.residual(qk);
                qk = qk.without(x);
            }
            return Outcome.emit("residual p_{K+1}", pk);
        };
    }
}
