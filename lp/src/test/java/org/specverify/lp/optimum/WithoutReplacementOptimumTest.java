package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.Tolerance;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * Drafts without replacement: the ratio-prefix property against the subset optimum (exhaustive grids), the exchange
 * inequality behind it, the double route's accuracy against the exact optimum, its behaviour at |V| = 128256, and
 * refusals.
 */
class WithoutReplacementOptimumTest {
    /**
     * Law (prefix property, proved in proofs-notes/ratio-prefix-conjecture.md): for every p, q on the 1/N grid with
     * |V| = 2..6 and every K up to min(4, support of q), the best prefix of the p/q order equals the subset optimum
     * exactly.
     */
    @Test
    void prefixIsOptimalOnGrids() {
        int[][] scopes = {{2, 8}, {3, 7}, {4, 5}, {5, 4}, {6, 3}};
        long checked = 0;
        for (int[] scope : scopes) {
            List<Distribution> grid = OptimumCases.grid(scope[0], scope[1]);
            for (Distribution q : grid) {
                for (int k = 1; k <= Math.min(4, q.supportSize()); k++) {
                    WithoutReplacementDraft process = new WithoutReplacementDraft(q, k);
                    Map<Integer, BigFraction> law = WithoutReplacementAllIn.setLaw(q, k);
                    for (Distribution p : grid) {
                        BigFraction exact = SubsetOptimum.ofLaw(p, toTuples(law)).value();
                        RatioPrefix.Exact prefix = WithoutReplacementOptimum.exact(p, q, k);
                        int kk = k;
                        assertEquals(exact, prefix.value(), () -> "without replacement K=" + kk + ", p = " + p
                            + ", q = " + q);
                        checked++;
                    }
                    assertEquals(SubsetOptimum.of(grid.get(0), process).value(),
                        WithoutReplacementOptimum.exact(grid.get(0), q, k).value());
                }
            }
        }
        System.out.println("WithoutReplacementOptimumTest#prefixIsOptimalOnGrids: " + checked + " (p, q, K) checked");
    }

    /**
     * Law (exchange inequality, the lemma behind the prefix property): with W(H) = Q(x̄ ⊆ H), for every H, x ∈ H and
     * y ∉ H with q(x), q(y) &gt; 0: (W(H) - W(H - x))/q(x) ≤ (W(H + y) - W(H))/q(y). Proved with exponential clocks;
     * checked here on random laws with |V| ≤ 7 and K ≤ 5, exactly.
     */
    @Test
    void exchangeInequalityHolds() {
        long seed = OptimumCases.seed("WithoutReplacementOptimumTest#exchangeInequalityHolds");
        SplittableRandom rng = new SplittableRandom(seed);
        long checked = 0;
        for (int c = 0; c < 200; c++) {
            int n = 2 + rng.nextInt(6);
            int k = 1 + rng.nextInt(Math.min(5, n - 1));
            Distribution q = OptimumCases.shaped(rng, n, k);
            BigFraction[] w = allSubsets(WithoutReplacementAllIn.setLaw(q, k), n);
            for (int h = 0; h < 1 << n; h++) {
                for (int x = 0; x < n; x++) {
                    if ((h >> x & 1) == 0 || q.p(x).signum() == 0) {
                        continue;
                    }
                    BigFraction loss = w[h].subtract(w[h ^ (1 << x)]).divide(q.p(x));
                    for (int y = 0; y < n; y++) {
                        if ((h >> y & 1) == 1 || q.p(y).signum() == 0) {
                            continue;
                        }
                        BigFraction gain = w[h | (1 << y)].subtract(w[h]).divide(q.p(y));
                        int hh = h;
                        int xx = x;
                        int yy = y;
                        int kk = k;
                        assertTrue(Fractions.compare(loss, gain) <= 0, () -> "exchange inequality fails: q = " + q + ", K = "
                            + kk + ", H mask " + hh + ", x = " + xx + ", y = " + yy + " (seed " + seed + ")");
                        checked++;
                    }
                }
            }
        }
        System.out.println("WithoutReplacementOptimumTest#exchangeInequalityHolds: " + checked + " triples checked");
    }

    /**
     * Accuracy of the double route (integral + prefix) against the exact optimum (subset enumeration) on random small
     * instances whose masses are exact doubles: |double - α*| within the route's reported error estimate. Prints the
     * largest error seen.
     */
    @Test
    void doubleRouteMatchesExactOptimum() {
        long seed = OptimumCases.seed("WithoutReplacementOptimumTest#doubleRouteMatchesExactOptimum");
        SplittableRandom rng = new SplittableRandom(seed);
        double worst = 0;
        for (int c = 0; c < 250; c++) {
            int n = 2 + rng.nextInt(8);
            int k = 1 + rng.nextInt(Math.min(5, n - 1));
            Distribution p = OptimumCases.dyadic(rng, n, 1);
            Distribution q = OptimumCases.dyadic(rng, n, k);
            BigFraction exact = SubsetOptimum.of(p, new WithoutReplacementDraft(q, k)).value();
            RatioPrefix.Approximate a = WithoutReplacementOptimum.approximate(p.toDoubles(), q.toDoubles(), k);
            Tolerance t = Tolerance.absolute(a.errorBound());
            int kk = k;
            assertTrue(t.test(a.value(), exact), () -> t.describe("without-replacement double route, p = " + p
                + ", q = " + q + ", K = " + kk + " (seed " + seed + ")", a.value(), exact.doubleValue()));
            worst = Math.max(worst, Math.abs(a.value() - exact.doubleValue()));
        }
        System.out.println("WithoutReplacementOptimumTest#doubleRouteMatchesExactOptimum: largest |double - exact| = "
            + worst + " over 250 instances with |V| <= 9, K <= 5");
    }

