package org.specverify.report;

import java.util.Arrays;
import java.util.Random;

import org.specverify.reference.bench.LlmLikeRows;

/**
 * Seeded synthetic next-token laws that look like a language model's (no model produced them; every report labels
 * them synthetic). The target: logit −{@value #ZIPF_SLOPE}·ln(rank + 1) plus Gaussian noise of standard deviation
 * {@value #TARGET_NOISE}, the ranks shuffled over the vocabulary, softmax at temperature 1, rounded to float32. The
 * draft: one of the {@link Family families}, built from the same logits.
 */
public final class SyntheticRows {
    public static final double ZIPF_SLOPE = LlmLikeRows.ZIPF_SLOPE;
    public static final double TARGET_NOISE = LlmLikeRows.TARGET_NOISE;

    /** How the draft law differs from the target. */
    public enum Family {
        TEMPERATURE("temperature", "same logits at temperature 1.3"),
        NOISE("noise", "logit noise of sd 0.7 (a weaker model)"),
        TOP_K("top-k", "logit noise of sd 0.3, then top-k 50 truncation"),
        TOP_P("top-p", "logit noise of sd 0.3, then top-p 0.9 truncation"),
        HOT_NOISY("hot+noise", "logit noise of sd 0.7 at temperature 1.5");

        private final String id;
        private final String description;

        Family(String id, String description) {
            this.id = id;
            this.description = description;
        }

        public String id() {
            return id;
        }

        public String description() {
            return description;
        }
    }

    /** A target row and a draft row (float32 weights). */
    public record Pair(float[] target, float[] draft) {
    }

    private SyntheticRows() {
    }

    /** The position {@code position} of the family at this vocabulary size, from {@code seed}. */
    public static Pair generate(long seed, Family family, int vocab, int position) {
        Random rng = new Random(seed * 1_000_003L + vocab * 31L + position);
        double[] z = LlmLikeRows.zipfLogits(rng, vocab);
        float[] target = LlmLikeRows.softmax(z, 1.0);
        Random drng = new Random(rng.nextLong() ^ family.ordinal());
        double[] d = z.clone();
        double temperature = 1;
        switch (family) {
            case TEMPERATURE -> temperature = 1.3;
            case NOISE -> noise(d, 0.7, drng);
            case TOP_K, TOP_P -> noise(d, 0.3, drng);
            case HOT_NOISY -> {
                noise(d, 0.7, drng);
                temperature = 1.5;
            }
            default -> throw new AssertionError(family);
        }
        float[] draft = LlmLikeRows.softmax(d, temperature);
        if (family == Family.TOP_K) {
            draft = topK(draft, 50);
        } else if (family == Family.TOP_P) {
            draft = topP(draft, 0.9);
        }
        return new Pair(target, draft);
    }

    private static void noise(double[] d, double sd, Random rng) {
        for (int i = 0; i < d.length; i++) {
            d[i] += sd * rng.nextGaussian();
        }
    }

    /** The k largest masses kept (ties: all tokens equal to the k-th kept), the rest zero, renormalised. */
    public static float[] topK(float[] w, int k) {
        if (k >= w.length) {
            return w.clone();
        }
        float[] sorted = w.clone();
        Arrays.sort(sorted);
        float cut = sorted[w.length - k];
        float[] out = new float[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] >= cut) {
                out[i] = w[i];
                s += w[i];
            }
        }
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (out[i] / s);
        }
        return out;
    }

    /** The smallest set of most likely tokens with mass at least {@code top} kept, the rest zero, renormalised. */
    public static float[] topP(float[] w, double top) {
        float[] sorted = w.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (float v : w) {
            total += v;
        }
        double acc = 0;
        float cut = sorted[sorted.length - 1];
        for (int i = sorted.length - 1; i >= 0; i--) {
            acc += sorted[i];
            cut = sorted[i];
            if (acc >= top * total) {
                break;
            }
        }
        float[] out = new float[w.length];
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            if (w[i] >= cut) {
                out[i] = w[i];
                s += w[i];
            }
        }
        for (int i = 0; i < w.length; i++) {
            out[i] = (float) (out[i] / s);
        }
        return out;
    }
}
