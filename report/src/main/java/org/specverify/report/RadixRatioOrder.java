package org.specverify.report;

/**
 * The double ratio order of {@code org.specverify.lp.optimum.RatioOrder#of(double[], double[])} (ascending p/q as
 * correctly rounded doubles, a ratio that overflows with q &gt; 0 ranked as {@link Double#MAX_VALUE}, every q = 0 token
 * last, ties to the lower index), computed by a stable least-significant-digit radix sort of the ratios' bit patterns
 * (non-negative doubles order like their bits as longs): the six 11-bit digit histograms in the pass that makes the
 * keys, then six scatter passes, one skipped when every key shares its digit; the sort buffers are reused per thread.
 * At |V| = 128k it takes a few milliseconds where a comparison sort of longs takes three to five times as long; {@code
 * RadixRatioOrderTest} checks it equals RatioOrder.of.
 */
final class RadixRatioOrder {
    private static final long MAX_FINITE = Double.doubleToRawLongBits(Double.MAX_VALUE);
    /** Above every finite ratio and +∞: the q = 0 group. */
    private static final long ZERO_Q = Long.MAX_VALUE;

    private RadixRatioOrder() {
    }

    /** One thread's sort buffers, reused across calls (the returned order is always a new array). */
    private static final class Buffers {
        long[] key = new long[0];
        long[] key2 = new long[0];
        int[] idx2 = new int[0];
        /** The digit histograms, made in one pass over the keys (a pass permutes keys, not their digits). */
        final int[][] count = new int[DIGITS][1 << BITS];

        void ensure(int n) {
            if (key.length < n) {
                key = new long[n];
                key2 = new long[n];
                idx2 = new int[n];
            }
        }
    }

    /** Digit width: 2^11 counters (8 KB) per digit stay in the first-level cache; six digits cover the 63 key bits. */
    private static final int BITS = 11;
    private static final int DIGITS = 6;
    private static final int MASK = (1 << BITS) - 1;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static int[] of(double[] p, double[] q) {
        int n = p.length;
        Buffers buf = BUFFERS.get();
        buf.ensure(n);
        long[] key = buf.key;
        int[] result = new int[n];
        int[] idx = result;
        int[][] count = buf.count;
        for (int[] c : count) {
            java.util.Arrays.fill(c, 0);
        }
        int[] c0 = count[0];
        int[] c1 = count[1];
        int[] c2 = count[2];
        int[] c3 = count[3];
        int[] c4 = count[4];
        int[] c5 = count[5];
        for (int x = 0; x < n; x++) {
            idx[x] = x;
            long kx;
            if (q[x] > 0) {
                double r = p[x] / q[x];
                long bits = Double.doubleToRawLongBits(r) & Long.MAX_VALUE; // -0.0 → 0
                kx = bits > MAX_FINITE ? MAX_FINITE : bits;
            } else {
                kx = ZERO_Q;
            }
            key[x] = kx;
            c0[(int) (kx & MASK)]++;
            c1[(int) ((kx >>> BITS) & MASK)]++;
            c2[(int) ((kx >>> (2 * BITS)) & MASK)]++;
            c3[(int) ((kx >>> (3 * BITS)) & MASK)]++;
            c4[(int) ((kx >>> (4 * BITS)) & MASK)]++;
            c5[(int) (kx >>> (5 * BITS))]++;
        }
        long[] key2 = buf.key2;
        int[] idx2 = buf.idx2;
        for (int digit = 0; digit < DIGITS; digit++) {
            int shift = BITS * digit;
            int[] c = count[digit];
            if (c[(int) ((key[0] >>> shift) & MASK)] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < c.length; d++) {
                int v = c[d];
                c[d] = sum;
                sum += v;
            }
            for (int i = 0; i < n; i++) {
                long kx = key[i];
                int at = c[(int) ((kx >>> shift) & MASK)]++;
                key2[at] = kx;
                idx2[at] = idx[i];
            }
            long[] tk = key;
            key = key2;
            key2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        // the buffers may have been swapped: keep the thread's two key and index buffers for the next call
        if (idx != result) {
            System.arraycopy(idx, 0, result, 0, n);
            buf.idx2 = idx;
        }
        buf.key = key;
        buf.key2 = key2;
        return result;
    }
}
