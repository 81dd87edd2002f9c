package org.specverify.properties.schemes;

import org.specverify.properties.SchemeProperties;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.properties.SchemeContract;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;

class RecursiveRejectionSamplingTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new RecursiveRejectionSampling();
    }

    /** The closed form α = 1 − Π_k TV(p_k, q_k), also on the generated instances. */
    @Override
    public java.util.List<SchemeProperties.Property> schemeLaws() {
        return java.util.List.of(SchemeProperties.closedForm("1 - prod_k TV(p_k, q_k)",
            RecursiveRejectionSamplingTest::closedForm));
    }

    /** Law: α = 1 - Π_k TV(p_k, q_k), p_1 = p, p_{k+1} = norm((p_k - q_k)+) (iid and independent drafts). */
    @Test
    void acceptanceIsOneMinusProductOfResidualTotalVariations() {
        ClosedForms.assertAcceptance(this, "1 - prod_k TV(p_k, q_k)", RecursiveRejectionSamplingTest::closedForm);
    }

    static BigFraction closedForm(Instance inst) {
        Distribution pk = inst.target();
        BigFraction allRejected = BigFraction.ONE;
        for (int k = 0; k < inst.k(); k++) {
            BigFraction tv = pk.totalVariation(inst.draft(k));
            allRejected = allRejected.multiply(tv);
            if (tv.signum() == 0) {
                break;
            }
            pk = pk.residual(inst.draft(k));
        }
        return BigFraction.ONE.subtract(allRejected);
    }

    /** Law: a rejected draft gets zero residual mass, so membership acceptance equals acceptance by a test. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }
}
