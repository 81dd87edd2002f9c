package org.specverify.reference.bench;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.ExactVector;
import org.specverify.reference.interpret.ConditionalLaw;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;

/**
 * Benchmark of the exact conditional law P(Y = · | drafts) at LLM vocabulary sizes, from float32 rows: per repetition,
 * read the two rows as exact laws, bind the scheme, enumerate the verifier's branches ({@link ConditionalLaw#of}) and
 * materialise the whole law over one common denominator ({@link ConditionalLaw#exactMasses}), then check exactly that
 * it sums to 1 (inside the timing). Rows are seeded {@link LlmLikeRows}. Two draft choices are timed: drafts drawn
 * from q (Philox draft stream) and a hard case where every draft has 0 &lt; p_k/q &lt; 1 along the residual chain as
 * far as one exists (so every accept test is a branch and every residual is computed).
 */
public final class ExactLawBench {
    private ExactLawBench() {
    }

    /** The numbers of one run. */
    public record Result(String scheme, int vocab, int k, int reps, double medianMillis, double maxMillis,
                         double hardMedianMillis, double hardMaxMillis, int hardLeaves, String machine) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"scheme\": \"%s\", \"vocab\": %d, \"k\": %d, \"reps\": %d,"
                    + " \"medianMillis\": %.3f, \"maxMillis\": %.3f, \"hardMedianMillis\": %.3f,"
                    + " \"hardMaxMillis\": %.3f, \"hardLeaves\": %d, \"machine\": \"%s\"}",
                scheme, vocab, k, reps, medianMillis, maxMillis, hardMedianMillis, hardMaxMillis, hardLeaves,
                machine.replace("\"", "'"));
        }
    }

    public static Result run(Scheme scheme, int vocab, int k, int reps, long seed, String machine) {
        double[] typical = new double[reps];
        double[] hard = new double[reps];
        int hardLeaves = 0;
        for (int warm = 0; warm < 2; warm++) {
            LlmLikeRows rows = LlmLikeRows.generate(seed - 1 - warm, vocab, 1);
            once(scheme, rows, k, drawn(scheme, rows, k, seed));
        }
        for (int r = 0; r < reps; r++) {
            LlmLikeRows rows = LlmLikeRows.generate(seed + r, vocab, 1);
            int[] d1 = drawn(scheme, rows, k, seed + r);
            int[] d2 = hardDrafts(rows, k);
            long t0 = System.nanoTime();
            once(scheme, rows, k, d1);
            long t1 = System.nanoTime();
            hardLeaves = Math.max(hardLeaves, once(scheme, rows, k, d2));
            long t2 = System.nanoTime();
            typical[r] = (t1 - t0) / 1e6;
            hard[r] = (t2 - t1) / 1e6;
        }
        return new Result(scheme.id(), vocab, k, reps, median(typical), max(typical), median(hard), max(hard),
            hardLeaves, machine);
    }

    /** One timed unit: rows to exact laws, bind, conditional law, full materialisation, exact sum check. */
    private static int once(Scheme scheme, LlmLikeRows rows, int k, int[] drafts) {
        Scheme.Bound b = bind(scheme, rows, k);
        ConditionalLaw law = ConditionalLaw.of(b, drafts);
        ExactVector v = law.exactMasses();
        if (!v.total().equals(BigFraction.ONE)) {
            throw new IllegalStateException("the conditional law sums to " + v.total() + ", not 1");
        }
        return law.leaves().size();
    }

    private static Scheme.Bound bind(Scheme scheme, LlmLikeRows rows, int k) {
        return scheme.bind(Instance.identical("bench", Distribution.ofFloats(rows.target(), "target row"),
            Distribution.ofFloats(rows.draft(0), "draft row"), k));
    }

    private static int[] drawn(Scheme scheme, LlmLikeRows rows, int k, long seed) {
        return bind(scheme, rows, k).draftProcess().draw(UniformDraws.exact(
            d -> CounterUniforms.uniform(seed, 0, CounterUniforms.DRAFT_STREAM, d), Integer.MAX_VALUE, Draws.DRAFT,
            Uniforms.OPEN));
    }

    /**
     * Drafts chosen in doubles along the iid residual chain p_{k+1} ∝ (p − c_k·q)+: at each step the token of largest
     * q with 0 &lt; p_k/q &lt; 1, so the accept test is a branch (a token of positive q when none is left).
     */
    static int[] hardDrafts(LlmLikeRows rows, int k) {
        double[] p = toDoubles(rows.target());
        double[] q = toDoubles(rows.draft(0));
        int[] out = new int[k];
        double c = 0;
        double s = 1;
        for (int step = 0; step < k; step++) {
            int best = -1;
            for (int x = 0; x < p.length; x++) {
                double pk = Math.max(p[x] - c * q[x], 0) / s;
                if (q[x] > 0 && pk > 0 && pk < q[x] && (best < 0 || q[x] > q[best])) {
                    best = x;
                }
            }
            if (best < 0) {
                for (int x = 0; x < p.length; x++) {
                    if (q[x] > 0 && (best < 0 || q[x] > q[best])) {
                        best = x;
                    }
                }
            }
            out[step] = best;
            double next = 0;
            for (int x = 0; x < p.length; x++) {
                next += Math.max(p[x] - (c + s) * q[x], 0);
            }
            c += s;
            s = next;
            if (s <= 0) {
                s = Double.MIN_NORMAL;
            }
        }
        return out;
    }

    private static double[] toDoubles(float[] f) {
        double t = 0;
        for (float v : f) {
            t += v;
        }
        double[] d = new double[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i] / t;
        }
        return d;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
