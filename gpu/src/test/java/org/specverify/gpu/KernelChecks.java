package org.specverify.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.gpu.BatchVerifier.Batch;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Result;
import org.specverify.gpu.BatchVerifier.Status;
import org.specverify.gpu.Conformance.Position;
import org.specverify.gpu.Conformance.Report;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;

/**
 * The four checks every kernel (and every broken variant of it) is put through: differential conformance on Philox
 * uniforms, conformance at boundary uniforms (u = 0 and u = 1 injected), the exact law by uniform injection on a
 * stratified grid, and a G-test of sampled outputs against the exact law.
 */
final class KernelChecks {
    static final long SEED = 0xC4EC5L;

    private KernelChecks() {
    }

    /** Conformance on Philox uniforms: rrs (one law, K = 2, V = 8; one law per draft, K = 2, V = 1000), sd at V = 8. */
    static Report conformance(BatchVerifier v) {
        Report r = conformance(v, KernelScheme.RRS, 8, 2, false, 200);
        r = r.plus(conformance(v, KernelScheme.RRS, 1000, 2, true, 30));
        return r.plus(conformance(v, KernelScheme.SD, 8, 1, false, 200));
    }

    static Report conformance(BatchVerifier v, KernelScheme s, int vocab, int k, boolean perDraft, int n) {
        List<Position> ps = new ArrayList<>(Workloads.llmLike(s, vocab, k, perDraft, n, SEED + vocab));
        ps.addAll(Workloads.edges(s, vocab, k, perDraft, SEED));
        Philox u = new Philox(SEED, 77);
        Result res = v.verify(Conformance.batch(s, vocab, k, perDraft, ps), u);
        return Conformance.compare(v.device().toString(), s, k, perDraft, ps, u, res);
    }

