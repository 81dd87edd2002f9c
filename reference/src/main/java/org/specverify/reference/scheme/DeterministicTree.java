package org.specverify.reference.scheme;

import java.util.Optional;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.random.Chooser;

/**
 * deterministic: verification of fixed children (EAGLE-2 top-k trees, q = δ). The children are the K tokens of largest
 * draft mass. Accept child x_k w.p. p_k(x_k), else p_{k+1} = norm(p_k with x_k removed); a repeated child is skipped; if
 * all are rejected y ~ p_{K+1}. Lossless; α = p(set of children), optimal for deterministic drafts.
 */
public final class DeterministicTree extends AbstractScheme {
    public DeterministicTree() {
        super("deterministic", "fixed top-K children: accept x_k w.p. p_k(x_k), else remove it from p",
            "EAGLE-2 2406.16858 (deterministic tree drafts)", 1, Integer.MAX_VALUE, true, false);
    }

    @Override
    public String draftProcess() {
        return "deterministic";
    }

    @Override
    Optional<String> extraNotApplicable(Instance instance) {
        return instance.k() > instance.vocab()
            ? Optional.of("deterministic top-K drafts need K <= |V| = " + instance.vocab())
            : Optional.empty();
    }

    @Override
    Bound doBind(Instance instance) {
        return new BoundBase(instance, DeterministicDraft.topK(instance.draft(), instance.k())) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                Distribution pk = p;
                boolean[] seen = new boolean[p.size()];
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (seen[x]) {
                        continue;
                    }
                    seen[x] = true;
                    if (chooser.bernoulli(pk.p(x))) {
                        return Verdict.accepted(k, x);
                    }
                    pk = pk.without(t -> t == x);
                }
                return Verdict.residual(chooser.sample(pk));
            }
        };
    }
}
