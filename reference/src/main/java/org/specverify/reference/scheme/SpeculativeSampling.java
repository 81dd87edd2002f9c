package org.specverify.reference.scheme;

import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.random.Chooser;

/**
 * sd: single-draft speculative sampling (Leviathan et al. 2211.17192; Chen et al. 2302.01318). x ~ q; accept x with
 * probability min(1, p(x)/q(x)); else y ~ norm((p-q)+). Lossless; α = 1 - TV(p, q).
 */
public final class SpeculativeSampling extends AbstractScheme {
    public SpeculativeSampling() {
        super("sd", "single-draft speculative sampling: accept x w.p. min(1, p/q), else residual norm((p-q)+)",
            "Leviathan et al. 2211.17192; Chen et al. 2302.01318", 1, 1, true, false);
    }

    @Override
    Bound doBind(Instance instance) {
        Distribution q = instance.draft();
        return new BoundBase(instance, sampledDrafts(instance)) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                int x = drafts[0];
                if (chooser.bernoulli(acceptProbability(p.p(x), q.p(x), 0, x))) {
                    return Verdict.accepted(0, x);
                }
                return Verdict.residual(chooser.sample(p.residual(q)));
            }
        };
    }
}
