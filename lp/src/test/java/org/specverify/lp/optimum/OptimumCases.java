package org.specverify.lp.optimum;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.commons.numbers.fraction.BigFraction;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;

/**
 * Instances for the optimum tests: every distribution on a 1/N grid (exhaustive scopes), random rational and dyadic
 * distributions (pure functions of a seed), QuickTheories generators, and a brute-force subset minimum written without
 * any of the code under test.
 */
final class OptimumCases {
    /** Weights drawn by the "shaped" generators: zeros, small integers and a few large ones, for skewed laws. */
    private static final int[] SHAPED = {0, 0, 1, 1, 2, 3, 5, 8, 13, 30, 100, 1000};

    private OptimumCases() {
    }

    /** The seed of a randomized test: -Dspecverify.seed=N replays one; printed by the caller. */
    static long seed(String test) {
        String s = System.getProperty("specverify.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println(test + " seed = " + seed + " (replay with -Dspecverify.seed=" + seed + ")");
        return seed;
    }

    /** Every distribution over n tokens whose masses are multiples of 1/gridDenominator. */
    static List<Distribution> grid(int n, int gridDenominator) {
        List<Distribution> out = new ArrayList<>();
        compositions(n, gridDenominator, new int[n], 0, gridDenominator, c -> {
            BigFraction[] m = new BigFraction[n];
            for (int i = 0; i < n; i++) {
                m[i] = BigFraction.of(c[i], gridDenominator);
            }
            out.add(Distribution.of(m));
        });
        return out;
    }

    private static void compositions(int n, int total, int[] parts, int i, int left, Consumer<int[]> sink) {
        if (i == n - 1) {
            parts[i] = left;
            sink.accept(parts);
            return;
        }
        for (int v = 0; v <= left; v++) {
            parts[i] = v;
            compositions(n, total, parts, i + 1, left - v, sink);
        }
    }

    /** A random law on n tokens from shaped integer weights (zeros allowed, at least one positive). */
    static Distribution shaped(SplittableRandom rng, int n) {
        BigFraction[] w = new BigFraction[n];
        long total;
        do {
            total = 0;
            for (int i = 0; i < n; i++) {
                int v = SHAPED[rng.nextInt(SHAPED.length)] * rng.nextInt(4);
                w[i] = BigFraction.of(v);
                total += v;
            }
        } while (total == 0);
        return Distribution.normalize(w);
    }

    /** A random law with at least {@code minSupport} positive masses. */
    static Distribution shaped(SplittableRandom rng, int n, int minSupport) {
        Distribution d;
        do {
            d = shaped(rng, n);
        } while (d.supportSize() < minSupport);
        return d;
    }

    /**
     * A random law whose masses are exact doubles summing exactly to one: integer weights over 2^bits, so the double
     * and exact routes solve the very same instance. Heavy-tailed weights (some tiny, some large) and zeros.
     */
    static Distribution dyadic(SplittableRandom rng, int n, int minSupport) {
        int bits = 40;
        long total = 1L << bits;
        while (true) {
            double[] raw = new double[n];
            double s = 0;
            for (int i = 0; i < n; i++) {
                raw[i] = rng.nextInt(5) == 0 ? 0 : Math.pow(rng.nextDouble(), 1 + rng.nextInt(12));
                s += raw[i];
            }
            if (s == 0) {
                continue;
            }
            long[] w = new long[n];
            long used = 0;
            int largest = 0;
            for (int i = 0; i < n; i++) {
                w[i] = (long) Math.floor(raw[i] / s * total);
                used += w[i];
                if (raw[i] > raw[largest]) {
                    largest = i;
                }
            }
            w[largest] += total - used;
            BigFraction[] m = new BigFraction[n];
            int support = 0;
            for (int i = 0; i < n; i++) {
                m[i] = BigFraction.of(w[i]).divide(BigFraction.of(total));
                if (w[i] > 0) {
                    support++;
                }
            }
            if (support >= minSupport) {
                return Distribution.of(m);
            }
        }
    }

    /** Brute force: min over all H of p(H) + 1 - allIn(H), allIn given as a function of the bit mask. */
    static BigFraction bruteForceMinimum(Distribution p, java.util.function.IntFunction<BigFraction> allIn) {
        int n = p.size();
        BigFraction best = null;
        for (int mask = 0; mask < 1 << n; mask++) {
            final int h = mask;
            BigFraction v = p.mass(t -> (h >> t & 1) == 1).add(Fractions.ONE).subtract(allIn.apply(mask));
            if (best == null || Fractions.compare(v, best) < 0) {
                best = v;
            }
        }
        return best;
    }

    /** q(H) for a bit mask. */
    static BigFraction mass(Distribution q, int mask) {
        return q.mass(t -> (mask >> t & 1) == 1);
    }

    /** The tokens of a bit mask. */
    static int[] tokens(int mask, int n) {
        return java.util.stream.IntStream.range(0, n).filter(t -> (mask >> t & 1) == 1).toArray();
    }

    /** The bit mask of tokens. */
    static int mask(int[] tokens) {
        int m = 0;
        for (int t : tokens) {
            m |= 1 << t;
        }
        return m;
    }

    // ------------------------------------------------------------------------------------------ QuickTheories

    /**
     * Generates {@code rows} laws over a common vocabulary of 1..maxVocab tokens, as shaped integer weights (each row
     * with a positive total); shrinking goes toward fewer tokens and smaller weights.
     */
    static Gen<List<Distribution>> laws(int rows, int maxVocab) {
        return SourceDSL.integers().between(1, maxVocab).flatMap(n -> SourceDSL.lists()
            .of(SourceDSL.integers().between(0, SHAPED.length - 1).map(i -> SHAPED[i]))
            .ofSize(n * rows)
            .map(w -> {
                List<Distribution> out = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    BigFraction[] m = new BigFraction[n];
                    long total = 0;
                    for (int i = 0; i < n; i++) {
                        int v = w.get(r * n + i);
                        m[i] = BigFraction.of(v);
                        total += v;
                    }
                    if (total == 0) {
                        m[r % n] = BigFraction.ONE;
                    }
                    out.add(Distribution.normalize(m));
                }
                return out;
            }));
    }

    static double[] doubles(Distribution d) {
        return d.toDoubles();
    }
}
