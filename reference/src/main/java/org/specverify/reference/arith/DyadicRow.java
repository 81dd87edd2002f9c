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
    private final double[] w;
    private final BigFraction total;
    private final double totalUpper;
    private final double totalLower;

    private DyadicRow(double[] w) {
        this.w = w;
        this.total = ExactSum.of(w);
        this.totalUpper = Enclosure.upper(total);
        this.totalLower = Enclosure.lower(total);
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
        boolean positive = false;
        for (int i = 0; i < row.length; i++) {
            double v = row[i];
            check(what, i, v, Double.toString(v));
            w[i] = v == 0 ? 0.0 : v;
            positive |= v > 0;
        }
        if (!positive) {
            throw new InvalidInputException(what + ": all " + row.length + " weights are zero, so the row has no law");
        }
        return new DyadicRow(w);
    }

    /** The exact law of a float32 row (each float widened exactly); see {@link #ofDoubles}. */
    public static DyadicRow ofFloats(float[] row, String what) {
        if (row == null || row.length == 0) {
            throw new InvalidInputException(what + ": a row needs at least one token (got none)");
        }
        double[] w = new double[row.length];
        boolean positive = false;
        for (int i = 0; i < row.length; i++) {
            float v = row[i];
            check(what, i, v, Float.toString(v));
            w[i] = v == 0 ? 0.0 : v;
            positive |= v > 0;
        }
        if (!positive) {
            throw new InvalidInputException(what + ": all " + row.length + " weights are zero, so the row has no law");
        }
        return new DyadicRow(w);
    }

    private static void check(String what, int token, double v, String text) {
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
        return w.length;
    }

    /** The exact weight of a token, as a double (exact: no rounding happened). */
    public double weight(int token) {
        return w[token];
    }

    /** A copy of the weights. */
    public double[] weights() {
        return w.clone();
    }

    /** The weights without a copy, for the measures of this package; never modified. */
    double[] raw() {
        return w;
    }

    /** The exact sum of the weights. */
    public BigFraction total() {
        return total;
    }

    /** A double at or above {@link #total()}. */
    public double totalUpper() {
        return totalUpper;
    }

    /** A double at or below {@link #total()}. */
    public double totalLower() {
        return totalLower;
    }

    /** The exact law at a token: weight / total. */
    public BigFraction probability(int token) {
        return w[token] == 0 ? BigFraction.ZERO : BigFraction.from(w[token]).divide(total);
    }

    /** The exact mass of the tokens selected by {@code inH}, over the total. */
    public BigFraction probabilityOf(java.util.function.IntPredicate inH) {
        ExactSum s = new ExactSum();
        for (int i = 0; i < w.length; i++) {
            if (inH.test(i)) {
                s.add(w[i]);
            }
        }
        return s.value().divide(total);
    }

    /** Tokens of positive weight. */
    public int supportSize() {
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
        double t = total.doubleValue();
        double[] d = new double[w.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = w[i] / t;
        }
        return d;
    }
}
