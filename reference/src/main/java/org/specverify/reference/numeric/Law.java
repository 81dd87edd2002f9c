package org.specverify.reference.numeric;

import org.specverify.reference.InvalidInputException;

/**
 * A probability law given as a floating row (float32 widened exactly, or double), validated once, as a type: every
 * entry finite and non-negative, the total positive and finite, with its total, its support size and a bound on its
 * L1 distance to the exact law it stands for. The double routes of lp ({@code RatioPrefix}, {@code
 * WithoutReplacementOptimum}, {@code IndependentBounds}, {@code ClosedFormOptimum}) and the fast closed forms of report
 * accept it and validate nothing again.
 *
 * <p><b>Two ways in.</b>
 * <ul>
 *   <li>{@link #ofFloats}, {@link #ofDoubles}, {@link #ofDoublesInPlace}: a row of non-negative weights w stands for the
 *   exact law w / Σ w, as {@code org.specverify.reference.arith.DyadicRow} defines it. One pass checks every weight and
 *   sums them ({@link CompensatedSum}, s' with |s' − Σ w| ≤ 2u·Σ w, u = 2^-53, n ≤ 2^31); a second pass stores the
 *   masses fl(w(x)·fl(1/s')) and sums those masses into {@link #total()}. Each mass is within (4u + O(u²)) relatively
 *   of w(x)/Σ w (or within 2^-1074 absolutely where it is subnormal), so {@link #l1Error()} is 5u + n·2^-1074. How far
 *   Σ w may be from one is the caller's question ({@link #weightTotal()} is kept for it).</li>
 *   <li>{@link #ofProbabilities}: a vector that is meant to sum to one is taken as it is (never renormalised); it is
 *   accepted when its computed total is within {@link #sumTolerance(int)} of one, and refused otherwise with the total,
 *   its difference from one and the tolerance named. The routes then use it as x / {@link #total()}.</li>
 * </ul>
 *
 * <p>The masses are shared, not copied ({@link #masses()}): the row is immutable by convention, and a hot loop reads
 * them without a copy.
 */
public final class Law {
    /** The unit roundoff of double arithmetic, 2^-53. */
    public static final double UNIT_ROUNDOFF = 0x1p-53;

    /**
     * The accepted |s − 1| per token of a vector given as probabilities, 2u = 2^-52: {@link #sumTolerance(int)
     * sumTolerance(n)} is (n + 1) times this.
     *
     * <p><b>Why this value.</b> Take a vector x that really sums to one, in either of two senses: (a) x_i is the
     * double nearest to m_i for real masses m_i ≥ 0 with Σ m_i = 1; or (b) x is normalised in double arithmetic,
     * x_i = fl(w_i / t'), from non-negative weights w_i (for instance exp(z_i − max z)) whose sum t = Σ w_i &gt; 0 was
     * computed as t' in any order by recursive, pairwise or compensated summation, so |t' − t| ≤ γ_{n−1}·t (Higham,
     * Accuracy and Stability of Numerical Algorithms, 2nd ed., §4.2). Each rounded quotient is within u of its exact
     * value relatively, or within η = 2^-1075 absolutely where it is subnormal. In case (b), with γ = γ_{n−1},
     * Σ x_i lies between (1 − u)/(1 + γ) − nη and (1 + u)/(1 − γ) + nη, so |Σ x_i − 1| ≤ (u + γ)/(1 − γ) + nη; case (a)
     * is the case t' = t of this bound. Adding the summation error of {@link CompensatedSum}, for n ≤ 2^31 (so
     * nu ≤ 2^-22): |s' − 1| ≤ (u + γ)/(1 − γ) + nη + (u + γ²)(1 + 2^-21) ≤ (n + 1)·u·(1 + 2^-19) &lt; 2(n + 1)u.
     * The factor 2 in place of 1 + 2^-19 is slack that keeps the bound safe without tracking the last terms.
     */
    public static final double SUM_TOLERANCE_PER_TOKEN = 2 * UNIT_ROUNDOFF;

    private final double[] m;
    private final double total;
    private final double weightTotal;
    private final int support;
    private final double l1Error;

    private Law(double[] m, double total, double weightTotal, int support, double l1Error) {
        this.m = m;
        this.total = total;
        this.weightTotal = weightTotal;
        this.support = support;
        this.l1Error = l1Error;
    }

    /**
     * The largest accepted |s − 1| for the computed sum s of a probability vector of n tokens:
     * (n + 1)·{@link #SUM_TOLERANCE_PER_TOKEN} = 2(n + 1)·2^-53 (about 2.8e-11 at n = 128256).
     */
    public static double sumTolerance(int n) {
        return (n + 1.0) * SUM_TOLERANCE_PER_TOKEN;
    }

