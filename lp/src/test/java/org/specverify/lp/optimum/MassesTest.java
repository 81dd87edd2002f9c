package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/**
 * The sum check of double probability vectors: a vector off from one by more than rounding is refused, never
 * renormalised; a vector that really sums to one (rounded exact masses, or normalised in double arithmetic) passes.
 */
class MassesTest {
    /** The tolerance is 2(n + 1)·2^-53: 2^-51 for one token, about 2.8e-11 for 128256. */
    @Test
    void toleranceIsTwoUnitsOfRoundoffPerTokenPlusTwo() {
        assertEquals(0x1.0p-51, Masses.sumTolerance(1));
        assertEquals(128_257 * 0x1.0p-52, Masses.sumTolerance(128_256));
        assertTrue(Masses.sumTolerance(128_256) < 3e-11);
    }

    /** One token: 1 + 2^-52 is within 2^-51 of one, 1 + 2^-50 is not. */
    @Test
    void boundaryOfOneToken() {
        assertEquals(1 + 0x1.0p-52, Masses.requireDistribution("p", new double[] {1 + 0x1.0p-52}));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> Masses.requireDistribution("p", new double[] {1 + 0x1.0p-50}));
        assertTrue(e.getMessage().startsWith("p: masses sum to 1.0000000000000009 over 1 tokens, +8.881784197001252E-16"
            + " from 1, beyond the rounding tolerance 4.440892098500626E-16"), e.getMessage());
    }

    /** A vector off by 1e-7 (well inside the former silent 1e-6 renormalisation) is refused, naming everything. */
    @Test
    void vectorOffByATenMillionthIsRefusedWithVectorSumDifferenceAndTolerance() {
        double[] ok = {0.5, 0.5};
        double[] off = {0.5, 0.5 + 1e-7};
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RatioPrefix.iid(ok, off, 2));
        double s = Masses.sum(off);
        assertTrue(s - 1 > 9e-8 && s - 1 < 1.1e-7, "sum " + s);
        assertTrue(e.getMessage().startsWith("q: masses sum to " + s + " over 2 tokens, +" + (s - 1)
            + " from 1, beyond the rounding tolerance " + Masses.sumTolerance(2) + " = 2(n + 1)·2^-53"), e.getMessage());
        double[] under = {0.5, 0.5 - 1e-7};
        double t = Masses.sum(under);
        InvalidInputException low = assertThrows(InvalidInputException.class, () -> RatioPrefix.iid(under, ok, 2));
        assertTrue(low.getMessage().startsWith("p: masses sum to " + t + " over 2 tokens, " + (t - 1) + " from 1"),
            low.getMessage());
    }

    /** Every double route refuses a vector off by 1e-9, naming the vector. */
    @Test
    void everyDoubleRouteRefusesAVectorOffByABillionth() {
        double[] ok = {0.25, 0.25, 0.5};
        double[] off = {0.25, 0.25, 0.5 + 1e-9};
        refused("q", () -> RatioPrefix.iid(ok, off, 2));
        refused("p", () -> RatioPrefix.iid(off, ok, 2));
        refused("q_2", () -> RatioPrefix.independentMeanOrder(ok, new double[][] {ok, off}));
        refused("q_2", () -> IndependentBounds.of(ok, new double[][] {ok, off}));
        refused("q", () -> WithoutReplacementOptimum.approximate(ok, off, 2));
        refused("q", () -> WithoutReplacementOptimum.allInByIntegral(off, 2, new boolean[] {true, true, false}));
        refused("p", () -> ClosedFormOptimum.deterministic(off, new int[] {0}));
        refused("q", () -> ClosedFormOptimum.greedy(ok, off, 2));
        refused("q", () -> ClosedFormOptimum.hub(ok, off));
    }

    private static void refused(String vector, Executable call) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        assertTrue(e.getMessage().startsWith(vector + ": masses sum to 1.000000001 over 3 tokens"), e.getMessage());
    }

    /**
     * Vectors that really sum to one pass: doubles nearest to exact rational masses, and random weights normalised
     * in double by a plain left-to-right sum (the least accurate of the summations the tolerance covers) at
     * |V| = 200000.
     */
    @Test
    void vectorsThatSumToOneUpToRoundingPass() {
        Distribution thirds = Distribution.of(BigFraction.of(1, 3), BigFraction.of(1, 3), BigFraction.of(1, 3));
        Masses.requireDistribution("p", thirds.toDoubles());
        Distribution sevenths = Distribution.of(BigFraction.of(1, 7), BigFraction.of(2, 7), BigFraction.of(4, 7));
        Masses.requireDistribution("p", sevenths.toDoubles());
        SplittableRandom rng = new SplittableRandom(5);
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            double[] w = new double[n];
            double t = 0;
            for (int i = 0; i < n; i++) {
                w[i] = Math.exp(8 * rng.nextDouble());
                t += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= t;
            }
            double s = Masses.requireDistribution("p", w);
            assertTrue(Math.abs(s - 1) <= Masses.sumTolerance(n));
        }
    }

    /** A float32 softmax widened to double is not a double distribution: refused, not renormalised. */
    @Test
    void float32SoftmaxIsRefused() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 1_000;
        float[] f = new float[n];
        float t = 0;
        for (int i = 0; i < n; i++) {
            f[i] = (float) Math.exp(4 * rng.nextDouble());
            t += f[i];
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = f[i] / t;
        }
        double s = Masses.sum(x);
        assertTrue(Math.abs(s - 1) > 1e-9, "this float32 vector happens to sum to " + s);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Masses.requireDistribution("p", x));
        assertTrue(e.getMessage().startsWith("p: masses sum to " + s + " over 1000 tokens"), e.getMessage());
    }
}
