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

    private RatioPrefixSums(Law p, Law q, int n) {
        this.p = p;
        this.q = q;
        this.n = n;
        this.ratio = new double[n];
        this.preP = new double[n + 1];
        this.preQ = new double[n + 1];
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
