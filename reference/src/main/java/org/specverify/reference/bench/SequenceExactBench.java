package org.specverify.reference.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * Benchmark of the exact sequence interpreter ({@link SequenceExact#check}: every draft tree, every verifier branch,
 * the block law, the verdict and the accepted-length law): order-1 target and draft models over V tokens with full
 * support and seeded rows of small integer weights (so every chain and tree is drafted with positive probability).
 * Usage: {@code SequenceExactBench SCHEME V SHAPE [REPS] [SEED]}, SHAPE children per depth joined by ',' ("1,1,1,1"
 * is a chain of gamma 4), siblings iid. Prints one JSON line per run with the median and maximum wall time.
 */
public final class SequenceExactBench {
    private SequenceExactBench() {
    }

    /** An order-1 model over V tokens with full-support rows of integer weights 1..9, from a seed. */
    public static ContextModel order1(int vocab, SplittableRandom rng) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        rows.put(List.of(), row(vocab, rng));
        for (int x = 0; x < vocab; x++) {
            rows.put(List.of(x), row(vocab, rng));
        }
        return ContextModel.of(vocab, rows);
    }

    private static Distribution row(int vocab, SplittableRandom rng) {
        BigFraction[] w = new BigFraction[vocab];
        for (int i = 0; i < vocab; i++) {
            w[i] = BigFraction.of(1 + rng.nextInt(9));
        }
        return Distribution.normalize(w);
    }

    public static void main(String[] args) {
        String id = args[0];
        int vocab = Integer.parseInt(args[1]);
        int[] shape = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 14L;
        SplittableRandom rng = new SplittableRandom(seed);
        ContextModel p = order1(vocab, rng);
        ContextModel q = order1(vocab, rng);
        SequenceInstance inst = SequenceInstance.tree("bench", p, q, shape, SiblingProcess.IID);
        SequenceScheme scheme = SequenceSchemes.reference().get(id);
        List<Double> ms = new ArrayList<>();
        SequenceExact.Result r = null;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r = SequenceExact.check(inst, scheme);
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        List<Double> sorted = new ArrayList<>(ms);
        sorted.sort(null);
        System.out.println(String.format(Locale.ROOT, "{\"scheme\": \"%s\", \"vocab\": %d, \"shape\": \"%s\","
                + " \"trees\": %d, \"leaves\": %d, \"verdict\": \"%s\", \"expectedAccepted\": %.6f, \"reps\": %d,"
                + " \"medianMillis\": %.1f, \"maxMillis\": %.1f, \"firstMillis\": %.1f}", id, vocab,
            Arrays.toString(shape), r.trees(), r.leaves(), r.verdict(), r.expectedAccepted().doubleValue(), reps,
            sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), ms.get(0)));
    }
}
