package org.specverify.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

class ShrinkerTest {
    /** sd that resamples from p instead of the residual on rejection: lossy whenever it rejects. */
    static final class ResampleFromP extends SchemeBase {
        ResampleFromP() {
            super(define("bug-resample-p").description("test").paper("test").lossless(true)
                .drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            return (draws, drafts) -> {
                for (int k = 0; k < drafts.length; k++) {
                    Measure<S> q = laws.draft(k);
                    if (draws.accept(k, drafts[k], q.probability(drafts[k]), p.probability(drafts[k]))) {
                        return Outcome.accept(k, drafts[k]);
                    }
                }
                return Outcome.emit("p", p);
            };
        }
    }

    static final Scheme BUG = new ResampleFromP();
    static final Predicate<Instance> NOT_LOSSLESS = i -> !ExactLaw.of(BUG.bind(i)).lossless();

    static Instance big() {
        return Instance.identical("big", Distribution.parse("0.11", "0.2", "0.09", "0.3", "0.05", "0.25"),
            Distribution.parse("0.3", "0.1", "0.07", "0.13", "0.2", "0.2"), 3);
    }

    @Test
    void shrinksToASmallerStillFailingLocalMinimum() {
        Instance start = big();
        assertTrue(NOT_LOSSLESS.test(start));
        Shrinker.Result r = Shrinker.shrink(start, NOT_LOSSLESS);
        Instance min = r.instance();
        System.out.println(Shrinker.describe(r));
        assertTrue(NOT_LOSSLESS.test(min), "the shrunk instance no longer fails");
        assertEquals(1, min.k(), "K was not reduced: " + min);
        assertEquals(2, min.vocab(), "tokens were not removed: " + min);
        assertTrue(r.steps() > 0);
        for (Instance c : Shrinker.candidates(min)) {
            long[] a = Shrinker.size(c);
            long[] b = Shrinker.size(min);
            boolean smaller = a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]);
            if (smaller) {
                assertFalse(NOT_LOSSLESS.test(c), "a simpler candidate still fails: " + c);
            }
        }
        // denominators went down to a small grid
        assertTrue(min.target().p(0).getDenominator().intValue() <= 4, min.toString());
    }

    @Test
    void minimalInstanceRoundTripsThroughTheInstanceReader() {
        Shrinker.Result r = Shrinker.shrink(big(), NOT_LOSSLESS);
        List<Instance> back = InstanceReader.parse(r.json(), "shrunk");
        assertEquals(List.of(r.instance()), back);
    }

    @Test
    void independentRowsShrinkToFewerRowsOrOneSharedLaw() {
        Instance start = Instance.independent("rows", Distribution.parse("1/4", "1/4", "1/2"),
            List.of(Distribution.parse("1/2", "1/2", "0"), Distribution.parse("0", "1/3", "2/3"),
                Distribution.parse("1/3", "1/3", "1/3")));
        Shrinker.Result r = Shrinker.shrink(start, i -> !ExactLaw.of(BUG.bind(i)).lossless());
        assertTrue(r.instance().k() == 1 || r.instance().identicalDrafts(), r.instance().toString());
    }

    @Test
    void roundingKeepsZerosAndSupport() {
        Distribution d = Distribution.parse("0.11", "0", "0.89");
        Distribution r = Shrinker.round(d, 3);
        assertEquals(Distribution.parse("1/3", "0", "2/3"), r);
        assertEquals(null, Shrinker.round(Distribution.parse("1/3", "1/3", "1/3"), 2));
    }

    /**
     * A counterexample that fails only while p = q (a bug that shows on identical laws): rounding p or q alone breaks
     * the equality, so only rounding every law together shrinks its denominators.
     */
    @Test
    void aCounterexampleWithPEqualToQShrinksItsDenominators() {
        Distribution law = Distribution.parse("37/100", "63/100");
        Instance start = Instance.identical("p = q", law, law, 1);
        Predicate<Instance> failsOnEqualLaws = i -> i.target().equals(i.draft());
        Shrinker.Result r = Shrinker.shrink(start, failsOnEqualLaws);
        Instance min = r.instance();
        assertTrue(failsOnEqualLaws.test(min), min.toString());
        assertEquals(Distribution.parse("1/2", "1/2"), min.target(), "p = q did not shrink: " + min);
        assertEquals(min.target(), min.draft());
    }

    @Test
    void independentEqualRowsAreRoundedTogether() {
        Distribution law = Distribution.parse("1/7", "6/7");
        Instance start = Instance.independent("rows", Distribution.parse("2/7", "5/7"), List.of(law, law));
        Predicate<Instance> equalRows = i -> !i.identicalDrafts() && i.k() == 2 && i.draft(0).equals(i.draft(1));
        Instance min = Shrinker.shrink(start, equalRows).instance();
        assertTrue(equalRows.test(min), min.toString());
        assertTrue(min.draft(0).p(0).getDenominator().intValue() <= 2, "equal rows did not shrink: " + min);
    }
}
