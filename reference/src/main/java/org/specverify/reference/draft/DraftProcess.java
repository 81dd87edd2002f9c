package org.specverify.reference.draft;

import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
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
}
