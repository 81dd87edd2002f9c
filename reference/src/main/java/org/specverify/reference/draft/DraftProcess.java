package org.specverify.reference.draft;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.ExactEnumerator;
import org.specverify.reference.random.Chooser;

/**
 * How the draft tuple x̄ = (x_1..x_K) is drawn from the draft model law(s). Each process draws a tuple from a
 * {@link Chooser}; its exact law Q is that program run by the {@link ExactEnumerator}, so the sampler and the law cannot
 * disagree.
 */
public interface DraftProcess {
    /** One of: iid, independent, without-replacement, hub, greedy, deterministic. */
    String id();

    /** Number of drafts K. */
    int k();

    /** Vocabulary size. */
    int vocab();

    /** Draws one tuple. */
    int[] draw(Chooser chooser);

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

    /** The exact law Q of the draft tuple (tuples of probability zero are absent). */
    default Map<DraftTuple, BigFraction> law() {
        return ExactEnumerator.enumerate(c -> DraftTuple.of(draw(c)));
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
            if (lawOf.apply(i).p(drafts[i]).signum() == 0) {
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
}
