package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpecHub;
import org.specverify.properties.SchemeContract;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;

class SpecHubTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new SpecHub();
    }

    /** Law: one-hot q cannot drive the hub process (no second token to draw): not applicable, with the reason. */
    @Test
    void oneHotDraftIsNotApplicable() {
        Instance inst = Instance.identical("one-hot q", Distribution.parse("1/2", "1/2", "0"),
            Distribution.parse("0", "1", "0"), 2);
        org.junit.jupiter.api.Assertions.assertTrue(scheme().notApplicable(inst).orElseThrow()
            .contains("at least two tokens of positive draft mass"));
    }

    /** Law: α = min(1, p(a) + Σ_{x≠a} min(p(x), q(x)/(1-q(a)))) with a = argmax q. */
    @Test
    void acceptanceMatchesSpecHubFormula() {
        ClosedForms.assertAcceptance(this, "min(1, p(a) + sum_{x!=a} min(p(x), q(x)/(1-q(a))))", SpecHubTest::closedForm);
    }

    static BigFraction closedForm(Instance inst) {
        Distribution p = inst.target();
        Distribution q = inst.draft();
        int a = q.argmax();
        BigFraction s = p.p(a);
        for (int x = 0; x < p.size(); x++) {
            if (x != a) {
                s = s.add(Fractions.min(p.p(x), q.p(x).divide(BigFraction.ONE.subtract(q.p(a)))));
            }
        }
        return Fractions.min(BigFraction.ONE, s);
    }

    /** Law: a rejected draft gets zero residual mass, so membership acceptance equals acceptance by a test. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }
}
