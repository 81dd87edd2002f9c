package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_DUALITY;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.plan.HandMadeCases;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;

class CanonicalLpTest {
    static Stream<HandMadeCases.Case> cases() {
        return LpCases.all();
    }

    /**
     * The decomposition theorem: the canonical LP's optimum equals the OT LP's optimum, and both equal the exact α*
     * (within {@link LpTolerances#GLOP_VS_EXACT}).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void optimumEqualsTransportOptimum(HandMadeCases.Case c) {
        double canonical = CanonicalLp.solve(c.p(), c.process()).primalObjective();
        double transport = TransportLp.solve(c.p(), c.process()).primalObjective();
        double exact = LpCases.exact(c).doubleValue();
        assertTrue(GLOP_VS_EXACT.test(canonical, transport),
            () -> GLOP_VS_EXACT.describe(c + ": canonical vs OT LP optimum", canonical, transport));
        assertTrue(GLOP_VS_EXACT.test(canonical, exact),
            () -> GLOP_VS_EXACT.describe(c + ": canonical LP optimum vs exact α*", canonical, exact));
    }

    /** Strong duality for the canonical LP at GLOP's duals, with dual-feasible duals. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void primalEqualsDual(HandMadeCases.Case c) {
        LpResult r = CanonicalLp.solve(c.p(), c.process());
        assertTrue(GLOP_DUALITY.test(r.dualObjective(), r.primalObjective()),
            () -> GLOP_DUALITY.describe(c + ": dual vs primal objective", r.dualObjective(), r.primalObjective()));
        assertTrue(GLOP_DUALITY.test(r.maxDualInfeasibility(), 0),
            () -> GLOP_DUALITY.describe(c + ": dual infeasibility", r.maxDualInfeasibility(), 0));
    }

    /** Σ_x̄ |set(x̄)| + |V| variables (a repeated draft is one variable); no row dropped. */
    @Test
    void sizeCountsDistinctDrafts() {
        Distribution q = Distribution.parse("1/2", "1/2", "0");
        LpResult r = CanonicalLp.solve(Distribution.uniform(3), new IidDraft(q, 2));
        // tuples (0,0), (1,1): one variable each; (0,1), (1,0): two each; plus three t_y
        assertEquals(1 + 1 + 2 + 2 + 3, r.variables());
        assertEquals(4 + 3, r.constraints());
        assertEquals("none", r.droppedConstraint());
    }

    /** Above the limit the canonical LP is refused too, naming size and limit. */
    @Test
    void refusesAboveTheLimit() {
        DraftProcess d = new IidDraft(Distribution.uniform(4), 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> CanonicalLp.solve(Distribution.uniform(4), d, LpSettings.glop().withVariableLimit(100)));
        assertTrue(e.getMessage().contains("196 variables") && e.getMessage().contains("limit of 100"),
            e.getMessage());
    }
}
