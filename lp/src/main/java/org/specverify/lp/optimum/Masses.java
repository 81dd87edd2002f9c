package org.specverify.lp.optimum;

import org.specverify.reference.InvalidInputException;

/**
 * Validation and compensated summation of probability vectors given as doubles (the large-vocabulary routes).
 *
 * <p>A vector is accepted when it is non-empty, every entry is finite and non-negative, and its computed sum s is
 * within {@link #sumTolerance(int) sumTolerance(n)} = (n + 1)·{@link #SUM_TOLERANCE_PER_TOKEN} = 2(n + 1)·u of one,
 * u = 2^-53, n the number of tokens: the rounding that a vector which really sums to one can show, and no more. A vector
 * further from one (a top-k cut never renormalised, a float32 softmax, logits, a vector off by 1e-7) is refused with the
 * vector, its sum, the difference from one and the tolerance named; it is never renormalised behind the caller's back.
 * The routes divide the accepted masses by s, which changes each of them by at most the same rounding.
 *
 * <p>Sums use Neumaier's compensated summation: for non-negative terms the computed sum s' of the exact sum s satisfies
 * |s' - s| ≤ u·s + γ_{n-1}²·s, γ_m = mu/(1 - mu) (the algorithm adds the exact error of each addition, found by
 * FastTwoSum, into a second recursive sum, which is Ogita, Rump and Oishi's Sum2; Accurate sum and dot product, SIAM J.
 * Sci. Comput. 26(6), 2005, Proposition 4.5).
 */
final class Masses {
    /** The unit roundoff of double arithmetic, 2^-53. */
    static final double UNIT_ROUNDOFF = 0x1.0p-53;

    /**
     * The accepted |s - 1| per token of the vector, 2u = 2^-52: {@link #sumTolerance(int) sumTolerance(n)} is
     * (n + 1) times this.
     *
     * <p><b>Why this value.</b> Take a vector x that really sums to one, in either of two senses: (a) x_i is the
     * double nearest to m_i for real masses m_i ≥ 0 with Σ m_i = 1; or (b) x is normalised in double arithmetic,
     * x_i = fl(w_i / t'), from non-negative weights w_i (for instance exp(z_i - max z)) whose sum t = Σ w_i &gt; 0 was
     * computed as t' in any order by recursive, pairwise or compensated summation, so |t' - t| ≤ γ_{n-1}·t (Higham,
     * Accuracy and Stability of Numerical Algorithms, 2nd ed., §4.2). Each rounded quotient is within u of its exact
     * value relatively, or within η = 2^-1075 absolutely where it is subnormal. In case (b), with γ = γ_{n-1},
     * Σ x_i lies between (1 - u)/(1 + γ) - nη and (1 + u)/(1 - γ) + nη, so |Σ x_i - 1| ≤ (u + γ)/(1 - γ) + nη; case (a)
     * is the case t' = t of this bound. Adding the summation error above, for n ≤ 2^31 (so nu ≤ 2^-22):
     * |s' - 1| ≤ (u + γ)/(1 - γ) + nη + (u + γ²)(1 + 2^-21) ≤ (n + 1)·u·(1 + 2^-19) &lt; 2(n + 1)u.
     * The factor 2 in place of 1 + 2^-19 is slack that keeps the bound safe without tracking the last terms.
     */
    static final double SUM_TOLERANCE_PER_TOKEN = 2 * UNIT_ROUNDOFF;

    private Masses() {
    }

    /**
     * The largest accepted |s - 1| for the computed sum s of a double probability vector of n tokens:
     * (n + 1)·{@link #SUM_TOLERANCE_PER_TOKEN} = 2(n + 1)·2^-53 (about 2.8e-11 at n = 128256).
     */
    static double sumTolerance(int n) {
        return (n + 1.0) * SUM_TOLERANCE_PER_TOKEN;
    }

    /**
     * Checks a double probability vector and returns its compensated sum.
     *
     * @param what the name used in messages ("p", "q", "q_2")
     * @throws InvalidInputException naming the token for a NaN, infinite or negative entry, or naming the sum, its
     *     difference from one and the tolerance when it is not within {@link #sumTolerance(int)} of one
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
        double tolerance = sumTolerance(x.length);
        double difference = s - 1;
        if (!(Math.abs(difference) <= tolerance)) {
            throw new InvalidInputException(what + ": masses sum to " + s + " over " + x.length + " tokens, "
                + (difference > 0 ? "+" : "") + difference + " from 1, beyond the rounding tolerance " + tolerance
                + " = 2(n + 1)·2^-53 of a vector that sums to 1 (renormalise it yourself if it is meant to be a"
                + " distribution)");
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
