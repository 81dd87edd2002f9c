package org.specverify.reference.random;

/**
 * The Philox4x32-10 counter-based generator (Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3", SC11): a
 * pure function from a 64-bit key and a 128-bit counter to four 32-bit words. The same function is written in the
 * OpenCL kernels; both are checked against Commons RNG's {@code PHILOX_4X32}.
 */
public final class Philox4x32 {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final int ROUNDS = 10;

    private Philox4x32() {
    }

    /** The four output words for key (k0, k1) and counter (c0, c1, c2, c3). */
    public static int[] block(int k0, int k1, int c0, int c1, int c2, int c3) {
        int x0 = c0;
        int x1 = c1;
        int x2 = c2;
        int x3 = c3;
        int key0 = k0;
        int key1 = k1;
        for (int r = 0; r < ROUNDS; r++) {
            if (r > 0) {
                key0 += W0;
                key1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (x0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (x2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32);
            int lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32);
            int lo1 = (int) p1;
            x0 = hi1 ^ x1 ^ key0;
            x1 = lo1;
            x2 = hi0 ^ x3 ^ key1;
            x3 = lo0;
        }
        return new int[] {x0, x1, x2, x3};
    }
}
