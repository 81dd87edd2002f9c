package org.specverify.reference.numeric;

import org.specverify.reference.InvalidInputException;

/**
 * K-SEQ's ρ in double arithmetic: the one double solver, used by the fast closed form of report and by the GPU host
 * (the exact audit keeps the reference's rational ρ, {@code org.specverify.reference.scheme.KSeq#rho}).
 *
 * <p>With β(ρ) = Σ_x min(q(x), p(x)/ρ), ρ* ∈ [1, K] is the root of h(ρ) = ρβ(ρ) − 1 + (1 − β(ρ))^K (h(1) ≤ 0 ≤ h(K);
 * validity at ρ is h(ρ) ≥ 0, {@code KSeq.valid}). The tokens are taken once in ascending order of p/q (q = 0 last) with
 * compensated prefix sums P_j of p and Q_j of q ({@link CompensatedSum}), so β(ρ) = P_j/ρ + (Q_V − Q_j) with j the
 * number of ratios below ρ, a binary search. ρ is found by bisection on [1, K] until the bracket is narrower than
 * {@link #BRACKET} (at most {@link #MAX_STEPS} halvings); the result is the upper end ρ̂ (where h ≥ 0 as computed),
 * with the lower end and β(ρ̂). When h(1) ≥ 0 as computed (or K = 1), ρ̂ = 1.
 *
 * <p><b>Accuracy.</b> The prefix sums err by at most 2u relatively each, so the computed β is within 4u of the exact
 * β of the given masses; ρ̂ is within the bracket of the computed root. The callers state what follows for their
 * figures ({@code FastAcceptance#kseq}: the acceptance at ρ̂ moves by at most K times the bracket from α(ρ*)).
 */
public final class KSeqRho {
    /** The bisection stops when the bracket is narrower than this. */
    public static final double BRACKET = 1e-13;
    /** The largest number of halvings. */
    public static final int MAX_STEPS = 200;

    private final double[] ratio;
    private final double[] preP;
    private final double[] preQ;
    private final int n;

    /**
     * The solver's result.
     *
     * @param rho ρ̂, the upper (valid as computed) end of the final bracket
     * @param lower the lower end of the final bracket (ρ̂ when ρ̂ = 1)
     * @param beta β(ρ̂) as computed from the prefix sums
     */
    public record Result(double rho, double lower, double beta) {
        /** The width of the final bracket, ρ̂ − lower. */
        public double bracket() {
            return rho - lower;
        }
    }

    private KSeqRho(Law p, Law q, int[] order) {
        p.requireSameSize(q, "the draft law");
        double[] a = p.masses();
        double[] b = q.masses();
        int n = a.length;
        if (order.length != n) {
            throw new InvalidInputException("the ratio order has " + order.length + " tokens but the target has " + n);
        }
        ratio = new double[n];
        preP = new double[n + 1];
        preQ = new double[n + 1];
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum sq = new CompensatedSum();
        for (int j = 0; j < n; j++) {
            int x = order[j];
            ratio[j] = b[x] > 0 ? a[x] / b[x] : Double.POSITIVE_INFINITY;
            preP[j + 1] = sp.add(a[x]).value();
            preQ[j + 1] = sq.add(b[x]).value();
        }
        this.n = n;
    }

    /**
     * ρ̂ for K iid drafts from q against the target p, the tokens given in ascending order of p/q (q = 0 last), as
     * {@code RatioOrder.of} and report's radix order give it.
     *
     * @throws InvalidInputException when K &lt; 1 or the sizes differ
     */
    public static Result solve(Law p, Law q, int k, int[] order) {
        if (k < 1) {
            throw new InvalidInputException("K must be at least 1, got " + k);
        }
        return new KSeqRho(p, q, order).bisect(k);
    }

    /**
     * As {@link #solve(Law, Law, int, int[])} from the sums that constructor makes, computed by the caller (who shares
     * them with other scans of the same order): {@code ratio[j]} = p/q of the j-th token of the order (+∞ for q = 0),
     * {@code preP[j]} and {@code preQ[j]} the compensated sums ({@link CompensatedSum}, in that order) of p and q over
     * the first j tokens. Only the first n ratios and n + 1 sums are read; the arrays are
     * not kept.
     *
     * @throws InvalidInputException when K &lt; 1 or the arrays are shorter than n (+ 1)
     */
    public static Result solve(double[] ratio, double[] preP, double[] preQ, int n, int k) {
        if (k < 1) {
            throw new InvalidInputException("K must be at least 1, got " + k);
        }
        if (ratio.length < n || preP.length < n + 1 || preQ.length < n + 1) {
            throw new InvalidInputException("the prefix sums cover fewer than the " + n + " tokens");
        }
        return new KSeqRho(ratio, preP, preQ, n).bisect(k);
    }

    private KSeqRho(double[] ratio, double[] preP, double[] preQ, int n) {
        this.ratio = ratio;
        this.preP = preP;
        this.preQ = preQ;
        this.n = n;
    }

    /**
     * As {@link #solve(Law, Law, int, int[])}, sorting the tokens here (ascending p/q as doubles, q = 0 last, lowest
     * index on ties; a boxed sort, for callers that have no ratio order at hand, such as the GPU host).
     */
    public static Result solve(Law p, Law q, int k) {
        p.requireSameSize(q, "the draft law");
        double[] a = p.masses();
        double[] b = q.masses();
        Integer[] boxed = new Integer[a.length];
        double[] r = new double[a.length];
        for (int x = 0; x < a.length; x++) {
            boxed[x] = x;
            r[x] = b[x] > 0 ? a[x] / b[x] : Double.POSITIVE_INFINITY;
        }
        java.util.Arrays.sort(boxed, (x, y) -> {
            boolean zx = !(b[x] > 0);
            boolean zy = !(b[y] > 0);
            if (zx != zy) {
                return zx ? 1 : -1;
            }
            int c = Double.compare(r[x], r[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] order = new int[a.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = boxed[j];
        }
        return solve(p, q, k, order);
    }

    private Result bisect(int k) {
        double lo = 1;
        double hi = k;
        if (k > 1 && h(lo, k) < 0) {
            for (int i = 0; i < MAX_STEPS && hi - lo > BRACKET; i++) {
                double mid = 0.5 * (lo + hi);
                if (h(mid, k) >= 0) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
        } else {
            hi = 1;
        }
        return new Result(hi, lo, beta(hi));
    }

    /** β(ρ) from the prefix sums. */
    double beta(double rho) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ratio[mid] < rho) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return preP[lo] / rho + (preQ[n] - preQ[lo]);
    }

    private double h(double rho, int k) {
        double beta = Math.min(1, beta(rho));
        return rho * beta - 1 + Math.pow(1 - beta, k);
    }
}
