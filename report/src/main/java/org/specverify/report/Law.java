package org.specverify.report;

import org.specverify.reference.InvalidInputException;

/**
 * A probability vector in doubles for the fast closed forms, with a bound on its distance to the law it stands for.
 *
 * <p>A row of non-negative weights w (float32, float16 or bfloat16 entries widened exactly, or doubles) stands for the
 * exact law w / Σ w, as {@link org.specverify.reference.arith.DyadicRow} defines it. The masses kept here are
 * fl(w(x) / s') with s' the compensated (Neumaier) sum of the weights: |s' − Σ w| ≤ 2u·Σ w (u = 2^-53, n ≤ 2^31), and
 * each quotient adds one rounding, so every mass is within (3u + O(u²)) relatively of the exact one (or within 2^-1074
 * absolutely where it is subnormal). {@link #l1Error()} is the resulting bound on Σ_x |mass(x) − law(x)|, taken as
 * 5u + n·2^-1074 (one u of slack over the two roundings of w·(1/s′) and the 2u of the sum). Whether the row should sum to one is the caller's question (the safetensors reader checks it
 * against a printed tolerance); here it is only normalised.
 */
public final class Law {
    static final double U = 0x1p-53;
    private final double[] m;
    private final double l1Error;

    private Law(double[] m, double l1Error) {
        this.m = m;
        this.l1Error = l1Error;
    }

    /**
     * The law of a row of float weights.
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

    /** The law of a row of double weights; the array is not modified. */
    public static Law ofDoubles(double[] w, String what) {
        return ofDoublesInPlace(w.clone(), what);
    }

    /** As {@link #ofDoubles}, normalising {@code w} in place (it becomes the law's masses: the caller gives it up). */
    public static Law ofDoublesInPlace(double[] w, String what) {
        if (w.length == 0) {
            throw new InvalidInputException(what + ": no tokens");
        }
        double s = 0;
        double c = 0;
        for (int i = 0; i < w.length; i++) {
            double v = w[i];
            if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
                throw new InvalidInputException(what + ": token " + i + " has mass " + v
                    + " (masses must be finite and non-negative)");
            }
            double t = s + v;
            c += s >= v ? (s - t) + v : (v - t) + s;
            s = t;
        }
        s += c;
        if (!(s > 0)) {
            throw new InvalidInputException(what + ": every mass is zero, so the row is no law");
        }
        if (s == Double.POSITIVE_INFINITY) {
            throw new InvalidInputException(what + ": the masses overflow when summed");
        }
        double inv = 1 / s;
        // w(x) * (1/s) is two roundings instead of one; the bound below counts four
        for (int i = 0; i < w.length; i++) {
            w[i] *= inv;
        }
        return new Law(w, 5 * U + w.length * Double.MIN_VALUE);
    }

    /** The number of tokens. */
    public int size() {
        return m.length;
    }

    /** The mass of token x (normalised). */
    public double p(int x) {
        return m[x];
    }

    /** The masses (shared, not copied: do not modify). */
    double[] masses() {
        return m;
    }

    /** The masses, copied. */
    public double[] toArray() {
        return m.clone();
    }

    /** A bound on Σ_x |mass(x) − law(x)|. */
    public double l1Error() {
        return l1Error;
    }

    /** The number of tokens with positive mass. */
    public int support() {
        int n = 0;
        for (double v : m) {
            if (v > 0) {
                n++;
            }
        }
        return n;
    }
}
