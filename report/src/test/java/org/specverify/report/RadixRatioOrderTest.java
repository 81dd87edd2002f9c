package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.specverify.lp.optimum.RatioOrder;

/** The radix ratio order is RatioOrder.of, ties, zeros, overflowing ratios and all. */
class RadixRatioOrderTest {
    @Test
    void equalsTheComparisonSortOrder() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(trial < 150 ? 40 : 5000);
            double[] p = new double[n];
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(8);
                p[i] = kind == 0 ? 0 : kind == 1 ? 0.25 : kind == 2 ? Double.MIN_VALUE : rng.nextDouble();
                int qk = rng.nextInt(8);
                q[i] = qk == 0 ? 0 : qk == 1 ? 0.5 : qk == 2 ? Double.MIN_VALUE : rng.nextDouble();
            }
            assertArrayEquals(RatioOrder.of(p, q), RadixRatioOrder.of(p, q), "trial " + trial);
        }
    }
}
