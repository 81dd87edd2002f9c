package org.specverify.lp.plan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.scheme.CanonicalImportanceSampling;

/**
 * Exact optimal step-1 weights for Khisti et al.'s canonical two-step scheme, as the
 * {@link CanonicalImportanceSampling.Step1Weights} named "optimal": {@code canonical-is} with these weights is lossless
 * and its acceptance is exactly α*. No LP is solved; the weights come from the exact maximum flow.
 *
 * <p><b>Construction.</b> With f the maximum flow of the {@link AcceptanceFlow acceptance network} and
 * a(x̄) = Q(x̄) - Σ_y f(x̄, y) its leftover: β_y(x̄) = (f(x̄, y) + a(x̄)/|set(x̄)|) / Q(x̄) for y ∈ set(x̄), zero
 * elsewhere (set(x̄) the distinct drafts). β ≥ 0, zero off the drafts, Σ_y β_y(x̄) = 1. With the flow of the network
 * merged by set ({@link AcceptanceFlow}) β depends on x̄ only through set(x̄); tuples of one set share one array.
 *
 * <p><b>Why it is optimal.</b> The induced law is r(y) = Σ_x̄ Q(x̄)β_y(x̄) = Σ_x̄ f(x̄, y) + (leftover shares) ≥
 * Σ_x̄ f(x̄, y), and Σ_x̄ f(x̄, y) ≤ p(y) (sink capacity). So Σ_y min(p(y), r(y)) ≥ Σ_{x̄,y} f(x̄, y) = α*. The left side is
 * P(Y = Y') of the lossless canonical scheme, which is at most P(Y ∈ x̄), which is at most α* for any lossless scheme.
 * Hence Σ min(p, r) = P(Y ∈ x̄) = α*. How the leftover is spread does not matter: a tuple with leftover has every draft
 * saturated (p(y) = Σ f(·, y), else source → x̄ → y → sink would augment), so the shares only raise r where r ≥ p already.
 * The spread is uniform over set(x̄) to keep the weights symmetric in the drafts.
 */
public final class OptimalStep1Weights implements CanonicalImportanceSampling.Step1Weights {
    /** The shared instance. */
    public static final OptimalStep1Weights INSTANCE = new OptimalStep1Weights();

    private OptimalStep1Weights() {
    }

    @Override
    public String name() {
        return "optimal";
    }

    @Override
    public Map<DraftTuple, BigFraction[]> weights(Instance instance, DraftProcess process) {
        return weights(instance.target(), process);
    }

    /** β(x̄) over the vocabulary for every tuple of positive probability, in the law's order. */
    public static Map<DraftTuple, BigFraction[]> weights(Distribution p, DraftProcess process) {
        AcceptanceFlow flow = AcceptanceFlow.of(p, process);
        int n = flow.vocab();
        // β depends on the tuple only through its set: (f(S, y) + a(S)/|S|) / Q(S) is the same ratio as for the
        // proportional per-tuple flow, so one array serves every tuple of a set
        BigFraction[][] bySet = new BigFraction[flow.groups()][];
        for (int g = 0; g < bySet.length; g++) {
            int[] set = flow.groupSet(g);
            BigFraction share = flow.groupLeftover(g).divide(set.length);
            BigFraction q = flow.groupMass(g);
            BigFraction[] beta = new BigFraction[n];
            Arrays.fill(beta, Fractions.ZERO);
            for (int y : set) {
                beta[y] = flow.groupFlow(g, y).add(share).divide(q);
            }
            bySet[g] = beta;
        }
        Map<DraftTuple, BigFraction[]> out = new LinkedHashMap<>();
        for (int i = 0; i < flow.tuples().size(); i++) {
            out.put(flow.tuples().get(i), bySet[flow.groupOf(i)]);
        }
        return out;
    }
}
