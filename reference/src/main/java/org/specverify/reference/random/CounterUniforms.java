package org.specverify.reference.random;

/**
 * Uniforms in the open interval (0, 1) as a pure function of (seed, position, stream, draw), through
 * {@link Philox4x32}: key = (low 32 bits of seed, high 32 bits of seed), counter = (draw, low 32 bits of position, high
 * 32 bits of position, stream). Drafting and verifying use different streams, so their counters never meet.
 *
 * <p>The uniform is (2m + 1)·2^-53 with m the top 52 bits of words 0 and 1: exactly representable in double, never 0 or
 * 1, spaced 2^-52 apart.
 */
public final class CounterUniforms {
    /** Stream of the draft process's draws. */
    public static final int DRAFT_STREAM = 0;
    /** Stream of the verifier's draws. */
    public static final int VERIFY_STREAM = 1;

    private CounterUniforms() {
    }

    public static double uniform(long seed, long position, int stream, int draw) {
        int[] w = Philox4x32.block((int) seed, (int) (seed >>> 32), draw, (int) position, (int) (position >>> 32), stream);
        return fromWords(w[0], w[1]);
    }

    /** (2m + 1)·2^-53 with m = the 32 bits of w0 followed by the top 20 bits of w1. */
    public static double fromWords(int w0, int w1) {
        long m = ((w0 & 0xFFFFFFFFL) << 20) | ((w1 & 0xFFFFFFFFL) >>> 12);
        return (2 * m + 1) * 0x1.0p-53;
    }
}
