package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.lp.solver.TransportLp;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.Tolerance;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;

/**
 * The ratio-prefix algorithm: optimal for iid drafts (exhaustive grids), not for independent drafts ordered by p/q̄
 * (a kept counterexample), the double version within its stated error bound, the order's edge cases, and bad input.
 */
class RatioPrefixTest {
    /**
     * Law (ratio-prefix theorem, iid): for every p, q on the 1/N grid, |V| = 2..5, K = 1..4, the best prefix of the
     * p/q order equals the subset optimum exactly.
     */
    @Test
    void iidPrefixIsOptimalOnGrids() {
        int[][] scopes = {{2, 8}, {3, 7}, {4, 5}, {5, 4}};
        long checked = 0;
        for (int[] scope : scopes) {
            List<Distribution> grid = OptimumCases.grid(scope[0], scope[1]);
            for (Distribution p : grid) {
                for (Distribution q : grid) {
                    for (int k = 1; k <= 4; k++) {
                        BigFraction exact = SubsetOptimum.of(p, new IidDraft(q, k)).value();
                        RatioPrefix.Exact prefix = RatioPrefix.iid(p, q, k);
                        int kk = k;
                        assertEquals(exact, prefix.value(), () -> "iid K=" + kk + ", p = " + p + ", q = " + q);
                        assertEquals(exact, SubsetOptimum.objective(p, new IidDraft(q, k), prefix.minimiser()));
                        checked++;
                    }
                }
            }
        }
        System.out.println("RatioPrefixTest#iidPrefixIsOptimalOnGrids: " + checked + " (p, q, K) checked");
    }

