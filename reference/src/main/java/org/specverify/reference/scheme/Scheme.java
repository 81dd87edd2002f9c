package org.specverify.reference.scheme;

import java.util.Optional;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.random.Chooser;

/**
 * A token-level draft selection scheme: a draft process and a verifier, written once as a probabilistic program
 * against a {@link Chooser}. The exact enumerator, the uniform-driven interpreter and the sampler all run the same
 * program.
 */
public interface Scheme {
    /** Stable id used on the command line and in reports (sd, rrs, kseq, ...). */
    String id();

    /** One line: what the scheme does. */
    String description();

    /** The paper(s) the scheme comes from, with arXiv ids. */
    String paper();

    /** The draft process(es) the scheme runs with, as shown to users ("iid", "iid|independent", ...). */
    String draftProcess();

    /** Smallest K supported. */
    int minK();

    /** Largest K supported ({@link Integer#MAX_VALUE} for unbounded). */
    int maxK();

    /** Whether the scheme claims its output has exactly the target law. Checked, never assumed. */
    boolean claimsLossless();

    /** The reason this scheme cannot run on the instance, or empty when it can. */
    Optional<String> notApplicable(Instance instance);

    /**
     * The scheme prepared for one instance.
     *
     * @throws InvalidInputException naming the reason when {@link #notApplicable} is non-empty
     */
    Bound bind(Instance instance);

    /** A scheme bound to an instance: the draft process and the verifier. */
    interface Bound {
        Scheme scheme();

        Instance instance();

        DraftProcess draftProcess();

        /**
         * The decision for the given drafts, drawing the verifier's randomness from {@code chooser}.
         *
         * @throws InvalidInputException when the drafts cannot have come from the draft process (wrong length, token out
         *     of range, zero draft mass)
         */
        Verdict decide(int[] drafts, Chooser chooser);

        /** The output token of {@link #decide}. */
        default int verify(int[] drafts, Chooser chooser) {
            return decide(drafts, chooser).output();
        }
    }

    /** "K = 1", "K >= 1", "K = 2", "1 <= K <= 8". */
    static String describeK(int minK, int maxK) {
        if (minK == maxK) {
            return "K = " + minK;
        }
        return maxK == Integer.MAX_VALUE ? "K >= " + minK : minK + " <= K <= " + maxK;
    }
}
