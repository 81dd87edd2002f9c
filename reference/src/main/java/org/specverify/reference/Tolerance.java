package org.specverify.reference;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A named tolerance for comparing a computed value with an expected one. Never a bare literal: every failure message
 * prints {@link #toString()}, so a reader sees which tolerance a check used.
 *
 * <ul>
 *   <li>{@link #exact()}: equality (for rationals, equality of the fractions; for doubles, equality of the values);</li>
 *   <li>{@link #absolute(double)}: |actual - expected| ≤ e;</li>
 *   <li>{@link #relative(double)}: |actual - expected| ≤ e·|expected|;</li>
 *   <li>{@link #ulps(int)}: the doubles are at most n representable values apart.</li>
 * </ul>
 *
 * NaN is never within any tolerance.
 */
public abstract class Tolerance {
    private final String description;

    private Tolerance(String description) {
        this.description = description;
    }

    public static Tolerance exact() {
        return new Tolerance("exact") {
            @Override
            public boolean test(double actual, double expected) {
                return actual == expected;
            }
        };
    }

    public static Tolerance absolute(double e) {
        requireNonNegative(e);
        return new Tolerance("absolute(" + e + ")") {
            @Override
            public boolean test(double actual, double expected) {
                return Math.abs(actual - expected) <= e;
            }
        };
    }

    public static Tolerance relative(double e) {
        requireNonNegative(e);
        return new Tolerance("relative(" + e + ")") {
            @Override
            public boolean test(double actual, double expected) {
                return Math.abs(actual - expected) <= e * Math.abs(expected);
            }
        };
    }

    public static Tolerance ulps(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("ulps must be >= 0, got " + n);
        }
        return new Tolerance("ulps(" + n + ")") {
            @Override
            public boolean test(double actual, double expected) {
                if (Double.isNaN(actual) || Double.isNaN(expected)) {
                    return false;
                }
                return Math.abs(ordered(actual) - ordered(expected)) <= n;
            }
        };
    }

    private static long ordered(double x) {
        long bits = Double.doubleToLongBits(x);
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }

    private static void requireNonNegative(double e) {
        if (!(e >= 0)) {
            throw new IllegalArgumentException("tolerance must be a non-negative number, got " + e);
        }
    }

    /** Whether actual is within this tolerance of expected. NaN never is. */
    public abstract boolean test(double actual, double expected);

    /** Compares a double with an exact value (converted to the nearest double). */
    public boolean test(double actual, BigFraction expected) {
        return test(actual, expected.doubleValue());
    }

    /** A failure message: what was compared, both values, the difference and this tolerance. */
    public String describe(String what, double actual, double expected) {
        return what + ": actual " + actual + ", expected " + expected + ", difference " + (actual - expected)
            + ", tolerance " + description;
    }

    @Override
    public String toString() {
        return description;
    }
}
