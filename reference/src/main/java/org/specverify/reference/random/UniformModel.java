package org.specverify.reference.random;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;

/**
 * How a program's uniforms are generated: the ideal continuous uniform, or one of the float grids engines really draw
 * from. A discrete model is N = 2^24 equally likely indices k = 0..N−1 and a non-decreasing value g(k) = m(k)/2^24 with
 * an integer m(k) in [0, 2^24]:
 * <ul>
 *   <li>{@link #FLOAT32_CLOSED_OPEN}: m(k) = k, u in {0, 2^-24, ..., 1 − 2^-24} (24 random bits times 2^-24, as a
 *       common tensor library's {@code rand} and a common kernel language's counter-based {@code rand}); u = 0 has
 *       probability 2^-24, u = 1 never happens;</li>
 *   <li>{@link #FLOAT32_OPEN_CLOSED}: m(k) = k + 1, u in {2^-24, ..., 1} (as a common GPU library's uniform); u = 1 has
 *       probability 2^-24, u = 0 never happens;</li>
 *   <li>{@link #FLOAT32_OPEN}: m(k) = k | 1 (k with its last bit set), u in {2^-24, 3·2^-24, ..., 1 − 2^-24}: the
 *       odd multiples of 2^-24, each with probability 2^-23, neither 0 nor 1 (23 random bits b mapped to
 *       (2b + 1)·2^-24: this project's Philox kernels and {@link CounterUniforms#fromWordFloat}, with k the top 24 bits
 *       of the word, see {@link #floatOfWord});</li>
 *   <li>{@link #BFLOAT16}: the float32-closed-open uniform k·2^-24 cast to bfloat16 with round-to-nearest-even (8
 *       significant bits): m(k) = k rounded to 8 significant bits, ties to even. u = 0 has probability 2^-24 (k = 0)
 *       and u = 1.0 has probability 2^-9 (every k ≥ 2^24 − 2^15 rounds up to 2^24: the tie 1 − 2^-9 goes to the even
 *       neighbour 1.0);</li>
 *   <li>{@link #FLOAT16}: the same uniform cast to IEEE half with round-to-nearest-even (11 significant bits; every
 *       k·2^-24 is at least half's smallest subnormal, and below 2^-13 exact): u = 0 has probability 2^-24, u = 1.0 has
 *       probability 2^-12.</li>
 * </ul>
 * A comparison u &lt; t holds exactly for the indices k below {@link #countBelow}(t), u ≤ t for those below
 * {@link #countAtMost}(t), because g is non-decreasing: so an exact replay follows a uniform as a range of indices and
 * every probability is a count over N (proofs-notes/uniform-models.md).
 *
 * <p>{@link #sliver()} is the model's resolution w: under the coupling k = ⌊U·N⌋ of the grid uniform with an ideal
 * uniform U, a comparison with any threshold t decides differently for a set of U of length at most w (2^-24 for the
 * float32 grids, float32-open included; 2^-9 + 2^-24 for bfloat16 and 2^-12 + 2^-24 for float16: half the spacing below 1, plus one grid
 * step where a tie rounds down to the even neighbour).
 */
