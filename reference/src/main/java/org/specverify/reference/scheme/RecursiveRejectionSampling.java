package org.specverify.reference.scheme;

import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * rrs: recursive rejection sampling with replacement (SpecInfer multi-step speculative sampling, 2305.09781). p_1 = p;
 * for k = 1..K accept x_k iff u·q_k(x_k) &lt; p_k(x_k), else p_{k+1} = norm((p_k - q_k)+); if all are rejected,
 * y ~ p_{K+1}. Drafts are verified in the order drawn, never reordered by value. Lossless for iid and for independent
 * non-identical drafts; α = 1 - Π_k TV(p_k, q_k). For iid drafts every residual is (p − c_k·q)+ with
 * c_{k+1} = c_k + Σ(p − c_k·q)+, which the measures keep in closed form, so K residuals cost K reductions.
 */
public final class RecursiveRejectionSampling extends SchemeBase {
    public RecursiveRejectionSampling() {
        super(define("rrs")
            .description("recursive rejection sampling with replacement: accept x_k w.p. min(1, p_k/q_k), residual"
                + " after each")
            .paper("SpecInfer 2305.09781").lossless(true).drafts(DraftKind.IID, DraftKind.INDEPENDENT).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Measure<S> p = laws.target();
        return (draws, drafts) -> {
            Measure<S> pk = p;
            for (int k = 0; k < drafts.length; k++) {
                int x = drafts[k];
                Measure<S> qk = laws.draft(k);
                if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                    return Outcome.accept(k, x);
                }
                pk = pk.residual(qk);
            }
            return Outcome.emit("residual p_{K+1}", pk);
        };
    }
}
