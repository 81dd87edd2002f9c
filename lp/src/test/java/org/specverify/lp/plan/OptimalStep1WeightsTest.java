package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.CanonicalImportanceSampling;

class OptimalStep1WeightsTest {
    static Stream<HandMadeCases.Case> bindable() {
        return HandMadeCases.bindable().stream();
    }

    static Stream<HandMadeCases.Case> all() {
        return HandMadeCases.all().stream();
    }

    /** canonical-is with the optimal weights: the exact output law is p and P(Y ∈ x̄) = α*, exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bindable")
    void canonicalIsIsLosslessAndOptimal(HandMadeCases.Case c) {
        HandMadeCases.assertLosslessAndOptimal("canonical-is", c);
    }

    /**
     * Any draft law (without replacement included): the weights are valid (≥ 0, zero off the drafts, sum 1) and the
     * induced law r has Σ_y min(p(y), r(y)) = α*, the step-2 acceptance, exactly.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void inducedLawReachesAlphaStar(HandMadeCases.Case c) {
        Map<DraftTuple, BigFraction> q = c.process().law();
        Map<DraftTuple, BigFraction[]> beta = OptimalStep1Weights.weights(c.p(), c.process());
        int n = c.p().size();
        BigFraction[] r = new BigFraction[n];
        java.util.Arrays.fill(r, BigFraction.ZERO);
        assertEquals(q.keySet(), beta.keySet(), c + ": weight rows vs tuples of the law");
        for (Map.Entry<DraftTuple, BigFraction[]> e : beta.entrySet()) {
            BigFraction sum = BigFraction.ZERO;
            for (int y = 0; y < n; y++) {
                BigFraction b = e.getValue()[y];
                assertTrue(b.signum() >= 0, c + ": negative weight at " + e.getKey() + ", " + y);
                assertTrue(b.signum() == 0 || e.getKey().contains(y), c + ": weight off the drafts at " + e.getKey());
                sum = sum.add(b);
                r[y] = r[y].add(q.get(e.getKey()).multiply(b));
            }
            assertEquals(BigFraction.ONE, sum, c + ": weights of " + e.getKey() + " (tolerance exact)");
        }
        BigFraction overlap = BigFraction.ZERO;
        for (int y = 0; y < n; y++) {
            overlap = overlap.add(Fractions.min(c.p().p(y), r[y]));
        }
        assertEquals(SubsetOptimum.of(c.p(), c.process()).value(), overlap, c + ": Σ min(p, r) (tolerance exact)");
    }

    /** The equality check can fail: the reference's importance weights fall short of α* on this instance. */
    @Test
    void importanceWeightsFallShortSoTheCheckDiscriminates() {
        HandMadeCases.Case c = HandMadeCases.iid("five tokens", Distribution.parse("3/10", "1/4", "1/5", "3/20", "1/10"),
            Distribution.parse("1/10", "1/5", "2/5", "1/5", "1/10"), 2);
        ExactLaw law = ExactLaw.of(new CanonicalImportanceSampling().bind(c.instance()));
        assertTrue(law.lossless());
        assertTrue(Fractions.compare(law.acceptance(), SubsetOptimum.of(c.p(), c.process()).value()) < 0,
            "importance weights reached α*: " + law.acceptance());
    }
}
