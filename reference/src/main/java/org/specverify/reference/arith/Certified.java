package org.specverify.reference.arith;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;

/**
 * Certified floating-point arithmetic: midpoint-radius balls of doubles ({@link Ball}) that always contain the exact
 * value, with round-to-nearest double operations and rigorously rounded-up radii. A comparison is answered only when the
 * balls prove it; otherwise {@link Undecided} is thrown and the exact arithmetic decides that position.
 *
 * <p><b>Operations.</b> Sums and products of exact operands carry their exact rounding error as radius (TwoSum and
 * fma); otherwise the radius is the textbook bound (|a|·rb + |b|·ra + ra·rb for a product) plus the rounding error,
 * rounded up by {@link #up}. Division needs |mid(b)| &gt; rad(b). min, max and (·)+ are 1-Lipschitz, so they keep the
 * radius. Every bound is derived in proofs-notes/certified-decisions.md.
 */
public final class Certified implements Arithmetic<Ball> {
    public static final Certified INSTANCE = new Certified();

    private static final double U = 0x1p-53;
    private static final double INFLATE = 1 + 0x1p-49;
    private static final double DEFLATE = 1 - 0x1p-49;
    private static final double SLACK = 0x1p-1060;
    private static final double SMALL = 0x1p-960;
    private static final Ball ZERO = Ball.exact(0);
    private static final Ball ONE = Ball.exact(1);

    private Certified() {
    }

    /**
     * An upper bound of a non-negative real computed as r by at most ten round-to-nearest additions and
     * multiplications of non-negative doubles: r·(1 + 2^-49) + 2^-1060 (each operation errs by at most a factor 1 + u,
     * u = 2^-53, or by 2^-1075 in the subnormal range). Zero stays zero only for an exact zero input, which callers
     * pass only when every contribution was exactly zero.
     */
    static double up(double r) {
        if (!(r >= 0) || r == Double.POSITIVE_INFINITY) {
            throw new Undecided("error bound overflow: " + r);
        }
        return r * INFLATE + SLACK;
    }

    private static double twoSumError(double a, double b, double s) {
        double bv = s - a;
        double av = s - bv;
        return (a - av) + (b - bv);
    }

    private static Ball checked(double mid, double rad) {
        if (!Double.isFinite(mid)) {
            throw new Undecided("overflow in certified arithmetic");
        }
        return new Ball(mid, rad);
    }

    @Override
    public String name() {
        return "certified-double";
    }

    @Override
    public boolean isExact() {
        return false;
    }

    @Override
    public Ball zero() {
        return ZERO;
    }

    @Override
    public Ball one() {
        return ONE;
    }

    @Override
    public Ball of(long n) {
        return Math.abs(n) <= (1L << 53) ? Ball.exact(n) : Enclosure.ball(BigFraction.of(n));
    }

    @Override
    public Ball of(BigFraction x) {
        return Enclosure.ball(x);
    }

    @Override
    public Ball ofDouble(double x) {
        return Ball.exact(x);
    }

    @Override
    public Ball add(Ball a, Ball b) {
        double s = a.mid() + b.mid();
        double e = Math.abs(twoSumError(a.mid(), b.mid(), s));
        if (a.rad() == 0 && b.rad() == 0) {
            return checked(s, e);
        }
        return checked(s, up(a.rad() + b.rad() + e));
    }

    @Override
    public Ball subtract(Ball a, Ball b) {
        return add(a, new Ball(-b.mid(), b.rad()));
    }

    @Override
    public Ball multiply(Ball a, Ball b) {
        double am = a.mid();
        double bm = b.mid();
        double m = am * bm;
        if (!Double.isFinite(m)) {
            throw new Undecided("overflow in certified arithmetic");
        }
        double e = Math.abs(Math.fma(am, bm, -m));
        boolean small = Math.abs(m) < SMALL && am != 0 && bm != 0;
        if (a.rad() == 0 && b.rad() == 0) {
            return checked(m, small ? up(e) : e);
        }
        double r = Math.abs(am) * b.rad() + Math.abs(bm) * a.rad() + a.rad() * b.rad() + e;
        return checked(m, up(r));
    }

