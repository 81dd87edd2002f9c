package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.random.Chooser;

/**
 * Runs a probabilistic program down every branch of positive probability and returns the exact law of its result.
 *
 * <p>The program must be deterministic given its choices (all randomness through the {@link Chooser}). Branches are
 * explored depth-first by re-execution: each run follows a recorded prefix of choices and then takes the first option at
 * every new choice point. Zero-probability options are never explored, so a program can never reach a state that has
 * probability zero (for example an empty residual behind a certain acceptance).
 *
 * <p>This is the slow, exact reference. Cost: (number of leaves) × (cost of one run).
 */
public final class ExactEnumerator {
    /** Default bound on the number of leaves before the enumeration is refused as too large. */
    public static final long DEFAULT_MAX_LEAVES = 5_000_000L;

    private ExactEnumerator() {
    }

    public static <R> Map<R, BigFraction> enumerate(Function<Chooser, R> program) {
        return enumerate(program, DEFAULT_MAX_LEAVES);
    }

    /**
     * The exact law of the program's result, in the order results were first reached.
     *
     * @throws IllegalStateException when more than {@code maxLeaves} leaves would be explored
     */
    public static <R> Map<R, BigFraction> enumerate(Function<Chooser, R> program, long maxLeaves) {
        Map<R, BigFraction> law = new LinkedHashMap<>();
        List<Integer> prefix = new ArrayList<>();
        long leaves = 0;
        while (true) {
            Replay replay = new Replay(prefix);
            R result = program.apply(replay);
            if (++leaves > maxLeaves) {
                throw new IllegalStateException("exact enumeration exceeds " + maxLeaves
                    + " leaves; the instance is too large for the exact reference");
            }
            law.merge(result, replay.probability, BigFraction::add);
            List<Integer> path = replay.path;
            List<Integer> sizes = replay.sizes;
            int j = path.size() - 1;
            while (j >= 0 && path.get(j) == sizes.get(j) - 1) {
                j--;
            }
            if (j < 0) {
                return law;
            }
            prefix = new ArrayList<>(path.subList(0, j + 1));
            prefix.set(j, path.get(j) + 1);
        }
    }

    /** A chooser that replays a prefix of option positions and then takes the first option. */
    private static final class Replay implements Chooser {
        private final List<Integer> prefix;
        final List<Integer> path = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        BigFraction probability = BigFraction.ONE;

        Replay(List<Integer> prefix) {
            this.prefix = prefix;
        }

        private int next(int optionCount) {
            int j = path.size();
            int pos = j < prefix.size() ? prefix.get(j) : 0;
            path.add(pos);
            sizes.add(optionCount);
            return pos;
        }

        @Override
        public boolean bernoulli(BigFraction p) {
            Chooser.checkProbability(p);
            if (p.signum() == 0) {
                return false;
            }
            if (p.equals(BigFraction.ONE)) {
                return true;
            }
            int pos = next(2);
            if (pos == 0) {
                probability = probability.multiply(p);
                return true;
            }
            probability = probability.multiply(BigFraction.ONE.subtract(p));
            return false;
        }

        @Override
        public int categorical(BigFraction[] weights) {
            BigFraction total = Chooser.checkWeights(weights);
            int positive = 0;
            int only = -1;
            for (int i = 0; i < weights.length; i++) {
                if (weights[i].signum() > 0) {
                    positive++;
                    only = i;
                }
            }
            if (positive == 1) {
                return only;
            }
            int pos = next(positive);
            for (int i = 0; i < weights.length; i++) {
                if (weights[i].signum() > 0 && pos-- == 0) {
                    probability = probability.multiply(weights[i].divide(total));
                    return i;
                }
            }
            throw new AssertionError("unreachable");
        }
    }
}
