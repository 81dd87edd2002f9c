package org.specverify.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.specverify.reference.numeric.Law;

/**
 * The sequence study at LLM vocabulary (floating, with proved bounds): token-wise against block verification along
 * synthetic drafted chains, E[tau | drafts] of each step from {@link ChainStepLaw}, averaged over steps.
 *
 * <p><b>Steps.</b> For each draft family of {@link SyntheticRows}, each vocabulary of {@link #VOCABS} and each of
 * {@link #CONTEXTS} row sets: depth i = 1..{@value #MAX_GAMMA} + 1 has its own seeded synthetic position (target row
 * p_i and draft row q_i of the family, float32, as {@link Studies} uses them); on each row set {@link #PATHS} chains
 * are drafted, the token x_i drawn from q_i with a seeded generator (never a token of draft mass 0). The rows at a
 * depth do not depend on the tokens drafted before it (no model produced them): the path is synthetic, labelled so.
 * For gamma = 1..{@value #MAX_GAMMA} the step is the first gamma drafts, with target rows p_1..p_(gamma+1).
 *
 * <p><b>Numbers.</b> Per setting (family, |V|, gamma, scheme) the mean over the steps of E[tau | drafts], a floating
 * figure whose bound is the largest bound of its steps (the mean of values each within its bound of the exact value is
 * within the largest bound of the mean of the exact values), plus the rounding of the mean (n ulps); min and max over
 * the steps.
 */
public final class SequenceLlmStudy {
    /** The study's name in the CSV and JSON. */
    public static final String STUDY = "sequence-llm";
    /** The vocabularies. */
    public static final int[] VOCABS = {32000, 128256};
    /** The largest drafted depth. */
    public static final int MAX_GAMMA = 4;
    /** Synthetic row sets (contexts) per family and vocabulary. */
    public static final int CONTEXTS = 4;
    /** Drafted chains per row set: the drafts are cheap next to the rows, and they carry most of the variance. */
    public static final int PATHS = 16;
    /** Steps averaged per family and vocabulary: {@link #CONTEXTS} x {@link #PATHS}. */
    public static final int STEPS = CONTEXTS * PATHS;
    /** The seed of the rows and the drafts. */
    public static final long SEED = Studies.SEED + 4;
    /** The first synthetic position of the study (apart from the positions of {@link Studies#llm}). */
    static final int FIRST_POSITION = 1000;

    private SequenceLlmStudy() {
    }

    /** One synthetic step: the rows along the path and the drafted tokens. */
    record Step(Law[] target, Law[] draft, int[] drafts) {
    }

    /**
     * The steps of row set (context) {@code context} of a family at a vocabulary: {@link #MAX_GAMMA} + 1 target rows
     * and {@link #MAX_GAMMA} draft rows, one synthetic position per depth, and {@link #PATHS} chains drafted from them.
     */
    static List<Step> steps(SyntheticRows.Family family, int vocab, int context) {
        Law[] target = new Law[MAX_GAMMA + 1];
        Law[] draft = new Law[MAX_GAMMA];
        for (int d = 0; d <= MAX_GAMMA; d++) {
            SyntheticRows.Pair pair = SyntheticRows.generate(SEED, family, vocab,
                FIRST_POSITION + context * (MAX_GAMMA + 1) + d);
            target[d] = Law.ofFloats(pair.target(), "target");
            if (d < MAX_GAMMA) {
                draft[d] = Law.ofFloats(pair.draft(), "draft");
            }
        }
        Random rng = new Random(SEED * 31L + family.ordinal() * 1_000_003L + vocab * 7L + context);
        List<Step> out = new ArrayList<>(PATHS);
        for (int path = 0; path < PATHS; path++) {
            int[] drafts = new int[MAX_GAMMA];
            for (int d = 0; d < MAX_GAMMA; d++) {
                drafts[d] = sample(draft[d], rng.nextDouble());
            }
            out.add(new Step(target, draft, drafts));
        }
        return out;
    }

    /** The token at cumulative mass u (inverse CDF over the normalised masses), never one of mass 0. */
    static int sample(Law q, double u) {
        double acc = 0;
        int last = -1;
        for (int x = 0; x < q.size(); x++) {
            double m = q.p(x);
            if (m > 0) {
                acc += m;
                last = x;
                if (u < acc) {
                    return x;
                }
            }
        }
        if (last < 0) {
            throw new IllegalStateException("a draft row without mass");
        }
        return last;
    }

