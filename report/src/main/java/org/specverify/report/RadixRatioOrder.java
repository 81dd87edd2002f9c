package org.specverify.report;

/**
 * The double ratio order of {@code org.specverify.lp.optimum.RatioOrder#of(double[], double[])} (ascending p/q as
 * correctly rounded doubles, a ratio that overflows with q &gt; 0 ranked as {@link Double#MAX_VALUE}, every q = 0 token
 * last, ties to the lower index), computed by a stable least-significant-digit radix sort of the ratios' bit patterns
 * (non-negative doubles order like their bits as longs): four passes of 16 bits, a pass skipped when every key shares
 * its digit. At |V| = 128k it takes a few milliseconds where a comparison sort of longs takes three to five times as
 * long; {@code RadixRatioOrderTest} checks it equals RatioOrder.of.
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
        final int[] count = new int[1 << 16];

        void ensure(int n) {
            if (key.length < n) {
                key = new long[n];
                key2 = new long[n];
                idx2 = new int[n];
            }
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static int[] of(double[] p, double[] q) {
        int n = p.length;
        Buffers buf = BUFFERS.get();
        buf.ensure(n);
        long[] key = buf.key;
        int[] result = new int[n];
        int[] idx = result;
        for (int x = 0; x < n; x++) {
            idx[x] = x;
            if (q[x] > 0) {
                double r = p[x] / q[x];
                long bits = Double.doubleToRawLongBits(r) & Long.MAX_VALUE; // -0.0 → 0
                key[x] = bits > MAX_FINITE ? MAX_FINITE : bits;
            } else {
                key[x] = ZERO_Q;
            }
        }
        long[] key2 = buf.key2;
        int[] idx2 = buf.idx2;
        int[] count = buf.count;
        for (int shift = 0; shift < 64; shift += 16) {
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((key[i] >>> shift) & 0xffff)]++;
            }
            int first = (int) ((key[0] >>> shift) & 0xffff);
            if (count[first] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int d = (int) ((key[i] >>> shift) & 0xffff);
                int at = count[d]++;
                key2[at] = key[i];
                idx2[at] = idx[i];
            }
            long[] tk = key;
            key = key2;
            key2 = tk;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        if (idx != result) {
            System.arraycopy(idx, 0, result, 0, n);
        }
        return result;
    }
}