    /**
     * Law: the prefix minimum is invariant under relabelling the tokens (so it does not depend on how ties are broken),
     * while the order itself follows the documented tie rule (lower index first, q = 0 last).
     */
    @Test
    void valueDoesNotDependOnTieBreaking() {
        long seed = OptimumCases.seed("RatioPrefixTest#valueDoesNotDependOnTieBreaking");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 300; c++) {
            int n = 1 + rng.nextInt(7);
            // few distinct weights: many equal ratios
            BigFraction[] pw = new BigFraction[n];
            BigFraction[] qw = new BigFraction[n];
            for (int i = 0; i < n; i++) {
                pw[i] = BigFraction.of(rng.nextInt(3));
                qw[i] = BigFraction.of(rng.nextInt(3));
            }
            pw[0] = pw[0].add(BigFraction.ONE);
            qw[n - 1] = qw[n - 1].add(BigFraction.ONE);
            Distribution p = Distribution.normalize(pw);
            Distribution q = Distribution.normalize(qw);
            int[] perm = permutation(rng, n);
            Distribution pp = permute(p, perm);
            Distribution qq = permute(q, perm);
            for (int k = 1; k <= 3; k++) {
                int kk = k;
                assertEquals(RatioPrefix.iid(p, q, k).value(), RatioPrefix.iid(pp, qq, k).value(),
                    () -> "relabelled, K=" + kk + ", p = " + p + ", q = " + q + " (seed " + seed + ")");
            }
        }
        int[] order = RatioOrder.exact(Distribution.parse("1/4", "0", "1/4", "1/2", "0").masses(),
            Distribution.parse("1/4", "1/2", "0", "1/4", "0").masses());
        // ratios: 1, 0, +inf (q = 0), 2, 0/0 (q = 0): p = 0 first, ties by index, q = 0 group last by index
        assertArrayEquals(new int[] {1, 0, 3, 2, 4}, order);
        assertArrayEquals(order, RatioOrder.of(new double[] {0.25, 0, 0.25, 0.5, 0},
            new double[] {0.25, 0.5, 0, 0.25, 0}));
    }

    /**
     * Counterexample (kept): for independent drafts no tie-breaking of the p/q̄ order has an optimal prefix.
     * p = (0, 1/10, 4/5, 1/10), q_1 = (0, 1/5, 4/5, 0), q_2 = (3/5, 0, 1/10, 3/10), K = 2. The p/q̄ ratios
     * 0, 1, 16/9, 2/3 are distinct, so the order 0, 3, 1, 2 is forced; its prefixes give 1, 1, 11/10, 51/50, 1, while
     * H = {0, 1} gives 1/10 + 1 - (1/5)(3/5) = 49/50 = α* (subset optimum, exact max-flow and LP agree).
     */
    @Test
    void meanOrderMissesTheOptimum() {
        Distribution p = Distribution.parse("0", "1/10", "4/5", "1/10");
        Distribution q1 = Distribution.parse("0", "1/5", "4/5", "0");
        Distribution q2 = Distribution.parse("3/5", "0", "1/10", "3/10");
        IndependentDraft process = new IndependentDraft(List.of(q1, q2));
        SubsetOptimum exact = SubsetOptimum.of(p, process);
        assertEquals(BigFraction.of(49, 50), exact.value());
        assertArrayEquals(new int[] {0, 1}, exact.minimiser());
        assertEquals(exact.value(), AcceptanceFlow.of(p, process).value());
        double lp = TransportLp.solve(p, process).primalObjective();
        assertTrue(GLOP_VS_EXACT.test(lp, exact.value()),
            () -> GLOP_VS_EXACT.describe("LP optimum of the counterexample", lp, exact.value().doubleValue()));

        RatioPrefix.Exact mean = RatioPrefix.independentMeanOrder(p, List.of(q1, q2));
        assertArrayEquals(new int[] {0, 3, 1, 2}, mean.order());
        assertEquals(Fractions.ONE, mean.value());
        assertNotEquals(exact.value(), mean.value());
        // the ratios are distinct: no tie-breaking rescues the order
        BigFraction[] qbar = new BigFraction[4];
        for (int x = 0; x < 4; x++) {
            qbar[x] = q1.p(x).add(q2.p(x)).divide(2);
        }
        for (int i = 0; i < 3; i++) {
            int a = mean.order()[i];
            int b = mean.order()[i + 1];
            assertTrue(Fractions.compare(p.p(a).divide(qbar[a]), p.p(b).divide(qbar[b])) < 0);
        }
        // and the double version agrees
        RatioPrefix.Approximate d = RatioPrefix.independentMeanOrder(p.toDoubles(),
            new double[][] {q1.toDoubles(), q2.toDoubles()});
        Tolerance t = Tolerance.absolute(d.errorBound());
        assertTrue(t.test(d.value(), 1.0), () -> t.describe("double p/q̄ prefix value", d.value(), 1.0));
    }

    /**
     * Other per-token orders fail too (kept counterexamples, K = 2): p/max_k q_k(x) misses α* = 49/51 (minimiser
     * {0, 1, 3}; the max-ratios 85/72, 17/72, 17/15, 2/5 are distinct, order 1, 3, 2, 0); p/min_k q_k(x) misses
     * α* = 13/16 (minimiser {0, 1}; token 1 has min weight 0 and goes last); p/q_1 and p/q_2 alone miss the first
     * counterexample of {@link #meanOrderMissesTheOptimum}.
     */
    @Test
    void otherCandidateOrdersFail() {
        Distribution p = Distribution.parse("5/12", "1/12", "1/3", "1/6");
        Distribution q1 = Distribution.parse("6/17", "6/17", "5/17", "0");
        Distribution q2 = Distribution.parse("1/4", "1/3", "0", "5/12");
        SubsetOptimum exact = SubsetOptimum.of(p, new IndependentDraft(List.of(q1, q2)));
        assertEquals(BigFraction.of(49, 51), exact.value());
        assertArrayEquals(new int[] {0, 1, 3}, exact.minimiser());
        BigFraction[] max = new BigFraction[4];
        for (int x = 0; x < 4; x++) {
            max[x] = Fractions.max(q1.p(x), q2.p(x));
        }
        int[] maxOrder = RatioOrder.exact(p.masses(), max);
        assertArrayEquals(new int[] {1, 3, 2, 0}, maxOrder);
        assertTrue(Fractions.compare(bestPrefix(p, List.of(q1, q2), maxOrder), exact.value()) > 0);

        Distribution p2 = Distribution.parse("0", "0", "1");
        Distribution r1 = Distribution.parse("1/2", "1/4", "1/4");
        Distribution r2 = Distribution.parse("1/4", "0", "3/4");
        SubsetOptimum exact2 = SubsetOptimum.of(p2, new IndependentDraft(List.of(r1, r2)));
        assertEquals(BigFraction.of(13, 16), exact2.value());
        BigFraction[] min = new BigFraction[3];
        for (int x = 0; x < 3; x++) {
            min[x] = Fractions.min(r1.p(x), r2.p(x));
        }
        assertTrue(Fractions.compare(bestPrefix(p2, List.of(r1, r2), RatioOrder.exact(p2.masses(), min)), exact2.value()) > 0);

        Distribution p3 = Distribution.parse("0", "1/10", "4/5", "1/10");
        List<Distribution> qs3 = List.of(Distribution.parse("0", "1/5", "4/5", "0"),
            Distribution.parse("3/5", "0", "1/10", "3/10"));
        BigFraction exact3 = SubsetOptimum.of(p3, new IndependentDraft(qs3)).value();
        for (Distribution single : qs3) {
            assertTrue(Fractions.compare(bestPrefix(p3, qs3, RatioOrder.exact(p3.masses(), single.masses())), exact3) > 0);
        }
    }

    /** The best prefix value of an order for independent drafts (test-side evaluation). */
    private static BigFraction bestPrefix(Distribution p, List<Distribution> qs, int[] order) {
        BigFraction best = Fractions.ONE;
        for (int j = 1; j <= order.length; j++) {
            int[] h = java.util.Arrays.copyOf(order, j);
            best = Fractions.min(best, SubsetOptimum.objective(p, new IndependentDraft(qs), h));
        }
        return best;
    }

    /**
     * Law: the p/q̄ prefix value is always an upper bound on α* for independent drafts (every prefix value is f of a
     * set), and on the exhaustive scope below it sometimes misses the optimum: the scan prints how often.
     */
    @Test
    void meanOrderIsOnlyAnUpperBound() {
        long seed = OptimumCases.seed("RatioPrefixTest#meanOrderIsOnlyAnUpperBound");
        SplittableRandom rng = new SplittableRandom(seed);
        int misses = 0;
        int cases = 4000;
        for (int c = 0; c < cases; c++) {
            int n = 2 + rng.nextInt(4);
            int k = 2 + rng.nextInt(2);
            Distribution p = OptimumCases.shaped(rng, n);
            List<Distribution> qs = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                qs.add(OptimumCases.shaped(rng, n));
            }
            BigFraction exact = SubsetOptimum.of(p, new IndependentDraft(qs)).value();
            BigFraction prefix = RatioPrefix.independentMeanOrder(p, qs).value();
            assertTrue(Fractions.compare(prefix, exact) >= 0, () -> "prefix below α*: p = " + p + ", q = " + qs + " (seed "
                + seed + ")");
            if (!prefix.equals(exact)) {
                misses++;
            }
        }
        System.out.println("RatioPrefixTest#meanOrderIsOnlyAnUpperBound: p/q̄ prefix missed α* in " + misses + " of "
            + cases + " random independent-draft cases");
    }

    /**
     * Law: the double iid route is within its stated error bound of the exact optimum, on instances whose masses are
     * exact doubles summing to one (so both routes solve the same problem), |V| up to 2000, K = 1..8.
     */
    @Test
    void doubleRouteWithinItsErrorBound() {
        long seed = OptimumCases.seed("RatioPrefixTest#doubleRouteWithinItsErrorBound");
        SplittableRandom rng = new SplittableRandom(seed);
        double worst = 0;
        for (int c = 0; c < 120; c++) {
            int n = c < 100 ? 1 + rng.nextInt(12) : 200 + rng.nextInt(1800);
            int k = 1 + rng.nextInt(8);
            Distribution p = OptimumCases.dyadic(rng, n, 1);
            Distribution q = OptimumCases.dyadic(rng, n, 1);
            BigFraction exact = RatioPrefix.iid(p, q, k).value();
            if (n <= 10) {
                assertEquals(SubsetOptimum.of(p, new IidDraft(q, k)).value(), exact);
            }
            RatioPrefix.Approximate a = RatioPrefix.iid(p.toDoubles(), q.toDoubles(), k);
            Tolerance t = Tolerance.absolute(a.errorBound());
            int kk = k;
            assertTrue(t.test(a.value(), exact), () -> t.describe("double iid ratio prefix, |V| = " + n + ", K = "
                + kk + " (seed " + seed + ")", a.value(), exact.doubleValue()));
            worst = Math.max(worst, Math.abs(a.value() - exact.doubleValue()));
        }
        System.out.println("RatioPrefixTest#doubleRouteWithinItsErrorBound: largest |double - exact| = " + worst
            + " (bound at K = 8: " + RatioPrefix.iidErrorBound(8) + ")");
    }

    /** K = 1 is 1 - TV(p, q); equal laws give 1; a point-mass q with K drafts gives p(that token). */
    @Test
    void handCheckedValues() {
        Distribution p = Distribution.parse("1/2", "1/3", "1/6");
        Distribution q = Distribution.parse("1/6", "1/6", "2/3");
        assertEquals(Fractions.ONE.subtract(p.totalVariation(q)), RatioPrefix.iid(p, q, 1).value());
        assertEquals(Fractions.ONE, RatioPrefix.iid(p, p, 4).value());
        Distribution point = Distribution.parse("0", "1", "0");
        RatioPrefix.Exact r = RatioPrefix.iid(p, point, 3);
        assertEquals(BigFraction.of(1, 3), r.value());
        assertArrayEquals(new int[] {1}, r.minimiser());
    }

    /** Bad double input is refused, naming the vector and the token or the sum. */
    @Test
    void refusesBadInput() {
        double[] ok = {0.5, 0.5};
        InvalidInputException nan = assertThrows(InvalidInputException.class,
            () -> RatioPrefix.iid(new double[] {Double.NaN, 1}, ok, 2));
        assertTrue(nan.getMessage().contains("p: token 0") && nan.getMessage().contains("NaN"), nan.getMessage());
        InvalidInputException neg = assertThrows(InvalidInputException.class,
            () -> RatioPrefix.iid(ok, new double[] {1.5, -0.5}, 2));
        assertTrue(neg.getMessage().contains("q: token 1"), neg.getMessage());
        InvalidInputException sum = assertThrows(InvalidInputException.class,
            () -> RatioPrefix.iid(ok, new double[] {0.5, 0.4}, 2));
        assertTrue(sum.getMessage().contains("sum to 0.9"), sum.getMessage());
        InvalidInputException len = assertThrows(InvalidInputException.class,
            () -> RatioPrefix.iid(ok, new double[] {0.25, 0.25, 0.5}, 2));
        assertTrue(len.getMessage().contains("3 tokens"), len.getMessage());
        InvalidInputException k = assertThrows(InvalidInputException.class, () -> RatioPrefix.iid(ok, ok, 0));
        assertTrue(k.getMessage().contains("got 0"), k.getMessage());
        assertThrows(InvalidInputException.class, () -> RatioPrefix.iid(new double[0], new double[0], 1));
    }

    private static int[] permutation(SplittableRandom rng, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    private static Distribution permute(Distribution d, int[] perm) {
        BigFraction[] m = new BigFraction[d.size()];
        for (int i = 0; i < m.length; i++) {
            m[perm[i]] = d.p(i);
        }
        return Distribution.of(m);
    }
}
