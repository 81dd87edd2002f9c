package org.specverify.reference.arith;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;

/**
 * A row of non-negative weights held as doubles (a float32 or double dump of a probability vector), standing for the
 * exact law w(x) / Σ_y w(y).
 *
 * <p><b>The mapping.</b> Every finite float or double is a dyadic rational, so each weight is taken at its exact value
 * (a float32 is widened to double without change) and the law is each exact weight over the exact sum of the row
 * ({@link #total()}, computed without rounding by {@link ExactSum}). A row that sums to 1 only approximately (a float32
 * softmax) is therefore never "corrected": its law is what its entries say, proportionally. Refused, with the token
 * and value named: a negative weight, a NaN, an infinity, and a row whose weights are all zero (no law). Negative zero
 * is read as zero.
 *
 * <p>Immutable; the array is copied on the way in.
 */
public final class DyadicRow {
    private static final double U = 0x1p-53;
    /** The weights of a float row, or null. */
    private final float[] f;
    /** The weights as doubles (for a float row, widened on first use). */
    private volatile double[] w;
    private volatile BigFraction total;
    private final Ball totalBall;

    private DyadicRow(double[] w) {
        this.f = null;
        this.w = w;
        this.totalBall = enclose(w);
    }

    private DyadicRow(float[] f) {
        this.f = f;
        this.w = null;
        this.totalBall = enclose(f);
    }

