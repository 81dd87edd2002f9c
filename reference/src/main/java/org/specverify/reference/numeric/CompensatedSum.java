package org.specverify.reference.numeric;

/**
 * The one compensated summation of the double paths: a running sum s and the running sum c of the exact rounding
 * errors of the additions into s, returned as s + c.
 *
 * <p><b>Algorithm.</b> Each {@link #add(double)} computes t = fl(s + v) and the exact error e = (s + v) − t, then
 * c = fl(c + e), s = t. This is Ogita, Rump and Oishi's Sum2 (Accurate sum and dot product, SIAM J. Sci. Comput. 26(6),
 * 2005, Algorithm 4.4). The error is found by Fast2Sum after comparing magnitudes (Neumaier's form: e = (s − t) + v when
 * |s| ≥ |v|, else (v − t) + s), which is exact, barring overflow, as is Knuth's branch-free two-sum that Commons
 * Numbers' {@code org.apache.commons.numbers.core.Sum#add(double)} uses; both find the same e, so this class and
 * {@code Sum} agree bit for bit on every finite input ({@code CompensatedSumTest}). The comparison is chosen for speed:
 * on rows of non-negative masses the branch is almost always taken one way and the form does three floating-point
 * operations to the two-sum's six. This class exists beside {@code Sum} for the hot loops: it is a small final class
 * whose methods inline, so a local accumulator costs no allocation, and {@link #value()} can be read at every step of a
 * prefix scan.
 *
 * <p><b>Error bound.</b> For n terms x_i with exact sum S, the result r satisfies
 * |r − S| ≤ u·|S| + γ_{n−1}²·Σ|x_i|, u = 2^-53, γ_m = mu/(1 − mu) (Ogita, Rump and Oishi, Proposition 4.5). For
 * non-negative terms and n ≤ 2^31 that is at most (u + 2^-42·u)·S &lt; 2u·S: the bound the proofs-notes use for every
 * compensated sum of masses ({@code fast-acceptance.md}, {@code RatioPrefix}, {@code Masses}).
 *
 * <p><b>Edge behaviour.</b> An empty sum is 0. A NaN term makes the value NaN. When s + c is not finite (a term is
 * infinite, or the running sum overflowed), {@link #value()} returns s, as {@code Sum} does; callers validate finiteness
 * of their inputs first.
 */
public final class CompensatedSum {
    private double s;
    private double c;

    /** An empty sum (value 0). */
    public CompensatedSum() {
    }

    /** Adds v. */
    public CompensatedSum add(double v) {
        double t = s + v;
        c += error(s, v, t);
        s = t;
        return this;
    }

    /** The compensated value s + c (or s where s + c is not finite). */
    public double value() {
        double r = s + c;
        return Double.isFinite(r) ? r : s;
    }

    /**
     * The exact rounding error (a + b) − t of the double addition t = fl(a + b) (Fast2Sum after comparing magnitudes),
     * for fused loops that keep s and c in locals; {@code add} is this with c += error.
     */
    public static double error(double a, double b, double t) {
        return Math.abs(a) >= Math.abs(b) ? (a - t) + b : (b - t) + a;
    }

    /** The compensated sum of the entries. */
    public static double of(double[] x) {
        return of(x, 0, x.length);
    }

    /** The compensated sum of x[from..to). */
    public static double of(double[] x, int from, int to) {
        CompensatedSum sum = new CompensatedSum();
        for (int i = from; i < to; i++) {
            sum.add(x[i]);
        }
        return sum.value();
    }

    /** The compensated sum of the entries, each widened exactly to double. */
    public static double of(float[] x) {
        CompensatedSum sum = new CompensatedSum();
        for (float v : x) {
            sum.add(v);
        }
        return sum.value();
    }
}
