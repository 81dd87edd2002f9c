package org.specverify.reference.arith;

import java.util.Arrays;

/**
 * A certified measure stored as two primitive arrays, midpoints and radii: what residuals against a second row (drafts
 * from different models) and masked or scaled measures become in the certified arithmetic, so that an operation over
 * |V| = 128k tokens is one loop of double arithmetic rather than |V| ball objects. Each element's radius is rounded up as
 * in {@link Certified}; a reduction adds the summation error γ_n·Σ|mid| (proofs-notes/certified-decisions.md).
 */
final class BallDense extends AbstractMeasure<Ball> {
    private static final double U = 0x1p-53;
    private final double[] mid;
    private final double[] rad;

    BallDense(double[] mid, double[] rad) {
        super(Certified.INSTANCE, mid.length);
        this.mid = mid;
        this.rad = rad;
    }

    /** The midpoints and radii of any certified measure, into the given arrays. */
    static void fill(Measure<Ball> m, double[] mid, double[] rad) {
        if (m instanceof BallDense d) {
            System.arraycopy(d.mid, 0, mid, 0, mid.length);
            System.arraycopy(d.rad, 0, rad, 0, rad.length);
        } else if (m instanceof BallAffine a) {
            a.fill(mid, rad);
        } else {
            for (int x = 0; x < mid.length; x++) {
                Ball b = m.at(x);
                mid[x] = b.mid();
                rad[x] = b.rad();
            }
        }
    }

    /** The arrays of a measure: its own for a dense one (never written), else filled. */
    private static double[][] arrays(Measure<Ball> m) {
        if (m instanceof BallDense d) {
            return new double[][] {d.mid, d.rad};
        }
        double[] mid = new double[m.size()];
        double[] rad = new double[m.size()];
        fill(m, mid, rad);
        return new double[][] {mid, rad};
    }

    /** (a − c·b)+ token by token. */
    static BallDense minusPositive(Measure<Ball> a, Measure<Ball> b, Ball c) {
        int n = a.size();
        double[][] av2 = arrays(a);
        double[][] bv2 = arrays(b);
        double[] am0 = av2[0];
        double[] ar0 = av2[1];
        double[] bm = bv2[0];
        double[] br = bv2[1];
        double[] am = new double[n];
        double[] ar = new double[n];
        double cm = c.mid();
        double cr = c.rad();
        for (int x = 0; x < n; x++) {
            am[x] = am0[x];
            ar[x] = ar0[x];
            double p = cm * bm[x];
            double e1 = Math.abs(Math.fma(cm, bm[x], -p));
            double d = am[x] - p;
            double bv = d - am[x];
            double av = d - bv;
            double e2 = Math.abs((am[x] - av) + (-p - bv));
            double r = ar[x] + Math.abs(cm) * br[x] + Math.abs(bm[x]) * cr + cr * br[x] + e1 + e2;
            Certified.positivePartInto(d, r == 0 ? 0 : Certified.up(r), am, ar, x);
        }
        return new BallDense(am, ar);
    }

    @Override
    public Ball at(int token) {
        checkToken(token);
        return new Ball(mid[token], rad[token]);
    }

    @Override
    Ball computeTotal() {
        double s = 0;
        double r = 0;
        double abs = 0;
        for (int x = 0; x < n; x++) {
            s += mid[x];
            r += rad[x];
            abs += Math.abs(mid[x]);
        }
        double gamma = n * U / (1 - n * U);
        return new Ball(s, Certified.up(r * (1 + gamma) + gamma * 1.01 * abs) + n * 0x1p-1073);
    }

    @Override
    Measure<Ball> makeWithout(int token) {
        double[] m = mid.clone();
        double[] r = rad.clone();
        m[token] = 0;
        r[token] = 0;
        return new BallDense(m, r);
    }

    @Override
    Measure<Ball> makeMinusPositive(Measure<Ball> other, Ball c) {
        return minusPositive(this, other, c);
    }

    @Override
    public Measure<Ball> times(Ball factor) {
        requireNonNegative(factor);
        double[] m = new double[n];
        double[] r = new double[n];
        double fm = factor.mid();
        double fr = factor.rad();
        for (int x = 0; x < n; x++) {
            double p = fm * mid[x];
            double e = Math.abs(Math.fma(fm, mid[x], -p));
            double rr = Math.abs(fm) * rad[x] + Math.abs(mid[x]) * fr + fr * rad[x] + e;
            m[x] = p;
            r[x] = rr == 0 ? 0 : Certified.up(rr);
        }
        return new BallDense(m, r);
    }

    @Override
    public Cell<Ball> locate(Ball target) {
        checkTarget(target);
        Ball total = total();
        double bound = total.rad();
        double want = target.mid();
        double cum = 0;
        for (int x = 0; x < n; x++) {
            double v = mid[x];
            if (!(v > 0)) {
                continue;
            }
            double before = cum;
            cum += v;
            if (cum > want) {
                double err = Certified.up(target.rad() + bound + 2 * U * Math.abs(want));
                if (Math.nextDown(want - err) > before && Math.nextUp(want + err) < cum) {
                    return new Cell<>(x, new Ball(before, bound), new Ball(cum, bound));
                }
                throw new Undecided("categorical draw within the error bound of a cell boundary (token " + x + ")");
            }
        }
        throw new Undecided("categorical target at the end of the measure within the error bound");
    }

    @Override
    public String toString() {
        return "BallDense" + Arrays.toString(Arrays.copyOf(mid, Math.min(n, 8)));
    }
}
