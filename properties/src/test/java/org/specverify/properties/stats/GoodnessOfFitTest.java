package org.specverify.properties.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The G-test with its power statement. */
class GoodnessOfFitTest {
    /** Nine observations of a law of five cells pool into one cell: nothing is tested, so no shift is detectable. */
    @Test
    void aSinglePooledCellDetectsNothing() {
        GoodnessOfFit.Result r = GoodnessOfFit.gTest(new double[] {0.4, 0.3, 0.2, 0.1}, new long[] {0, 0, 0, 9},
            null, 0.001);
        assertEquals(1, r.cells());
        assertFalse(r.detectableBias() < 1, r.toString());
        // a point mass is one cell too, but then every other outcome is an impossible observation: still a test
        GoodnessOfFit.Result point = GoodnessOfFit.gTest(new double[] {1, 0}, new long[] {9, 0}, null, 0.001);
        assertTrue(point.detectableBias() < 1, point.toString());
    }

    /**
     * A dominant cell and a remainder of expected count far below five (p = (1 - 2^-29, 2^-29), n = 20,000): pooling
     * leaves one cell, so the remainder is tested exactly. Its critical count is 1 (P(X >= 1) is about 3.7e-5 under
     * the law), so the detectable shift is the delta with 1 - (1 - r - delta)^n = 0.9, and a count of 3 rejects.
     */
    @Test
    void aRemainderBelowFiveIsTestedExactly() {
        double r = 0x1p-29;
        int n = 20_000;
        GoodnessOfFit.Result ok = GoodnessOfFit.gTest(new double[] {1 - r, r}, new long[] {n, 0}, null, 0.001);
        assertEquals(GoodnessOfFit.EXACT_BINOMIAL, ok.test(), ok.toString());
        assertFalse(ok.rejected(), ok.toString());
        double expected = 1 - Math.pow(0.1, 1.0 / n) - r;
        assertEquals(expected, ok.detectableBias(), 1e-9 * expected, ok.toString());
        GoodnessOfFit.Result bad = GoodnessOfFit.gTest(new double[] {1 - r, r}, new long[] {n - 3, 3}, null, 0.001);
        assertTrue(bad.rejected(), bad.toString());
        assertEquals(GoodnessOfFit.EXACT_BINOMIAL, bad.test());
        // with enough observations the remainder is a cell of its own and the G-test runs as usual
        GoodnessOfFit.Result g = GoodnessOfFit.gTest(new double[] {0.9, 0.1}, new long[] {90, 10}, null, 0.001);
        assertEquals(GoodnessOfFit.G, g.test());
    }

    /** Tabulated non-centralities for power 0.9 at α = 0.05 (Cohen's power tables): df 1 → 10.51, df 2 → 12.65. */
    @Test
    void noncentralityMatchesPowerTables() {
        assertEquals(10.51, GoodnessOfFit.noncentralityForPower(1, 0.05, 0.9), 0.01);
        assertEquals(12.65, GoodnessOfFit.noncentralityForPower(2, 0.05, 0.9), 0.01);
    }

    /** Observations of probability zero are a certain failure, pooled cells keep every expected count at least 5. */
    @Test
    void impossibleObservationsAndPooling() {
        GoodnessOfFit.Result r = GoodnessOfFit.gTest(new double[] {0.5, 0.5, 0}, new long[] {50, 49, 1}, null, 0.001);
        assertTrue(r.rejected());
        assertEquals(1, r.impossible());
        assertEquals(0.0, r.pValue());
        GoodnessOfFit.Result pooled = GoodnessOfFit.gTest(new double[] {0.9, 0.04, 0.03, 0.03},
            new long[] {90, 4, 3, 3}, null, 0.001);
        assertEquals(2, pooled.cells(), pooled.table());
        assertFalse(pooled.rejected());
    }

    /**
     * Simulation: a law at exactly the detectable bias (the hardest direction: half the mass raised, half lowered) is
     * rejected in at least about 90 % of 400 samples (seed printed).
     */
    @Test
    void detectableBiasIsDetectedWithTheStatedPower() {
        long seed = 0xB1A5L;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p0 = {0.25, 0.25, 0.25, 0.25};
        int n = 4000;
        double alpha = 0.01;
        double delta = GoodnessOfFit.detectableBias(n, 3, alpha, 0.9);
        double[] p1 = {0.25 + delta / 2, 0.25 + delta / 2, 0.25 - delta / 2, 0.25 - delta / 2};
        int rejected = 0;
        int trials = 400;
        for (int t = 0; t < trials; t++) {
            long[] c = new long[4];
            for (int i = 0; i < n; i++) {
                double u = rng.nextDouble();
                int k = 0;
                double cum = p1[0];
                while (u >= cum && k < 3) {
                    k++;
                    cum += p1[k];
                }
                c[k]++;
            }
            if (GoodnessOfFit.gTest(p0, c, null, alpha).rejected()) {
                rejected++;
            }
        }
        double rate = rejected / (double) trials;
        // binomial standard error at 0.9 with 400 trials is 0.015: allow 3.5 sigma below the stated power
        assertTrue(rate >= 0.9 - 3.5 * 0.015, "seed " + seed + ": rejected " + rate + " at TV " + delta);
    }
}
