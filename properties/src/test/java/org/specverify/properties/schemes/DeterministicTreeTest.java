package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.DeterministicTree;
import org.specverify.properties.SchemeContract;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeterministicTreeTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new DeterministicTree();
    }

    /** Law: α = p(set of children), children = top-K tokens of q. */
    @Test
    void acceptanceIsTargetMassOfChildren() {
        ClosedForms.assertAcceptance(this, "p(children)", inst -> {
            int[] children = Arrays.copyOf(inst.draft().tokensByDecreasingMass(), inst.k());
            return inst.target().mass(t -> Arrays.stream(children).anyMatch(c -> c == t));
        });
    }

    /** Law: a rejected draft gets zero residual mass, so membership acceptance equals acceptance by a test. */
    @Test
    void testAcceptanceIsMembership() {
        ClosedForms.assertTestAcceptanceIsMembership(this);
    }
}
