package org.specverify.reference.arith;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The exact sum of non-negative finite doubles, without rounding.
 *
 * <p>Every finite double is m·2^(e-1075) with an integer mantissa m &lt; 2^53 and a biased exponent e (e = 0 for
 * subnormals, which scale by 2^-1074), so the sum of any number of them is an integer multiple of 2^-1074. Terms are
 * gathered by biased exponent: each of the 2047 buckets adds mantissas in a {@code long} and is carried into a
 * fixed-point integer of 32-bit limbs every 1024 additions (1024·2^53 &lt; 2^63), so {@link #add} costs a few integer
 * operations. {@link #value()} is the exact sum as a rational (a dyadic number).
 *
 * <p>Not thread-safe. Negative, NaN and infinite terms are refused (the masses it sums are non-negative by
 * construction; a negative one is a bug in the caller).
 */
public final class ExactSum {
    private static final int LIMBS = 70;
    private static final int BUCKETS = 2047;
    private static final int CARRY_EVERY = 1024;
    private final long[] bucket = new long[BUCKETS];
    private final int[] count = new int[BUCKETS];
    private final long[] limb = new long[LIMBS];
    private int pendingLimbAdds;
    private boolean empty = true;

    /** Adds v exactly. */
    public void add(double v) {
        long bits = Double.doubleToRawLongBits(v);
        if (bits >= 0x7FF0000000000000L || bits < 0) {
            if (v == 0) {
                return;
            }
            throw new IllegalArgumentException("ExactSum adds finite non-negative doubles only, got " + v);
        }
        int e = (int) (bits >>> 52);
        long m = bits & 0xFFFFFFFFFFFFFL;
        if (e != 0) {
            m |= 1L << 52;
        } else if (m == 0) {
            return;
        }
        bucket[e] += m;
        empty = false;
        if (++count[e] == CARRY_EVERY) {
            carry(e);
        }
    }

    /** Adds every entry of {@code values} in [from, to). */
    public void addAll(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            add(values[i]);
        }
    }

    /** Moves bucket e (a sum of mantissas &lt; 2^63) into the limbs at bit position max(e - 1, 0). */
    private void carry(int e) {
        long m = bucket[e];
        bucket[e] = 0;
        count[e] = 0;
        if (m == 0) {
            return;
        }
        int position = e == 0 ? 0 : e - 1;
        int index = position >>> 5;
        int shift = position & 31;
        long low = m << shift;
        long high = shift == 0 ? 0 : m >>> (64 - shift);
        limb[index] += low & 0xFFFFFFFFL;
        limb[index + 1] += low >>> 32;
        limb[index + 2] += high;
        if (++pendingLimbAdds == (1 << 30)) {
            normalise();
        }
    }

    private void normalise() {
        long c = 0;
        for (int i = 0; i < LIMBS; i++) {
            long v = limb[i] + c;
            limb[i] = v & 0xFFFFFFFFL;
            c = v >>> 32;
        }
        pendingLimbAdds = 0;
    }

    /** The sum as an integer count of 2^-1074. */
    public BigInteger units() {
        for (int e = 0; e < BUCKETS; e++) {
            if (count[e] > 0) {
                carry(e);
            }
        }
        normalise();
        byte[] bytes = new byte[LIMBS * 4 + 1];
        for (int i = 0; i < LIMBS; i++) {
            long v = limb[i];
            int at = bytes.length - 1 - 4 * i;
            bytes[at] = (byte) v;
            bytes[at - 1] = (byte) (v >>> 8);
            bytes[at - 2] = (byte) (v >>> 16);
            bytes[at - 3] = (byte) (v >>> 24);
        }
        return new BigInteger(bytes);
    }

    /** The exact sum. */
    public BigFraction value() {
        if (empty) {
            return BigFraction.ZERO;
        }
        return BigFraction.of(units(), BigInteger.ONE.shiftLeft(1074));
    }

    /** The exact sum of {@code values[from..to)}. */
    public static BigFraction of(double[] values, int from, int to) {
        ExactSum s = new ExactSum();
        s.addAll(values, from, to);
        return s.value();
    }

    /** The exact sum of all of {@code values}. */
    public static BigFraction of(double[] values) {
        return of(values, 0, values.length);
    }
}
