package org.specverify.gpu;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Result;
import org.specverify.gpu.BatchVerifier.Status;
import org.specverify.gpu.Conformance.Position;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Scheme;

/**
 * Kernel outputs sampled for a statistical test: position i drafts with the drafting uniforms of (seed, i) on the host
 * and is verified on the device with the Philox verifying uniforms of (seed, i), on one instance.
 */
public final class LawSampling {
    private LawSampling() {
    }

    /** Counts of each output token over {@code samples} positions (error statuses are not counted). */
    public static long[] counts(BatchVerifier v, KernelScheme s, int k, boolean perDraft, float[] p, float[][] q,
                                int samples, long seed) {
        Scheme.Bound bound = Conformance.bind(s, k, perDraft, new Position(p, q, new int[k]));
        long[] count = new long[p.length];
        int chunk = 1 << 16;
        for (long start = 0; start < samples; start += chunk) {
            int m = (int) Math.min(chunk, samples - start);
            List<Position> ps = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                ps.add(new Position(p, q, Workloads.draw(s, k, perDraft, q, bound, seed, start + i)));
            }
            Result r = v.verify(Conformance.batch(s, p.length, k, perDraft, ps), new Philox(seed, start));
            for (int i = 0; i < m; i++) {
                if (r.status()[i] == Status.OK) {
                    count[r.token()[i]]++;
                }
            }
        }
        return count;
    }

    /** The exact output law of the scheme on the instance (ideal uniforms), as doubles. */
    public static double[] exactLaw(KernelScheme s, int k, boolean perDraft, float[] p, float[][] q) {
        return exactLaw(s, k, perDraft, p, q, UniformModel.IDEAL);
    }

    /**
     * The exact output law of the scheme on the instance when its uniforms lie on {@code grid} (the kernel's own,
     * {@link BatchVerifier#uniformModel}), as doubles: the law the kernel's samples follow when it decides as the
     * reference does.
     */
    public static double[] exactLaw(KernelScheme s, int k, boolean perDraft, float[] p, float[][] q,
                                    UniformModel grid) {
        Scheme.Bound bound = Conformance.bind(s, k, perDraft, new Position(p, q, new int[k]));
        BigFraction[] exact = grid.discrete() ? UniformModelLaw.of(bound, grid).outputLaw()
            : ExactLaw.of(bound).outputLaw();
        double[] e = new double[exact.length];
        for (int y = 0; y < e.length; y++) {
            e[y] = exact[y].doubleValue();
        }
        return e;
    }
}
