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
 */
public final class ChainWorkload {
    public final int requests;
    public final int g;
    public final int vocab;
    public final float[] target;
    public final float[] draft;
    public final int[] tokens;
    public final long seed;
    public final long position0;

    private ChainWorkload(int requests, int g, int vocab, float[] target, float[] draft, int[] tokens, long seed,
                          long position0) {
        this.requests = requests;
        this.g = g;
        this.vocab = vocab;
        this.target = target;
        this.draft = draft;
        this.tokens = tokens;
        this.seed = seed;
        this.position0 = position0;
    }

    /**
     * LLM-like rows; with {@code distinctRows} false every request shares one set of G + 1 row pairs (cheap to build
     * at large B for benchmarks).
     */
    public static ChainWorkload llmLike(int requests, int g, int vocab, long seed, boolean distinctRows) {
        float[] t = new float[requests * (g + 1) * vocab];
        float[] d = new float[requests * g * vocab];
        int[] x = new int[requests * g];
        int distinct = distinctRows ? requests : 1;
        for (int b = 0; b < requests; b++) {
            for (int i = 0; i <= g; i++) {
                float[] tr;
                float[] dr;
                if (b < distinct) {
                    LlmLikeRows r = LlmLikeRows.generate(seed * 7919 + (long) b * (g + 1) + i, vocab, 1);
                    tr = r.target();
                    dr = r.draft(0);
                } else {
                    tr = java.util.Arrays.copyOfRange(t, i * vocab, (i + 1) * vocab);
                    dr = i < g ? java.util.Arrays.copyOfRange(d, i * vocab, (i + 1) * vocab) : null;
                }
                System.arraycopy(tr, 0, t, (b * (g + 1) + i) * vocab, vocab);
                if (i < g) {
                    System.arraycopy(dr, 0, d, (b * g + i) * vocab, vocab);
                    long pos = (long) b * (g + 1) + i;
                    x[b * g + i] = Workloads.categorical(dr, null,
                        CounterUniforms.uniformFloat(seed, pos, CounterUniforms.DRAFT_STREAM, 0));
                }
            }
        }
        return new ChainWorkload(requests, g, vocab, t, d, x, seed, 0);
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
                float[] p = java.util.Arrays.copyOfRange(target, (b * (g + 1) + i) * vocab,
                    (b * (g + 1) + i + 1) * vocab);
                float[] q = java.util.Arrays.copyOfRange(draft, (b * g + i) * vocab, (b * g + i + 1) * vocab);
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
                float[] p = java.util.Arrays.copyOfRange(target, (b * (g + 1) + g) * vocab,
                    (b * (g + 1) + g + 1) * vocab);
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
