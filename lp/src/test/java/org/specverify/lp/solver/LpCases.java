package org.specverify.lp.solver;

import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.lp.plan.HandMadeCases;

/** The hand-made cases of the LP tests (their tolerances are in {@link org.specverify.lp.LpTolerances}). */
final class LpCases {
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
