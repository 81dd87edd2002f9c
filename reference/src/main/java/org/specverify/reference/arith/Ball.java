package org.specverify.reference.arith;

/**
 * A real number known to lie in [mid - rad, mid + rad]: the values of the certified arithmetic {@link Certified}.
 *
 * @param mid a double near the exact value
 * @param rad an upper bound of |exact - mid|, never negative; zero when mid is the exact value
 */
public record Ball(double mid, double rad) {
    public Ball {
        if (!Double.isFinite(mid) || !(rad >= 0) || rad == Double.POSITIVE_INFINITY) {
            throw new ArithmeticException("not a finite ball: mid " + mid + ", rad " + rad);
        }
    }

    /** The exact double d. */
    public static Ball exact(double d) {
        return new Ball(d, 0);
    }

    /** Whether mid is the exact value. */
    public boolean isExact() {
        return rad == 0;
    }

    /** A double at or below every value of the ball. */
    public double lower() {
        return rad == 0 ? mid : Math.nextDown(mid - rad);
    }

    /** A double at or above every value of the ball. */
    public double upper() {
        return rad == 0 ? mid : Math.nextUp(mid + rad);
    }

    @Override
    public String toString() {
        return rad == 0 ? Double.toString(mid) : mid + " ± " + rad;
    }
}
