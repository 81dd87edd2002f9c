package org.specverify.properties.laws;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.optimum.Optimum;
import org.specverify.properties.gen.InstanceGenerators;
import org.specverify.reference.Fractions;
import org.specverify.reference.draft.IidDraft;

/** Laws of the optimal acceptance α* itself, over generated instances. */
class OptimumLawsProperties {
    /**
     * Law: for iid drafts α*(p, q^⊗K) ≤ α*(p, q^⊗(K+1)): one more draft can be ignored, so it never lowers the
     * optimum. Checked exactly for K = 1..4 on generated (p, q).
     */
    @Test
    void optimumIsNonDecreasingInKForIidDrafts() {
        qt().withFixedSeed(41L).withExamples(150).forAll(InstanceGenerators.instances(8, 1)).checkAssert(inst -> {
            BigFraction previous = BigFraction.ZERO;
            for (int k = 1; k <= 5; k++) {
                BigFraction a = Optimum.exact(inst.target(), new IidDraft(inst.draft(), k));
                assertTrue(Fractions.compare(previous, a) <= 0, inst + ": alpha* at K = " + k + " is "
                    + Fractions.format(a) + ", below " + Fractions.format(previous) + " at K = " + (k - 1));
                assertTrue(Fractions.compare(a, BigFraction.ONE) <= 0, inst + ": alpha* above 1");
                previous = a;
            }
        });
    }
}
