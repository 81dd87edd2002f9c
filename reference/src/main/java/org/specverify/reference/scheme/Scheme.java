package org.specverify.reference.scheme;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftProcesses;
import org.specverify.reference.random.Draws;

/**
 * A token-level draft selection scheme: a draft process and a verifier, written once as a probabilistic program. The
 * exact enumerator, the uniform-driven interpreter, the certified floating-point interpreter and the sampler all run the
 * same program. To write one, extend {@link SchemeBase}.
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

    /** The typed parameters the scheme runs with (none by default). */
    default Parameters parameters() {
        return Parameters.none();
    }

    /** The reason this scheme cannot run on the instance, or empty when it can. */
    Optional<String> notApplicable(Instance instance);

    /**
     * The draft process the scheme would run with on this instance, without preparing its verifier (for size estimates
     * before an expensive bind); empty when the scheme does not apply.
     */
    default Optional<DraftProcess> draftProcessFor(Instance instance) {
        return notApplicable(instance).isPresent() ? Optional.empty() : Optional.of(bind(instance).draftProcess());
    }

    /**
     * Whether the scheme applies to the instance and, when it does, its draft process, decided once: for a caller that
     * needs the decision, the process and the binding in turn (the audit). {@link Applicability.Applies#process()}
     * builds the process once and {@link Applicability.Applies#bind()} binds with it. By default {@link #notApplicable}
     * is asked once here and the process is the one of {@link #bind}, bound once on first use; {@link SchemeBase}
     * builds the process without binding.
     */
    default Applicability applicability(Instance instance) {
        Optional<String> why = notApplicable(instance);
        return why.isPresent() ? new Applicability.NotApplicable(why.get())
            : Applicability.Applies.binding(instance, () -> bind(instance));
    }

    /**
     * {@link #applicability(Instance)} taking a process of a known kind from {@code shared}, the store of the instance's
     * processes, so schemes of one kind share one process per instance ({@link SchemeBase} does, unless it builds its
     * own process; by default {@code shared} is not used).
     *
     * @throws IllegalArgumentException when {@code shared} holds another instance's processes
     */
    default Applicability applicability(Instance instance, DraftProcesses shared) {
        if (shared.instance() != instance) {
            throw new IllegalArgumentException("the shared draft processes are of instance '" + shared.instance().name()
                + "', not of '" + instance.name() + "'");
        }
        return applicability(instance);
    }

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
         * The decision for the given drafts, drawing the verifier's randomness from {@code draws} (exact arithmetic):
         * the program's ordinary draws are in {@code draws}' stream (the interpreters pass {@link Draws#VERIFY}), and
         * the closing draw of an emitted law takes that stream's next uniform.
         *
         * @throws InvalidInputException when the drafts cannot have come from the draft process (wrong length, token out
         *     of range, zero draft mass)
         */
        Decision decide(int[] drafts, Draws<BigFraction> draws);

        /** The output token of {@link #decide}. */
        default int verify(int[] drafts, Draws<BigFraction> draws) {
            return decide(drafts, draws).output();
        }

        /**
         * Whether {@link #program} is available: true for every scheme built on {@link SchemeBase}. A bound written
         * directly against this interface offers only {@link #decide}, which the exact enumerator can still check, more
         * slowly.
         */
        default boolean hasProgram() {
            return false;
        }

        /**
         * The verifier's program prepared in an arithmetic (cached per arithmetic).
         *
         * @throws UnsupportedOperationException when {@link #hasProgram()} is false
         */
        default <S> Program<S> program(Arithmetic<S> arithmetic) {
            throw new UnsupportedOperationException("scheme " + scheme().id()
                + " offers only decide(drafts, draws), not a program over an arithmetic");
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
