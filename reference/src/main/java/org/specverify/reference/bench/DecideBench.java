package org.specverify.reference.bench;

import java.util.Arrays;
import java.util.Locale;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.UniformDriven;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;

/**
 * Benchmark of certified floating-point decisions at LLM vocabulary sizes: positions per second of
 * {@link CertifiedDecision#of} on seeded {@link LlmLikeRows}, and the share of positions handed to the exact
 * arithmetic. Per position the timed work is everything a conformance check of one position does: read the two float32
 * rows as exact laws, bind the scheme, decide. The drafts (iid from q, Philox draft stream) and the verifier uniforms
 * (Philox verify stream) are made before timing. Every {@code checkEvery}-th position is also decided exactly and must
 * agree (it is not timed).
 */
public final class DecideBench {
    private DecideBench() {
    }

    /** The numbers of one run. */
    public record Result(String scheme, int vocab, int k, int positions, double seconds, double positionsPerSecond,
                         int exactPositions, double exactShare, int checked, String machine) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"scheme\": \"%s\", \"vocab\": %d, \"k\": %d, \"positions\": %d,"
                    + " \"seconds\": %.4f, \"positionsPerSecond\": %.1f, \"exactPositions\": %d, \"exactShare\": %.6f,"
                    + " \"checkedAgainstExact\": %d, \"machine\": \"%s\"}",
                scheme, vocab, k, positions, seconds, positionsPerSecond, exactPositions, exactShare, checked,
                machine.replace("\"", "'"));
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param rowPairs   distinct seeded row pairs cycled over the positions (each position still reads its rows anew)
     * @param checkEvery decide every so many positions exactly as well, and require agreement (0: never)
     * @throws IllegalStateException when a certified decision differs from the exact one
     */
    public static Result run(Scheme scheme, int vocab, int k, int positions, int rowPairs, long seed, int checkEvery,
                             String machine) {
        float[][] targets = new float[rowPairs][];
        float[][] draftRows = new float[rowPairs][];
        for (int r = 0; r < rowPairs; r++) {
            LlmLikeRows rows = LlmLikeRows.generate(seed + r, vocab, 1);
            targets[r] = rows.target();
            draftRows[r] = rows.draft(0);
        }
        int[][] drafts = new int[positions][];
        for (int i = 0; i < positions; i++) {
            int r = i % rowPairs;
            Scheme.Bound b = bind(scheme, targets[r], draftRows[r], k, i);
            long pos = i;
            drafts[i] = b.draftProcess().draw(UniformDraws.exact(
                d -> CounterUniforms.uniform(seed, pos, CounterUniforms.DRAFT_STREAM, d), Integer.MAX_VALUE, Draws.DRAFT,
                Uniforms.OPEN));
        }
        int uniformsPerPosition = 2 * k + 4;
        double[][] uniforms = new double[positions][uniformsPerPosition];
        for (int i = 0; i < positions; i++) {
            for (int d = 0; d < uniformsPerPosition; d++) {
                uniforms[i][d] = CounterUniforms.uniform(seed, i, CounterUniforms.VERIFY_STREAM, d);
            }
        }
        // warm up on a few positions
        for (int i = 0; i < Math.min(positions, 20); i++) {
            int r = i % rowPairs;
            CertifiedDecision.of(bind(scheme, targets[r], draftRows[r], k, i), drafts[i], uniforms[i]);
        }
        int exact = 0;
        long start = System.nanoTime();
        int[] outputs = new int[positions];
        for (int i = 0; i < positions; i++) {
            int r = i % rowPairs;
            CertifiedDecision d = CertifiedDecision.of(bind(scheme, targets[r], draftRows[r], k, i), drafts[i],
                uniforms[i]);
            outputs[i] = d.output();
            if (d.exact()) {
                exact++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int checked = 0;
        if (checkEvery > 0) {
            for (int i = 0; i < positions; i += checkEvery) {
                int r = i % rowPairs;
                UniformDriven.Decision e = UniformDriven.verify(bind(scheme, targets[r], draftRows[r], k, i), drafts[i],
                    uniforms[i]);
                if (e.output() != outputs[i]) {
                    throw new IllegalStateException("position " + i + ": certified output " + outputs[i]
                        + " but exact " + e.output() + " (drafts " + Arrays.toString(drafts[i]) + ")");
                }
                checked++;
            }
        }
        return new Result(scheme.id(), vocab, k, positions, seconds, positions / seconds, exact,
            (double) exact / positions, checked, machine);
    }

    private static Scheme.Bound bind(Scheme scheme, float[] target, float[] draft, int k, int position) {
        Instance inst = Instance.identical("position " + position, Distribution.ofFloats(target, "target row"),
            Distribution.ofFloats(draft, "draft row"), k);
        return scheme.bind(inst);
    }
}
