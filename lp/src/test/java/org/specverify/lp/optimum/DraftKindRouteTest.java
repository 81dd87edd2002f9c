package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;

/** The optimum's routes are keyed by draft kind, and the double closed forms refuse exactly where the kind does. */
class DraftKindRouteTest {
    private static final Distribution P = Distribution.parse("1/2", "1/4", "1/8", "1/8");

    @Test
    void eachKindTakesItsRoute() {
        Distribution q = Distribution.parse("1/4", "1/4", "1/2", "0");
        Map<DraftKind, Optimum.Route> expected = Map.of(
            DraftKind.IID, Optimum.Route.IID_RATIO_PREFIX,
            DraftKind.INDEPENDENT, Optimum.Route.IID_RATIO_PREFIX,
            DraftKind.WITHOUT_REPLACEMENT, Optimum.Route.WITHOUT_REPLACEMENT_RATIO_PREFIX,
            DraftKind.HUB, Optimum.Route.CLOSED_FORM,
            DraftKind.GREEDY, Optimum.Route.CLOSED_FORM,
            DraftKind.DETERMINISTIC, Optimum.Route.CLOSED_FORM);
        for (Map.Entry<DraftKind, Optimum.Route> e : expected.entrySet()) {
            Optimum.Result r = Optimum.solve(P, e.getKey().build(q, 2));
            assertEquals(e.getValue(), r.route(), e.getKey().toString());
            assertEquals(SubsetOptimum.of(P, e.getKey().build(q, 2)).value(), r.value(), e.getKey().toString());
        }
    }

    /** On rows with zeros and ties, greedy and hub in doubles throw exactly when DraftKind says they do not apply. */
    @Test
    void doubleClosedFormsRefuseWhereTheKindDoesNotApply() {
        double[] p = {0.25, 0.25, 0.25, 0.25};
        List<double[]> rows = List.of(new double[] {1, 0, 0, 0}, new double[] {0.5, 0.5, 0, 0},
            new double[] {0.5, 0, 0.5, 0}, new double[] {0.25, 0.25, 0.5, 0}, new double[] {0.25, 0.25, 0.25, 0.25});
        int refused = 0;
        for (double[] q : rows) {
            int support = 0;
            for (double v : q) {
                support += v > 0 ? 1 : 0;
            }
            for (int k = 1; k <= 5; k++) {
                int kk = k;
                Optional<String> why = DraftKind.GREEDY.notApplicable(k, q.length, support);
                if (why.isPresent()) {
                    InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> ClosedFormOptimum.greedy(p, q, kk));
                    assertEquals(why.get(), e.getMessage());
                    refused++;
                } else {
                    assertTrue(ClosedFormOptimum.greedy(p, q, k) > 0);
                }
            }
            Optional<String> hub = DraftKind.HUB.notApplicable(2, q.length, support);
            if (hub.isPresent()) {
                assertEquals(hub.get(), assertThrows(InvalidInputException.class,
                    () -> ClosedFormOptimum.hub(p, q)).getMessage());
                refused++;
            } else {
                assertTrue(ClosedFormOptimum.hub(p, q) > 0);
            }
        }
        assertTrue(refused >= 5, "refused " + refused);
    }
}