    /** As {@link #enclose(double[])}, for floats (each widened exactly), with eight running sums. */
    private static Ball enclose(float[] w) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int n = w.length;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            s0 += w[i];
            s1 += w[i + 1];
            s2 += w[i + 2];
            s3 += w[i + 3];
            s4 += w[i + 4];
            s5 += w[i + 5];
            s6 += w[i + 6];
            s7 += w[i + 7];
        }
        for (; i < n; i++) {
            s0 += w[i];
        }
        return bound(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), n);
    }

    /**
     * The sum of the weights with a rigorous error bound, in one pass of doubles: four (for floats eight) running sums
     * then their pairwise sum, so every term takes part in at most n/4 + 4 additions and the computed value errs by at
     * most γ_{n/4+4}·Σ w (γ_m = m·u/(1 − m·u), u = 2^-53; non-negative terms), rounded up.
     */
    private static Ball enclose(double[] w) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = w.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += w[i];
            s1 += w[i + 1];
            s2 += w[i + 2];
            s3 += w[i + 3];
        }
        for (; i < n; i++) {
            s0 += w[i];
        }
        return bound((s0 + s1) + (s2 + s3), n);
    }

    private static Ball bound(double s, int n) {
        if (!Double.isFinite(s)) {
            return null;
        }
        double m = n / 4.0 + 4;
        double gamma = m * U / (1 - m * U);
        return new Ball(s, Certified.up(gamma * s * (1 + 4 * gamma)));
    }

    /**
     * The exact law of a double row.
     *
     * @param what named in errors ("target row 3", "draft row 0 of position 17")
     * @throws InvalidInputException for an empty row, a negative, NaN or infinite weight (naming the token and value),
     *     or a row of all zeros
     */
    public static DyadicRow ofDoubles(double[] row, String what) {
        if (row == null || row.length == 0) {
            throw new InvalidInputException(what + ": a row needs at least one token (got none)");
        }
        double[] w = new double[row.length];
        boolean ok = true;
        double max = 0;
        for (int i = 0; i < row.length; i++) {
            double v = row[i];
            ok &= v >= 0 & v < Double.POSITIVE_INFINITY;
            max = Math.max(max, v);
            w[i] = v + 0.0;
        }
        return validated(w, ok, max, what);
    }

    /** The exact law of a float32 row (each float widened exactly); see {@link #ofDoubles}. */
    public static DyadicRow ofFloats(float[] row, String what) {
        if (row == null || row.length == 0) {
            throw new InvalidInputException(what + ": a row needs at least one token (got none)");
        }
        float[] copy = row.clone();
        // one pass over the bits: the OR has the sign bit iff some entry is negative or -0; the largest bit pattern of
        // a non-negative row is NaN or infinite iff it is at least 0x7F800000, and positive iff some entry is
        int or = 0;
        int max = 0;
        for (float v : copy) {
            int bits = Float.floatToRawIntBits(v);
            or |= bits;
            max = Math.max(max, bits);
        }
        if (or < 0 || max >= 0x7F800000) {
            max = 0;
            for (int i = 0; i < copy.length; i++) {
                check(what, i, copy[i]);
                copy[i] = copy[i] + 0.0f;
                max = Math.max(max, Float.floatToRawIntBits(copy[i]));
            }
        }
        if (max == 0) {
            throw new InvalidInputException(what + ": all " + row.length + " weights are zero, so the row has no law");
        }
        return new DyadicRow(copy);
    }

    /** Names the first bad weight of a row found bad in the fast pass (x + 0.0 turned −0 into +0 there). */
    private static DyadicRow validated(double[] w, boolean ok, double max, String what) {
        if (!ok) {
            for (int i = 0; i < w.length; i++) {
                check(what, i, w[i]);
            }
        }
        if (!(max > 0)) {
            throw new InvalidInputException(what + ": all " + w.length + " weights are zero, so the row has no law");
        }
        return new DyadicRow(w);
    }

    private static void check(String what, int token, double v) {
        if (v >= 0 && v < Double.POSITIVE_INFINITY) {
            return;
        }
        String text = Double.toString(v);
        if (Double.isNaN(v)) {
            throw new InvalidInputException(what + ": token " + token + " is NaN");
        }
        if (Double.isInfinite(v)) {
            throw new InvalidInputException(what + ": token " + token + " is " + text + " (weights must be finite)");
        }
        if (v < 0) {
            throw new InvalidInputException(what + ": token " + token + " has negative weight " + text);
        }
    }

    public int size() {
        return f != null ? f.length : w.length;
    }

    /** The exact weight of a token, as a double (exact: no rounding happened). */
    public double weight(int token) {
        return f != null ? f[token] : w[token];
    }

    /** A copy of the weights. */
    public double[] weights() {
        return raw().clone();
    }

    /** The weights as doubles without a copy, for the measures of this package; never modified. */
    double[] raw() {
        double[] d = w;
        if (d == null) {
            d = new double[f.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = f[i];
            }
            w = d;
        }
        return d;
    }

    /** The weights of a float row without a copy (null for a double row), for the fast kernels; never modified. */
    float[] rawFloats() {
        return f;
    }

    /** The exact sum of the weights (computed on first use, without rounding, by {@link ExactSum}). */
    public BigFraction total() {
        BigFraction t = total;
        if (t == null) {
            t = ExactSum.of(raw());
            total = t;
        }
        return t;
    }

    /**
     * A ball that contains {@link #total()}, from one pass of double sums (no exact arithmetic): what the certified
     * arithmetic starts from.
     */
    public Ball totalEnclosure() {
        if (totalBall == null) {
            return Enclosure.ball(total());
        }
        return totalBall;
    }

    /** A double at or above {@link #total()}. */
    public double totalUpper() {
        return totalEnclosure().upper();
    }

    /** A double at or below {@link #total()}. */
    public double totalLower() {
        return totalEnclosure().lower();
    }

    /** The exact law at a token: weight / total. */
    public BigFraction probability(int token) {
        double v = weight(token);
        return v == 0 ? BigFraction.ZERO : BigFraction.from(v).divide(total());
    }

    /** The exact mass of the tokens selected by {@code inH}, over the total. */
    public BigFraction probabilityOf(java.util.function.IntPredicate inH) {
        double[] w = raw();
        ExactSum s = new ExactSum();
        for (int i = 0; i < w.length; i++) {
            if (inH.test(i)) {
                s.add(w[i]);
            }
        }
        return s.value().divide(total());
    }

    /** Tokens of positive weight. */
    public int supportSize() {
        double[] w = raw();
        int c = 0;
        for (double v : w) {
            if (v > 0) {
                c++;
            }
        }
        return c;
    }

    /** The token of largest weight, lowest index on ties (exact: weights share one denominator). */
    public int argmax() {
        double[] w = raw();
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] > w[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Tokens by decreasing weight, lowest index first on ties (exact). */
    public int[] tokensByDecreasingWeight() {
        double[] w = raw();
        Integer[] idx = new Integer[w.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(w[b], w[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** The law as doubles: each weight over the total, rounded (for root finding and display, never for decisions). */
    public double[] toDoubles() {
        double[] w = raw();
        double t = total().doubleValue();
        double[] d = new double[w.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = w[i] / t;
        }
        return d;
    }
}
