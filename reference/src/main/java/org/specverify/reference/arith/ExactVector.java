package org.specverify.reference.arith;

import java.math.BigInteger;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Exact non-negative values over one common denominator: value(x) = numerator(x) / denominator. The form in which a
 * whole law over |V| = 128k tokens is materialised exactly without a gcd per token ({@link Exact#vector}).
 */
public final class ExactVector {
    private final BigInteger[] num;
    private final BigInteger den;

    ExactVector(BigInteger[] num, BigInteger den) {
        if (den.signum() <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
        this.num = num;
        this.den = den;
    }

    public int size() {
        return num.length;
    }

    /** The common denominator (not necessarily the least one). */
    public BigInteger denominator() {
        return den;
    }

    /** The numerator of a token over {@link #denominator()}. */
    public BigInteger numerator(int x) {
        return num[x];
    }

    /** The exact value at a token (reduced). */
    public BigFraction get(int x) {
        return num[x].signum() == 0 ? BigFraction.ZERO : BigFraction.of(num[x], den);
    }

    public boolean positive(int x) {
        return num[x].signum() > 0;
    }

    /** Σ numerators over the denominator, exactly. */
    public BigFraction total() {
        BigInteger s = BigInteger.ZERO;
        for (BigInteger n : num) {
            s = s.add(n);
        }
        return BigFraction.of(s, den);
    }

    /** factor·this, for a rational factor ≥ 0. */
    public ExactVector times(BigFraction factor) {
        BigInteger a = factor.getNumerator().abs();
        BigInteger b = factor.getDenominator().abs();
        if (factor.signum() < 0) {
            throw new IllegalArgumentException("negative factor " + factor);
        }
        BigInteger[] out = new BigInteger[num.length];
        for (int x = 0; x < out.length; x++) {
            out[x] = num[x].signum() == 0 ? BigInteger.ZERO : num[x].multiply(a);
        }
        return new ExactVector(out, den.multiply(b));
    }

    /** this + other, over the product of the denominators divided by their gcd. */
    public ExactVector plus(ExactVector other) {
        if (other.num.length != num.length) {
            throw new IllegalArgumentException("vectors over " + num.length + " and " + other.num.length + " tokens");
        }
        BigInteger g = den.gcd(other.den);
        BigInteger mine = other.den.divide(g);
        BigInteger theirs = den.divide(g);
        BigInteger[] out = new BigInteger[num.length];
        for (int x = 0; x < out.length; x++) {
            out[x] = scale(num[x], mine).add(scale(other.num[x], theirs));
        }
        return new ExactVector(out, den.multiply(mine));
    }

    /** this + value at one token. */
    public ExactVector plusAt(int token, BigFraction value) {
        BigInteger vd = value.getDenominator().abs();
        BigInteger vn = value.getNumerator().abs().multiply(BigInteger.valueOf(value.signum()));
        BigInteger g = den.gcd(vd);
        BigInteger mine = vd.divide(g);
        BigInteger newDen = den.multiply(mine);
        BigInteger[] out = new BigInteger[num.length];
        for (int x = 0; x < out.length; x++) {
            out[x] = scale(num[x], mine);
        }
        out[token] = out[token].add(vn.multiply(newDen.divide(vd)));
        if (out[token].signum() < 0) {
            throw new IllegalArgumentException("negative value at token " + token);
        }
        return new ExactVector(out, newDen);
    }

    private static BigInteger scale(BigInteger n, BigInteger f) {
        return n.signum() == 0 || f.equals(BigInteger.ONE) ? n : n.multiply(f);
    }

    /** Zero everywhere, over {@code n} tokens. */
    public static ExactVector zero(int n) {
        BigInteger[] z = new BigInteger[n];
        Arrays.fill(z, BigInteger.ZERO);
        return new ExactVector(z, BigInteger.ONE);
    }
}
