package org.specverify.reference.arith;

import java.math.BigInteger;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;

/**
 * {@link AffineMeasure} in exact rationals. A reduction over a row pair needs the set A = {x : α·P(x) > β·Q(x)};
 * each token is classified with a double filter whose error is bounded rigorously, and only the tokens inside the
 * bound are compared exactly. The sums over A are exact sums of doubles ({@link ExactSum}), so a reduction costs
 * |V| double operations plus one rational multiply per row, whatever the denominators.
 */
final class ExactAffine extends AffineMeasure<BigFraction> {
    private static final double U = 0x1p-53;
    private static final double INFLATE = 1 + 0x1p-49;
    private static final double TINY = 0x1p-1060;

    ExactAffine(DyadicRow p, BigFraction alpha, DyadicRow q, BigFraction beta, int[] idx, List<BigFraction> val) {
        super(Exact.INSTANCE, p, alpha, q, beta, idx, val);
    }

    /** The law of a row: (1/ΣP)·P, of total exactly one. */
    static ExactAffine law(DyadicRow row) {
        return new ExactAffine(row, BigFraction.ONE.divide(row.total()));
    }

    private ExactAffine(DyadicRow row, BigFraction alpha) {
        super(Exact.INSTANCE, row, true, alpha, null, null, new int[0], List.of());
    }

    @Override
    AffineMeasure<BigFraction> make(DyadicRow p, BigFraction alpha, DyadicRow q, BigFraction beta, int[] idx,
                                    List<BigFraction> val) {
        return new ExactAffine(p, alpha, q, beta, idx, val);
    }

    /** The exact sums of P and Q over A ∩ [from, to). */
    private BigFraction[] sumsOverPositiveSet(int from, int to) {
        double[] pr = p.raw();
        ExactSum sp = new ExactSum();
        ExactSum sq = new ExactSum();
        if (q == null || beta.signum() == 0) {
            sp.addAll(pr, from, to);
            return new BigFraction[] {sp.value(), BigFraction.ZERO};
        }
        double[] qr = q.raw();
        Ball a = Enclosure.ball(alpha);
        Ball b = Enclosure.ball(beta);
        double am = a.mid();
        double bm = b.mid();
        double ar0 = a.rad();
        double br0 = b.rad();
        for (int x = from; x < to; x++) {
            double px = pr[x];
            double qx = qr[x];
            if (px == 0) {
                continue;
            }
            if (qx == 0) {
                sp.add(px);
                continue;
            }
            double t = am * px - bm * qx;
            double err = (ar0 * px + br0 * qx + 3 * U * (am * px + bm * qx)) * INFLATE + TINY;
            boolean in;
            if (t > err) {
                in = true;
            } else if (t < -err) {
                in = false;
            } else {
                in = Fractions.compare(alpha.multiply(BigFraction.from(px)), beta.multiply(BigFraction.from(qx))) > 0;
            }
            if (in) {
                sp.add(px);
                sq.add(qx);
            }
        }
        return new BigFraction[] {sp.value(), sq.value()};
    }

    /** The exponent e of a double as m·2^e with an integer m (odd or zero is not required). */
    private static int exponent(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        return biased == 0 ? -1074 : biased - 1075;
    }

    private static BigInteger mantissa(double v) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> 52) & 0x7FF;
        long m = bits & 0xFFFFFFFFFFFFFL;
        return BigInteger.valueOf(biased == 0 ? m : m | (1L << 52));
    }

    /** The smallest exponent of a positive weight of the row. */
    private static int minExponent(double[] w) {
        int e = Integer.MAX_VALUE;
        for (double v : w) {
            if (v > 0) {
                e = Math.min(e, exponent(v));
            }
        }
        return e == Integer.MAX_VALUE ? 0 : e;
    }

    /**
     * Every value over one denominator: with α = a1/a2, β = b1/b2 and the weights written m·2^E for the smallest
     * exponent E of both rows, value(x) = max(0, a1·b2·P'(x) − b1·a2·Q'(x)) / (a2·b2·2^-E), P'(x) = P(x)/2^E an
     * integer; overrides are brought to the common denominator.
     */
    ExactVector vector() {
        double[] pr = p.raw();
        double[] qr = q == null ? null : q.raw();
        int e = minExponent(pr);
        if (qr != null) {
            e = Math.min(e, minExponent(qr));
        }
        BigInteger a1 = alpha.getNumerator().abs();
        BigInteger a2 = alpha.getDenominator().abs();
        BigInteger b1 = q == null ? BigInteger.ZERO : beta.getNumerator().abs();
        BigInteger b2 = q == null ? BigInteger.ONE : beta.getDenominator().abs();
        BigInteger ca = a1.multiply(b2);
        BigInteger cb = b1.multiply(a2);
        BigInteger den = a2.multiply(b2);
        BigInteger[] num = new BigInteger[n];
        for (int x = 0; x < n; x++) {
            if (pr[x] == 0) {
                num[x] = BigInteger.ZERO;
                continue;
            }
            BigInteger v = ca.multiply(mantissa(pr[x]).shiftLeft(exponent(pr[x]) - e));
            if (qr != null && qr[x] > 0) {
                v = v.subtract(cb.multiply(mantissa(qr[x]).shiftLeft(exponent(qr[x]) - e)));
            }
            num[x] = v.signum() > 0 ? v : BigInteger.ZERO;
        }
        if (e < 0) {
            den = den.shiftLeft(-e);
        } else {
            for (int x = 0; x < n; x++) {
                num[x] = num[x].shiftLeft(e);
            }
        }
        ExactVector v = new ExactVector(num, den);
        for (int j = 0; j < idx.length; j++) {
            BigFraction current = v.get(idx[j]);
            v = v.plusAt(idx[j], val.get(j).subtract(current));
        }
        return v;
    }

    @Override
    BigFraction segmentSum(int from, int to) {
        BigFraction[] s = sumsOverPositiveSet(from, to);
        BigFraction sum = alpha.multiply(s[0]);
        return q == null ? sum : sum.subtract(beta.multiply(s[1]));
    }

    @Override
    Cell<BigFraction> segmentLocate(int from, int to, BigFraction offset, BigFraction target) {
        // a double scan proposes the cell; exact prefix sums confirm it or walk to the right one
        double[] pr = p.raw();
        double[] qr = q == null ? null : q.raw();
        double am = alpha.doubleValue();
        double bm = q == null ? 0 : beta.doubleValue();
        double want = target.subtract(offset).doubleValue();
        double cum = 0;
        int candidate = -1;
        int lastPositive = -1;
        for (int x = from; x < to; x++) {
            double v = qr == null ? am * pr[x] : Math.max(am * pr[x] - bm * qr[x], 0);
            if (v > 0 || pr[x] > 0) {
                lastPositive = x;
            }
            cum += v;
            if (v > 0 && cum > want) {
                candidate = x;
                break;
            }
        }
        int c = candidate >= 0 ? candidate : Math.max(lastPositive, from);
        BigFraction lower = offset.add(segmentSum(from, c));
        while (true) {
            BigFraction v = base(c);
            BigFraction upper = lower.add(v);
            if (Fractions.compare(target, lower) < 0) {
                if (c == from) {
                    throw new IllegalStateException("categorical target below the segment's start");
                }
                c--;
                lower = lower.subtract(base(c));
            } else if (Fractions.compare(target, upper) >= 0) {
                if (c + 1 >= to) {
                    throw new IllegalStateException("categorical target beyond the segment's end");
                }
                lower = upper;
                c++;
            } else {
                return new Cell<>(c, lower, upper);
            }
        }
    }
}
