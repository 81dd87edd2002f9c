package org.specverify.reference.interpret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.random.Draws;

/**
 * The exact law of the result of any probabilistic program over {@link Draws} (exact arithmetic): the program is run
 * down every path of positive probability by the {@link Replay} and the results are gathered with their
 * probabilities. Draft processes get their law Q this way ({@code DraftProcess.enumeratedLaw}); so does a bound without
 * a program ({@link ConditionalLaw}).
 *
 * <p>The program must be deterministic given its draws. This is the slow, exact reference. Cost: (number of leaves) ×
 * (cost of one run).
 */
public final class ExactEnumerator {
    /** Default bound on the number of leaves before the enumeration is refused as too large. */
    public static final long DEFAULT_MAX_LEAVES = 5_000_000L;

    private ExactEnumerator() {
    }

    /** The exact law of the program's result, its ordinary draws in the {@link Draws#VERIFY} stream. */
    public static <R> Map<R, BigFraction> enumerate(Function<? super Draws<BigFraction>, R> program) {
        return enumerate(Draws.VERIFY, program, DEFAULT_MAX_LEAVES);
    }

    /**
     * As {@link #enumerate(Function)}, with a bound on the number of leaves.
     *
     * @throws TooLargeException ("exact enumeration exceeds ...") when more than {@code maxLeaves} leaves would be
     *     explored
     */
    public static <R> Map<R, BigFraction> enumerate(Function<? super Draws<BigFraction>, R> program, long maxLeaves) {
        return enumerate(Draws.VERIFY, program, maxLeaves);
    }

    /**
     * The exact law of the program's result, in the order results were first reached, its ordinary draws in
     * {@code stream}.
     *
     * @throws TooLargeException ("exact enumeration exceeds ...") when more than {@code maxLeaves} leaves would be
     *     explored
     */
    public static <R> Map<R, BigFraction> enumerate(String stream, Function<? super Draws<BigFraction>, R> program,
                                                    long maxLeaves) {
        Map<R, BigFraction> law = new LinkedHashMap<>();
        Replay.forEachLeaf(program, stream, maxLeaves, new Replay.Memo(),
            (result, probability) -> law.merge(result, probability, BigFraction::add));
        return law;
    }
}
