package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.OtPlanVerifier;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Decision;

class OptimalTransportPlanTest {
    static Stream<HandMadeCases.Case> bindable() {
        return HandMadeCases.bindable().stream();
    }

    static Stream<HandMadeCases.Case> all() {
        return HandMadeCases.all().stream();
    }

    /** ot-plan with the optimal plan: the exact output law is p, and P(Y ∈ x̄) = α* as an equality of rationals. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindable")
    void otPlanIsLosslessAndOptimal(HandMadeCases.Case c) {
        HandMadeCases.assertLosslessAndOptimal("ot-plan", c);
    }

    /**
     * Any draft law, including without replacement (which the reference's ot-plan does not bind): rows sum to Q, columns
     * to p, entries are non-negative, and Σ 1[y ∈ x̄] π = α*, all exactly; the output law of y ~ π(x̄, ·)/Q(x̄) run by
     * the exact enumerator on this process is p.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void planIsAnOptimalCouplingForAnyDraftLaw(HandMadeCases.Case c) {
        Map<DraftTuple, BigFraction> q = c.process().law();
        Map<DraftTuple, BigFraction[]> plan = OptimalTransportPlan.plan(c.p(), c.process());
        int n = c.p().size();
        BigFraction[] col = new BigFraction[n];
        java.util.Arrays.fill(col, BigFraction.ZERO);
        BigFraction accepted = BigFraction.ZERO;
        assertEquals(q.keySet(), plan.keySet(), c + ": plan rows vs tuples of the law");
        for (Map.Entry<DraftTuple, BigFraction[]> e : plan.entrySet()) {
            BigFraction row = BigFraction.ZERO;
            for (int y = 0; y < n; y++) {
                BigFraction v = e.getValue()[y];
                assertTrue(v.signum() >= 0, c + ": negative entry at " + e.getKey() + ", " + y);
                row = row.add(v);
                col[y] = col[y].add(v);
                if (e.getKey().contains(y)) {
                    accepted = accepted.add(v);
                }
            }
            assertEquals(q.get(e.getKey()), row, c + ": row " + e.getKey() + " (tolerance exact)");
        }
        for (int y = 0; y < n; y++) {
            assertEquals(c.p().p(y), col[y], c + ": column " + y + " (tolerance exact)");
        }
        assertEquals(SubsetOptimum.of(c.p(), c.process()).value(), accepted, c + ": acceptance (tolerance exact)");

        ExactLaw law = ExactLaw.of(new PlanOnProcess(c, plan));
        assertTrue(law.lossless(), c + ": enumerated output law differs from p (tolerance exact)");
        assertEquals(accepted, law.acceptance(), c + ": enumerated acceptance (tolerance exact)");
    }

    /** The equality check can fail: the reference's default plan (independent coupling) falls short of α* here. */
    @Test
    void defaultPlanFallsShortSoTheCheckDiscriminates() {
        HandMadeCases.Case c = HandMadeCases.iid("five tokens", Distribution.parse("3/10", "1/4", "1/5", "3/20", "1/10"),
            Distribution.parse("1/10", "1/5", "2/5", "1/5", "1/10"), 3);
        ExactLaw law = ExactLaw.of(new OtPlanVerifier().bind(c.instance()));
        assertTrue(law.lossless());
        assertTrue(Fractions.compare(law.acceptance(), SubsetOptimum.of(c.p(), c.process()).value()) < 0,
            "independent coupling reached α*: " + law.acceptance());
    }

    /** Runs y ~ π(x̄, ·)/Q(x̄) on any draft process (here: without replacement) for the exact enumerator. */
    private static final class PlanOnProcess implements Scheme.Bound {
        private final HandMadeCases.Case c;
        private final Map<DraftTuple, BigFraction[]> plan;

        PlanOnProcess(HandMadeCases.Case c, Map<DraftTuple, BigFraction[]> plan) {
            this.c = c;
            this.plan = plan;
        }

        @Override
        public Scheme scheme() {
            return new OtPlanVerifier(OptimalTransportPlan.INSTANCE);
        }

        @Override
        public Instance instance() {
            return Instance.identical(c.name(), c.p(), c.p(), c.process().k());
        }

        @Override
        public DraftProcess draftProcess() {
            return c.process();
        }

        @Override
        public Decision decide(int[] drafts, Draws<BigFraction> draws) {
            return Decision.byMembership(drafts, draws.choose("plan row",
                java.util.Arrays.asList(plan.get(DraftTuple.of(drafts)))));
        }
    }
}
