package org.specverify.report;

/**
 * The double ratio order of {@code org.specverify.lp.optimum.RatioOrder#of(double[], double[])} (ascending p/q as
 * correctly rounded doubles, a ratio that overflows with q &gt; 0 ranked as {@link Double#MAX_VALUE}, every q = 0 token
 * last, ties to the lower index), computed in three steps that touch memory in order wherever they can:
 * <ol>
 *   <li>one pass over the tokens makes each token's key (the bits of its ratio as a non-negative double, which order
 *   like the doubles; {@code Long.MAX_VALUE} for q = 0, above every ratio and +∞) and packs the key's top 32 bits with
 *   the token's index (32 bits) into one long, counting the four 8-bit digits of those 32 bits on the way; it also
 *   copies p and q side by side into one array, so that the gather below reads one cache line per token;</li>
 *   <li>a stable least-significant-digit radix sort of the packed longs by those 32 bits (four scatter passes into
 *   256 buckets, one skipped when every long shares its digit): one array of 8 bytes per token moves, where a sort of
 *   (key, index) pairs by all 63 key bits moved two arrays six times into 2048 buckets; tokens whose keys share their
 *   top 32 bits (ratios within a relative 2^-20 of each other) stay in index order;</li>
 *   <li>one pass gathers each sorted token's p and q into arrays in sorted order (so that what follows reads them in
 *   order), recomputes its ratio and full key, and puts the few tokens whose full keys are out of order within their group
 *   of equal top bits in place by insertion (stable, so ties keep the lower index first). A group that needs more than
 *   {@link #INSERTION_LIMIT} moves is sorted by a stable merge sort instead, so the worst case stays O(|V| log |V|).</li>
 * </ol>
 * The result is the order of a stable sort by the full key, that is RatioOrder.of exactly ({@code
 * RadixRatioOrderTest}); the buffers are reused per thread.
 */
final class RadixRatioOrder {
    private static final long MAX_FINITE = Double.doubleToRawLongBits(Double.MAX_VALUE);
    /** Above every finite ratio and +∞: the q = 0 group. */
    private static final long ZERO_Q = Long.MAX_VALUE;
    /** Moves one group may take by insertion before the group is merge sorted instead. */
    static final int INSERTION_LIMIT = 64;
    /** The index takes the low 32 bits of a packed long, the key's top 32 bits the high ones. */
    private static final int INDEX_BITS = 32;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    /** The key bits are sorted as four 8-bit digits (256 buckets: the scatter writes stay in the first-level cache). */
    private static final int DIGIT_BITS = 8;
    private static final int DIGITS = 4;
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

    private RadixRatioOrder() {
    }

    /**
     * One thread's buffers: after {@link #sort}, for j &lt; n, {@code order[j]} is the j-th token of the ratio order,
     * {@code p[j]} and {@code q[j]} its masses and {@code ratio[j]} = p/q (+∞ where q = 0). The arrays are reused by
     * the next call on the same thread.
     */
    static final class Sorted {
        int n;
        /** Groups the last sort finished by merge sort (for the tests). */
        int mergeSorted;
        int[] order = new int[0];
        double[] p = new double[0];
        double[] q = new double[0];
        double[] ratio = new double[0];
        long[] packed = new long[0];
        long[] packed2 = new long[0];
        double[] pq = new double[0];
        final int[][] count = new int[DIGITS][1 << DIGIT_BITS];

        /** Exactly {@code size} tokens long (a dump's rows all have one length, so this allocates once). */
        void ensure(int size) {
            if (order.length != size) {
                order = new int[size];
                p = new double[size];
                q = new double[size];
                ratio = new double[size];
                packed = new long[size];
                packed2 = new long[size];
                pq = new double[2 * size];
            }
            n = size;
        }
    }

    private static final ThreadLocal<Sorted> BUFFERS = ThreadLocal.withInitial(Sorted::new);

    /** The ratio order as a new array. */
    static int[] of(double[] p, double[] q) {
        Sorted s = sort(p, q);
        return java.util.Arrays.copyOf(s.order, s.n);
    }

    /** The key of a ratio order: non-negative ratio bits, overflow clamped to MAX_VALUE, q = 0 above all. */
    private static long key(double a, double b) {
        if (b > 0) {
            long bits = Double.doubleToRawLongBits(a / b) & Long.MAX_VALUE; // -0.0 → 0
            return bits > MAX_FINITE ? MAX_FINITE : bits;
        }
        return ZERO_Q;
    }

