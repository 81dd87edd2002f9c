package org.specverify.properties.schemes;

import org.specverify.properties.SchemeProperties;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpeculativeSampling;
import org.specverify.properties.SchemeContract;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class SpeculativeSamplingTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new SpeculativeSampling();
    }

    /** The closed form α = 1 − TV(p, q), also on the generated instances. */
    @Override
    public java.util.List<SchemeProperties.Property> schemeLaws() {
        return java.util.List.of(SchemeProperties.closedForm("1 - TV(p,q)",
            i -> BigFraction.ONE.subtract(i.target().totalVariation(i.draft()))));
    }

    /** Law: α = 1 - TV(p, q). */
    @Test
    void acceptanceIsOneMinusTotalVariation() {
        ClosedForms.assertAcceptance(this, "1 - TV(p,q)",
            i -> BigFraction.ONE.subtract(i.target().totalVariation(i.draft())));
    }

    /** Law: a rejected draft gets zero residual mass, so membership acceptance equals acceptance by a test. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }
}
