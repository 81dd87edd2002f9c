package org.specverify.lp.optimum;

import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;

/**
 * The lp module's view of {@link Law#ofProbabilities}: validation and compensated summation of probability vectors given
 * as doubles (the large-vocabulary routes), for the routes that still take {@code double[]}.
 *
 * <p>A vector is accepted when it is non-empty, every entry is finite and non-negative, and its computed sum s is
 * within {@link #sumTolerance(int) sumTolerance(n)} = (n + 1)·{@link #SUM_TOLERANCE_PER_TOKEN} = 2(n + 1)·u of one,
 * u = 2^-53, n the number of tokens (the derivation is at {@link Law#SUM_TOLERANCE_PER_TOKEN}). A vector further from
 * one is refused with the vector, its sum, the difference from one and the tolerance named; it is never renormalised
 * behind the caller's back. The routes divide the accepted masses by s, which changes each of them by at most the same
 * rounding.
 *
 * <p>Sums are {@link CompensatedSum}: for non-negative terms the computed sum s' of the exact sum s satisfies
 * |s' - s| ≤ u·s + γ_{n-1}²·s, γ_m = mu/(1 - mu) (the algorithm adds the exact error of each addition into a second
 * recursive sum, which is Ogita, Rump and Oishi's Sum2; Accurate sum and dot product, SIAM J. Sci. Comput. 26(6), 2005,
 * Proposition 4.5).
 */
final class Masses {
    /** The unit roundoff of double arithmetic, 2^-53. */
    static final double UNIT_ROUNDOFF = Law.UNIT_ROUNDOFF;

    /** The accepted |s - 1| per token of the vector, 2u = 2^-52 ({@link Law#SUM_TOLERANCE_PER_TOKEN}, which says why). */
    static final double SUM_TOLERANCE_PER_TOKEN = Law.SUM_TOLERANCE_PER_TOKEN;

    private Masses() {
    }

    /**
     * The largest accepted |s - 1| for the computed sum s of a double probability vector of n tokens:
     * (n + 1)·{@link #SUM_TOLERANCE_PER_TOKEN} = 2(n + 1)·2^-53 (about 2.8e-11 at n = 128256).
     */
    static double sumTolerance(int n) {
        return Law.sumTolerance(n);
    }

    /**
     * Checks a double probability vector and returns its compensated sum.
     *
     * @param what the name used in messages ("p", "q", "q_2")
     * @throws InvalidInputException naming the token for a NaN, infinite or negative entry, or naming the sum, its
     *     difference from one and the tolerance when it is not within {@link #sumTolerance(int)} of one
     */
    static double requireDistribution(String what, double[] x) {
        return Law.ofProbabilities(x, what).total();
    }

    /** The compensated sum of the entries ({@link CompensatedSum}). */
    static double sum(double[] x) {
        return CompensatedSum.of(x);
    }

    static void requireSameLength(String what, int expected, int actual) {
        if (expected != actual) {
            throw new InvalidInputException(what + " has " + actual + " tokens but the target has " + expected);
        }
    }
}
