package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.CanonicalImportanceSampling;
import org.specverify.reference.scheme.OtPlanVerifier;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

class OptimalSchemesTest {
    /** Same ids in the same order as the reference; only ot-plan and canonical-is differ, and they use "optimal". */
    @Test
    void replacesOnlyTheTwoOptimalVerifiers() {
        List<String> ref = Schemes.reference().all().stream().map(Scheme::id).toList();
        List<String> opt = OptimalSchemes.registry().all().stream().map(Scheme::id).toList();
        assertEquals(ref, opt);
        OtPlanVerifier ot = (OtPlanVerifier) OptimalSchemes.registry().get("ot-plan");
        assertSame(OptimalTransportPlan.INSTANCE, ot.source());
        assertEquals("optimal", ot.source().name());
        CanonicalImportanceSampling cis = (CanonicalImportanceSampling) OptimalSchemes.registry().get("canonical-is");
        assertSame(OptimalStep1Weights.INSTANCE, cis.step1());
        assertEquals("optimal", cis.step1().name());
    }

    /** Every scheme of the registry that claims losslessness is exactly lossless on an instance with a zero-mass token. */
    @Test
    void everyLosslessClaimHolds() {
        Instance inst = Instance.identical("smoke", Distribution.parse("1/2", "3/10", "1/5", "0"),
            Distribution.parse("1/4", "1/4", "1/4", "1/4"), 2);
        for (Scheme s : OptimalSchemes.registry().all()) {
            if (s.claimsLossless() && s.notApplicable(inst).isEmpty()) {
                assertTrue(ExactLaw.of(s.bind(inst)).lossless(), s.id());
            }
        }
    }
}