    /** E[tau | drafts] of one step for gamma = 1..MAX_GAMMA: [gamma - 1][0 tokenwise, 1 block]. */
    static Figure[][] expected(Step s) {
        Figure[][] out = new Figure[MAX_GAMMA][2];
        for (int g = 1; g <= MAX_GAMMA; g++) {
            Law[] p = java.util.Arrays.copyOf(s.target(), g + 1);
            Law[] q = java.util.Arrays.copyOf(s.draft(), g);
            int[] x = java.util.Arrays.copyOf(s.drafts(), g);
            out[g - 1][0] = ChainStepLaw.tokenwise(p, q, x).expected();
            out[g - 1][1] = ChainStepLaw.block(p, q, x).expected();
        }
        return out;
    }

    /** Runs the study on {@code threads} threads. */
    public static List<Measurement> run(int threads, Studies.Listener listener) {
        SyntheticRows.Family[] families = SyntheticRows.Family.values();
        int total = families.length * VOCABS.length * CONTEXTS;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "specverify-sequence-llm");
            t.setDaemon(true);
            return t;
        });
        // [family][vocab][step] -> per gamma, per scheme
        List<Future<List<Figure[][]>>> futures = new ArrayList<>();
        try {
            for (SyntheticRows.Family f : families) {
                for (int vocab : VOCABS) {
                    for (int context = 0; context < CONTEXTS; context++) {
                        int c = context;
                        futures.add(pool.submit(() -> {
                            List<Figure[][]> e = new ArrayList<>(PATHS);
                            for (Step s : steps(f, vocab, c)) {
                                e.add(expected(s));
                            }
                            if (listener != null) {
                                listener.progress("sequence study: LLM vocabulary", done.incrementAndGet(), total);
                            }
                            return e;
                        }));
                    }
                }
            }
            List<Measurement> out = new ArrayList<>();
            int i = 0;
            for (SyntheticRows.Family f : families) {
                for (int vocab : VOCABS) {
                    List<Figure[][]> steps = new ArrayList<>();
                    for (int context = 0; context < CONTEXTS; context++) {
                        steps.addAll(DumpAudit.get(futures.get(i++)));
                    }
                    for (int g = 1; g <= MAX_GAMMA; g++) {
                        for (int s = 0; s < 2; s++) {
                            out.add(mean(f, vocab, g, s == 0 ? "tokenwise" : "block", steps, g - 1, s));
                        }
                        out.add(gain(f, vocab, g, steps, g - 1));
                    }
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The mean over the steps of block's E[tau | drafts] minus tokenwise's, with the bound of the difference (the sum
     * of the two bounds of each step, the largest over the steps) and, in the note, the standard error of the mean over
     * the steps: the mean estimates the expectation over the drafted chains, where block is at least tokenwise (block
     * verification is the best lossless verifier of a chain), with that sampling error.
     */
    private static Measurement gain(SyntheticRows.Family f, int vocab, int g, List<Figure[][]> steps, int gi) {
        double sum = 0;
        double sumSq = 0;
        double bound = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Figure[][] s : steps) {
            double d = s[gi][1].value() - s[gi][0].value();
            sum += d;
            sumSq += d * d;
            bound = Math.max(bound, s[gi][0].bound() + s[gi][1].bound());
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        int n = steps.size();
        double mean = sum / n;
        double standardError = Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1)) / n);
        // each difference rounds once more (half an ulp of at most 2 gamma)
        return new Measurement(STUDY, f.id(), vocab, g, GAIN, "chain", Figure.floating(mean, (bound
            + Math.ulp(2.0 * g)) * (1 + 1e-9) + n * Math.ulp(2.0 * g)), Double.NaN, min, max, n, String.format(
            java.util.Locale.ROOT, "block minus tokenwise, mean over synthetic drafted steps (k = gamma); floating,"
            + " bound proved per step; standard error of the mean over the steps %.2e", standardError));
    }

    /** The quantity name of block's gain over tokenwise. */
    public static final String GAIN = "block-minus-tokenwise";

    /** The standard error written in a gain measurement's note (NaN when absent). */
    public static double standardError(Measurement gain) {
        String note = gain.note();
        int at = note.lastIndexOf(' ');
        try {
            return Double.parseDouble(note.substring(at + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Measurement mean(SyntheticRows.Family f, int vocab, int g, String scheme, List<Figure[][]> steps,
                                    int gi, int si) {
        double sum = 0;
        double bound = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Figure[][] s : steps) {
            Figure x = s[gi][si];
            sum += x.value();
            bound = Math.max(bound, x.bound());
            min = Math.min(min, x.value());
            max = Math.max(max, x.value());
        }
        int n = steps.size();
        double mean = sum / n;
        return new Measurement(STUDY, f.id(), vocab, g, scheme, "chain", Figure.floating(mean, bound * (1 + 1e-9)
            + n * Math.ulp(Math.max(1.0, Math.abs(mean)) * g)), Double.NaN, min, max, n, "expected accepted draft"
            + " tokens given the drafts, mean over synthetic drafted steps (k = gamma); floating, bound proved per"
            + " step");
    }
}
