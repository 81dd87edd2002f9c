package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.random.Draws;

/**
 * The optimum facade dispatches on the class of a draft process, never on its id: a process of another class that calls
 * itself "iid" gets the generic route (all token sets), and its own optimum, not the iid formula.
 */
class CustomProcessOptimumTest {
    /** Two drafts that are always equal, x ~ q: not iid, although it says so. */
    static final class Twins implements DraftProcess {
        private final Distribution q;

        Twins(Distribution q) {
            this.q = q;
        }

        @Override
        public String id() {
            return "iid";
        }

        @Override
        public int k() {
            return 2;
        }

        @Override
        public int vocab() {
            return q.size();
        }

        @Override
        public int[] draw(Draws<BigFraction> draws) {
            int x = draws.sample("draft 0", q);
            return new int[] {x, x};
        }

        @Override
        public Optional<String> whyImpossible(int[] drafts) {
            return drafts.length == 2 && drafts[0] == drafts[1] && q.positive(drafts[0]) ? Optional.empty()
                : Optional.of("the twins are equal");
        }
    }

    @Test
    void aProcessNamedIidIsNotTreatedAsIid() {
        Distribution p = Distribution.parse("1/2", "1/2");
        Distribution q = Distribution.parse("1/2", "1/2");
        Optimum.Result twins = Optimum.solve(p, new Twins(q));
        assertEquals(Optimum.Route.SUBSET_ENUMERATION, twins.route());
        // equal drafts are one draft: alpha* = 1 - TV(p, q) = 1 here, and for a skewed q it is the K = 1 optimum
        Distribution skew = Distribution.parse("3/4", "1/4");
        assertEquals(Optimum.solve(p, new IidDraft(skew, 1)).value(), Optimum.solve(p, new Twins(skew)).value());
        assertEquals(Optimum.Route.IID_RATIO_PREFIX, Optimum.solve(p, new IidDraft(skew, 2)).route());
        assertEquals(false, Optimum.solve(p, new IidDraft(skew, 2)).value()
            .equals(Optimum.solve(p, new Twins(skew)).value()), "two iid drafts accept more than two equal ones");
    }

    /** The route table covers every draft kind, so no kind falls through to an error. */
    @Test
    void everyDraftKindHasARoute() {
        assertEquals(java.util.EnumSet.allOf(org.specverify.reference.draft.DraftKind.class), Optimum.routedKinds());
    }
}
