package org.specverify.lp.optimum;

import org.specverify.reference.InvalidInputException;

/**
 * Validation and compensated summation of probability vectors given as doubles (the large-vocabulary routes).
 *
 * <p>A vector is accepted when it is non-empty, every entry is finite and non-negative, and its sum is within
 * {@link #SUM_TOLERANCE} of one. The routes then work with the normalised masses x / Σx (dividing prefix sums by the
 * total), so a float32 softmax converted to double is accepted, while a vector that is plainly not a distribution
 * (a top-k cut never renormalised, logits, a NaN) is refused with the offending token named.
 *
 * <p>Sums use Neumaier's compensated summation: for non-negative terms the computed sum s' of the exact sum s satisfies
 * |s' - s| ≤ 2u·s + O(n·u²)·s with u = 2^-53 (Higham, Accuracy and Stability of Numerical Algorithms, §4.3).
 */
final class Masses {
    /** Largest accepted |Σx - 1| for a double probability vector. */
    static final double SUM_TOLERANCE = 1e-6;

    /** The unit roundoff of double arithmetic, 2^-53. */
    static final double UNIT_ROUNDOFF = 0x1.0p-53;

    private Masses() {
    }

    /**
     * Checks a double probability vector and returns its compensated sum.
     *
     * @param what the name used in messages ("p", "q", "q_2")
     * @throws InvalidInputException naming the token for a NaN, infinite or negative entry, or naming the sum when it
     *     is not within {@link #SUM_TOLERANCE} of one
     */
    static double requireDistribution(String what, double[] x) {
        if (x == null || x.length == 0) {
            throw new InvalidInputException(what + ": a distribution needs at least one token (got none)");
        }
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new InvalidInputException(what + ": token " + i + " has mass " + v
                    + " (masses must be finite and non-negative)");
            }
        }
        double s = sum(x);
        if (!(Math.abs(s - 1) <= SUM_TOLERANCE)) {
            throw new InvalidInputException(what + ": masses sum to " + s + " over " + x.length
                + " tokens, not within " + SUM_TOLERANCE + " of 1 (normalise the vector first)");
        }
        return s;
    }

    /** Neumaier's compensated sum of the entries. */
    static double sum(double[] x) {
        double s = 0;
        double c = 0;
        for (double v : x) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    static void requireSameLength(String what, int expected, int actual) {
        if (expected != actual) {
            throw new InvalidInputException(what + " has " + actual + " tokens but the target has " + expected);
        }
    }
}
