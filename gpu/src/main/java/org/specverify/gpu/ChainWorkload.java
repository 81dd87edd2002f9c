package org.specverify.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.gpu.BatchVerifier.ChainResult;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Status;
import org.specverify.reference.Distribution;
import org.specverify.reference.bench.LlmLikeRows;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.scheme.Scheme;

/**
 * Chain-mode workloads (B requests x G positions of single-draft speculative decoding) and their check against the
 * reference's sd decision position by position: request b's position g uses stream position
 * {@code position0 + b (G + 1) + g}, its draft drawn from its draft row with the drafting uniforms of that position,
 * and the bonus token is the categorical draw from target row G with uniform 0 of position {@code b (G + 1) + G}.
 *
 * <p>Rows are either every request's own ([B, G + 1, V] target and [B, G, V] draft floats) or one set of G + 1 row
 * pairs shared by every request ({@link #shared}: [G + 1, V] and [G, V] on the host, each request's copy written to
 * the device by {@link BatchVerifier#chainShared}, so the kernel reads the same bytes for a fraction of the host
 * memory).
 */
public final class ChainWorkload {
    public final int requests;
    public final int g;
    public final int vocab;
    /** Target rows: [B, G + 1, V], or [G + 1, V] when {@link #shared}. */
    public final float[] target;
    /** Draft rows: [B, G, V], or [G, V] when {@link #shared}. */
    public final float[] draft;
    /** Draft tokens [B, G]. */
    public final int[] tokens;
    public final long seed;
    public final long position0;
    /** Whether every request shares one set of rows. */
    public final boolean shared;

    private ChainWorkload(int requests, int g, int vocab, float[] target, float[] draft, int[] tokens, long seed,
                          long position0, boolean shared) {
        this.requests = requests;
        this.g = g;
        this.vocab = vocab;
        this.target = target;
        this.draft = draft;
        this.tokens = tokens;
        this.seed = seed;
        this.position0 = position0;
        this.shared = shared;
    }

    /**
     * LLM-like rows; with {@code distinctRows} false every request shares one set of G + 1 row pairs, held once
     * ({@link #shared}; cheap at large B, for benchmarks).
     *
     * @throws ArithmeticException when an array would exceed an int's range (callers check {@link GpuLimits#chain})
     */
    public static ChainWorkload llmLike(int requests, int g, int vocab, long seed, boolean distinctRows) {
        int sets = distinctRows ? requests : 1;
        float[] t = new float[Math.toIntExact(GpuLimits.times(sets, g + 1, vocab))];
        float[] d = new float[Math.toIntExact(GpuLimits.times(sets, g, vocab))];
        int[] x = new int[Math.toIntExact(GpuLimits.times(requests, g))];
        for (int b = 0; b < requests; b++) {
            for (int i = 0; i <= g; i++) {
                int set = b < sets ? b : 0;
                if (b < sets) {
                    LlmLikeRows r = LlmLikeRows.generate(seed * 7919 + (long) b * (g + 1) + i, vocab, 1);
                    System.arraycopy(r.target(), 0, t, ((set * (g + 1)) + i) * vocab, vocab);
                    if (i < g) {
                        System.arraycopy(r.draft(0), 0, d, (set * g + i) * vocab, vocab);
                    }
                }
                if (i < g) {
                    long pos = (long) b * (g + 1) + i;
                    float[] dr = java.util.Arrays.copyOfRange(d, (set * g + i) * vocab, (set * g + i + 1) * vocab);
                    x[b * g + i] = Workloads.categorical(dr, null,
                        CounterUniforms.uniformFloat(seed, pos, CounterUniforms.DRAFT_STREAM, 0));
                }
            }
        }
        return new ChainWorkload(requests, g, vocab, t, d, x, seed, 0, !distinctRows);
    }

    /** Runs the workload in chain mode. */
    public BatchVerifier.ChainResult run(BatchVerifier v) {
        return shared ? v.chainShared(requests, g, vocab, target, draft, tokens, seed, position0)
            : v.chain(requests, g, vocab, target, draft, tokens, seed, position0);
    }

    /** Request b's target row i (0 <= i <= G). */
    float[] targetRow(int b, int i) {
        int from = ((shared ? 0 : b) * (g + 1) + i) * vocab;
        return java.util.Arrays.copyOfRange(target, from, from + vocab);
    }

    /** Request b's draft row i (0 <= i < G). */
    float[] draftRow(int b, int i) {
        int from = ((shared ? 0 : b) * g + i) * vocab;
        return java.util.Arrays.copyOfRange(draft, from, from + vocab);
    }

    /** The comparison of a chain result with the reference. */
    public record Report(int requests, int positions, int mismatches, int excusedUncertified, int allAccepted,
                         List<String> details) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "chain sd: %d requests, %d positions verified, %d mismatches, %d"
                + " uncertified differences, %d requests fully accepted%s", requests, positions, mismatches,
                excusedUncertified, allAccepted, details.isEmpty() ? "" : "; " + details);
        }
    }

    /** Checks every request's accepted count and emitted tokens against the reference's sd, position by position. */
    public Report compare(ChainResult r) {
        int mismatches = 0;
        int excused = 0;
        int verified = 0;
        int full = 0;
        List<String> details = new ArrayList<>();
        for (int b = 0; b < requests; b++) {
            int count = 0;
            List<Integer> emitted = new ArrayList<>();
            for (int i = 0; i < g; i++) {
                float[] p = targetRow(b, i);
                float[] q = draftRow(b, i);
                Scheme.Bound bound = Conformance.bind(KernelScheme.SD, 1, false,
                    new Conformance.Position(p, new float[][] {q}, new int[] {tokens[b * g + i]}));
                long pos = position0 + (long) b * (g + 1) + i;
                CertifiedDecision d = CertifiedDecision.of(bound, new int[] {tokens[b * g + i]},
                    u -> CounterUniforms.uniformFloat(seed, pos, CounterUniforms.VERIFY_STREAM, u), Integer.MAX_VALUE,
                    org.specverify.reference.interpret.Uniforms.OPEN);
                verified++;
                emitted.add(d.output());
                if (d.acceptedDraft() < 0) {
                    break;
                }
                count++;
            }
            if (count == g) {
                full++;
                float[] p = targetRow(b, g);
                long pos = position0 + (long) b * (g + 1) + g;
                UniformDraws<BigFraction> c = UniformDraws.exact(
                    u -> CounterUniforms.uniformFloat(seed, pos, CounterUniforms.VERIFY_STREAM, u), 1, "bonus",
                    Uniforms.OPEN);
                emitted.add(c.sample("bonus", Distribution.ofFloats(p, "bonus target row")));
            }
            boolean same = r.status()[b] == Status.OK && r.accepted()[b] == count;
            for (int i = 0; same && i <= g; i++) {
                int want = i < emitted.size() ? emitted.get(i) : -1;
                same = r.emitted()[b * (g + 1) + i] == want;
            }
            if (!same) {
                String msg = "request " + b + ": reference accepted " + count + " emitted " + emitted + ", kernel "
                    + r.status()[b] + " accepted " + r.accepted()[b] + " emitted " + java.util.Arrays.toString(
                    java.util.Arrays.copyOfRange(r.emitted(), b * (g + 1), (b + 1) * (g + 1)));
                if (!r.certified()[b]) {
                    excused++;
                } else {
                    mismatches++;
                }
                if (details.size() < 10) {
                    details.add(msg + (r.certified()[b] ? "" : " (uncertified)"));
                }
            }
        }
        return new Report(requests, verified, mismatches, excused, full, details);
    }
}
