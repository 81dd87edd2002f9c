package org.specverify.reference.arith;

import java.util.List;

/**
 * {@link AffineMeasure} in the certified arithmetic: a reduction is one pass of double arithmetic over the row pair,
 * and its error is bounded a priori from the row totals, so no per-token error is stored.
 *
 * <p><b>Bound.</b> With a = mid(α), b = mid(β), each computed term t̂(x) = fl(fl(a·P(x)) − fl(b·Q(x))) is within
 * rad(α)·P(x) + rad(β)·Q(x) + 3u·(a·P(x) + b·Q(x)) + 2η of the exact α·P(x) − β·Q(x) (u = 2^-53, η = 2^-1075 for
 * underflow), and (·)+ is 1-Lipschitz. Summing m terms in order adds at most γ_m·Σ t̂+ with γ_m = m·u/(1 − m·u). Over
 * any run of tokens, Σ P ≤ {@link DyadicRow#totalUpper()} and likewise for Q, which gives
 * {@link #bound(double, int)}. Every radius is rounded up ({@link Certified#up}). proofs-notes/certified-decisions.md
 * has the derivation.
 */
final class BallAffine extends AffineMeasure<Ball> {
    private static final double U = 0x1p-53;
    private static final double ETA2 = 0x1p-1073;

    BallAffine(DyadicRow p, Ball alpha, DyadicRow q, Ball beta, int[] idx, List<Ball> val) {
        super(Certified.INSTANCE, p, alpha, q, beta, idx, val);
    }

    /** The law of a row: (1/ΣP)·P, of total exactly one. */
    static BallAffine law(DyadicRow row) {
        return new BallAffine(row, Certified.INSTANCE.divide(Ball.exact(1), row.totalEnclosure()));
    }

    private BallAffine(DyadicRow row, Ball alpha) {
        super(Certified.INSTANCE, row, true, alpha, null, null, new int[0], List.of());
    }

    @Override
    AffineMeasure<Ball> make(DyadicRow p, Ball alpha, DyadicRow q, Ball beta, int[] idx, List<Ball> val) {
        return new BallAffine(p, alpha, q, beta, idx, val);
    }

    /** The error bound of a computed sum (or prefix sum) {@code s} of {@code m} terms. */
    private double bound(double s, int m) {
        double a = Math.abs(alpha.mid());
        double e = alpha.rad() * p.totalUpper() + 3 * U * a * p.totalUpper();
        if (q != null) {
            double b = Math.abs(beta.mid());
            e += beta.rad() * q.totalUpper() + 3 * U * b * q.totalUpper();
        }
        double gamma = m * U / (1 - m * U);
        e += gamma * 1.01 * s;
        return Certified.up(e) + m * ETA2;
    }

    @Override
    Ball segmentSum(int from, int to) {
        double a = alpha.mid();
        double s = 0;
        float[] pf = p.rawFloats();
        float[] qf = q == null ? null : q.rawFloats();
        if (q == null) {
            if (pf != null) {
                for (int x = from; x < to; x++) {
                    s += a * pf[x];
                }
            } else {
                double[] pr = p.raw();
                for (int x = from; x < to; x++) {
                    s += a * pr[x];
                }
            }
        } else {
            double b = beta.mid();
            if (pf != null && qf != null) {
                for (int x = from; x < to; x++) {
                    double t = a * pf[x] - b * qf[x];
                    s += t > 0 ? t : 0;
                }
            } else {
                double[] pr = p.raw();
                double[] qr = q.raw();
                for (int x = from; x < to; x++) {
                    double t = a * pr[x] - b * qr[x];
                    s += t > 0 ? t : 0;
                }
            }
        }
        return new Ball(s, bound(s, to - from));
    }

    /** Midpoints and radii of every token (overrides included), in one loop: for {@link BallDense}. */
    void fill(double[] mid, double[] rad) {
        double a = alpha.mid();
        double b = q == null ? 0 : beta.mid();
        double ra = alpha.rad();
        double rb = q == null ? 0 : beta.rad();
        for (int x = 0; x < n; x++) {
            double px = p.weight(x);
            double t = a * px;
            double err = ra * px + 2 * U * Math.abs(t);
            if (q != null) {
                double qx = q.weight(x);
                double bq = b * qx;
                t = t - bq;
                err += rb * qx + 2 * U * (Math.abs(bq) + Math.abs(t));
            }
            double r = err == 0 && (ra == 0 && rb == 0) ? 0 : Certified.up(err) + 0x1p-1073;
            if (q == null) {
                mid[x] = t;
                rad[x] = r;
            } else {
                Certified.positivePartInto(t, r, mid, rad, x);
            }
        }
        for (int j = 0; j < idx.length; j++) {
            mid[idx[j]] = val.get(j).mid();
            rad[idx[j]] = val.get(j).rad();
        }
    }

    /** The closed form's midpoint value at a token. */
    private double term(int x, double a, double b) {
        double v = a * p.weight(x);
        return q == null ? v : v - b * q.weight(x);
    }

    @Override
    Cell<Ball> segmentLocate(int from, int to, Ball offset, Ball target) {
        double a = alpha.mid();
        double b = q == null ? 0 : beta.mid();
        double want = target.mid() - offset.mid();
        double cum = 0;
        for (int x = from; x < to; x++) {
            double v = term(x, a, b);
            if (!(v > 0)) {
                continue;
            }
            double before = cum;
            cum += v;
            if (cum > want) {
                double err = Certified.up(target.rad() + offset.rad() + 2 * U * Math.abs(want)
                    + bound(cum, x - from + 1));
                if (Math.nextDown(want - err) > before && Math.nextUp(want + err) < cum) {
                    double r = bound(cum, x - from + 1);
                    Certified c = Certified.INSTANCE;
                    return new Cell<>(x, c.add(offset, new Ball(before, r)), c.add(offset, new Ball(cum, r)));
                }
                throw new Undecided("categorical draw within the error bound of a cell boundary (token " + x + ")");
            }
        }
        throw new Undecided("categorical target at the end of a segment within the error bound");
    }
}
