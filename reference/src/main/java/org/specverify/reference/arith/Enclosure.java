package org.specverify.reference.arith;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;

/**
 * Doubles that provably bracket an exact rational: {@code lower(x) ≤ x ≤ upper(x)}, each within a few ulps of x.
 *
 * <p>The bracket does not rely on the accuracy of {@link BigFraction#doubleValue()}: the candidate is moved by
 * {@link Math#nextDown}/{@link Math#nextUp} until an exact comparison of rationals confirms it, so the guarantee rests
 * only on exact arithmetic.
 */
public final class Enclosure {
    private Enclosure() {
    }

    /** The largest double found at or below x (within a few ulps of x). */
    public static double lower(BigFraction x) {
        double d = x.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw new ArithmeticException("rational out of double range: " + x);
        }
        while (Fractions.compare(BigFraction.from(d), x) > 0) {
            d = Math.nextDown(d);
        }
        return d;
    }

    /** The smallest double found at or above x (within a few ulps of x). */
    public static double upper(BigFraction x) {
        double d = x.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw new ArithmeticException("rational out of double range: " + x);
        }
        while (Fractions.compare(BigFraction.from(d), x) < 0) {
            d = Math.nextUp(d);
        }
        return d;
    }

    /** A ball (mid, rad) with |x - mid| ≤ rad: mid is a double near x, rad an upper bound of the distance. */
    public static Ball ball(BigFraction x) {
        double d = x.doubleValue();
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw new ArithmeticException("rational out of double range: " + x);
        }
        BigFraction exactMid = BigFraction.from(d);
        int c = Fractions.compare(exactMid, x);
        if (c == 0) {
            return new Ball(d, 0);
        }
        return new Ball(d, upper(exactMid.subtract(x).abs()));
    }
}
