package org.specverify.reference.scheme;

import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.GreedyDraft;

/**
 * greedy: greedy drafts (Hu et al. construction, reconstructed). The top K-1 tokens T of q are fixed drafts and the
 * last draft is x_K ~ q' = norm(q·1[x ∉ T]); the verifier is sd from q' to p on x_K, and an output in T counts as
 * acceptance (membership). Lossless; α = p(T) + Σ_{x∉T} min(p(x), q'(x)), optimal for this draft law.
 */
public final class GreedyDrafts extends SchemeBase {
    public GreedyDrafts() {
        super(define("greedy")
            .description("top K-1 tokens of q as fixed drafts plus one sampled from the rest; sd on the sampled one")
            .paper("Hu et al. 2502.18779 (greedy draft construction)").lossless(true)
            .drafts(DraftKind.GREEDY).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Measure<S> p = laws.target();
        Measure<S> rest = laws.draft(0);
        for (int t : ((GreedyDraft) laws.process()).top()) {
            rest = rest.without(t);
        }
        Measure<S> qRest = rest;
        return (draws, drafts) -> {
            int last = drafts.length - 1;
            int x = drafts[last];
            if (draws.accept(last, x, qRest.probability(x), p.probability(x))) {
                return Outcome.accept(last, x);
            }
            return Outcome.emit("residual norm((p - q')+)", p.residual(qRest));
        };
    }
}
