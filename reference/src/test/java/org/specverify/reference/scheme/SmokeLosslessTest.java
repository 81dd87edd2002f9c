package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;

class SmokeLosslessTest {
    @Test
    void allSchemes() {
        Distribution p = Distribution.parse("0.5", "0.3", "0.2", "0");
        Distribution q = Distribution.parse("1/4", "1/4", "1/4", "1/4");
        for (int k = 1; k <= 3; k++) {
            Instance inst = Instance.identical("x", p, q, k);
            for (Scheme s : Schemes.reference().all()) {
                if (s.notApplicable(inst).isPresent()) {
                    System.out.println(s.id() + " K=" + k + " n/a: " + s.notApplicable(inst).get());
                    continue;
                }
                ExactLaw law = ExactLaw.of(s.bind(inst));
                System.out.println(s.id() + " K=" + k + " lossless=" + law.lossless() + " acc=" + law.acceptance()
                    + " err=" + law.maxLawError());
                assertTrue(law.lossless() || !s.claimsLossless(), s.id());
            }
        }
    }
}
