package org.specverify.lp.optimum;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;

/**
 * The ratio order of the ratio-prefix algorithm: tokens ascending by p(x)/w(x), where w is the draft weight of the
 * process (q for iid and without-replacement drafts, a candidate such as the mean q̄ for independent drafts).
 *
 * <p><b>Order, exactly.</b> First every token with w(x) &gt; 0, ascending by p(x)/w(x); then every token with
 * w(x) = 0 (ratio "+∞", also when p(x) = 0). Ties, in either group, go to the lower token index. This tie-breaking is a
 * choice: for iid drafts the minimum over prefixes does not depend on it (proofs-notes/ratio-prefix-conjecture.md), only
 * the returned minimiser does.
 *
 * <p><b>Order, in doubles.</b> The ratio is the correctly rounded double p(x)/w(x); a ratio that overflows to +∞ while
 * w(x) &gt; 0 is ranked as {@link Double#MAX_VALUE}, so it still precedes the w(x) = 0 group. Rounding is monotone, so
 * the double order only differs from the exact one inside groups of tokens whose exact ratios round to the same double
 * (relative spread at most 2^-52); there it falls back to the lower index.
 *
 * <p><b>Speed.</b> The double order packs (high bits of the ratio, index) into one {@code long} per token and sorts
 * those with {@link Arrays#sort(long[])}, then re-sorts the rare runs whose packed ratios collide on their low bits.
 * Cost: one primitive sort of n longs plus O(n): about the cost of sorting n doubles.
 */
public final class RatioOrder {
    private static final long POSITIVE_INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    private static final long MAX_FINITE_BITS = Double.doubleToRawLongBits(Double.MAX_VALUE);

    private RatioOrder() {
    }

    /**
     * The exact ratio order of rational masses.
     *
     * @param p target masses (non-negative)
     * @param w draft weights (non-negative), same length
     * @return the token indices in ratio order
     */
    public static int[] exact(BigFraction[] p, BigFraction[] w) {
        requireSameLength(p.length, w.length);
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            boolean za = w[a].signum() == 0;
            boolean zb = w[b].signum() == 0;
            if (za != zb) {
                return za ? 1 : -1;
            }
            if (!za) {
                // p_a / w_a vs p_b / w_b with positive weights: compare p_a w_b with p_b w_a
                int c = Fractions.compare(p[a].multiply(w[b]), p[b].multiply(w[a]));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a, b);
        });
        int[] order = new int[idx.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = idx[i];
        }
        return order;
    }

    /**
     * The double ratio order (see the class comment). Inputs must be finite and non-negative (not checked here: the
     * callers validate).
     *
     * @return the token indices in ratio order
     */
    public static int[] of(double[] p, double[] w) {
        requireSameLength(p.length, w.length);
        int n = p.length;
        int idxBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
        long lowMask = (1L << idxBits) - 1;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = (ratioBits(p[i], w[i]) & ~lowMask) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        int start = 0;
        while (start < n) {
            long head = keys[start] & ~lowMask;
            int end = start + 1;
            while (end < n && (keys[end] & ~lowMask) == head) {
                end++;
            }
            if (end - start > 1) {
                // the packed keys agree on the ratio's high bits: order the run by the remaining bits, then index
                long[] run = new long[end - start];
                for (int j = start; j < end; j++) {
                    int i = (int) (keys[j] & lowMask);
                    run[j - start] = ((ratioBits(p[i], w[i]) & lowMask) << idxBits) | i;
                }
                Arrays.sort(run);
                for (int j = start; j < end; j++) {
                    order[j] = (int) (run[j - start] & lowMask);
                }
            } else {
                order[start] = (int) (keys[start] & lowMask);
            }
            start = end;
        }
        return order;
    }

    /** The order key of one token: the raw bits of its non-negative ratio, monotone in the ratio. */
    static long ratioBits(double p, double w) {
        if (w == 0) {
            return POSITIVE_INFINITY_BITS;
        }
        double r = p / w;
        if (r == Double.POSITIVE_INFINITY) {
            return MAX_FINITE_BITS;
        }
        return r == 0 ? 0L : Double.doubleToRawLongBits(r);
    }

    private static void requireSameLength(int a, int b) {
        if (a != b) {
            throw new org.specverify.reference.InvalidInputException("ratio order: the target has " + a
                + " tokens but the draft weights have " + b);
        }
    }
}
