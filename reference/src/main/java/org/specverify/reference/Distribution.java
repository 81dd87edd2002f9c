package org.specverify.reference;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.arith.DyadicRow;

/**
 * An exact probability distribution over the tokens 0..n-1, with rational masses.
 *
 * <p>Construction validates: at least one token, no negative mass, masses summing exactly to one. The error names the
 * offending token index and value. Instances are immutable.
 *
 * <p>Edge behaviour: zero-mass tokens are allowed (and common: top-k/top-p targets); {@link #normalize} of a measure with
 * zero total mass is an error, never a silent fallback.
 *
 * <p><b>Rows of floats.</b> {@link #ofFloats} and {@link #ofDoubles} read a float32 or double row (a dump of a softmax)
 * as the exact law "each entry's exact value over the exact row sum" ({@link DyadicRow}). Such a distribution keeps the
 * row and computes masses on demand, so laws over |V| = 128k cost one pass to build; ordering (argmax, top-K) compares
 * the row's doubles, which is exact because every mass shares the one denominator.
 */
public final class Distribution {
    private volatile BigFraction[] mass;
    private final DyadicRow row;

    private Distribution(BigFraction[] mass) {
        this.mass = mass;
        this.row = null;
    }

    private Distribution(DyadicRow row) {
        this.mass = null;
        this.row = row;
    }

    /**
     * The exact law of a float32 row: each entry's exact value over the exact sum of the row (see {@link DyadicRow}).
     *
     * @param what named in errors ("target row 3")
     * @throws InvalidInputException for an empty row, a negative, NaN or infinite entry (naming the token), or an
     *     all-zero row
     */
    public static Distribution ofFloats(float[] row, String what) {
        return new Distribution(DyadicRow.ofFloats(row, what));
    }

    /** The exact law of a double row; see {@link #ofFloats}. */
    public static Distribution ofDoubles(double[] row, String what) {
        return new Distribution(DyadicRow.ofDoubles(row, what));
    }

    /** The exact law of a validated row. */
    public static Distribution of(DyadicRow row) {
        return new Distribution(row);
    }

    /** The row of doubles this law was read from, when it was ({@link #ofFloats}, {@link #ofDoubles}). */
    public Optional<DyadicRow> dyadicRow() {
        return Optional.ofNullable(row);
    }

    private BigFraction[] massArray() {
        BigFraction[] m = mass;
        if (m == null) {
            m = new BigFraction[row.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = row.probability(i);
            }
            mass = m;
        }
        return m;
    }

