package org.specverify.properties.schemes;

import org.specverify.properties.SchemeContract;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;

/** Asserts that a scheme's exact acceptance equals a closed form on every applicable instance, as rationals. */
final class ClosedForms {
    private ClosedForms() {
    }

    /** Membership and test acceptance agree exactly: no residual draw ever lands on a draft token. */
    static void assertTestAcceptanceIsMembership(SchemeContract suite) {
        for (Instance inst : suite.applicableInstances()) {
            ExactLaw law = ExactLaw.of(suite.scheme().bind(inst));
            assertEquals(law.acceptance(), law.testAcceptance(), () -> suite.scheme().id() + " on " + inst
                + ": membership acceptance " + Fractions.format(law.acceptance()) + " vs test acceptance "
                + Fractions.format(law.testAcceptance()) + " (tolerance: exact)");
        }
    }

    static void assertAcceptance(SchemeContract suite, String formula, Function<Instance, BigFraction> closedForm) {
        for (Instance inst : suite.applicableInstances()) {
            BigFraction exact = ExactLaw.of(suite.scheme().bind(inst)).acceptance();
            BigFraction expected = closedForm.apply(inst);
            assertEquals(expected, exact, () -> suite.scheme().id() + " on " + inst + ": acceptance "
                + Fractions.format(exact) + " vs closed form " + formula + " = " + Fractions.format(expected)
                + " (tolerance: exact)");
        }
    }
}
