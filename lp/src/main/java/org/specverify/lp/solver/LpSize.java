package org.specverify.lp.solver;

import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;

/**
 * The size of the LPs of this package, computed from the draft process alone, without enumerating its law, so that an
 * LP too large for the limit is refused before anything is built.
 *
 * <p>The number of draft tuples of positive probability is the one each draft process counts itself
 * ({@link DraftProcess#tupleCount()}: s^K for iid drafts, Π_k s_k for independent ones, s(s-1)..(s-K+1) without
 * replacement, 2(s-1) for the hub law, the rest law's support for greedy drafts, 1 for fixed drafts), and |V|^K for a
 * process that does not count; counts saturate at {@link Long#MAX_VALUE} instead of overflowing.
 */
public final class LpSize {
    private LpSize() {
    }

    /**
     * The number of tuples x̄ with Q(x̄) &gt; 0, as the draft process counts them ({@link DraftProcess#tupleCount()}, the
     * one home of that count), saturated at {@link Long#MAX_VALUE}; |V|^K for a process that does not count its tuples.
     */
    public static long tupleCount(DraftProcess process) {
        return process.tupleCount()
            .map(n -> n.bitLength() < Long.SIZE - 1 ? n.longValue() : Long.MAX_VALUE)
            .orElseGet(() -> power(process.vocab(), process.k()));
    }

    /** Variables of the optimal-transport LP: one π(x̄, y) per tuple and token, tuples × |V|. */
    public static long transportVariables(DraftProcess process) {
        return times(tupleCount(process), process.vocab());
    }

    /**
     * Variables of the canonical importance-sampling LP, bounded above: one m(x̄, y) per tuple and distinct draft
     * (at most min(K, |V|) per tuple) plus one t_y per token.
     */
    public static long canonicalVariablesBound(DraftProcess process) {
        long perTuple = Math.min(process.k(), process.vocab());
        long n = times(tupleCount(process), perTuple);
        return n > Long.MAX_VALUE - process.vocab() ? Long.MAX_VALUE : n + process.vocab();
    }

    /**
     * Refuses an LP above the limit.
     *
     * @throws InvalidInputException naming the LP, its size, how the size arises and the limit
     */
    static void requireWithinLimit(String lp, long variables, DraftProcess process, long limit) {
        if (variables > limit) {
            throw new InvalidInputException(lp + " would have " + (variables == Long.MAX_VALUE ? "more than 9.2e18"
                : String.valueOf(variables)) + " variables (" + process.id() + " drafts, K = " + process.k()
                + ", |V| = " + process.vocab() + ", " + tupleCount(process) + " draft tuples), above the limit of "
                + limit + " variables; refused before building (raise the limit with LpSettings.withVariableLimit"
                + " only if the machine has the memory)");
        }
    }

    private static long power(long base, int exp) {
        long n = 1;
        for (int i = 0; i < exp; i++) {
            n = times(n, base);
        }
        return n;
    }

    private static long times(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
