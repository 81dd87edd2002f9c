package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.Fractions;
import org.specverify.reference.interpret.ExactLaw;

/**
 * Optimality and losslessness of the exact optimal verifiers on random small cases ({@link RandomCases}). The seed is
 * printed; set {@code -Dspecverify.seed=N} to replay one.
 */
class OptimalVerifiersProperties {
    private static final int CASES = 200;

    private static long seed() {
        String s = System.getProperty("specverify.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("OptimalVerifiersProperties seed = " + seed + " (replay with -Dspecverify.seed=" + seed + ")");
        return seed;
    }

    /** Optimality: max flow = min over H of p(H) + 1 - Q(x̄ ⊆ H), exactly, for every draft law. */
    @Test
    void flowValueIsTheSubsetOptimum() {
        long seed = seed();
        for (HandMadeCases.Case c : RandomCases.generate(seed, CASES)) {
            BigFraction flow = AcceptanceFlow.of(c.p(), c.process()).value();
            BigFraction subset = SubsetOptimum.of(c.p(), c.process()).value();
            assertEquals(subset, flow, () -> c + ", p = " + c.p() + ": flow " + Fractions.format(flow) + " vs subset "
                + Fractions.format(subset) + " (tolerance exact, seed " + seed + ")");
        }
    }

    /** Losslessness and optimality: ot-plan and canonical-is with optimal inputs are lossless and reach α* exactly. */
    @Test
    void optimalVerifiersAreLosslessAndReachAlphaStar() {
        long seed = seed();
        List<HandMadeCases.Case> cases = RandomCases.generate(seed, CASES);
        for (HandMadeCases.Case c : cases) {
            if (c.instance() == null) {
                continue;
            }
            BigFraction alpha = SubsetOptimum.of(c.p(), c.process()).value();
            for (String id : List.of("ot-plan", "canonical-is")) {
                ExactLaw law = ExactLaw.of(OptimalSchemes.registry().get(id).bind(c.instance()));
                assertTrue(law.lossless(), () -> id + " on " + c.instance() + ": not lossless (tolerance exact, seed "
                    + seed + ")");
                assertEquals(alpha, law.acceptance(), () -> id + " on " + c.instance() + ": acceptance "
                    + Fractions.format(law.acceptance()) + " vs α* " + Fractions.format(alpha)
                    + " (tolerance exact, seed " + seed + ")");
            }
        }
    }
}
