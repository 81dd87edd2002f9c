package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_DUALITY;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import org.junit.jupiter.api.Test;
import org.specverify.lp.plan.HandMadeCases;
import org.specverify.lp.plan.RandomCases;

/**
 * The two LPs against each other, against the exact α* and against their duals, on random small cases. The seed is
 * printed; set {@code -Dspecverify.seed=N} to replay one.
 */
class LpOptimaProperties {
    private static final int CASES = 200;

    /** Decomposition theorem and strong duality: OT LP = canonical LP = α*, primal = dual for both. */
    @Test
    void optimaAgreeAndAreDualCertified() {
        String s = System.getProperty("specverify.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("LpOptimaProperties seed = " + seed + " (replay with -Dspecverify.seed=" + seed + ")");
        for (HandMadeCases.Case c : RandomCases.generate(seed, CASES)) {
            double exact = LpCases.exact(c).doubleValue();
            for (LpResult r : new LpResult[] {TransportLp.solve(c.p(), c.process()),
                CanonicalLp.solve(c.p(), c.process())}) {
                String where = c + ", p = " + c.p() + ", " + r.lp() + " (seed " + seed + ")";
                assertTrue(GLOP_VS_EXACT.test(r.primalObjective(), exact),
                    () -> GLOP_VS_EXACT.describe(where + ": optimum vs exact α*", r.primalObjective(), exact));
                assertTrue(GLOP_DUALITY.test(r.dualObjective(), r.primalObjective()),
                    () -> GLOP_DUALITY.describe(where + ": dual vs primal", r.dualObjective(), r.primalObjective()));
                assertTrue(GLOP_DUALITY.test(r.maxDualInfeasibility(), 0),
                    () -> GLOP_DUALITY.describe(where + ": dual infeasibility", r.maxDualInfeasibility(), 0));
            }
        }
    }
}