public enum UniformModel {
    /** The continuous uniform on the open interval (0, 1): the reference's convention. */
    IDEAL("ideal", 0, null),
    /** k·2^-24, k = 0..2^24 − 1. */
    FLOAT32_CLOSED_OPEN("float32-closed-open", 24, BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(24))),
    /** (k + 1)·2^-24, k = 0..2^24 − 1. */
    FLOAT32_OPEN_CLOSED("float32-open-closed", 24, BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(24))),
    /** (k | 1)·2^-24, k = 0..2^24 − 1: the odd multiples of 2^-24, each twice (the Philox kernels' uniform). */
    FLOAT32_OPEN("float32-open", 24, BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(24))),
    /** float32-closed-open rounded to nearest even in bfloat16. */
    BFLOAT16("bfloat16", 8, BigFraction.of((1L << 15) + 1, 1L << 24)),
    /** float32-closed-open rounded to nearest even in IEEE half precision. */
    FLOAT16("float16", 11, BigFraction.of((1L << 12) + 1, 1L << 24));

    /** log2 of the number of grid indices of the discrete models. */
    public static final int BITS = 24;
    /** The number of grid indices N = 2^24 of the discrete models. */
    public static final long N = 1L << BITS;
    private static final BigInteger BIG_N = BigInteger.valueOf(N);

    private final String id;
    private final int precision;
    private final BigFraction sliver;

    UniformModel(String id, int precision, BigFraction sliver) {
        this.id = id;
        this.precision = precision;
        this.sliver = sliver;
    }

    /** The name used on the command line and in JSON rows. */
    public String id() {
        return id;
    }

    /** Whether uniforms are on a finite grid (every model but {@link #IDEAL}). */
    public boolean discrete() {
        return this != IDEAL;
    }

    /** The resolution w of one comparison (see the class comment); zero for {@link #IDEAL}. */
    public BigFraction sliver() {
        return sliver == null ? BigFraction.ZERO : sliver;
    }

    /**
     * The model named {@code id}.
     *
     * @throws InvalidInputException naming the known models
     */
    public static UniformModel of(String id) {
        for (UniformModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new InvalidInputException("unknown uniform model '" + id + "'; known: "
            + Arrays.stream(values()).map(UniformModel::id).collect(Collectors.joining(", ")));
    }

    /** m(k): the grid value of index k times 2^24. */
    public long m(long k) {
        switch (this) {
            case FLOAT32_CLOSED_OPEN:
                return k;
            case FLOAT32_OPEN_CLOSED:
                return k + 1;
            case FLOAT32_OPEN:
                return k | 1;
            case BFLOAT16:
            case FLOAT16:
                return roundToPrecision(k, precision);
            default:
                throw new UnsupportedOperationException("the ideal model has no grid");
        }
    }

    /** The grid value g(k) = m(k)·2^-24 of index k, exactly. */
    public BigFraction value(long k) {
        return BigFraction.of(BigInteger.valueOf(m(k)), BIG_N);
    }

    /**
     * The uniform this model gives a 32-bit generator word: grid index k = the word's top 24 bits, value g(k) as a
     * float (exact: m(k) ≤ 2^24 has at most 24 significant bits). For {@link #FLOAT32_OPEN} this is
     * {@link CounterUniforms#fromWordFloat}, for {@link #FLOAT32_CLOSED_OPEN} {@link CounterUniforms#floatClosedBelow}
     * and for {@link #FLOAT32_OPEN_CLOSED} {@link CounterUniforms#floatClosedAbove}, bit for bit.
     *
     * @throws UnsupportedOperationException for the ideal model
     */
    public float floatOfWord(int word) {
        return (float) m(Integer.toUnsignedLong(word) >>> 8) * 0x1.0p-24f;
    }

    /** k rounded to {@code bits} significant bits, ties to even (k ≥ 0). */
    static long roundToPrecision(long k, int bits) {
        int length = 64 - Long.numberOfLeadingZeros(k);
        int drop = length - bits;
        if (drop <= 0) {
            return k;
        }
        long unit = 1L << drop;
        long down = k & -unit;
        long rest = k - down;
        long half = unit >> 1;
        if (rest > half || (rest == half && (down & unit) != 0)) {
            return down + unit;
        }
        return down;
    }

    /** #{k : g(k) &lt; t}: the indices k &lt; countBelow(t) are exactly those with u &lt; t. */
    public long countBelow(BigFraction t) {
        if (t.signum() <= 0) {
            return firstAtLeast(0);
        }
        BigInteger num = t.getNumerator().multiply(BIG_N);
        BigInteger den = t.getDenominator();
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger ceil = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        if (ceil.compareTo(BIG_N) > 0) {
            return N;
        }
        return firstAtLeast(ceil.longValue());
    }

    /** #{k : g(k) ≤ t}: the indices k &lt; countAtMost(t) are exactly those with u ≤ t. */
    public long countAtMost(BigFraction t) {
        if (t.signum() < 0) {
            return 0;
        }
        BigInteger floor = t.getNumerator().multiply(BIG_N).divide(t.getDenominator());
        if (floor.compareTo(BIG_N) >= 0) {
            return N;
        }
        return firstAtLeast(floor.longValue() + 1);
    }

    /** The smallest k with m(k) ≥ c (N when none). */
    private long firstAtLeast(long c) {
        switch (this) {
            case FLOAT32_CLOSED_OPEN:
                return Math.max(0, Math.min(N, c));
            case FLOAT32_OPEN_CLOSED:
                return Math.max(0, Math.min(N, c - 1));
            case FLOAT32_OPEN:
                // k | 1 >= c: for even c the first such k is c (c − 1 is odd and below), for odd c it is c − 1
                return Math.max(0, Math.min(N, c & ~1L));
            default:
                long lo = 0;
                long hi = N;
                while (lo < hi) {
                    long mid = (lo + hi) >>> 1;
                    if (m(mid) >= c) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                return lo;
        }
    }
}
