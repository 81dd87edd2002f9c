package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.TransportLp;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.draft.IidDraft;

/**
 * Khisti et al.'s K = 2 theorem for two identical drafts: the closed form min_S p(S) + 1 - q(S)² and the acceptance-one
 * criterion p(S) ≥ q(S)² for all S, each against a test-side brute force over all S, the subset optimum, and the OT LP.
 */
class IdenticalPairOptimumTest {
    /**
     * Law: optimum(p, q) = min over all S of p(S) + 1 - q(S)² (brute force) = SubsetOptimum(iid q, K = 2), and
     * acceptanceOne(p, q) ⇔ p(S) ≥ q(S)² for every S (brute force) ⇔ α* = 1; a reported violation S has
     * p(S) &lt; q(S)². Every p, q on the 1/N grid for |V| = 2..5.
     */
    @Test
    void closedFormAndCriterionOnGrids() {
        int[][] scopes = {{2, 10}, {3, 8}, {4, 6}, {5, 4}};
        int acceptOne = 0;
        int total = 0;
        for (int[] scope : scopes) {
            List<Distribution> grid = OptimumCases.grid(scope[0], scope[1]);
            for (Distribution p : grid) {
                for (Distribution q : grid) {
                    BigFraction closed = OptimumCases.bruteForceMinimum(p, m -> OptimumCases.mass(q, m).pow(2));
                    boolean criterion = true;
                    for (int m = 0; m < 1 << p.size(); m++) {
                        if (Fractions.compare(OptimumCases.mass(p, m), OptimumCases.mass(q, m).pow(2)) < 0) {
                            criterion = false;
                        }
                    }
                    String where = "p = " + p + ", q = " + q;
                    assertEquals(closed, IdenticalPairOptimum.optimum(p, q), where);
                    assertEquals(closed, SubsetOptimum.of(p, new IidDraft(q, 2)).value(), where);
                    assertEquals(criterion, IdenticalPairOptimum.acceptanceOne(p, q), where);
                    assertEquals(criterion, closed.equals(Fractions.ONE), where);
                    Optional<int[]> v = IdenticalPairOptimum.violation(p, q);
                    if (v.isPresent()) {
                        int m = OptimumCases.mask(v.get());
                        assertTrue(Fractions.compare(OptimumCases.mass(p, m), OptimumCases.mass(q, m).pow(2)) < 0, where);
                    }
                    acceptOne += criterion ? 1 : 0;
                    total++;
                }
            }
        }
        System.out.println("IdenticalPairOptimumTest#closedFormAndCriterionOnGrids: " + acceptOne + " of " + total
            + " grid pairs have α* = 1");
        assertTrue(acceptOne > 0 && acceptOne < total, "the scope should contain both kinds of pairs");
    }

    /** Law: the OT LP optimum for two iid drafts is within {@link LpTolerances#GLOP_VS_EXACT} of the closed form. */
    @Test
    void closedFormEqualsLpOptimum() {
        long seed = OptimumCases.seed("IdenticalPairOptimumTest#closedFormEqualsLpOptimum");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 25; c++) {
            int n = 2 + rng.nextInt(4);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n);
            BigFraction closed = IdenticalPairOptimum.optimum(p, q);
            LpResult lp = TransportLp.solve(p, new IidDraft(q, 2));
            assertTrue(GLOP_VS_EXACT.test(lp.primalObjective(), closed), () -> GLOP_VS_EXACT.describe(
                "LP vs K = 2 closed form, p = " + p + ", q = " + q + " (seed " + seed + ")", lp.primalObjective(),
                closed.doubleValue()));
        }
    }

    /**
     * Hand-checked: a point-mass draft (two copies of token 0) reaches p(0); p = q reaches 1; a draft that is
     * spread where p is concentrated fails the criterion with S = the draft's favourite tokens.
     */
    @Test
    void handCheckedValues() {
        Distribution p = Distribution.parse("1/2", "1/2");
        assertEquals(BigFraction.of(1, 2), IdenticalPairOptimum.optimum(p, Distribution.parse("1", "0")));
        assertTrue(IdenticalPairOptimum.acceptanceOne(p, p));
        // q uniform over 3 tokens, p mostly on token 2: S = {0, 1} has p(S) = 1/10 < (2/3)^2
        Distribution target = Distribution.parse("1/20", "1/20", "9/10");
        Distribution draft = Distribution.uniform(3);
        assertFalse(IdenticalPairOptimum.acceptanceOne(target, draft));
        assertEquals(List.of(0, 1), java.util.Arrays.stream(IdenticalPairOptimum.violation(target, draft).get())
            .boxed().toList());
        // p(S) + 1 - q(S)^2 at S = {0, 1}: 1/10 + 1 - 4/9 = 59/90
        assertEquals(BigFraction.of(59, 90), IdenticalPairOptimum.optimum(target, draft));
    }
}
