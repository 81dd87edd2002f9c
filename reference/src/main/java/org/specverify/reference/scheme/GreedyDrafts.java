package org.specverify.reference.scheme;

import java.util.Optional;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.random.Chooser;

/**
 * greedy: greedy drafts (Hu et al. construction, reconstructed). The top K-1 tokens T of q are fixed drafts and the
 * last draft is x_K ~ q' = norm(q·1[x ∉ T]); the verifier is sd from q' to p on x_K, and an output in T counts as
 * acceptance (membership). Lossless; α = p(T) + Σ_{x∉T} min(p(x), q'(x)), optimal for this draft law.
 */
public final class GreedyDrafts extends AbstractScheme {
    public GreedyDrafts() {
        super("greedy", "top K-1 tokens of q as fixed drafts plus one sampled from the rest; sd on the sampled one",
            "Hu et al. 2502.18779 (greedy draft construction)", 1, Integer.MAX_VALUE, true, false);
    }

    @Override
    public String draftProcess() {
        return "greedy";
    }

    @Override
    Optional<String> extraNotApplicable(Instance instance) {
        Distribution q = instance.draft();
        int k = instance.k();
        if (k > q.size()) {
            return Optional.of("greedy drafts need K <= |V| = " + q.size());
        }
        int[] order = q.tokensByDecreasingMass();
        boolean rest = false;
        for (int i = k - 1; i < order.length; i++) {
            rest |= q.p(order[i]).signum() > 0;
        }
        return rest ? Optional.empty()
            : Optional.of("greedy drafts need draft mass outside the top K-1 tokens of q");
    }

    @Override
    Bound doBind(Instance instance) {
        GreedyDraft process = new GreedyDraft(instance.draft(), instance.k());
        Distribution rest = process.restLaw();
        return new BoundBase(instance, process) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                int last = drafts.length - 1;
                int x = drafts[last];
                if (chooser.bernoulli(acceptProbability(p.p(x), rest.p(x), last, x))) {
                    return Verdict.accepted(last, x);
                }
                return Verdict.residual(chooser.sample(p.residual(rest)));
            }
        };
    }
}
