package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.DOUBLE_CLOSED_FORM;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;

/** Closed forms for deterministic, greedy, hub and single drafts against the subset optimum; double versions. */
class ClosedFormOptimumTest {
    /**
     * Law: for every p, q on the 1/N grid, |V| = 2..5, each closed form equals the subset optimum of its process (the
     * processes that are valid for q: hub needs two positive masses, greedy mass outside its fixed drafts).
     */
    @Test
    void closedFormsEqualSubsetOptimumOnGrids() {
        int[][] scopes = {{2, 8}, {3, 6}, {4, 5}, {5, 3}};
        for (int[] scope : scopes) {
            int n = scope[0];
            List<Distribution> grid = OptimumCases.grid(n, scope[1]);
            for (Distribution p : grid) {
                for (Distribution q : grid) {
                    String where = "p = " + p + ", q = " + q;
                    assertEquals(SubsetOptimum.of(p, new IidDraft(q, 1)).value(), ClosedFormOptimum.singleDraft(p, q),
                        where);
                    for (int k = 1; k <= n; k++) {
                        DeterministicDraft det = DeterministicDraft.topK(q, k);
                        int[] drafts = det.law().keySet().iterator().next().tokens();
                        assertEquals(SubsetOptimum.of(p, det).value(), ClosedFormOptimum.deterministic(p, drafts),
                            where + ", deterministic K=" + k);
                        GreedyDraft greedy;
                        try {
                            greedy = new GreedyDraft(q, k);
                        } catch (InvalidInputException e) {
                            continue;
                        }
                        assertEquals(SubsetOptimum.of(p, greedy).value(), ClosedFormOptimum.greedy(p, greedy),
                            where + ", greedy K=" + k);
                    }
                    if (q.supportSize() >= 2) {
                        HubDraft hub = new HubDraft(q);
                        assertEquals(SubsetOptimum.of(p, hub).value(), ClosedFormOptimum.hub(p, hub), where + ", hub");
                    }
                }
            }
        }
    }

    /**
     * Law: the double closed forms equal the exact ones within {@link LpTolerances#DOUBLE_CLOSED_FORM}, on dyadic
     * instances.
     */
    @Test
    void doubleVersionsMatchExact() {
        long seed = OptimumCases.seed("ClosedFormOptimumTest#doubleVersionsMatchExact");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 200; c++) {
            int n = 2 + rng.nextInt(40);
            Distribution p = OptimumCases.dyadic(rng, n, 1);
            Distribution q = OptimumCases.dyadic(rng, n, 2);
            int k = 1 + rng.nextInt(Math.min(5, n));
            String where = "|V| = " + n + ", K = " + k + " (seed " + seed + ")";
            HubDraft hub = new HubDraft(q);
            check(ClosedFormOptimum.hub(p.toDoubles(), q.toDoubles()), ClosedFormOptimum.hub(p, hub), "hub, " + where);
            DeterministicDraft det = DeterministicDraft.topK(q, k);
            int[] drafts = det.law().keySet().iterator().next().tokens();
            check(ClosedFormOptimum.deterministic(p.toDoubles(), drafts), ClosedFormOptimum.deterministic(p, drafts),
                "deterministic, " + where);
            try {
                GreedyDraft greedy = new GreedyDraft(q, k);
                check(ClosedFormOptimum.greedy(p.toDoubles(), q.toDoubles(), k), ClosedFormOptimum.greedy(p, greedy),
                    "greedy, " + where);
            } catch (InvalidInputException e) {
                assertThrows(InvalidInputException.class,
                    () -> ClosedFormOptimum.greedy(p.toDoubles(), q.toDoubles(), k));
            }
        }
    }

    /** Hand-checked: hub a = 0 takes p(0) plus min(p, q/(1 - q(a))) elsewhere. */
    @Test
    void handCheckedHub() {
        Distribution p = Distribution.parse("1/10", "3/5", "3/10");
        Distribution q = Distribution.parse("1/2", "1/4", "1/4");
        // 1/10 + min(3/5, 1/2) + min(3/10, 1/2) = 9/10
        assertEquals(BigFraction.of(9, 10), ClosedFormOptimum.hub(p, new HubDraft(q)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> ClosedFormOptimum.hub(new double[] {0.5, 0.5}, new double[] {1, 0}));
        assertTrue(e.getMessage().contains("two tokens"), e.getMessage());
        InvalidInputException d = assertThrows(InvalidInputException.class,
            () -> ClosedFormOptimum.deterministic(new double[] {0.5, 0.5}, new int[] {2}));
        assertTrue(d.getMessage().contains("token 2 out of range"), d.getMessage());
    }

    private static void check(double actual, BigFraction expected, String what) {
        assertTrue(DOUBLE_CLOSED_FORM.test(actual, expected),
            () -> DOUBLE_CLOSED_FORM.describe(what, actual, expected.doubleValue()));
    }
}
