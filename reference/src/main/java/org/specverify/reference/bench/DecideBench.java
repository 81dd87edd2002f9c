package org.specverify.reference.bench;

import java.util.Arrays;
import java.util.Locale;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftKind;
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
 * rows as exact laws, bind the scheme, decide. The drafts (Philox draft stream; iid drafts straight from the float row
 * by inverse CDF on doubles, other draft processes through the exact law) and the verifier uniforms (Philox verify
 * stream) are made before timing. Every {@code checkEvery}-th position is also decided exactly and must
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
        boolean iid = DraftKind.of(bind(scheme, targets[0], draftRows[0], k, 0).draftProcess()) == DraftKind.IID;
        double[][] cdf = iid ? new double[rowPairs][] : null;
        for (int r = 0; iid && r < rowPairs; r++) {
            cdf[r] = cumulative(draftRows[r]);
        }
        for (int i = 0; i < positions; i++) {
            int r = i % rowPairs;
            long pos = i;
            if (iid) {
                // iid drafts straight from the float row: inverse CDF on doubles, the same Philox draft stream
                drafts[i] = new int[k];
                for (int d = 0; d < k; d++) {
                    drafts[i][d] = inverseCdf(cdf[r], CounterUniforms.uniform(seed, pos,
                        CounterUniforms.DRAFT_STREAM, d));
                }
                continue;
            }
            Scheme.Bound b = bind(scheme, targets[r], draftRows[r], k, i);
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

    /** Running sums of the row in double, c[x] = w(0) + ... + w(x). */
    static double[] cumulative(float[] w) {
        double[] c = new double[w.length];
        double s = 0;
        for (int x = 0; x < w.length; x++) {
            s += w[x];
            c[x] = s;
        }
        return c;
    }

    /**
     * The token x with c[x − 1] ≤ u·c[last] &lt; c[x]: a draw of the row's law by inverse CDF (up to the rounding of
     * the double sums, which only moves which token a uniform within about 1e-16 of a boundary picks; never a token
     * of zero mass, as c does not grow there).
     */
    static int inverseCdf(double[] c, double u) {
        double t = u * c[c.length - 1];
        int lo = 0;
        int hi = c.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (c[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        // t rounded up to the total (u within 1e-16 of one): step back over trailing zero-mass tokens
        while (lo > 0 && c[lo] == c[lo - 1]) {
            lo--;
        }
        return lo;
    }

    private static Scheme.Bound bind(Scheme scheme, float[] target, float[] draft, int k, int position) {
        Instance inst = Instance.identical("position " + position, Distribution.ofFloats(target, "target row"),
            Distribution.ofFloats(draft, "draft row"), k);
        return scheme.bind(inst);
    }
}
