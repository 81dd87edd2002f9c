package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.TypicalAcceptance;
import org.specverify.properties.SchemeContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;

class TypicalAcceptanceTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new TypicalAcceptance();
    }

    /**
     * Law: typical acceptance is lossy. On p = (1/2, 1/2), q = (1, 0)... q must let token 0 be drafted: with
     * q = (9/10, 1/10), K = 1 and τ ≤ 0.09 every draft passes (p(x) = 1/2 &gt; τ), so Y = x ~ q ≠ p.
     */
    @Test
    void isLossyOnAConcreteInstance() {
        Instance inst = Instance.identical("typical lossy", Distribution.parse("1/2", "1/2"),
            Distribution.parse("9/10", "1/10"), 1);
        ExactLaw law = ExactLaw.of(scheme().bind(inst));
        assertFalse(law.lossless());
        assertEquals(BigFraction.of(9, 10), law.outputLaw()[0], "output law is the draft law");
        assertEquals(BigFraction.of(2, 5), law.maxLawError());
    }
}
