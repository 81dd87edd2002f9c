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

    /**
     * The size check of the recursion: Σ_{m ≤ K} C(n, m) by hand (m stops at K, and at n when K &gt; n), and
     * saturation once the count passes 4·{@link WithoutReplacementAllIn#MAX_SETS}.
     */
    @Test
    void setCountsAreBinomialSums() {
        assertEquals(1, WithoutReplacementAllIn.setsUpTo(0, 0));
        assertEquals(1 + 5 + 10, WithoutReplacementAllIn.setsUpTo(5, 2));
        assertEquals(1 + 6 + 15 + 20, WithoutReplacementAllIn.setsUpTo(6, 3));
        assertEquals(8, WithoutReplacementAllIn.setsUpTo(3, 5));
        assertEquals(1 + 100 + 4950 + 161700, WithoutReplacementAllIn.setsUpTo(100, 3));
        // 1 + 400 + 79,800 + 10,586,800 > 4,000,000
        assertEquals(Long.MAX_VALUE, WithoutReplacementAllIn.setsUpTo(400, 3));
        assertEquals(Long.MAX_VALUE, WithoutReplacementAllIn.setsUpTo(Integer.MAX_VALUE, 2));
    }

    /** The bit-mask set law works up to |V| = 31 (token 30 is bit 30) and refuses |V| = 32, naming the limit. */
    @Test
    void setLawVocabularyLimit() {
        Map<Integer, BigFraction> law = WithoutReplacementAllIn.setLaw(Distribution.uniform(31), 1);
        assertEquals(31, law.size());
        assertEquals(BigFraction.of(1, 31), law.get(1 << 30));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.setLaw(Distribution.uniform(32), 1));
        assertTrue(e.getMessage().contains("|V| = 32") && e.getMessage().contains("limit of 31"), e.getMessage());
    }

    /**
     * Tokens with q = 0 are never drawn and count for nothing in the size checks: 4 positive tokens among 400 with
     * K = 4 is 16 sets (the four tokens are drawn surely), while counting all 400 would be refused.
     */
    @Test
    void zeroMassTokensCreateNoSets() {
        BigFraction[] m = new BigFraction[400];
        java.util.Arrays.fill(m, Fractions.ZERO);
        for (int t : new int[] {3, 97, 250, 399}) {
            m[t] = BigFraction.of(1, 4);
        }
        Distribution q = Distribution.of(m);
        assertEquals(Fractions.ONE, WithoutReplacementAllIn.probabilityAllIn(q, 4, t -> m[t].signum() > 0));
        assertEquals(Fractions.ZERO, WithoutReplacementAllIn.probabilityAllIn(q, 4, t -> t != 97));
    }

    /**
     * The limits' messages: a token past the vocabulary names the range; a count between MAX_SETS and 4·MAX_SETS is
     * given exactly (2,000 tokens, K = 2: 1 + 2,000 + 1,999,000 sets), a larger one as "more than"; 16 positive tokens
     * with K = 13 pass the count (65,399 sets) but need 13·5 = 65 bits of set encoding.
     */
    @Test
    void limitMessages() {
        Distribution q = Distribution.parse("1/2", "1/4", "1/4");
        InvalidInputException past = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.alongOrder(q, 1, new int[] {0, 3}));
        assertTrue(past.getMessage().contains("token 3 out of range 0..2"), past.getMessage());
        InvalidInputException count = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.probabilityAllIn(Distribution.uniform(2000), 2, t -> true));
        assertTrue(count.getMessage().contains("need 2001001 token sets"), count.getMessage());
        InvalidInputException more = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.probabilityAllIn(Distribution.uniform(400), 4, t -> true));
        assertTrue(more.getMessage().contains("need more than " + 4 * WithoutReplacementAllIn.MAX_SETS), more.getMessage());
        InvalidInputException bits = assertThrows(InvalidInputException.class,
            () -> WithoutReplacementAllIn.probabilityAllIn(Distribution.uniform(16), 13, t -> true));
        assertTrue(bits.getMessage().contains("K·5 bits > 63"), bits.getMessage());
    }
}
