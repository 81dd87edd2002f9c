package org.specverify.reference.arith;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.Distribution;

/** Exact rational arithmetic on Commons Numbers {@link BigFraction}: every comparison is decided. */
public final class Exact implements Arithmetic<BigFraction> {
    public static final Exact INSTANCE = new Exact();

    private Exact() {
    }

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public boolean isExact() {
        return true;
    }

    @Override
    public BigFraction zero() {
        return BigFraction.ZERO;
    }

    @Override
    public BigFraction one() {
        return BigFraction.ONE;
    }

    @Override
    public BigFraction of(long n) {
        return BigFraction.of(n);
    }

    @Override
    public BigFraction of(BigFraction x) {
        return x;
    }

    @Override
    public BigFraction ofDouble(double x) {
        if (!Double.isFinite(x)) {
            throw new ArithmeticException("not a finite number: " + x);
        }
        return x == 0 ? BigFraction.ZERO : BigFraction.from(x);
    }

    @Override
    public BigFraction add(BigFraction a, BigFraction b) {
        return a.signum() == 0 ? b : b.signum() == 0 ? a : a.add(b);
    }

    @Override
    public BigFraction subtract(BigFraction a, BigFraction b) {
        return b.signum() == 0 ? a : a.subtract(b);
    }

    @Override
    public BigFraction multiply(BigFraction a, BigFraction b) {
        if (a.signum() == 0 || b.signum() == 0) {
            return BigFraction.ZERO;
        }
        return a.multiply(b);
    }

    @Override
    public BigFraction divide(BigFraction a, BigFraction b) {
        if (b.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return a.signum() == 0 ? BigFraction.ZERO : a.divide(b);
    }

    @Override
    public BigFraction min(BigFraction a, BigFraction b) {
        return Fractions.compare(a, b) <= 0 ? a : b;
    }

    @Override
    public BigFraction max(BigFraction a, BigFraction b) {
        return Fractions.compare(a, b) >= 0 ? a : b;
    }

    @Override
    public BigFraction positivePart(BigFraction a) {
        return a.signum() > 0 ? a : BigFraction.ZERO;
    }

    @Override
    public int compare(BigFraction a, BigFraction b) {
        return Integer.signum(Fractions.compare(a, b));
    }

    @Override
    public int signum(BigFraction a) {
        return a.signum();
    }

    @Override
    public double toDouble(BigFraction a) {
        return a.doubleValue();
    }

    @Override
    public BigFraction toExact(BigFraction a) {
        return a;
    }

    @Override
    public Measure<BigFraction> law(Distribution d) {
        DyadicRow row = d.dyadicRow().orElse(null);
        if (row != null) {
            return ExactAffine.law(row);
        }
        List<BigFraction> w = new ArrayList<>(d.size());
        for (int x = 0; x < d.size(); x++) {
            w.add(d.p(x));
        }
        return new DenseMeasure<>(this, w);
    }

    @Override
    public Measure<BigFraction> measure(List<BigFraction> weights) {
        for (int x = 0; x < weights.size(); x++) {
            if (weights.get(x).signum() < 0) {
                throw new IllegalArgumentException("weight " + x + " is negative: " + weights.get(x));
            }
        }
        return new DenseMeasure<>(this, weights);
    }

    /**
     * The values of an exact measure over one common denominator: for the closed forms of rows one integer multiply per
     * token (no gcd), otherwise the lcm of the values' denominators.
     */
    public static ExactVector vector(Measure<BigFraction> m) {
        if (m instanceof ExactAffine a) {
            return a.vector();
        }
        java.math.BigInteger lcm = java.math.BigInteger.ONE;
        for (int x = 0; x < m.size(); x++) {
            java.math.BigInteger d = m.at(x).getDenominator().abs();
            lcm = lcm.divide(lcm.gcd(d)).multiply(d);
        }
        java.math.BigInteger[] num = new java.math.BigInteger[m.size()];
        for (int x = 0; x < num.length; x++) {
            BigFraction v = m.at(x);
            num[x] = v.getNumerator().abs().multiply(lcm.divide(v.getDenominator().abs()))
                .multiply(java.math.BigInteger.valueOf(v.signum()));
        }
        return new ExactVector(num, lcm);
    }

    @Override
    public String toString() {
        return name();
    }
}
