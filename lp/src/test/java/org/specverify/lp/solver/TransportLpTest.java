package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_DUALITY;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;
import static org.specverify.lp.LpTolerances.PDLP_VS_EXACT;

import com.google.ortools.linearsolver.MPSolver;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.plan.HandMadeCases;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.random.Draws;

class TransportLpTest {
    static Stream<HandMadeCases.Case> cases() {
        return LpCases.all();
    }

    /** The GLOP optimum of the OT LP equals the exact α* (subset oracle) within {@link LpTolerances#GLOP_VS_EXACT}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void optimumMatchesExactAlphaStar(HandMadeCases.Case c) {
        LpResult r = TransportLp.solve(c.p(), c.process());
        double exact = LpCases.exact(c).doubleValue();
        assertTrue(GLOP_VS_EXACT.test(r.primalObjective(), exact),
            () -> GLOP_VS_EXACT.describe(c + ": OT LP optimum vs exact α*", r.primalObjective(), exact));
    }

    /** Strong duality: the dual objective at GLOP's duals equals the primal objective and the duals are feasible. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void primalEqualsDual(HandMadeCases.Case c) {
        LpResult r = TransportLp.solve(c.p(), c.process());
        assertTrue(GLOP_DUALITY.test(r.dualObjective(), r.primalObjective()),
            () -> GLOP_DUALITY.describe(c + ": dual vs primal objective", r.dualObjective(), r.primalObjective()));
        assertTrue(GLOP_DUALITY.test(r.maxDualInfeasibility(), 0),
            () -> GLOP_DUALITY.describe(c + ": dual infeasibility", r.maxDualInfeasibility(), 0));
    }

    /** Size and the dropped row: tuples × |V| variables; tuples + |V| - 1 rows, the last token's column dropped. */
    @Test
    void sizeAndDroppedRow() {
        Distribution p = Distribution.parse("1/2", "1/4", "1/4", "0");
        DraftProcess d = new IidDraft(Distribution.parse("1/4", "1/4", "0", "1/2"), 2);
        LpResult r = TransportLp.solve(p, d);
        assertEquals(9L * 4, r.variables());
        assertEquals(LpSize.transportVariables(d), r.variables());
        assertEquals(9L + 4 - 1, r.constraints());
        assertTrue(r.droppedConstraint().contains("token 3"), r.droppedConstraint());
    }

    /** |V| = 1: one tuple, one variable per LP, no column constraint left after the drop, optimum 1 for both LPs. */
    @Test
    void singleTokenVocabulary() {
        Distribution one = Distribution.uniform(1);
        LpResult ot = TransportLp.solve(one, new IidDraft(one, 2));
        assertEquals(1, ot.variables());
        assertEquals(1, ot.constraints());
        assertTrue(GLOP_VS_EXACT.test(ot.primalObjective(), 1.0),
            () -> GLOP_VS_EXACT.describe("|V| = 1 OT optimum", ot.primalObjective(), 1.0));
        LpResult canonical = CanonicalLp.solve(one, new IidDraft(one, 2));
        assertTrue(GLOP_VS_EXACT.test(canonical.primalObjective(), 1.0),
            () -> GLOP_VS_EXACT.describe("|V| = 1 canonical optimum", canonical.primalObjective(), 1.0));
    }

    /** Above the limit the LP is refused, naming size and limit, before the draft law is enumerated. */
    @Test
    void refusesAboveTheLimitBeforeBuilding() {
        DraftProcess neverEnumerated = new DraftProcess() {
            @Override
            public String id() {
                return "custom";
            }

            @Override
            public int k() {
                return 3;
            }

            @Override
            public int vocab() {
                return 10;
            }

            @Override
            public int[] draw(Draws<BigFraction> draws) {
                throw new AssertionError("the draft process was run although the LP is above the limit");
            }

            @Override
            public Optional<String> whyImpossible(int[] drafts) {
                throw new AssertionError("the draft process was queried although the LP is above the limit");
            }

            @Override
            public Map<DraftTuple, BigFraction> law() {
                throw new AssertionError("the law was enumerated although the LP is above the limit");
            }
        };
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TransportLp.solve(
            Distribution.uniform(10), neverEnumerated, LpSettings.glop().withVariableLimit(9_999)));
        assertTrue(e.getMessage().contains("10000 variables") && e.getMessage().contains("limit of 9999"),
            e.getMessage());
    }

    /** The default limit (5·10^6) refuses |V| = 150, K = 3 iid drafts (150^4 ≈ 5.1·10^8 variables) at once. */
    @Test
    void defaultLimitRefusesAHugeModel() {
        Distribution u = Distribution.uniform(150);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> TransportLp.solve(u, new IidDraft(u, 3)));
        assertTrue(e.getMessage().contains("506250000 variables")
            && e.getMessage().contains("limit of " + LpSettings.DEFAULT_VARIABLE_LIMIT), e.getMessage());
    }

    /** Target and drafts over different vocabularies are refused with both sizes named. */
    @Test
    void vocabularyMismatchIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> TransportLp.solve(Distribution.uniform(3), new IidDraft(Distribution.uniform(4), 1)));
        assertTrue(e.getMessage().contains("3 tokens") && e.getMessage().contains("have 4"), e.getMessage());
    }

    /** A solve stopped before optimality fails with the status, the tolerances and the model in LP format. */
    @Test
    void nonOptimalSolvePrintsTheModel() {
        Distribution p = Distribution.parse("3/10", "1/4", "1/5", "3/20", "1/10");
        DraftProcess d = new IidDraft(Distribution.parse("1/10", "1/5", "2/5", "1/5", "1/10"), 2);
        LpSolveException e = assertThrows(LpSolveException.class,
            () -> TransportLp.solve(p, d, LpSettings.glop().withIterationLimit(1)));
        assertNotEquals(MPSolver.ResultStatus.OPTIMAL, e.status());
        assertTrue(e.getMessage().contains("OPTIMAL required"), e.getMessage());
        assertTrue(e.getMessage().contains("primal feasibility 1.0E-10"), e.getMessage());
        assertTrue(e.getMessage().contains("model in LP format") && e.getMessage().contains("col_0")
            && e.getMessage().contains("pi_0_0_0"), e.getMessage());
    }

    /** PDLP solves the same LP to its looser tolerance; GLOP stays the default. */
    @Test
    void pdlpAgreesWithinItsTolerance() {
        HandMadeCases.Case c = HandMadeCases.iid("five tokens", Distribution.parse("3/10", "1/4", "1/5", "3/20", "1/10"),
            Distribution.parse("1/10", "1/5", "2/5", "1/5", "1/10"), 2);
        LpResult r = TransportLp.solve(c.p(), c.process(), LpSettings.pdlp().withThreads(1));
        assertEquals(LpSettings.Algorithm.PDLP, r.algorithm());
        double exact = LpCases.exact(c).doubleValue();
        assertTrue(PDLP_VS_EXACT.test(r.primalObjective(), exact),
            () -> PDLP_VS_EXACT.describe("PDLP optimum vs exact α*", r.primalObjective(), exact));
    }
}
