package org.specverify.reference.scheme;

import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * sd: single-draft speculative sampling (Leviathan et al. 2211.17192; Chen et al. 2302.01318). x ~ q; accept x iff
 * u·q(x) &lt; p(x), i.e. with probability min(1, p(x)/q(x)); else y ~ norm((p-q)+). Lossless; α = 1 - TV(p, q).
 */
public final class SpeculativeSampling extends SchemeBase {
    public SpeculativeSampling() {
        super(define("sd")
            .description("single-draft speculative sampling: accept x w.p. min(1, p/q), else residual norm((p-q)+)")
            .paper("Leviathan et al. 2211.17192; Chen et al. 2302.01318").k(1, 1).lossless(true)
            .drafts(DraftKind.IID).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Measure<S> p = laws.target();
        Measure<S> q = laws.draft(0);
        return (draws, drafts) -> {
            int x = drafts[0];
            if (draws.accept(0, x, q.probability(x), p.probability(x))) {
                return Outcome.accept(0, x);
            }
            return Outcome.emit("residual norm((p - q)+)", p.residual(q));
        };
    }
}
