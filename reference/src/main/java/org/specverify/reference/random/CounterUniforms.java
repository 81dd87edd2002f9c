package org.specverify.reference.random;

/**
 * Uniforms in the open interval (0, 1) as a pure function of (seed, position, stream, draw), through
 * {@link Philox4x32}: key = (low 32 bits of seed, high 32 bits of seed), counter = (draw, low 32 bits of position, high
 * 32 bits of position, stream). Drafting and verifying use different streams, so their counters never meet.
 *
 * <p>Two mappings from Philox words to uniforms, each specified bit for bit and written identically in the OpenCL
 * kernels (kernels/uniforms.cl, checked on every device by UniformKernelTest#uniformKernel_vs_counterUniforms):
 * <ul>
 *   <li>double ({@link #fromWords}): m = the 32 bits of word 0 followed by the top 20 bits of word 1 (52 bits),
 *       u = (2m + 1)·2^-53: exactly representable, never 0 or 1, in [2^-53, 1 − 2^-53], spaced 2^-52 apart;</li>
 *   <li>float ({@link #fromWordFloat}): m = the top 23 bits of word 0 (w &gt;&gt;&gt; 9), u = (2m + 1)·2^-24: a float
 *       with 24 significant bits, exactly representable, never 0 or 1, in [2^-24, 1 − 2^-24], spaced 2^-23 apart.</li>
 * </ul>
 * For tests of what schemes do at the ends of [0, 1] ({@code Uniforms.BOUNDARY}) two more float mappings follow the
 * conventions of common generators: {@link #floatClosedBelow} (24 bits, can be 0, as PyTorch's {@code rand}) and
 * {@link #floatClosedAbove} (can be 1, as curand's uniform).
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

    /** The float uniform of draw {@code draw}: word 0 of the same Philox block, mapped by {@link #fromWordFloat}. */
    public static float uniformFloat(long seed, long position, int stream, int draw) {
        int[] w = Philox4x32.block((int) seed, (int) (seed >>> 32), draw, (int) position, (int) (position >>> 32), stream);
        return fromWordFloat(w[0]);
    }

    /** (2m + 1)·2^-24 with m = the top 23 bits of w: a float in the open interval (0, 1). */
    public static float fromWordFloat(int w) {
        int m = w >>> 9;
        return (2 * m + 1) * 0x1.0p-24f;
    }

    /** m·2^-24 with m = the top 24 bits of w: a float in [0, 1 − 2^-24] that is 0 for w &lt; 2^8. */
    public static float floatClosedBelow(int w) {
        return (w >>> 8) * 0x1.0p-24f;
    }

    /** (m + 1)·2^-24 with m = the top 24 bits of w: a float in [2^-24, 1] that is 1 for w ≥ 2^32 − 2^8. */
    public static float floatClosedAbove(int w) {
        return ((w >>> 8) + 1) * 0x1.0p-24f;
    }

    /** (2m + 1)·2^-53 with m = the 32 bits of w0 followed by the top 20 bits of w1. */
    public static double fromWords(int w0, int w1) {
        long m = ((w0 & 0xFFFFFFFFL) << 20) | ((w1 & 0xFFFFFFFFL) >>> 12);
        return (2 * m + 1) * 0x1.0p-53;
    }
}
