package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.ExactEnumerator;
import org.specverify.reference.random.Draws;

/**
 * How the draft tuple x̄ = (x_1..x_K) is drawn from the draft model law(s). Each process draws a tuple with exact
 * {@link Draws} in the {@link Draws#DRAFT} stream; its exact law Q is that program run by the {@link ExactEnumerator},
 * so the sampler and the law cannot disagree.
 */
public interface DraftProcess {
    /**
     * The name shown in reports: iid, independent, without-replacement, hub, greedy or deterministic for the processes
     * of this package. Display only: code that must know which process this is asks {@link DraftKind#of}, which looks
     * at the class.
     */
    String id();

    /** The kind of this process, by its class ({@link DraftKind#of}); {@link DraftKind#CUSTOM} for other classes. */
    default DraftKind kind() {
        return DraftKind.of(this);
    }

    /**
     * The number of draft tuples of positive probability, when known without enumerating them (every process of this
     * package knows it); empty otherwise.
     */
    default Optional<BigInteger> tupleCount() {
        return Optional.empty();
    }

    /** Receives each draft tuple of positive probability with its probability. */
    @FunctionalInterface
    interface TupleConsumer {
        void accept(int[] drafts, BigFraction probability);
    }

    /**
     * Calls {@code consumer} once for every draft tuple of positive probability, with Q(x̄), in a fixed order. The same
     * tuples and probabilities as {@link #law()}; processes of this package enumerate them directly instead of
     * replaying the draw program (a test checks that both agree). The array passed is reused between calls.
     */
    default void forEachTuple(TupleConsumer consumer) {
        for (Map.Entry<DraftTuple, BigFraction> e : law().entrySet()) {
            consumer.accept(e.getKey().tokens(), e.getValue());
        }
    }

    /** Number of drafts K. */
    int k();

    /** Vocabulary size. */
    int vocab();

    /** Draws one tuple; the ordinary draws take the next uniforms of {@code draws}' stream ({@link Draws#DRAFT}). */
    int[] draw(Draws<BigFraction> draws);

    /**
     * Why this process can never produce {@code drafts} (wrong count, token out of range, zero draft mass, a repeat
     * where draws are without replacement, a fixed draft that is not the fixed token), or empty when it can.
     * A tuple is producible iff it has positive probability under {@link #law()}.
     */
    Optional<String> whyImpossible(int[] drafts);

    /**
     * Checks that the target p has this process's vocabulary.
     *
     * @param what who asks, for the message ("optimum", "optimal-transport LP", ...)
     * @throws InvalidInputException naming both sizes when they differ
     */
    default void requireVocabularyOf(String what, Distribution p) {
        if (p.size() != vocab()) {
            throw new InvalidInputException(what + ": the target has " + p.size() + " tokens but the " + id()
                + " drafts have " + vocab());
        }
    }

    /**
     * The exact law Q of the draft tuple (tuples of probability zero are absent). By default the draw program run by the
     * {@link ExactEnumerator} ({@link #enumeratedLaw}); the processes of this package collect {@link #forEachTuple}
     * instead, which a test checks against the enumerated program.
     */
    default Map<DraftTuple, BigFraction> law() {
        return enumeratedLaw(this);
    }

    /** Q as the exact law of the draw program: the definition every faster route is checked against. */
    static Map<DraftTuple, BigFraction> enumeratedLaw(DraftProcess process) {
        return ExactEnumerator.enumerate(Draws.DRAFT, d -> DraftTuple.of(process.draw(d)),
            ExactEnumerator.DEFAULT_MAX_LEAVES);
    }

    /** Q collected from {@link #forEachTuple}, in its order. */
    static Map<DraftTuple, BigFraction> collectedLaw(DraftProcess process) {
        Map<DraftTuple, BigFraction> m = new java.util.LinkedHashMap<>();
        process.forEachTuple((drafts, q) -> m.merge(DraftTuple.of(drafts), q, BigFraction::add));
        return m;
    }

    /** Q(x̄ ⊆ H): the probability that every draft lies in H. */
    default BigFraction probabilityAllIn(IntPredicate inH) {
        BigFraction s = BigFraction.ZERO;
        for (Map.Entry<DraftTuple, BigFraction> e : law().entrySet()) {
            boolean all = true;
            for (int i = 0; i < e.getKey().k() && all; i++) {
                all = inH.test(e.getKey().get(i));
            }
            if (all) {
                s = s.add(e.getValue());
            }
        }
        return s;
    }

    /**
     * Count and range checks shared by every process, then the first draft of zero mass under the law it was drawn
     * from ({@code lawOf.apply(i)} for draft i); empty when all pass.
     */
    static Optional<String> checkShapeAndMass(DraftProcess process, int[] drafts,
                                              IntFunction<Distribution> lawOf) {
        Optional<String> shape = checkShape(process, drafts);
        if (shape.isPresent()) {
            return shape;
        }
        for (int i = 0; i < drafts.length; i++) {
            if (!lawOf.apply(i).positive(drafts[i])) {
                return Optional.of("draft " + i + " (token " + drafts[i] + ") has zero mass under the law it is drawn from");
            }
        }
        return Optional.empty();
    }

    /** Count and range checks shared by every process; empty when both pass. */
    static Optional<String> checkShape(DraftProcess process, int[] drafts) {
        if (drafts.length != process.k()) {
            return Optional.of("expected " + process.k() + " drafts, got " + drafts.length);
        }
        for (int i = 0; i < drafts.length; i++) {
            if (drafts[i] < 0 || drafts[i] >= process.vocab()) {
                return Optional.of("draft " + i + " is token " + drafts[i] + ", out of range 0.."
                    + (process.vocab() - 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Every tuple of independent draws, draft i from {@code laws[i]}, restricted to tokens of positive mass, with the
     * product of the masses (for iid and independent processes).
     */
    static void forEachProduct(Distribution[] laws, TupleConsumer consumer) {
        int k = laws.length;
        int[][] support = new int[k][];
        BigFraction[][] mass = new BigFraction[k][];
        for (int i = 0; i < k; i++) {
            int n = laws[i].supportSize();
            support[i] = new int[n];
            mass[i] = new BigFraction[n];
            int j = 0;
            for (int x = 0; x < laws[i].size(); x++) {
                if (laws[i].positive(x)) {
                    support[i][j] = x;
                    mass[i][j] = laws[i].p(x);
                    j++;
                }
            }
        }
        for (int[] sup : support) {
            if (sup.length == 0) {
                return;
            }
        }
        int[] pos = new int[k];
        int[] drafts = new int[k];
        BigFraction[] prefix = new BigFraction[k + 1];
        prefix[0] = BigFraction.ONE;
        for (int i = 0; i < k; i++) {
            drafts[i] = support[i][0];
            prefix[i + 1] = prefix[i].multiply(mass[i][0]);
        }
        while (true) {
            consumer.accept(drafts, prefix[k]);
            int i = k - 1;
            while (i >= 0 && ++pos[i] == support[i].length) {
                pos[i] = 0;
                i--;
            }
            if (i < 0) {
                return;
            }
            for (int j = i; j < k; j++) {
                drafts[j] = support[j][pos[j]];
                prefix[j + 1] = prefix[j].multiply(mass[j][pos[j]]);
            }
        }
    }

    /** The product of the support sizes of the laws. */
    static BigInteger productOfSupports(Distribution[] laws) {
        BigInteger n = BigInteger.ONE;
        for (Distribution d : laws) {
            n = n.multiply(BigInteger.valueOf(d.supportSize()));
        }
        return n;
    }
}
