package org.specverify.lp.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.specverify.lp.optimum.RatioPrefix;
import org.specverify.reference.InvalidInputException;

/**
 * Benchmark of α* by the double ratio-prefix algorithm ({@link RatioPrefix#iid(double[], double[], int)}, iid drafts)
 * on LLM-like random instances, with a plain {@link Arrays#sort(double[])} of |V| doubles timed in the same run as the
 * baseline. Goal: at |V| = 128256, K = 8, α* in at most 3× the sort baseline.
 *
 * <p><b>Instances</b> ({@link #llmLike}): logits z = 3·G with G standard Gumbel (a heavy upper tail, as in language
 * model logits), target p = softmax(z), draft q = softmax(z + 1.5·N(0, 1)) (a perturbed draft model). Both are pure
 * functions of the seed; the JSON reports the α* computed, which varies with the seed (one dominant Gumbel logit can
 * make it nearly 1).
 *
 * <p><b>Timing</b>: {@code reps} timed repetitions after a warm-up of {@link #SMALL_WARMUP_CALLS} calls on a small
 * instance and then at least max(reps, {@link #MIN_WARMUP}) rounds and {@link #MIN_WARMUP_SECONDS} seconds on the full
 * one; each repetition times the optimum on a
 * fresh copy of the same instance and the sort on a fresh copy of |V| doubles (the logits); the medians are reported.
 * The whole α* call is timed: validation, ratio order (one sort of packed longs) and the prefix scan.
 */
public final class OptimumBench {
    /** The fewest untimed warm-up rounds. */
    public static final int MIN_WARMUP = 30;
    /**
     * The shortest warm-up in seconds: at |V| = 128k the JIT needs about a hundred rounds (two seconds) before the
     * primitive sorts and the prefix scan reach their steady speed; timing earlier compares transients.
     */
    public static final double MIN_WARMUP_SECONDS = 3;
    /** Calls on a small instance before the full-size warm-up. */
    public static final int SMALL_WARMUP_CALLS = 4000;
    /** The vocabulary of that small instance. */
    public static final int SMALL_WARMUP_VOCAB = 2048;

    /**
     * Heap bytes the benchmark holds per vocabulary token at its peak, rounded up from 60: the instance (p, q and the
     * logits, 3 × 8 bytes), the fresh copies of p and q timed in each round (2 × 8), and inside the ratio order the
     * packed keys (8), the order (4) and at most one re-sorted run of colliding keys (8). The transient arrays of
     * {@link #llmLike} (32 bytes per token) are gone before the rounds start, and the logits' copy for the sort (8)
     * is made after the keys and the run are garbage.
     */
    public static final long HEAP_BYTES_PER_TOKEN = 64;
    /** Heap bytes per timed repetition: two doubles (the optimum's and the sort's times). */
    public static final long HEAP_BYTES_PER_REP = 16;
    /**
     * Heap bytes the estimate adds whatever the size: the small warm-up instance, the command line's own objects, and
     * the regions that the collector cannot fill when large arrays each take whole regions (64 MiB).
     */
    public static final long FIXED_HEAP_BYTES = 64L << 20;
    /** The largest vocabulary: the longest array a JVM reliably allocates (Integer.MAX_VALUE - 8 elements). */
    public static final int MAX_VOCAB = Integer.MAX_VALUE - 8;

    private OptimumBench() {
    }

    /**
     * The benchmark's result.
     *
     * @param vocab |V|
     * @param k the number of drafts K
     * @param seed the instance seed
     * @param reps timed repetitions
     * @param medianMillis median time of α* in milliseconds
     * @param sortBaselineMillis median time of sorting |V| doubles in milliseconds
     * @param alpha the α* computed (the same every repetition)
     * @param errorBound its stated error bound
     */
    public record Result(int vocab, int k, long seed, int reps, double medianMillis, double sortBaselineMillis,
        double alpha, double errorBound) {
        /** medianMillis / sortBaselineMillis. */
        public double ratioToSort() {
            return medianMillis / sortBaselineMillis;
        }

        /** One JSON object with every field and the ratio. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"benchmark\": \"optimum\", \"method\": \"iid ratio prefix (double)\", "
                    + "\"vocab\": %d, \"k\": %d, \"seed\": %d, \"reps\": %d, \"medianMillis\": %.4f, "
                    + "\"sortBaselineMillis\": %.4f, \"ratioToSort\": %.3f, \"alpha\": %.17g, \"errorBound\": %.3g}",
                vocab, k, seed, reps, medianMillis, sortBaselineMillis, ratioToSort(), alpha, errorBound);
        }
    }

    /**
     * The heap the benchmark needs at its peak, in bytes:
     * {@link #HEAP_BYTES_PER_TOKEN}·vocab + {@link #HEAP_BYTES_PER_REP}·reps + {@link #FIXED_HEAP_BYTES}.
     */
    public static long heapBytesNeeded(int vocab, int reps) {
        return HEAP_BYTES_PER_TOKEN * vocab + HEAP_BYTES_PER_REP * reps + FIXED_HEAP_BYTES;
    }

    /**
     * Refuses a run that cannot fit in a heap of {@code maxHeapBytes} ({@link Runtime#maxMemory()} for this JVM;
     * {@link Long#MAX_VALUE} means no limit), before anything is allocated.
     *
     * @throws InvalidInputException naming the vocabulary, the bytes needed and the max heap, both also in MiB
     */
    public static void requireFitsInHeap(int vocab, int reps, long maxHeapBytes) {
        long need = heapBytesNeeded(vocab, reps);
        if (maxHeapBytes != Long.MAX_VALUE && need > maxHeapBytes) {
            throw new InvalidInputException("benchmark vocabulary " + vocab + " with " + reps + " repetitions needs"
                + " about " + need + " bytes (" + (need >> 20) + " MiB) of heap (" + HEAP_BYTES_PER_TOKEN
                + " bytes per token, " + HEAP_BYTES_PER_REP + " per repetition, " + (FIXED_HEAP_BYTES >> 20)
                + " MiB fixed), but the JVM's max heap is " + maxHeapBytes + " bytes (" + (maxHeapBytes >> 20)
                + " MiB): use a smaller vocabulary or a larger heap (java -Xmx, or JDK_JAVA_OPTIONS=-Xmx... for"
                + " ./specverify)");
        }
    }

    /** An LLM-like instance: {@code [0]} = p, {@code [1]} = q, {@code [2]} = the logits z. */
    public static double[][] llmLike(int vocab, long seed) {
        requireVocab(vocab);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[vocab];
        double[] zq = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            double u = rng.nextDouble();
            while (u == 0) {
                u = rng.nextDouble();
            }
            z[i] = 3 * -Math.log(-Math.log(u));
            zq[i] = z[i] + 1.5 * gaussian(rng);
        }
        return new double[][] {softmax(z), softmax(zq), z};
    }