    /**
     * A distribution from exact masses.
     *
     * @throws InvalidInputException when empty, when a mass is negative (naming its token) or when the sum is not one
     */
    public static Distribution of(BigFraction... masses) {
        if (masses == null || masses.length == 0) {
            throw new InvalidInputException("a distribution needs at least one token (got an empty list)");
        }
        BigFraction[] m = masses.clone();
        BigFraction sum = Fractions.ZERO;
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null) {
                throw new InvalidInputException("token " + i + ": missing mass (null)");
            }
            if (m[i].signum() < 0) {
                throw new InvalidInputException("token " + i + ": negative mass " + Fractions.format(m[i]));
            }
            m[i] = Fractions.canonical(m[i]);
            sum = sum.add(m[i]);
        }
        if (!sum.equals(Fractions.ONE)) {
            throw new InvalidInputException("masses sum to " + describeSum(sum) + ", not exactly 1, over " + m.length
                + " tokens (masses are read exactly as written: 0.1 is 1/10)");
        }
        return new Distribution(m);
    }

    /** A distribution from exact number texts ("0.05", "1/3", "2"); see {@link Fractions#parse}. */
    /**
     * A sum that is not 1, by its difference from 1: "9/10 = 1 - 1/10" when short, "1 + 1.00e-16 (exactly 1 +
     * 1/10000000000000000)" for a longer difference, "1 - 3.33e-401 (a 401-digit difference)" for a very long one.
     */
    static String describeSum(BigFraction sum) {
        String whole = Fractions.format(sum);
        BigFraction diff = sum.subtract(Fractions.ONE);
        boolean above = diff.signum() > 0;
        BigFraction abs = above ? diff : diff.negate();
        String exact = Fractions.format(abs);
        String sign = above ? " + " : " - ";
        if (whole.length() <= 24) {
            return whole + " = 1" + sign + exact;
        }
        java.math.BigDecimal d = new java.math.BigDecimal(abs.getNumerator()).divide(
            new java.math.BigDecimal(abs.getDenominator()), new java.math.MathContext(3));
        String sci = String.format(java.util.Locale.ROOT, "%.2e", d);
        if (exact.length() <= 40) {
            return "1" + sign + sci + " (exactly 1" + sign + exact + ")";
        }
        return "1" + sign + sci + " (the exact difference has a " + abs.getDenominator().toString().length()
            + "-digit denominator)";
    }

    public static Distribution parse(List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new InvalidInputException("a distribution needs at least one token (got an empty list)");
        }
        BigFraction[] m = new BigFraction[texts.size()];
        for (int i = 0; i < m.length; i++) {
            try {
                m[i] = Fractions.parse(texts.get(i));
            } catch (InvalidInputException e) {
                throw e.at("token " + i);
            }
        }
        return of(m);
    }

    /** Convenience for tests and examples: {@code parse("1/2", "1/4", "1/4")}. */
    public static Distribution parse(String... texts) {
        return parse(Arrays.asList(texts));
    }

    /**
     * norm(f) = f / Σ f for a non-negative measure.
     *
     * @throws InvalidInputException when a weight is negative or the total is zero (an empty residual)
     */
    public static Distribution normalize(BigFraction[] weights) {
        BigFraction total = Fractions.ZERO;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].signum() < 0) {
                throw new InvalidInputException("token " + i + ": negative weight " + Fractions.format(weights[i]));
            }
            total = total.add(weights[i]);
        }
        if (total.signum() == 0) {
            throw new InvalidInputException("cannot normalise a measure of total mass zero over " + weights.length
                + " tokens (empty residual)");
        }
        BigFraction[] m = new BigFraction[weights.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Fractions.canonical(weights[i].divide(total));
        }
        return new Distribution(m);
    }

    public static Distribution uniform(int n) {
        if (n <= 0) {
            throw new InvalidInputException("uniform distribution needs n >= 1, got " + n);
        }
        BigFraction[] m = new BigFraction[n];
        Arrays.fill(m, BigFraction.of(1, n));
        return new Distribution(m);
    }

    /** The point mass on {@code token} over n tokens. */
    public static Distribution pointMass(int n, int token) {
        if (token < 0 || token >= n) {
            throw new InvalidInputException("point mass token " + token + " out of range 0.." + (n - 1));
        }
        BigFraction[] m = new BigFraction[n];
        Arrays.fill(m, Fractions.ZERO);
        m[token] = Fractions.ONE;
        return new Distribution(m);
    }

    public int size() {
        return row != null ? row.size() : mass.length;
    }

    /** Mass of a token. */
    public BigFraction p(int token) {
        if (token < 0 || token >= size()) {
            throw new InvalidInputException("token " + token + " out of range 0.." + (size() - 1));
        }
        BigFraction[] m = mass;
        return m != null ? m[token] : row.probability(token);
    }

    /** Whether a token has positive mass (fast for rows of doubles). */
    public boolean positive(int token) {
        if (token < 0 || token >= size()) {
            throw new InvalidInputException("token " + token + " out of range 0.." + (size() - 1));
        }
        return row != null ? row.weight(token) > 0 : mass[token].signum() > 0;
    }

    /** A copy of the masses. */
    public BigFraction[] masses() {
        return massArray().clone();
    }

    public double[] toDoubles() {
        if (row != null) {
            return row.toDoubles();
        }
        double[] d = new double[mass.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = mass[i].doubleValue();
        }
        return d;
    }

    /** p(H) for the tokens selected by {@code inH}. */
    public BigFraction mass(IntPredicate inH) {
        if (row != null) {
            return row.probabilityOf(inH);
        }
        BigFraction s = Fractions.ZERO;
        for (int i = 0; i < mass.length; i++) {
            if (inH.test(i)) {
                s = s.add(mass[i]);
            }
        }
        return s;
    }

    /** The tokens of positive mass. */
    public int supportSize() {
        if (row != null) {
            return row.supportSize();
        }
        int c = 0;
        for (BigFraction m : mass) {
            if (m.signum() > 0) {
                c++;
            }
        }
        return c;
    }

    /** The token of largest mass, lowest index on ties. */
    public int argmax() {
        if (row != null) {
            return row.argmax();
        }
        int best = 0;
        for (int i = 1; i < mass.length; i++) {
            if (Fractions.compare(mass[i], mass[best]) > 0) {
                best = i;
            }
        }
        return best;
    }

    /** Tokens ordered by decreasing mass, lowest index first on ties. */
    public int[] tokensByDecreasingMass() {
        if (row != null) {
            return row.tokensByDecreasingWeight();
        }
        BigFraction[] mass = this.mass;
        Integer[] idx = new Integer[mass.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            int c = Fractions.compare(mass[b], mass[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** norm(this with the given tokens removed). */
    public Distribution without(IntPredicate removed) {
        BigFraction[] w = massArray().clone();
        for (int i = 0; i < w.length; i++) {
            if (removed.test(i)) {
                w[i] = Fractions.ZERO;
            }
        }
        return normalize(w);
    }

    /** norm((this - other)+): the residual of speculative sampling. */
    public Distribution residual(Distribution other) {
        requireSameSize(other);
        BigFraction[] mine = massArray();
        BigFraction[] theirs = other.massArray();
        BigFraction[] w = new BigFraction[mine.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Fractions.positivePart(mine[i].subtract(theirs[i]));
        }
        return normalize(w);
    }

    /** TV(this, other) = Σ (this - other)+. */
    public BigFraction totalVariation(Distribution other) {
        requireSameSize(other);
        BigFraction[] mine = massArray();
        BigFraction[] theirs = other.massArray();
        BigFraction s = Fractions.ZERO;
        for (int i = 0; i < mine.length; i++) {
            s = s.add(Fractions.positivePart(mine[i].subtract(theirs[i])));
        }
        return s;
    }

    public void requireSameSize(Distribution other) {
        if (other.size() != size()) {
            throw new InvalidInputException("vocabulary sizes differ: " + size() + " vs " + other.size());
        }
    }

    /** Equal laws (the same exact masses), however each was built. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Distribution other) || other.size() != size()) {
            return false;
        }
        return Arrays.equals(massArray(), other.massArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(massArray());
    }

    @Override
    public String toString() {
        int n = size();
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < Math.min(n, 64); i++) {
            sb.append(i == 0 ? "" : ", ").append(Fractions.format(p(i)));
        }
        if (n > 64) {
            sb.append(", ... (").append(n).append(" tokens)");
        }
        return sb.append(']').toString();
    }
}
