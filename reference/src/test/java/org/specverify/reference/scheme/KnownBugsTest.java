package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.Instances;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.random.Chooser;

/**
 * The exact checker must catch the losslessness bugs seen in real engines (SCHEMES.md, "Pitfalls"). Each deliberately
 * broken verifier below claims losslessness; the test asserts the exact check refutes it on some bank instance and
 * prints the first counterexample. If one of these ever passes, the checker has gone blind.
 */
class KnownBugsTest {
    /** rrs, but siblings verified in order of decreasing q(x) instead of the order drawn. */
    static final class SortedSiblingsRrs extends AbstractScheme {
        SortedSiblingsRrs() {
            super("bug-sorted-siblings", "rrs verifying drafts sorted by q", "test", 1, Integer.MAX_VALUE, true, false);
        }

        @Override
        Bound doBind(Instance instance) {
            Distribution q = instance.draft();
            Bound rrs = new RecursiveRejectionSampling().bind(instance);
            return new BoundBase(instance, sampledDrafts(instance)) {
                @Override
                Verdict verdict(int[] drafts, Chooser chooser) {
                    Integer[] sorted = Arrays.stream(drafts).boxed().toArray(Integer[]::new);
                    Arrays.sort(sorted, Comparator.comparing((Integer x) -> q.p(x)).reversed());
                    return rrs.decide(Arrays.stream(sorted).mapToInt(Integer::intValue).toArray(), chooser);
                }
            };
        }
    }

    /** rrs, but every draft is tested against the original p and the residual is never updated. */
    static final class StaleResidualRrs extends AbstractScheme {
        StaleResidualRrs() {
            super("bug-stale-residual", "rrs without the recursive residual", "test", 1, Integer.MAX_VALUE, true, false);
        }

        @Override
        Bound doBind(Instance instance) {
            Distribution q = instance.draft();
            return new BoundBase(instance, sampledDrafts(instance)) {
                @Override
                Verdict verdict(int[] drafts, Chooser chooser) {
                    for (int k = 0; k < drafts.length; k++) {
                        if (chooser.bernoulli(acceptProbability(p.p(drafts[k]), q.p(drafts[k]), k, drafts[k]))) {
                            return Verdict.accepted(k, drafts[k]);
                        }
                    }
                    return Verdict.residual(chooser.sample(p.residual(q)));
                }
            };
        }
    }

    /** Top-K (deterministic) drafts verified with rrs as if they had been sampled from the softmax q. */
    static final class DeterministicVerifiedAsSampled extends AbstractScheme {
        DeterministicVerifiedAsSampled() {
            super("bug-greedy-drafts-softmax-q", "top-K drafts verified by rrs with q", "test", 1, Integer.MAX_VALUE,
                true, false);
        }

        @Override
        Bound doBind(Instance instance) {
            Bound rrs = new RecursiveRejectionSampling().bind(instance);
            return new BoundBase(instance, DeterministicDraft.topK(instance.draft(), Math.min(instance.k(),
                instance.vocab()))) {
                @Override
                Verdict verdict(int[] drafts, Chooser chooser) {
                    return rrs.decide(drafts, chooser);
                }
            };
        }
    }

    /** rrs-wor, but the residual is taken against q_k after x_k is masked (SCHEMES.md: compute it before masking). */
    static final class MaskedResidualRrsWor extends AbstractScheme {
        MaskedResidualRrsWor() {
            super("bug-masked-residual", "rrs-wor with the residual against the masked law", "test", 1,
                Integer.MAX_VALUE, true, false);
        }

        @Override
        Bound doBind(Instance instance) {
            org.specverify.reference.draft.WithoutReplacementDraft wor =
                new org.specverify.reference.draft.WithoutReplacementDraft(instance.draft(), instance.k());
            return new BoundBase(instance, wor) {
                @Override
                Verdict verdict(int[] drafts, Chooser chooser) {
                    Distribution[] laws = wor.lawsAlong(drafts);
                    Distribution pk = p;
                    for (int k = 0; k < drafts.length; k++) {
                        int x = drafts[k];
                        if (chooser.bernoulli(acceptProbability(pk.p(x), laws[k].p(x), k, x))) {
                            return Verdict.accepted(k, x);
                        }
                        Distribution masked = laws[k].supportSize() > 1 ? laws[k].without(t -> t == x) : laws[k];
                        pk = pk.residual(masked);
                    }
                    return Verdict.residual(chooser.sample(pk));
                }
            };
        }
    }

    private static void assertCaught(Scheme bug) {
        for (Instance inst : Instances.identical()) {
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
