package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.reference.scheme.RecursiveRejectionSamplingWithoutReplacement;
import org.specverify.properties.SchemeContract;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;

class RecursiveRejectionSamplingWithoutReplacementTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new RecursiveRejectionSamplingWithoutReplacement();
    }

    /** Law: fewer than K tokens of positive draft mass make the scheme not applicable, with the reason. */
    @Test
    void tooSmallDraftSupportIsNotApplicable() {
        Instance inst = Instance.identical("small support", org.specverify.reference.Distribution.parse("1/2", "1/2", "0"),
            org.specverify.reference.Distribution.parse("1/2", "1/2", "0"), 3);
        org.junit.jupiter.api.Assertions.assertTrue(scheme().notApplicable(inst).orElseThrow()
            .contains("at least K = 3 tokens of positive draft mass"));
    }

    /**
     * Law: for K = 1 rrs-wor is sd, so α = 1 - TV(p, q); for K ≥ 2 sampling without replacement never hurts:
     * α(rrs-wor) ≥ α(rrs) on the same p, q (checked exactly on the bank).
     */
    @Test
    void acceptanceMatchesSdAtKOneAndDominatesRrs() {
        for (Instance inst : applicableInstances()) {
            BigFraction wor = ExactLaw.of(scheme().bind(inst)).acceptance();
            BigFraction rrs = ExactLaw.of(new RecursiveRejectionSampling().bind(inst)).acceptance();
            if (inst.k() == 1) {
                assertTrue(wor.equals(BigFraction.ONE.subtract(inst.target().totalVariation(inst.draft()))),
                    inst.name());
            }
            assertTrue(Fractions.compare(wor, rrs) >= 0, inst.name() + ": rrs-wor " + wor + " < rrs " + rrs);
        }
    }

    /** Law: a rejected draft gets zero residual mass, so membership acceptance equals acceptance by a test. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }
}