    /**
     * The double route against the exact ratio prefix at moderate |V| (up to 150 tokens for K = 2, 40 for K = 3, 22 for
     * K = 4), where rounding accumulates over more tokens.
     */
    @Test
    void doubleRouteMatchesExactPrefixAtModerateVocabularies() {
        long seed = OptimumCases.seed(
            "WithoutReplacementOptimumTest#doubleRouteMatchesExactPrefixAtModerateVocabularies");
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] shapes = {{150, 2}, {40, 3}, {22, 4}};
        for (int[] shape : shapes) {
            int n = shape[0];
            int k = shape[1];
            Distribution p = OptimumCases.dyadic(rng, n, 1);
            Distribution q = OptimumCases.dyadic(rng, n, k);
            BigFraction exact = WithoutReplacementOptimum.exact(p, q, k).value();
            RatioPrefix.Approximate a = WithoutReplacementOptimum.approximate(p.toDoubles(), q.toDoubles(), k);
            Tolerance t = Tolerance.absolute(a.errorBound());
            assertTrue(t.test(a.value(), exact), () -> t.describe("without-replacement double route, |V| = " + n
                + ", K = " + k + " (seed " + seed + ")", a.value(), exact.doubleValue()));
        }
    }

    /**
     * At |V| = 128256 (LLM-like instances): K = 1 equals the iid K = 1 optimum 1 - TV (drafting one token is the same
     * either way), and for K = 8 the without-replacement optimum is at least the iid one (P(first K draws without
     * replacement ⊆ H) ≤ q(H)^K, since each factor (q(H) - s)/(1 - s) ≤ q(H)), and at most 1.
     */
    @Test
    void largeVocabularyConsistency() {
        long seed = OptimumCases.seed("WithoutReplacementOptimumTest#largeVocabularyConsistency");
        double[][] inst = OptimumBench.llmLike(128_256, seed);
        RatioPrefix.Approximate one = WithoutReplacementOptimum.approximate(inst[0], inst[1], 1);
        RatioPrefix.Approximate iidOne = RatioPrefix.iid(inst[0], inst[1], 1);
        Tolerance t = Tolerance.absolute(one.errorBound() + iidOne.errorBound());
        assertTrue(t.test(one.value(), iidOne.value()), () -> t.describe("K = 1, without replacement vs iid (seed "
            + seed + ")", one.value(), iidOne.value()));
        long start = System.nanoTime();
        RatioPrefix.Approximate wr = WithoutReplacementOptimum.approximate(inst[0], inst[1], 8);
        double ms = (System.nanoTime() - start) / 1e6;
        RatioPrefix.Approximate iid = RatioPrefix.iid(inst[0], inst[1], 8);
        System.out.println("WithoutReplacementOptimumTest#largeVocabularyConsistency: K = 8 without replacement "
            + wr.value() + " ± " + wr.errorBound() + " in " + ms + " ms; iid " + iid.value());
        assertTrue(wr.value() + wr.errorBound() >= iid.value() - iid.errorBound(), "without replacement below iid");
        assertTrue(wr.value() <= 1, "α* above 1");
    }

    /** Fewer than K positive draft masses is refused, naming both numbers; so are bad vectors. */
    @Test
    void refusals() {
        double[] p = {0.5, 0.5, 0};
        double[] q = {0.5, 0.5, 0};
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementOptimum.approximate(p, q, 3));
        assertTrue(e.getMessage().contains("K = 3") && e.getMessage().contains("has 2"), e.getMessage());
        InvalidInputException nan = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementOptimum.approximate(p, new double[] {0.5, Double.NaN, 0.5}, 1));
        assertTrue(nan.getMessage().contains("q: token 1"), nan.getMessage());
        assertThrows(InvalidInputException.class, () -> WithoutReplacementOptimum.exact(
            Distribution.parse("1/2", "1/2", "0"), Distribution.parse("1/2", "1/2", "0"), 3));
    }

    /** Q(x̄ ⊆ H) for every H by summing the set law over subsets (test-side, straightforward). */
    private static BigFraction[] allSubsets(Map<Integer, BigFraction> law, int n) {
        BigFraction[] w = new BigFraction[1 << n];
        for (int h = 0; h < w.length; h++) {
            BigFraction s = BigFraction.ZERO;
            for (Map.Entry<Integer, BigFraction> e : law.entrySet()) {
                if ((e.getKey() & ~h) == 0) {
                    s = s.add(e.getValue());
                }
            }
            w[h] = s;
        }
        return w;
    }

    /** A set law as tuples (each set as the ascending tuple of its tokens). */
    private static Map<org.specverify.reference.draft.DraftTuple, BigFraction> toTuples(Map<Integer, BigFraction> law) {
        Map<org.specverify.reference.draft.DraftTuple, BigFraction> out = new java.util.HashMap<>();
        for (Map.Entry<Integer, BigFraction> e : law.entrySet()) {
            int mask = e.getKey();
            int[] tokens = new int[Integer.bitCount(mask)];
            int i = 0;
            for (int t = 0; t < 32; t++) {
                if ((mask >> t & 1) == 1) {
                    tokens[i++] = t;
                }
            }
            out.put(org.specverify.reference.draft.DraftTuple.of(tokens), e.getValue());
        }
        return out;
    }
}
