package org.specverify.reference.scheme;

import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.random.Chooser;

/**
 * rrs: recursive rejection sampling with replacement (SpecInfer multi-step speculative sampling, 2305.09781). p_1 = p;
 * for k = 1..K accept x_k w.p. min(1, p_k(x_k)/q_k(x_k)), else p_{k+1} = norm((p_k - q_k)+); if all are rejected,
 * y ~ p_{K+1}. Drafts are verified in the order drawn, never reordered by value. Lossless for iid and for independent
 * non-identical drafts; α = 1 - Π_k TV(p_k, q_k).
 */
public final class RecursiveRejectionSampling extends AbstractScheme {
    public RecursiveRejectionSampling() {
        super("rrs", "recursive rejection sampling with replacement: accept x_k w.p. min(1, p_k/q_k), residual after each",
            "SpecInfer 2305.09781", 1, Integer.MAX_VALUE, true, true);
    }

    @Override
    Bound doBind(Instance instance) {
        return new BoundBase(instance, sampledDrafts(instance)) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                Distribution pk = p;
                for (int k = 0; k < drafts.length; k++) {
                    Distribution qk = instance.draft(k);
                    int x = drafts[k];
                    if (chooser.bernoulli(acceptProbability(pk.p(x), qk.p(x), k, x))) {
                        return Verdict.accepted(k, x);
                    }
                    pk = pk.residual(qk);
                }
                return Verdict.residual(chooser.sample(pk));
            }
        };
    }
}
