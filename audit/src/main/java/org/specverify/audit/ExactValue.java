package org.specverify.audit;

import java.util.Objects;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;

/**
 * An exact rational reported two ways: the fraction as text ("a/b", or "a" when whole) for exact comparison, and the
 * nearest double for reading and plotting. In JSON it is {@code {"exact": "a/b", "value": 0.73}}.
 */
public record ExactValue(BigFraction exact) {
    public ExactValue {
        Objects.requireNonNull(exact, "exact");
    }

    public static ExactValue of(BigFraction exact) {
        return new ExactValue(exact);
    }

    /** "a/b" in lowest terms, or "a" when the denominator is one. */
    public String fraction() {
        return Fractions.format(exact);
    }

    /** The nearest double. */
    public double value() {
        return exact.doubleValue();
    }

    public boolean isZero() {
        return exact.signum() == 0;
    }

    @Override
    public String toString() {
        return fraction();
    }
}
