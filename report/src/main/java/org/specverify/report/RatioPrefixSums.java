package org.specverify.report;

import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;

/**
 * The one scan of a position's ratio order that α* for iid drafts ({@link FastAcceptance#optimumIid}) and K-SEQ's ρ
 * ({@link FastAcceptance#kseq}) both need: with the tokens in ascending order of p/q (q = 0 last), the ratios and the
 * compensated prefix sums of p and of q ({@link CompensatedSum}, added in that order). Both used to make the same sums in
 * two passes of their own; they now read these, and their figures are bit for bit what they were
 * ({@code RatioPrefixSumsTest}).
 *
 * <p>The per-position path ({@link #ofSorted}) reads the masses already gathered in ratio order by
 * {@link RadixRatioOrder#sort}, keeps its arrays per thread (no allocation per position) and takes the ratio-prefix
 * minimum of α* for one K in the same pass ({@link #iidMinimum}): the same sums in the same order, so the same bits.
 */
public final class RatioPrefixSums {
    final Law p;
    final Law q;
    final int n;
    /** ratio[j] = p/q of the j-th token of the order, +∞ where q = 0. */
    final double[] ratio;
    /** preP[j], preQ[j]: the compensated sums of p and q over the first j tokens of the order. */
    final double[] preP;
    final double[] preQ;
    /** The K of {@link #iidMinimum}, 0 where it was not taken in the scan. */
    final int minimumK;
    /** min over j = 1..n of preP[j]/P + 1 − (preQ[j]/Q)^K for K = {@link #minimumK} (P, Q the laws' totals), or 1. */
    final double iidMinimum;

    private RatioPrefixSums(Law p, Law q, int n) {
        this(p, q, n, new double[n], new double[n + 1], new double[n + 1], 0, 1);
    }

    private RatioPrefixSums(Law p, Law q, int n, double[] ratio, double[] preP, double[] preQ, int minimumK,
                            double iidMinimum) {
        this.p = p;
        this.q = q;
        this.n = n;
        this.ratio = ratio;
        this.preP = preP;
        this.preQ = preQ;
        this.minimumK = minimumK;
        this.iidMinimum = iidMinimum;
    }

    /** One thread's prefix arrays, reused by {@link #ofSorted}. */
    private static final class Buffers {
        double[] preP = new double[1];
        double[] preQ = new double[1];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /**
     * The sums over the order that {@link RadixRatioOrder#sort} left in {@code sorted} for p and q (its ratios are
     * shared, not copied), with the ratio-prefix minimum of α* for K iid drafts taken in the same pass; bit for bit
     * the sums and minimum of {@link #of} and {@link FastAcceptance#optimumIid(Law, Law, int, int[])}. The arrays are
     * this thread's and the next call overwrites them: the result is for use before then.
     *
     * @throws InvalidInputException when the sizes differ or K &lt; 1
     */
    static RatioPrefixSums ofSorted(Law p, Law q, RadixRatioOrder.Sorted sorted, int k) {
        p.requireSameSize(q, "the draft law");
        int n = p.size();
        if (sorted.n != n) {
            throw new InvalidInputException("the ratio order has " + sorted.n + " tokens but the target has " + n);
        }
        if (k < 1) {
            throw new InvalidInputException("K must be at least 1, got " + k);
        }
        Buffers buf = BUFFERS.get();
        if (buf.preP.length != n + 1) {
            buf.preP = new double[n + 1];
            buf.preQ = new double[n + 1];
        }
        double[] preP = buf.preP;
        double[] preQ = buf.preQ;
        double[] sp = sorted.p;
        double[] sq = sorted.q;
        double invP = 1 / p.total();
        double invQ = 1 / q.total();
        // the two compensated sums of CompensatedSum, kept in locals (the same operations, so the same bits)
        double s1 = 0;
        double c1 = 0;
        double s2 = 0;
        double c2 = 0;
        double best = 1;
        preP[0] = 0;
        preQ[0] = 0;
        for (int j = 0; j < n; j++) {
            double a = sp[j];
            double t1 = s1 + a;
            c1 += CompensatedSum.error(s1, a, t1);
            s1 = t1;
            double r1 = s1 + c1;
            double vp = Double.isFinite(r1) ? r1 : s1;
            double b = sq[j];
            double t2 = s2 + b;
            c2 += CompensatedSum.error(s2, b, t2);
            s2 = t2;
            double r2 = s2 + c2;
            double vq = Double.isFinite(r2) ? r2 : s2;
            preP[j + 1] = vp;
            preQ[j + 1] = vq;
            double v = vp * invP + (1 - FastAcceptance.pow(vq * invQ, k));
            if (v < best) {
                best = v;
            }
        }
        return new RatioPrefixSums(p, q, n, sorted.ratio, preP, preQ, k, best);
    }

    /**
     * The sums of p and q over the given ratio order ({@link FastAcceptance#ratioOrder}).
     *
     * @throws InvalidInputException when the sizes differ
     */
    public static RatioPrefixSums of(Law p, Law q, int[] order) {
        p.requireSameSize(q, "the draft law");
        int n = p.size();
        if (order.length != n) {
            throw new InvalidInputException("the ratio order has " + order.length + " tokens but the target has " + n);
        }
        double[] a = p.masses();
        double[] b = q.masses();
        RatioPrefixSums s = new RatioPrefixSums(p, q, n);
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum sq = new CompensatedSum();
        double[] ratio = s.ratio;
        double[] preP = s.preP;
        double[] preQ = s.preQ;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            double bx = b[x];
            ratio[j] = bx > 0 ? a[x] / bx : Double.POSITIVE_INFINITY;
            preP[j + 1] = sp.add(a[x]).value();
            preQ[j + 1] = sq.add(bx).value();
        }
        return s;
    }

    void requireFor(Law target, Law draft) {
        if (target != p || draft != q) {
            throw new IllegalArgumentException("these ratio prefix sums were made for other laws");
        }
    }
}
