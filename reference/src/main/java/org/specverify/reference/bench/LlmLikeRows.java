package org.specverify.reference.bench;

import java.util.Random;

/**
 * Seeded, synthetic rows that look like a language model's next-token laws, for benchmarks: a Zipf-like target
 * (logit of the token of rank r is −1.1·ln(r + 1) plus Gaussian noise of standard deviation 0.5, ranks shuffled over
 * the vocabulary) and a draft law at another temperature (the same logits plus noise of standard deviation 0.7, over
 * temperature 1.5), each a float32 softmax. Synthetic: no model produced them.
 */
public final class LlmLikeRows {
    /** Logit slope over the log-rank. */
    public static final double ZIPF_SLOPE = 1.1;
    /** Noise of the target logits. */
    public static final double TARGET_NOISE = 0.5;
    /** Noise added to the draft logits. */
    public static final double DRAFT_NOISE = 0.7;
    /** The draft's temperature. */
    public static final double DRAFT_TEMPERATURE = 1.5;

    private final float[] target;
    private final float[][] drafts;

    private LlmLikeRows(float[] target, float[][] drafts) {
        this.target = target;
        this.drafts = drafts;
    }

    /**
     * A target row and {@code draftModels} draft rows (one shared draft law when 1) over {@code vocab} tokens.
     *
     * @throws IllegalArgumentException for vocab &lt; 2 or draftModels &lt; 1
     */
    public static LlmLikeRows generate(long seed, int vocab, int draftModels) {
        if (vocab < 2 || draftModels < 1) {
            throw new IllegalArgumentException("need vocab >= 2 and at least one draft row, got " + vocab + ", "
                + draftModels);
        }
        Random rng = new Random(seed);
        double[] logits = zipfLogits(rng, vocab);
        float[] target = softmax(logits, 1.0);
        float[][] drafts = new float[draftModels][];
        for (int d = 0; d < draftModels; d++) {
            double[] z = new double[vocab];
            for (int i = 0; i < vocab; i++) {
                z[i] = logits[i] + DRAFT_NOISE * rng.nextGaussian();
            }
            drafts[d] = softmax(z, DRAFT_TEMPERATURE);
        }
        return new LlmLikeRows(target, drafts);
    }

    /**
     * Zipf-like target logits: ranks 0..vocab-1 shuffled over the tokens by {@code rng} (Fisher-Yates), then the token
     * of rank r gets -{@value #ZIPF_SLOPE}·ln(r + 1) plus Gaussian noise of standard deviation {@value #TARGET_NOISE},
     * all drawn from {@code rng} in that order.
     */
    public static double[] zipfLogits(Random rng, int vocab) {
        int[] rank = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            rank[i] = i;
        }
        for (int i = vocab - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        double[] logits = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            logits[i] = -ZIPF_SLOPE * Math.log(rank[i] + 1.0) + TARGET_NOISE * rng.nextGaussian();
        }
        return logits;
    }

    /** softmax(z / temperature) rounded to float32, as an engine would hand it over (sums to 1 only approximately). */
    public static float[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double s = 0;
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] / temperature - max);
            s += e[i];
        }
        float[] out = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = (float) (e[i] / s);
        }
        return out;
    }

    public float[] target() {
        return target.clone();
    }

    /** Draft row {@code i}. */
    public float[] draft(int i) {
        return drafts[i].clone();
    }

    public int draftModels() {
        return drafts.length;
    }
}
