package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.properties.InstanceBank;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * The exact checker must catch the losslessness bugs seen in real engines (proofs-notes/domain.md, "Pitfalls"). Each deliberately
 * broken verifier below claims losslessness; the test asserts the exact check refutes it on some bank instance and
 * prints the first counterexample. If one of these ever passes, the checker has gone blind.
 */
class KnownBugsTest {
    /** rrs, but siblings verified in order of decreasing q(x) instead of the order drawn. */
    static final class SortedSiblingsRrs extends SchemeBase {
        SortedSiblingsRrs() {
            super(define("bug-sorted-siblings").description("rrs verifying drafts sorted by q").paper("test")
                .lossless(true).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Distribution q = laws.instance().draft();
            Program<S> rrs = new RecursiveRejectionSampling().bind(laws.instance()).program(laws.arithmetic());
            return (draws, drafts) -> {
                Integer[] sorted = Arrays.stream(drafts).boxed().toArray(Integer[]::new);
                Arrays.sort(sorted, Comparator.comparing((Integer x) -> q.p(x)).reversed());
                return rrs.run(draws, Arrays.stream(sorted).mapToInt(Integer::intValue).toArray());
            };
        }
    }

    /** rrs, but every draft is tested against the original p and the residual is never updated. */
    static final class StaleResidualRrs extends SchemeBase {
        StaleResidualRrs() {
            super(define("bug-stale-residual").description("rrs without the recursive residual").paper("test")
                .lossless(true).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, drafts) -> {
                for (int k = 0; k < drafts.length; k++) {
                    if (draws.accept(k, drafts[k], q.probability(drafts[k]), p.probability(drafts[k]))) {
                        return Outcome.accept(k, drafts[k]);
                    }
                }
                return Outcome.emit("stale residual", p.residual(q));
            };
        }
    }

    /** Top-K (deterministic) drafts verified with rrs as if they had been sampled from the softmax q. */
    static final class DeterministicVerifiedAsSampled extends SchemeBase {
        DeterministicVerifiedAsSampled() {
            super(define("bug-greedy-drafts-softmax-q").description("top-K drafts verified by rrs with q")
                .paper("test").lossless(true).drafts(DraftKind.DETERMINISTIC).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Program<S> rrs = new RecursiveRejectionSampling().bind(laws.instance()).program(laws.arithmetic());
            return rrs::run;
        }
    }

    /** rrs-wor, but the residual is taken against q_k after x_k is masked (compute it before masking). */
    static final class MaskedResidualRrsWor extends SchemeBase {
        MaskedResidualRrsWor() {
            super(define("bug-masked-residual").description("rrs-wor with the residual against the masked law")
                .paper("test").lossless(true).drafts(DraftKind.WITHOUT_REPLACEMENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, drafts) -> {
                Measure<S> pk = p;
                Measure<S> qk = q;
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    Measure<S> masked = qk.without(x);
                    boolean empty = laws.arithmetic().signum(masked.total()) == 0;
                    pk = pk.residual(empty ? qk : masked);
                    qk = masked;
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    private static void assertCaught(Scheme bug) {
        for (Instance inst : InstanceBank.identical()) {
            if (inst.k() > inst.vocab() || bug.notApplicable(inst).isPresent()) {
                continue;
            }
            ExactLaw law;
            try {
                law = ExactLaw.of(bug.bind(inst));
            } catch (RuntimeException e) {
                continue;
            }
            if (!law.lossless()) {
                int y = law.worstToken();
                BigFraction got = law.outputLaw()[y];
                System.out.println(bug.id() + " caught on " + inst + ": P(Y=" + y + ") = " + Fractions.format(got)
                    + " vs p = " + Fractions.format(inst.target().p(y)));
                return;
            }
        }
        assertTrue(false, bug.id() + " was not caught on any bank instance: the exact check is blind to it");
    }

    @Test
    void sortingSiblingsByQIsCaught() {
        assertCaught(new SortedSiblingsRrs());
    }

    @Test
    void maskedResidualWithoutReplacementIsCaught() {
        assertCaught(new MaskedResidualRrsWor());
    }

    @Test
    void staleResidualIsCaught() {
        assertCaught(new StaleResidualRrs());
    }

    @Test
    void deterministicDraftsVerifiedWithSoftmaxQAreCaught() {
        assertCaught(new DeterministicVerifiedAsSampled());
    }
}
