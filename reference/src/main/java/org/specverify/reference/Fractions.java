package org.specverify.reference;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Exact rational helpers on Commons Numbers {@link BigFraction}.
 *
 * <p>Parsing is exact: the decimal text {@code "0.05"} is the rational 1/20 as written, never the nearest double.
 */
public final class Fractions {
    public static final BigFraction ZERO = BigFraction.ZERO;
    public static final BigFraction ONE = BigFraction.ONE;

    private Fractions() {
    }

    /**
     * Parses an exact rational from text: an integer ({@code "3"}), a decimal ({@code "0.05"}, {@code "1e-3"}) or a
     * fraction ({@code "a/b"} with integer a and b, b non-zero). Leading and trailing white space is ignored.
     *
     * @throws InvalidInputException naming the text when it is none of these (NaN, infinity, empty, garbage)
     */
    public static BigFraction parse(String text) {
        if (text == null) {
            throw new InvalidInputException("missing number (null)");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new InvalidInputException("empty number text");
        }
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                BigInteger num = new BigInteger(s.substring(0, slash).trim());
                BigInteger den = new BigInteger(s.substring(slash + 1).trim());
                if (den.signum() == 0) {
                    throw new InvalidInputException("zero denominator in '" + text + "'");
                }
                return canonical(BigFraction.of(num, den));
            }
            return of(new BigDecimal(s));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("not an exact number: '" + text
                + "' (expected an integer, a decimal such as 0.05, or a fraction a/b)", e);
        }
    }

    /**
     * The same value with a positive denominator. {@link BigFraction} keeps the signs it was built with
     * ({@code BigFraction.of(1, -3)} has numerator 1 and denominator -3, {@code BigFraction.of(-1, -3)} is 1/3 with both
     * negative); code that works with numerators and denominators needs this form.
     */
    public static BigFraction canonical(BigFraction a) {
        return a.getDenominator().signum() < 0
            ? BigFraction.of(a.getNumerator().negate(), a.getDenominator().negate()) : a;
    }

    /** The exact value of a decimal. */
    public static BigFraction of(BigDecimal d) {
        BigInteger unscaled = d.unscaledValue();
        int scale = d.scale();
        if (scale >= 0) {
            return BigFraction.of(unscaled, BigInteger.TEN.pow(scale));
        }
        return BigFraction.of(unscaled.multiply(BigInteger.TEN.pow(-scale)));
    }

    /**
     * The exact value of a finite double (every finite double is a dyadic rational).
     *
     * @throws InvalidInputException for NaN or an infinity
     */
    public static BigFraction ofDouble(double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("not a finite number: " + x);
        }
        return BigFraction.from(x);
    }

    /**
     * The order of two rationals: negative, zero or positive as a &lt; b, a = b, a &gt; b.
     *
     * <p>Use this instead of {@link BigFraction#compareTo}: in Commons Numbers 1.2 that method compares magnitudes when
     * both operands have the same sign, so it orders two negative fractions backwards (-1/2 compares above -1/3);
     * {@code FractionsTest#compareOrdersNegativeFractions} shows it.
     */
    public static int compare(BigFraction a, BigFraction b) {
        int sa = a.signum();
        int sb = b.signum();
        if (sa != sb) {
            return Integer.compare(sa, sb);
        }
        if (sa == 0) {
            return 0;
        }
        int magnitude = a.getNumerator().abs().multiply(b.getDenominator().abs())
            .compareTo(b.getNumerator().abs().multiply(a.getDenominator().abs()));
        return sa > 0 ? magnitude : -magnitude;
    }

    public static BigFraction min(BigFraction a, BigFraction b) {
        return compare(a, b) <= 0 ? a : b;
    }

    public static BigFraction max(BigFraction a, BigFraction b) {
        return compare(a, b) >= 0 ? a : b;
    }

    /** (a)+ = max(a, 0). */
    public static BigFraction positivePart(BigFraction a) {
        return a.signum() > 0 ? a : ZERO;
    }

    public static BigFraction sum(BigFraction[] xs) {
        BigFraction s = ZERO;
        for (BigFraction x : xs) {
            s = s.add(x);
        }
        return s;
    }

    public static boolean isZero(BigFraction a) {
        return a.signum() == 0;
    }

    /**
     * "a/b" in lowest terms with b &gt; 0, the sign on the numerator ("-1/3", never "1/-3"), or "a" when the
     * denominator is one. {@link BigFraction} keeps the signs it was built with ({@code BigFraction.of(1, -3)} has
     * denominator -3), so they are normalised here. {@link #parse} reads the text back to the same value.
     */
    public static String format(BigFraction a) {
        BigInteger num = a.getNumerator();
        BigInteger den = a.getDenominator();
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        if (g.compareTo(BigInteger.ONE) > 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }
}
