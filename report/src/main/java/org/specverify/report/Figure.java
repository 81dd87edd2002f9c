package org.specverify.report;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * One reported number and how far it can be trusted: either <b>exact</b> (a rational, computed without rounding) or
 * <b>floating</b> (a double with a proved bound on its distance to the exact value of the quantity for the same input
 * laws). Every acceptance and optimum in the reports is a figure, so the reader always knows which kind of number they
 * are looking at.
 *
 * @param value the value as a double (for an exact figure, the double nearest to it)
 * @param exact the exact value, or null for a floating figure
 * @param bound |value − true value| ≤ bound for a floating figure; 0 for an exact one
 */
public record Figure(double value, BigFraction exact, double bound) {
    public Figure {
        if (exact == null && !(bound >= 0)) {
            throw new IllegalArgumentException("a floating figure needs a non-negative error bound, got " + bound);
        }
    }

    /** An exact figure. */
    public static Figure exact(BigFraction v) {
        Objects.requireNonNull(v);
        return new Figure(v.doubleValue(), v, 0);
    }

    /** A floating figure: {@code value} within {@code bound} of the true value. */
    public static Figure floating(double value, double bound) {
        return new Figure(value, null, bound);
    }

    public boolean isExact() {
        return exact != null;
    }

    public Optional<BigFraction> exactValue() {
        return Optional.ofNullable(exact);
    }

    /** The smallest value the true quantity can have. */
    public double lower() {
        return value - bound;
    }

    /** The largest value the true quantity can have. */
    public double upper() {
        return value + bound;
    }

    /** "exact" or "floating". */
    public String kind() {
        return isExact() ? "exact" : "floating";
    }

    /** Six decimals, as in the tables. */
    public String decimal() {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** The error bound in scientific notation ("0" for exact figures). */
    public String boundText() {
        return isExact() ? "0" : String.format(Locale.ROOT, "%.1e", bound);
    }

    /** "0.812345 (exact 13/16)" or "0.812345 ± 3.1e-15". */
    @Override
    public String toString() {
        return isExact() ? decimal() + " (exact " + org.specverify.audit.ExactValue.of(exact).fraction() + ")"
            : decimal() + " ± " + boundText();
    }
}
