package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.RaceCoupling;

/** The race-coupled schemes in the audit: lossless where the joint law is computed, refused as too large beyond. */
class RaceCoupledAuditTest {
    private static Distribution uniform(int n) {
        BigFraction[] w = new BigFraction[n];
        Arrays.fill(w, BigFraction.ONE);
        return Distribution.normalize(w);
    }

    @Test
    void aJointLawAboveTheLimitIsTooLargeNotAnError() {
        Instance big = Instance.identical("v20k4", uniform(20), uniform(20), 4);
        AuditResult res = Audit.of(List.of(RaceCoupling.gls())).run(List.of(big));
        assertEquals(AuditVerdict.TOO_LARGE, res.instances().get(0).schemes().get(0).verdict());
    }

    @Test
    void aSmallInstanceIsLosslessAsClaimed() {
        Instance small = Instance.identical("v3k2", Distribution.of(BigFraction.of(1, 2), BigFraction.of(1, 3),
            BigFraction.of(1, 6)), uniform(3), 2);
        AuditResult res = Audit.of(List.of(RaceCoupling.gls())).run(List.of(small));
        assertEquals(AuditVerdict.of(true, true), res.instances().get(0).schemes().get(0).verdict());
    }
}