    private static void requireVocab(int vocab) {
        if (vocab < 1 || vocab > MAX_VOCAB) {
            throw new InvalidInputException("benchmark vocabulary must be between 1 and " + MAX_VOCAB + ", got "
                + vocab);
        }
    }

    /**
     * Runs the benchmark with the default warm-up ({@link #MIN_WARMUP_SECONDS}).
     *
     * @throws InvalidInputException when vocab is not in 1..{@link #MAX_VOCAB}, K &lt; 1, reps &lt; 1, or the run
     *     does not fit in the JVM's max heap ({@link #requireFitsInHeap})
     */
    public static Result run(int vocab, int k, long seed, int reps) {
        return run(vocab, k, seed, reps, MIN_WARMUP_SECONDS);
    }

    /**
     * Runs the benchmark with a given shortest warm-up in seconds (at least max(reps, {@link #MIN_WARMUP}) rounds in
     * any case).
     *
     * @throws InvalidInputException when vocab is not in 1..{@link #MAX_VOCAB}, K &lt; 1, reps &lt; 1, the warm-up is
     *     negative, or the run does not fit in the JVM's max heap ({@link #requireFitsInHeap})
     */
    public static Result run(int vocab, int k, long seed, int reps, double warmupSeconds) {
        if (!(warmupSeconds >= 0)) {
            throw new InvalidInputException("benchmark warm-up must be a non-negative number of seconds, got "
                + warmupSeconds);
        }
        if (k < 1) {
            throw new InvalidInputException("benchmark K must be at least 1, got " + k);
        }
        if (reps < 1) {
            throw new InvalidInputException("benchmark repetitions must be at least 1, got " + reps);
        }
        requireVocab(vocab);
        requireFitsInHeap(vocab, reps, Runtime.getRuntime().maxMemory());
        double[][] inst = llmLike(vocab, seed);
        double[] p = inst[0];
        double[] q = inst[1];
        double[] logits = inst[2];
        double[] optimumTimes = new double[reps];
        double[] sortTimes = new double[reps];
        double alpha = Double.NaN;
        double bound = Double.NaN;
        // warm-up 1: many calls on a small instance, so the JIT compiles every method with call-count profiles
        // (a few hundred calls on the full instance leave some of them in profiling or on-stack-replacement code)
        double[][] small = llmLike(Math.min(vocab, SMALL_WARMUP_VOCAB), seed + 1);
        double sink = 0;
        for (int i = 0; i < SMALL_WARMUP_CALLS; i++) {
            sink += RatioPrefix.iid(small[0].clone(), small[1].clone(), k).value();
            double[] s = small[2].clone();
            Arrays.sort(s);
            sink += s[0];
        }
        // warm-up 2: the full instance
        int minRounds = Math.max(reps, MIN_WARMUP);
        long warmupStart = System.nanoTime();
        int timed = 0;
        boolean warm = false;
        for (int round = 0; timed < reps; round++) {
            double[] pc = p.clone();
            double[] qc = q.clone();
            long t0 = System.nanoTime();
            RatioPrefix.Approximate a = RatioPrefix.iid(pc, qc, k);
            long t1 = System.nanoTime();
            double[] s = logits.clone();
            long t2 = System.nanoTime();
            Arrays.sort(s);
            long t3 = System.nanoTime();
            sink += s[s.length / 2] + a.value();
            alpha = a.value();
            bound = a.errorBound();
            if (warm) {
                optimumTimes[timed] = (t1 - t0) / 1e6;
                sortTimes[timed] = (t3 - t2) / 1e6;
                timed++;
            } else {
                warm = round + 1 >= minRounds && (t3 - warmupStart) / 1e9 >= warmupSeconds;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("benchmark produced NaN");
        }
        return new Result(vocab, k, seed, reps, median(optimumTimes), median(sortTimes), alpha, bound);
    }

    /**
     * Prints the JSON of one run: {@code OptimumBench [vocab] [k] [seed] [reps]}, defaults 128256, 8, 1, 21.
     */
    public static void main(String[] args) {
        int vocab = args.length > 0 ? Integer.parseInt(args[0]) : 128_256;
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 21;
        System.out.println(run(vocab, k, seed, reps).toJson());
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double gaussian(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] e = new double[z.length];
        org.specverify.reference.numeric.CompensatedSum s = new org.specverify.reference.numeric.CompensatedSum();
        for (int i = 0; i < z.length; i++) {
            e[i] = Math.exp(z[i] - max);
            s.add(e[i]);
        }
        double total = s.value();
        for (int i = 0; i < z.length; i++) {
            e[i] /= total;
        }
        return e;
    }
}
