package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.WITHOUT_REPLACEMENT_INTEGRAL;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * Exact without-replacement probabilities (the set recursion) against the reference's enumerated law, and the
 * exponential-clock integral against both.
 */
class WithoutReplacementAllInTest {
    /** Law: the set recursion's law of the draft set equals the enumerated law of the reference process, collapsed. */
    @Test
    void setLawEqualsEnumeratedLaw() {
        long seed = OptimumCases.seed("WithoutReplacementAllInTest#setLawEqualsEnumeratedLaw");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 60; c++) {
            int n = 1 + rng.nextInt(6);
            int k = 1 + rng.nextInt(Math.min(4, n));
            Distribution q = OptimumCases.shaped(rng, n, k);
            Map<Integer, BigFraction> expected = new HashMap<>();
            for (Map.Entry<DraftTuple, BigFraction> e : new WithoutReplacementDraft(q, k).law().entrySet()) {
                int mask = 0;
                for (int t : e.getKey().tokens()) {
                    mask |= 1 << t;
                }
                expected.merge(mask, e.getValue(), BigFraction::add);
            }
            Map<Integer, BigFraction> actual = WithoutReplacementAllIn.setLaw(q, k);
            actual.values().removeIf(v -> v.signum() == 0);
            assertEquals(expected, actual, "q = " + q + ", K = " + k + " (seed " + seed + ")");
        }
    }

    /**
     * Law: Q(x̄ ⊆ H) from the recursion equals the reference's probabilityAllIn for random H, and the values along an
     * order are those of its prefixes.
     */
    @Test
    void allInEqualsReference() {
        long seed = OptimumCases.seed("WithoutReplacementAllInTest#allInEqualsReference");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 60; c++) {
            int n = 1 + rng.nextInt(6);
            int k = 1 + rng.nextInt(Math.min(4, n));
            Distribution q = OptimumCases.shaped(rng, n, k);
            WithoutReplacementDraft process = new WithoutReplacementDraft(q, k);
            int mask = rng.nextInt(1 << n);
            BigFraction expected = process.probabilityAllIn(t -> (mask >> t & 1) == 1);
            assertEquals(expected, WithoutReplacementAllIn.probabilityAllIn(q, k, t -> (mask >> t & 1) == 1),
                "q = " + q + ", K = " + k + ", H mask " + mask + " (seed " + seed + ")");
            int[] order = RatioOrder.exact(OptimumCases.shaped(rng, n).masses(), q.masses());
            BigFraction[] along = WithoutReplacementAllIn.alongOrder(q, k, order);
            for (int j = 0; j <= n; j++) {
                boolean[] in = new boolean[n];
                for (int i = 0; i < j; i++) {
                    in[order[i]] = true;
                }
                assertEquals(process.probabilityAllIn(t -> in[t]), along[j], "prefix " + j + " (seed " + seed + ")");
            }
        }
    }

    /**
     * Law: the exponential-clock integral equals the exact probability within
     * {@link LpTolerances#WITHOUT_REPLACEMENT_INTEGRAL}, including skewed q (masses from 1e-12 to nearly 1) and sets with
     * very small outside mass r.
     */
    @Test
    void integralMatchesExactProbability() {
        long seed = OptimumCases.seed("WithoutReplacementAllInTest#integralMatchesExactProbability");
        SplittableRandom rng = new SplittableRandom(seed);
        double worst = 0;
        for (int c = 0; c < 300; c++) {
            int n = 2 + rng.nextInt(7);
            int k = 1 + rng.nextInt(Math.min(5, n - 1));
            Distribution q = OptimumCases.dyadic(rng, n, k);
            int mask = rng.nextInt(1 << n);
            BigFraction exact = WithoutReplacementAllIn.probabilityAllIn(q, k, t -> (mask >> t & 1) == 1);
            boolean[] in = new boolean[n];
            for (int t = 0; t < n; t++) {
                in[t] = (mask >> t & 1) == 1;
            }
            double approx = WithoutReplacementOptimum.allInByIntegral(q.toDoubles(), k, in);
            int kk = k;
            assertTrue(WITHOUT_REPLACEMENT_INTEGRAL.test(approx, exact), () -> WITHOUT_REPLACEMENT_INTEGRAL.describe(
                "integral for q = " + q + ", K = " + kk + ", H mask " + mask + " (seed " + seed + ")", approx,
                exact.doubleValue()));
            worst = Math.max(worst, Math.abs(approx - exact.doubleValue()));
        }
        System.out.println("WithoutReplacementAllInTest#integralMatchesExactProbability: largest error " + worst);
    }

    /** A hand-checked value: q = (1/2, 1/4, 1/4), K = 2, H = {0, 1}: 1/2·(1/4)/(1/2) + 1/4·(1/2)/(3/4) = 5/12. */
    @Test
    void handCheckedValue() {
        Distribution q = Distribution.parse("1/2", "1/4", "1/4");
        assertEquals(BigFraction.of(5, 12), WithoutReplacementAllIn.probabilityAllIn(q, 2, t -> t < 2));
        assertEquals(Fractions.ONE, WithoutReplacementAllIn.probabilityAllIn(q, 2, t -> true));
        assertEquals(Fractions.ZERO, WithoutReplacementAllIn.probabilityAllIn(q, 2, t -> t == 0));
    }

    /** Too few positive masses, repeated tokens and oversized recursions are refused with the numbers named. */
    @Test
    void refusals() {
        Distribution q = Distribution.parse("1/2", "1/2", "0");
        InvalidInputException few = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.setLaw(q, 3));
        assertTrue(few.getMessage().contains("K = 3") && few.getMessage().contains("has 2"), few.getMessage());
        InvalidInputException twice = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.alongOrder(q, 1, new int[] {0, 0}));
        assertTrue(twice.getMessage().contains("token 0 appears twice"), twice.getMessage());
        Distribution big = Distribution.uniform(400);
        InvalidInputException large = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.probabilityAllIn(big, 4, t -> true));
        assertTrue(large.getMessage().contains("limit of " + WithoutReplacementAllIn.MAX_SETS), large.getMessage());
    }
}