    /**
     * Sorts the tokens of p and q (the same length) into this thread's buffers.
     *
     * @return the thread's buffers, holding the order, the sorted masses and ratios
     */
    static Sorted sort(double[] a, double[] b) {
        int n = a.length;
        Sorted s = BUFFERS.get();
        s.ensure(n);
        long[] packed = s.packed;
        double[] pq = s.pq;
        int[][] count = s.count;
        for (int[] c : count) {
            java.util.Arrays.fill(c, 0);
        }
        int[] c0 = count[0];
        int[] c1 = count[1];
        int[] c2 = count[2];
        int[] c3 = count[3];
        for (int x = 0; x < n; x++) {
            double ax = a[x];
            double bx = b[x];
            pq[2 * x] = ax;
            pq[2 * x + 1] = bx;
            // the top 32 of the key's 63 bits above the index (the key's sign bit is always 0)
            long v = ((key(ax, bx) >>> 31) << INDEX_BITS) | x;
            packed[x] = v;
            c0[(int) (v >>> INDEX_BITS) & DIGIT_MASK]++;
            c1[(int) (v >>> (INDEX_BITS + DIGIT_BITS)) & DIGIT_MASK]++;
            c2[(int) (v >>> (INDEX_BITS + 2 * DIGIT_BITS)) & DIGIT_MASK]++;
            c3[(int) (v >>> (INDEX_BITS + 3 * DIGIT_BITS)) & DIGIT_MASK]++;
        }
        long[] src = packed;
        long[] dst = s.packed2;
        for (int digit = 0; digit < DIGITS; digit++) {
            int shift = INDEX_BITS + DIGIT_BITS * digit;
            int[] c = count[digit];
            if (c[(int) (src[0] >>> shift) & DIGIT_MASK] == n) {
                continue;
            }
            int sum = 0;
            for (int d = 0; d < c.length; d++) {
                int v = c[d];
                c[d] = sum;
                sum += v;
            }
            for (int i = 0; i < n; i++) {
                long v = src[i];
                dst[c[(int) (v >>> shift) & DIGIT_MASK]++] = v;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        s.packed = src;
        s.packed2 = dst;
        // gather in sorted order (p and q side by side: one cache line per token); everything after reads in order
        int[] order = s.order;
        double[] sp = s.p;
        double[] sq = s.q;
        for (int j = 0; j < n; j++) {
            int x = (int) (src[j] & INDEX_MASK);
            order[j] = x;
            sp[j] = pq[2 * x];
            sq[j] = pq[2 * x + 1];
        }
        double[] ratio = s.ratio;
        int groupStart = 0;
        long previousKey = 0;
        s.mergeSorted = 0;
        int moves = 0;
        for (int j = 0; j < n; j++) {
            double bj = sq[j];
            double r = bj > 0 ? sp[j] / bj : Double.POSITIVE_INFINITY;
            long kj = key(sp[j], bj);
            ratio[j] = r;
            long before = previousKey;
            previousKey = kj;
            if (j > 0 && (src[j] >>> INDEX_BITS) != (src[j - 1] >>> INDEX_BITS)) {
                groupStart = j;
                moves = 0;
            } else if (j > groupStart && before > kj) {
                if (moves >= INSERTION_LIMIT) {
                    // a large group with many inversions: finish it by merge sort once it is complete
                    int end = j + 1;
                    long top = src[j] >>> INDEX_BITS;
                    while (end < n && (src[end] >>> INDEX_BITS) == top) {
                        end++;
                    }
                    for (int i = j + 1; i < end; i++) {
                        double bi = sq[i];
                        ratio[i] = bi > 0 ? sp[i] / bi : Double.POSITIVE_INFINITY;
                    }
                    mergeSort(s, groupStart, end);
                    s.mergeSorted++;
                    previousKey = key(sp[end - 1], sq[end - 1]);
                    j = end - 1;
                    continue;
                }
                double pj = sp[j];
                int x = order[j];
                int m = j;
                while (m > groupStart && key(sp[m - 1], sq[m - 1]) > kj) {
                    ratio[m] = ratio[m - 1];
                    sp[m] = sp[m - 1];
                    sq[m] = sq[m - 1];
                    order[m] = order[m - 1];
                    m--;
                    moves++;
                }
                ratio[m] = r;
                previousKey = before; // position j now holds the group's largest key so far, the one before it
                sp[m] = pj;
                sq[m] = bj;
                order[m] = x;
            }
        }
        return s;
    }

    /** Stable merge sort of [from, to) of the sorted buffers by key. */
    private static void mergeSort(Sorted s, int from, int to) {
        int len = to - from;
        int[] perm = new int[len];
        int[] tmp = new int[len];
        for (int i = 0; i < len; i++) {
            perm[i] = i;
        }
        long[] key = new long[len];
        for (int i = 0; i < len; i++) {
            key[i] = key(s.p[from + i], s.q[from + i]);
        }
        for (int width = 1; width < len; width *= 2) {
            for (int lo = 0; lo < len; lo += 2 * width) {
                int mid = Math.min(len, lo + width);
                int hi = Math.min(len, lo + 2 * width);
                int i = lo;
                int j = mid;
                int t = lo;
                while (i < mid && j < hi) {
                    tmp[t++] = key[perm[j]] < key[perm[i]] ? perm[j++] : perm[i++];
                }
                while (i < mid) {
                    tmp[t++] = perm[i++];
                }
                while (j < hi) {
                    tmp[t++] = perm[j++];
                }
            }
            int[] x = perm;
            perm = tmp;
            tmp = x;
        }
        double[] r2 = new double[len];
        double[] p2 = new double[len];
        double[] q2 = new double[len];
        int[] o2 = new int[len];
        for (int i = 0; i < len; i++) {
            int at = from + perm[i];
            r2[i] = s.ratio[at];
            p2[i] = s.p[at];
            q2[i] = s.q[at];
            o2[i] = s.order[at];
        }
        System.arraycopy(r2, 0, s.ratio, from, len);
        System.arraycopy(p2, 0, s.p, from, len);
        System.arraycopy(q2, 0, s.q, from, len);
        System.arraycopy(o2, 0, s.order, from, len);
    }
}