    @Override
    public Ball divide(Ball a, Ball b) {
        double bm = b.mid();
        if (b.rad() == 0 && bm == 0) {
            throw new ArithmeticException("division by zero");
        }
        if (!(Math.abs(bm) > b.rad() * INFLATE)) {
            throw new Undecided("divisor may be zero: " + b);
        }
        double am = a.mid();
        double qm = am / bm;
        if (!Double.isFinite(qm)) {
            throw new Undecided("overflow in certified arithmetic");
        }
        // the rounding of am/bm: at most u·|qm|, plus 2^-1075 when qm is subnormal
        double rounding = Math.abs(qm) * U + Double.MIN_VALUE;
        if (a.rad() == 0 && b.rad() == 0) {
            boolean small = Math.abs(qm) < SMALL || Math.abs(am) < SMALL || Math.abs(bm) < SMALL;
            if (!small && Math.fma(-qm, bm, am) == 0) {
                return Ball.exact(qm);
            }
            return checked(qm, up(rounding));
        }
        double den = (Math.abs(bm) - b.rad()) * DEFLATE;
        if (!(den > 0)) {
            throw new Undecided("divisor may be zero: " + b);
        }
        // |a/b - am/bm| <= (ra + |am/bm|·rb) / (|bm| - rb), with |am/bm| <= |qm|·(1 + u) + 2^-1074
        double num = up(a.rad() + (Math.abs(qm) * (1 + 2 * U) + Double.MIN_VALUE) * b.rad());
        return checked(qm, up(rounding + up(num / den)));
    }

    @Override
    public Ball min(Ball a, Ball b) {
        return new Ball(Math.min(a.mid(), b.mid()), Math.max(a.rad(), b.rad()));
    }

    @Override
    public Ball max(Ball a, Ball b) {
        return new Ball(Math.max(a.mid(), b.mid()), Math.max(a.rad(), b.rad()));
    }

    @Override
    public Ball positivePart(Ball a) {
        double[] mid = new double[1];
        double[] rad = new double[1];
        positivePartInto(a.mid(), a.rad(), mid, rad, 0);
        return mid[0] == a.mid() && rad[0] == a.rad() ? a : new Ball(mid[0], rad[0]);
    }

    /**
     * (x)+ of the ball (m, r), written to mid[i], rad[i]: the ball itself when it lies at or above zero, the exact 0 when
     * it lies at or below zero, else a ball covering [0, m + r]. Shared by the scalar and the array forms.
     */
    static void positivePartInto(double m, double r, double[] mid, double[] rad, int i) {
        if (r == 0) {
            mid[i] = m > 0 ? m : 0;
            rad[i] = 0;
        } else if (m - r >= 0 && Math.nextDown(m - r) >= 0) {
            mid[i] = m;
            rad[i] = r;
        } else if (m + r <= 0 && Math.nextUp(m + r) <= 0) {
            mid[i] = 0;
            rad[i] = 0;
        } else {
            double hi = Math.nextUp(Math.max(m, 0) + r);
            mid[i] = hi / 2;
            rad[i] = Math.nextUp(hi / 2);
        }
    }

    @Override
    public int compare(Ball a, Ball b) {
        double d = a.mid() - b.mid();
        double e = Math.abs(twoSumError(a.mid(), -b.mid(), d));
        if (a.rad() == 0 && b.rad() == 0 && e == 0) {
            return d > 0 ? 1 : d < 0 ? -1 : 0;
        }
        double r = up(a.rad() + b.rad() + e);
        if (d > r) {
            return 1;
        }
        if (d < -r) {
            return -1;
        }
        throw new Undecided("comparison within the error bound: " + a + " vs " + b);
    }

    @Override
    public int signum(Ball a) {
        if (a.rad() == 0) {
            return a.mid() > 0 ? 1 : a.mid() < 0 ? -1 : 0;
        }
        if (a.mid() > a.rad()) {
            return 1;
        }
        if (a.mid() < -a.rad()) {
            return -1;
        }
        throw new Undecided("sign within the error bound: " + a);
    }

    @Override
    public double toDouble(Ball a) {
        return a.mid();
    }

    @Override
    public BigFraction toExact(Ball a) {
        throw new UnsupportedOperationException("the certified arithmetic holds enclosures, not exact values");
    }

    @Override
    public Measure<Ball> law(Distribution d) {
        DyadicRow row = d.dyadicRow().orElse(null);
        if (row != null) {
            return BallAffine.law(row);
        }
        List<Ball> w = new ArrayList<>(d.size());
        for (int x = 0; x < d.size(); x++) {
            w.add(Enclosure.ball(d.p(x)));
        }
        return new DenseMeasure<>(this, w);
    }

    @Override
    public Measure<Ball> measure(List<Ball> weights) {
        return new DenseMeasure<>(this, weights);
    }

    @Override
    public String toString() {
        return name();
    }
}
