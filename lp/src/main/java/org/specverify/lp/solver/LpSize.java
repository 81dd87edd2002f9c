package org.specverify.lp.solver;

import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * The size of the LPs of this package, computed from the draft process alone, without enumerating its law, so that an
 * LP too large for the limit is refused before anything is built.
 *
 * <p>The number of draft tuples of positive probability is counted exactly for iid drafts (s^K, s = support size of q),
 * independent drafts (Π_k s_k), drafts without replacement (s(s-1)..(s-K+1)) and deterministic drafts (1); it is bounded
 * for hub drafts (2s) and greedy drafts (support of the rest law), and bounded by |V|^K for any other process. Counts
 * saturate at {@link Long#MAX_VALUE} instead of overflowing.
 */
public final class LpSize {
    private LpSize() {
    }

    /** The number (or, for the processes named in the class comment, an upper bound) of tuples x̄ with Q(x̄) > 0. */
    public static long tupleCount(DraftProcess process) {
        if (process instanceof IidDraft) {
            return power(((IidDraft) process).q().supportSize(), process.k());
        }
        if (process instanceof IndependentDraft) {
            long n = 1;
            for (int i = 0; i < process.k(); i++) {
                n = times(n, ((IndependentDraft) process).q(i).supportSize());
            }
            return n;
        }
        if (process instanceof WithoutReplacementDraft) {
            long s = ((WithoutReplacementDraft) process).q().supportSize();
            long n = 1;
            for (int i = 0; i < process.k(); i++) {
                n = times(n, s - i);
            }
            return n;
        }
        if (process instanceof DeterministicDraft) {
            return 1;
        }
        if (process instanceof HubDraft) {
            return times(2, ((HubDraft) process).q().supportSize());
        }
        if (process instanceof GreedyDraft) {
            Distribution rest = ((GreedyDraft) process).restLaw();
            return rest.supportSize();
        }
        return power(process.vocab(), process.k());
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
