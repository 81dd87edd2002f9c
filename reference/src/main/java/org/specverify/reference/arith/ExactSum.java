package org.specverify.reference.arith;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The exact sum of non-negative finite doubles, without rounding (a fixed-point "superaccumulator").
 *
 * <p>Every finite double is m·2^e with an integer m &lt; 2^53 and e ≥ -1074, so the sum of any number of them is an
 * integer multiple of 2^-1074. The accumulator keeps that integer in 32-bit limbs held in {@code long}s, so carries can
 * be deferred for 2^30 additions; {@link #add} costs a few integer operations. {@link #value()} is the exact sum as a
 * rational (a dyadic number).
 *
 * <p>Not thread-safe. Negative, NaN and infinite terms are refused (the masses it sums are non-negative by
 * construction; a negative one is a bug in the caller).
 */
public final class ExactSum {
    private static final int LIMBS = 70;
    private static final int NORMALISE_EVERY = 1 << 30;
    private final long[] limb = new long[LIMBS];
    private int pending;
    private boolean empty = true;

    /** Adds v exactly. */
    public void add(double v) {
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("ExactSum adds finite non-negative doubles only, got " + v);
        }
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        long m = bits & 0xFFFFFFFFFFFFFL;
        if (m == 0 && biased == 0) {
            return;
        }
        int position;
        if (biased == 0) {
            position = 0;
        } else {
            m |= 1L << 52;
            position = biased - 1;
        }
        int index = position >>> 5;
        int shift = position & 31;
        long low = m << shift;
        long high = shift == 0 ? 0 : m >>> (64 - shift);
        limb[index] += low & 0xFFFFFFFFL;
        limb[index + 1] += low >>> 32;
        limb[index + 2] += high;
        empty = false;
        if (++pending == NORMALISE_EVERY) {
            normalise();
        }
    }

    /** Adds every entry of {@code values} in [from, to). */
    public void addAll(double[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            add(values[i]);
        }
    }

    private void normalise() {
        long carry = 0;
        for (int i = 0; i < LIMBS; i++) {
            long v = limb[i] + carry;
            limb[i] = v & 0xFFFFFFFFL;
            carry = v >>> 32;
        }
        pending = 0;
    }

    /** The sum as an integer count of 2^-1074. */
    public BigInteger units() {
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