    /**
     * The law of a row of float weights (widened exactly), normalised.
     *
     * @param what the row's name in messages ("target row 5")
     * @throws InvalidInputException naming the row and token for a NaN, infinite or negative weight, or a row of zeros
     */
    public static Law ofFloats(float[] w, String what) {
        double[] d = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            d[i] = w[i];
        }
        return ofDoublesInPlace(d, what);
    }

    /** The law of a row of double weights, normalised; the array is not modified. */
    public static Law ofDoubles(double[] w, String what) {
        return ofDoublesInPlace(w.clone(), what);
    }

    /**
     * As {@link #ofDoubles}, normalising {@code w} in place (it becomes the law's masses: the caller gives it up).
     *
     * @throws InvalidInputException naming the row and token for a NaN, infinite or negative weight, a row of zeros or
     *     an empty row, or weights whose sum overflows
     */
    public static Law ofDoublesInPlace(double[] w, String what) {
        if (w.length == 0) {
            throw new InvalidInputException(what + ": no tokens");
        }
        // one pass: check every weight, count the support, sum
        CompensatedSum sum = new CompensatedSum();
        int support = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new InvalidInputException(what + ": token " + i + " has mass " + v
                    + " (masses must be finite and non-negative)");
            }
            if (v > 0) {
                support++;
            }
            sum.add(v);
        }
        double s = sum.value();
        if (!(s > 0)) {
            throw new InvalidInputException(what + ": every mass is zero, so the row is no law");
        }
        if (s == Double.POSITIVE_INFINITY) {
            throw new InvalidInputException(what + ": the masses overflow when summed");
        }
        double inv = 1 / s;
        // w(x) * (1/s) is two roundings instead of one; the bound below counts four. The same pass sums the masses.
        CompensatedSum masses = new CompensatedSum();
        for (int i = 0; i < w.length; i++) {
            double v = w[i] * inv;
            w[i] = v;
            masses.add(v);
        }
        return new Law(w, masses.value(), s, support, 5 * UNIT_ROUNDOFF + w.length * Double.MIN_VALUE);
    }

    /**
     * A vector meant to sum to one, taken as it is (shared, not copied: the caller gives it up): one pass checks every
     * entry and sums them.
     *
     * @param what the name used in messages ("p", "q", "q_2")
     * @throws InvalidInputException naming the token for a NaN, infinite or negative entry, for an empty vector, or
     *     naming the sum, its difference from one and the tolerance when it is not within {@link #sumTolerance(int)}
     *     of one
     */
    public static Law ofProbabilities(double[] x, String what) {
        if (x == null || x.length == 0) {
            throw new InvalidInputException(what + ": a distribution needs at least one token (got none)");
        }
        CompensatedSum sum = new CompensatedSum();
        int support = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new InvalidInputException(what + ": token " + i + " has mass " + v
                    + " (masses must be finite and non-negative)");
            }
            if (v > 0) {
                support++;
            }
            sum.add(v);
        }
        double s = sum.value();
        double tolerance = sumTolerance(x.length);
        double difference = s - 1;
        if (!(Math.abs(difference) <= tolerance)) {
            throw new InvalidInputException(what + ": masses sum to " + s + " over " + x.length + " tokens, "
                + (difference > 0 ? "+" : "") + difference + " from 1, beyond the rounding tolerance " + tolerance
                + " = 2(n + 1)·2^-53 of a vector that sums to 1 (renormalise it yourself if it is meant to be a"
                + " distribution)");
        }
        // Σ|x − x/S| = |S − 1| exactly; the computed S is within 2u·S of the exact one
        return new Law(x, s, s, support, Math.abs(difference) + 3 * UNIT_ROUNDOFF * s);
    }

    /** The number of tokens. */
    public int size() {
        return m.length;
    }

    /** The mass of token x. */
    public double p(int x) {
        return m[x];
    }

    /** The masses (shared, not copied: do not modify). */
    public double[] masses() {
        return m;
    }

    /** The masses, copied. */
    public double[] toArray() {
        return m.clone();
    }

    /**
     * The compensated sum of {@link #masses()} as stored, in index order (within about 5u of one for a normalised row,
     * within {@link #sumTolerance(int)} of one for {@link #ofProbabilities}); the routes divide by it.
     */
    public double total() {
        return total;
    }

    /** The compensated sum of the weights the row was given (before normalising; equal to {@link #total()} otherwise). */
    public double weightTotal() {
        return weightTotal;
    }

    /** A bound on Σ_x |mass(x) − law(x)|, law the exact law the row stands for. */
    public double l1Error() {
        return l1Error;
    }

    /** The number of tokens with positive mass. */
    public int support() {
        return support;
    }

    /**
     * Checks that {@code other} has as many tokens as this law.
     *
     * @param what other's name in messages ("q", "q_2", "the draft law")
     * @throws InvalidInputException naming both sizes otherwise
     */
    public void requireSameSize(Law other, String what) {
        if (other.m.length != m.length) {
            throw new InvalidInputException(what + " has " + other.m.length + " tokens but the target has " + m.length);
        }
    }
}
