package org.specverify.lp.plan;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.scheme.OtPlanVerifier;

/**
 * An exact optimal transport plan over rationals, as the {@link OtPlanVerifier.PlanSource} named "optimal": the verifier
 * {@code ot-plan} with this plan is lossless and its acceptance P(Y ∈ x̄) is exactly α*.
 *
 * <p><b>Construction.</b> (1) The exact maximum flow f of the {@link AcceptanceFlow acceptance network}:
 * π(x̄, y) = f(x̄, y) for y ∈ x̄. (2) Completion: the row leftovers a(x̄) = Q(x̄) - Σ_y f(x̄, y) and the column
 * leftovers b(y) = p(y) - Σ_x̄ f(x̄, y) have the same total 1 - F (F the flow value); they are coupled by the north-west
 * corner rule (tuples in the law's order, tokens ascending: move min(a, b), advance whichever is exhausted) and added
 * to π. The result has row sums Q and column sums p exactly. Both steps run on the network merged by draft set
 * ({@link AcceptanceFlow}); a set's row is then split over its tuples in proportion to Q(x̄), which keeps both marginals
 * and the acceptance.
 *
 * <p><b>Why its acceptance is exactly α*.</b> Acceptance(π) = F + (completion mass on pairs with y ∈ x̄) ≥ F = α*, and
 * acceptance(π) ≤ α* because π is a feasible transport plan. So it equals α*. In fact the completion never lands on a pair
 * with y ∈ x̄: such a pair would have a(x̄) &gt; 0 and b(y) &gt; 0, i.e. the augmenting path source → x̄ → y → sink,
 * impossible after a maximum flow. The class still checks the equality on every plan and throws
 * {@link IllegalStateException} (a bug) if it ever fails.
 *
 * <p>Cost: one exact max-flow over |tuples| + |V| nodes and Σ|set(x̄)| edges, plus tuples × |V| fractions for the plan:
 * small vocabularies only, like the exact enumeration that {@code ot-plan} runs on.
 */
public final class OptimalTransportPlan implements OtPlanVerifier.PlanSource {
    /** The shared instance. */
    public static final OptimalTransportPlan INSTANCE = new OptimalTransportPlan();

    private OptimalTransportPlan() {
    }

    @Override
    public String name() {
        return "optimal";
    }

    @Override
    public Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process) {
        return plan(instance.target(), process);
    }

    /** The plan π(x̄, ·) for every tuple of positive probability, in the law's order. */
    public static Map<DraftTuple, BigFraction[]> plan(Distribution p, DraftProcess process) {
        return complete(AcceptanceFlow.of(p, process));
    }

    /** Completes a maximum flow to a plan (see the class comment). */
    static Map<DraftTuple, BigFraction[]> complete(AcceptanceFlow flow) {
        List<DraftTuple> tuples = flow.tuples();
        int groups = flow.groups();
        int n = flow.vocab();
        // complete the flow of the merged network set by set, then split each set's row in proportion to Q
        BigFraction[][] rows = new BigFraction[groups][n];
        BigFraction[] rowLeft = new BigFraction[groups];
        BigFraction[] colLeft = new BigFraction[n];
        for (int y = 0; y < n; y++) {
            colLeft[y] = flow.tokenLeftover(y);
        }
        for (int g = 0; g < groups; g++) {
            Arrays.fill(rows[g], Fractions.ZERO);
            for (int y : flow.groupSet(g)) {
                rows[g][y] = flow.groupFlow(g, y);
            }
            rowLeft[g] = flow.groupLeftover(g);
        }
        int y = 0;
        for (int g = 0; g < groups; g++) {
            while (rowLeft[g].signum() > 0) {
                while (y < n && colLeft[y].signum() == 0) {
                    y++;
                }
                if (y == n) {
                    throw new IllegalStateException("optimal plan: row leftovers exceed column leftovers at draft set "
                        + Arrays.toString(flow.groupSet(g)) + "; the flow does not conserve mass, a bug");
                }
                BigFraction d = Fractions.min(rowLeft[g], colLeft[y]);
                rows[g][y] = rows[g][y].add(d);
                rowLeft[g] = rowLeft[g].subtract(d);
                colLeft[y] = colLeft[y].subtract(d);
            }
        }
        BigFraction accepted = Fractions.ZERO;
        for (int g = 0; g < groups; g++) {
            for (int t : flow.groupSet(g)) {
                accepted = accepted.add(rows[g][t]);
            }
        }
        if (!accepted.equals(flow.value())) {
            throw new IllegalStateException("optimal plan: acceptance of the completed plan " + Fractions.format(accepted)
                + " differs from the maximum flow " + Fractions.format(flow.value()) + "; a bug in the completion");
        }
        Map<DraftTuple, BigFraction[]> plan = new LinkedHashMap<>();
        for (int i = 0; i < tuples.size(); i++) {
            int g = flow.groupOf(i);
            BigFraction share = flow.tupleMass(i).divide(flow.groupMass(g));
            BigFraction[] row = new BigFraction[n];
            for (int t = 0; t < n; t++) {
                row[t] = rows[g][t].signum() == 0 ? Fractions.ZERO : rows[g][t].multiply(share);
            }
            plan.put(tuples.get(i), row);
        }
        return plan;
    }
}
