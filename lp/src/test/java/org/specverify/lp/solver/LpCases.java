package org.specverify.lp.solver;

import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.lp.plan.HandMadeCases;
import org.specverify.reference.Tolerance;

/** The hand-made cases and the tolerances the LP tests compare with. */
final class LpCases {
    /** LP optimum vs the exact α*: GLOP runs at feasibility tolerances 1e-10 on models of at most a few hundred rows. */
    static final Tolerance LP_VS_EXACT = Tolerance.absolute(1e-9);
    /** Primal vs dual objective, and the largest dual infeasibility (compared with zero). */
    static final Tolerance DUALITY = Tolerance.absolute(1e-9);
    /** PDLP stops at relative/absolute optimality 1e-8 of its scaled problem. */
    static final Tolerance PDLP_VS_EXACT = Tolerance.absolute(1e-6);

    private LpCases() {
    }

    static Stream<HandMadeCases.Case> all() {
        return HandMadeCases.all().stream();
    }

    /** The exact optimum α* from the subset characterisation (all 2^|V| token sets, exact). */
    static BigFraction exact(HandMadeCases.Case c) {
        return SubsetOptimum.of(c.p(), c.process()).value();
    }
}
