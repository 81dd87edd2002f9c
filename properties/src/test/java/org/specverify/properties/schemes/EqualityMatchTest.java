package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.EqualityMatch;
import org.specverify.properties.SchemeContract;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class EqualityMatchTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new EqualityMatch();
    }

    /** Law: the output is accepted iff it is a draft, so membership and test acceptance agree. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }

    /** Law: α = Σ_y p(y)·(1 - Π_k (1 - q_k(y))): the independent sample z lands in the draft set. */
    @Test
    void acceptanceIsProbabilityTheSampleIsADraft() {
        ClosedForms.assertAcceptance(this, "sum_y p(y) (1 - prod_k (1 - q_k(y)))", inst -> {
            BigFraction s = BigFraction.ZERO;
            for (int y = 0; y < inst.vocab(); y++) {
                BigFraction miss = BigFraction.ONE;
                for (int k = 0; k < inst.k(); k++) {
                    miss = miss.multiply(BigFraction.ONE.subtract(inst.draft(k).p(y)));
                }
                s = s.add(inst.target().p(y).multiply(BigFraction.ONE.subtract(miss)));
            }
            return s;
        });
    }
}