    /**
     * Conformance at boundary uniforms (the reference's {@code Uniforms.BOUNDARY}), K = 1: u = 1 on the accept test of p = q
     * (reject, then an empty residual: the reference has no token, the kernel must report an error status); u = 0 on
     * drafts of target mass zero (disjoint supports: never accepted); and LLM-like rows with uniforms from the
     * closed-below and closed-above 24-bit mappings, zeros and ones included.
     */
    static Report boundary(BatchVerifier v) {
        int vocab = 8;
        List<Position> ps = new ArrayList<>();
        List<float[]> us = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ps.add(Workloads.edge(Workloads.Edge.EQUAL, KernelScheme.RRS, vocab, 1, false, SEED + i));
            us.add(new float[] {1f, 0.5f, 0.5f});
            ps.add(Workloads.edge(Workloads.Edge.DISJOINT, KernelScheme.RRS, vocab, 1, false, SEED + i));
            us.add(new float[] {0f, 0.25f * i, 0.5f});
        }
        List<Position> llm = Workloads.llmLike(KernelScheme.RRS, vocab, 1, false, 64, SEED);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(SEED);
        for (Position p : llm) {
            ps.add(p);
            float[] u = new float[3];
            for (int j = 0; j < 3; j++) {
                int w = rng.nextInt();
                int pick = rng.nextInt(4);
                u[j] = pick == 0 ? 0f : pick == 1 ? 1f : pick == 2
                    ? org.specverify.reference.random.CounterUniforms.floatClosedBelow(w)
                    : org.specverify.reference.random.CounterUniforms.floatClosedAbove(w);
            }
            us.add(u);
        }
        float[] flat = new float[3 * ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            System.arraycopy(us.get(i), 0, flat, 3 * i, 3);
        }
        Explicit e = new Explicit(flat, 3, true);
        Result res = v.verify(Conformance.batch(KernelScheme.RRS, vocab, 1, false, ps), e);
        return Conformance.compare(v.device().toString(), KernelScheme.RRS, 1, false, ps, e, res);
    }

    /** The kernel's output law measured on a stratified grid of explicit uniforms, against the exact law. */
    record GridLaw(double maxError, double bound, int n, long positions, String worst) {
        boolean passed() {
            return maxError <= bound;
        }
    }

    /**
     * For every draft tuple x of positive probability Q(x), the kernel verifies x at every point of the grid
     * {(j + 1/2)/n}^(K+1) of verifier uniforms; the grid law is sum_x Q(x) count_y(x) / n^(K+1). For a fixed tuple the
     * event Y = y is a disjoint union of at most K + 1 paths, each a product of intervals in the uniforms it reads
     * (half-lines for the tests, one cell for the final draw); on the midpoint grid a half-line's fraction is within
     * 1/(2n) of its length and a cell's within 1/n, and a product's within the sum of its factors' errors. So
     * |grid law(y) - law(y)| <= (K(K + 1)/2 + K + 2)/(2n) for a correct kernel (proofs-notes/gpu-kernels.md); with
     * {@code exactGrid} (every threshold a multiple of 1/n, dyadic instances) the grid law equals the exact law and
     * the bound is 0.
     */
    static GridLaw gridLaw(BatchVerifier v, KernelScheme s, int k, boolean perDraft, float[] p, float[][] q, int n,
                           boolean exactGrid) {
        Position probe = new Position(p, q, new int[k]);
        Scheme.Bound bound = Conformance.bind(s, k, perDraft, probe);
        ExactLaw law = ExactLaw.of(bound);
        int vocab = p.length;
        int dims = k + 1;
        int cells = 1;
        for (int i = 0; i < dims; i++) {
            cells *= n;
        }
        double[] grid = new double[vocab];
        long total = 0;
        List<int[]> tuples = new ArrayList<>();
        List<BigFraction> probs = new ArrayList<>();
        bound.draftProcess().forEachTuple((x, pr) -> {
            tuples.add(x.clone());
            probs.add(pr);
        });
        for (int t = 0; t < tuples.size(); t++) {
            List<Position> ps = new ArrayList<>(cells);
            float[] u = new float[cells * dims];
            for (int c = 0; c < cells; c++) {
                ps.add(new Position(p, q, tuples.get(t)));
                int rest = c;
                for (int d = 0; d < dims; d++) {
                    u[c * dims + d] = (float) ((2 * (rest % n) + 1) / (2.0 * n));
                    rest /= n;
                }
            }
            Batch b = Conformance.batch(s, vocab, k, perDraft, ps);
            Result r = v.verify(b, new Explicit(u, dims, false));
            long[] count = new long[vocab];
            for (int c = 0; c < cells; c++) {
                if (r.status()[c] == Status.OK) {
                    count[r.token()[c]]++;
                }
            }
            double qx = probs.get(t).doubleValue();
            for (int y = 0; y < vocab; y++) {
                grid[y] += qx * count[y] / cells;
            }
            total += cells;
        }
        BigFraction[] exact = law.outputLaw();
        double max = 0;
        String worst = "";
        for (int y = 0; y < vocab; y++) {
            double e = Math.abs(grid[y] - exact[y].doubleValue());
            if (e > max) {
                max = e;
                worst = String.format(Locale.ROOT, "token %d: grid %.6f, exact %.6f", y, grid[y],
                    exact[y].doubleValue());
            }
        }
        double b = exactGrid ? 1e-12 : (k * (k + 1) / 2.0 + k + 2) / (2.0 * n) + 1e-12;
        return new GridLaw(max, b, n, total, worst);
    }

    /**
     * A G-test of {@code samples} kernel outputs (Philox uniforms, drafts drawn on the host from the drafting stream of
     * the same seed) against the exact output law, at level {@code alpha}.
     */
    static GoodnessOfFit.Result gTest(BatchVerifier v, KernelScheme s, int k, boolean perDraft, float[] p, float[][] q,
                                      int samples, long seed, double alpha) {
        long[] count = LawSampling.counts(v, s, k, perDraft, p, q, samples, seed);
        return GoodnessOfFit.gTest(LawSampling.exactLaw(s, k, perDraft, p, q), count, null, alpha);
    }

    /**
     * One case per kernel scheme and OpenCL device, as (device, scheme, K, perDraft): sd at K = 1, the others at K = 2
     * with one draft law, and rrs again with one law per draft at K = {@code perDraftK}.
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everyScheme(int perDraftK) {
        List<org.junit.jupiter.params.provider.Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.SD, 1, false));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.RRS, 2, false));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.RRS, perDraftK, true));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.RRS_WOR, 2, false));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.GREEDY, 2, false));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.DETERMINISTIC, 2, false));
            a.add(org.junit.jupiter.params.provider.Arguments.of(d, KernelScheme.KSEQ, 2, false));
        }
        return a.stream();
    }

    /** LLM-like rows at V = 8 for the law checks. */
    static float[][] rows(int vocab, int draftRows, long seed) {
        org.specverify.reference.bench.LlmLikeRows r =
            org.specverify.reference.bench.LlmLikeRows.generate(seed, vocab, draftRows);
        float[][] out = new float[draftRows + 1][];
        out[0] = r.target();
        for (int i = 0; i < draftRows; i++) {
            out[i + 1] = r.draft(i);
        }
        return out;
    }
}
