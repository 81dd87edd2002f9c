package org.specverify.reference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.specverify.reference.scheme.KSeq;
import org.specverify.reference.scheme.RecursiveRejectionSampling;

/** The benchmark's direct iid draws and a small run of it, certified decisions checked against exact ones. */
class DecideBenchTest {
    @Test
    void inverseCdfDrawsTheRowsLawAndNeverAZeroMassToken() {
        float[] w = {0f, 0.25f, 0f, 0.5f, 0.25f, 0f};
        double[] c = DecideBench.cumulative(w);
        assertEquals(1, DecideBench.inverseCdf(c, 0.0));
        assertEquals(1, DecideBench.inverseCdf(c, 0.2));
        assertEquals(3, DecideBench.inverseCdf(c, 0.25));
        assertEquals(3, DecideBench.inverseCdf(c, 0.7));
        assertEquals(4, DecideBench.inverseCdf(c, 0.8));
        assertEquals(4, DecideBench.inverseCdf(c, Math.nextDown(1.0)));
        assertEquals(4, DecideBench.inverseCdf(c, 1.0));
        long seed = 5;
        System.out.println("DecideBenchTest seed " + seed);
        Random rng = new Random(seed);
        int[] counts = new int[w.length];
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts[DecideBench.inverseCdf(c, rng.nextDouble())]++;
        }
        for (int x = 0; x < w.length; x++) {
            // 5 standard deviations of a binomial count
            double sd = Math.sqrt(n * w[x] * (1 - w[x]));
            assertTrue(Math.abs(counts[x] - n * w[x]) <= 5 * sd, "token " + x + ": " + counts[x] + " of " + n);
        }
    }

    @Test
    void smallRunsAgreeWithExactDecisions() {
        for (var scheme : new org.specverify.reference.scheme.Scheme[] {new RecursiveRejectionSampling(), new KSeq()}) {
            DecideBench.Result r = DecideBench.run(scheme, 3000, 4, 40, 4, 7, 4, "test");
            assertEquals(10, r.checked(), scheme.id());
            assertEquals(0, r.exactPositions(), scheme.id() + ": positions handed to the exact arithmetic");
        }
    }
}
