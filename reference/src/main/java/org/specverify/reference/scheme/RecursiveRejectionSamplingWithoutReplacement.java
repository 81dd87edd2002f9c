package org.specverify.reference.scheme;

import java.util.Optional;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.random.Chooser;

/**
 * rrs-wor: recursive rejection sampling on drafts drawn without replacement (MCSD 2401.06706; Recursive Speculative
 * Decoding 2402.14160; Sequoia 2402.12374). Same loop as rrs, with q_k the masked, renormalised law of step k; the
 * residual p_{k+1} = norm((p_k - q_k)+) uses q_k before x_k is masked. Verified in the order sampled.
 */
public final class RecursiveRejectionSamplingWithoutReplacement extends AbstractScheme {
    public RecursiveRejectionSamplingWithoutReplacement() {
        super("rrs-wor", "recursive rejection sampling on drafts drawn without replacement",
            "MCSD 2401.06706; RSD 2402.14160; Sequoia 2402.12374", 1, Integer.MAX_VALUE, true, false);
    }

    @Override
    public String draftProcess() {
        return "without-replacement";
    }

    @Override
    Optional<String> extraNotApplicable(Instance instance) {
        int support = instance.draft().supportSize();
        return support < instance.k()
            ? Optional.of("drafts without replacement need at least K = " + instance.k()
                + " tokens of positive draft mass, q has " + support)
            : Optional.empty();
    }

    @Override
    Bound doBind(Instance instance) {
        WithoutReplacementDraft wor = new WithoutReplacementDraft(instance.draft(), instance.k());
        return new BoundBase(instance, wor) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                Distribution[] laws = wor.lawsAlong(drafts);
                Distribution pk = p;
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (chooser.bernoulli(acceptProbability(pk.p(x), laws[k].p(x), k, x))) {
                        return Verdict.accepted(k, x);
                    }
                    pk = pk.residual(laws[k]);
                }
                return Verdict.residual(chooser.sample(pk));
            }
        };
    }
}
