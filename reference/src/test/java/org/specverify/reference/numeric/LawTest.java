package org.specverify.reference.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

/** The validated row: what it refuses, what it keeps, and that it keeps what the code before it computed. */
class LawTest {
    private static final long SEED = 4_242L;

    @Test
    void normalisesAsBeforeAndKeepsTotalSupportAndWeightTotal() {
        System.out.println("LawTest seed = " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(3000);
            double[] w = new double[n];
            int support = 0;
            for (int i = 0; i < n; i++) {
                w[i] = r.nextInt(5) == 0 ? 0 : Math.exp(4 * r.nextGaussian());
                support += w[i] > 0 ? 1 : 0;
            }
            if (support == 0) {
                w[0] = 1;
                support = 1;
            }
            // the report's Law before: Neumaier sum of the weights, then w * (1/s)
            double s = 0;
            double c = 0;
            for (double v : w) {
                double t = s + v;
                c += s >= v ? (s - t) + v : (v - t) + s;
                s = t;
            }
            s += c;
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = w[i] * (1 / s);
            }
            Law law = Law.ofDoubles(w, "row");
            String at = "trial " + trial + " (seed " + SEED + ")";
            assertArrayEquals(expected, law.masses(), 0.0, at + " (tolerance exact)");
            assertEquals(s, law.weightTotal(), 0.0, at);
            assertEquals(CompensatedSum.of(expected), law.total(), 0.0, at + ": total is the sum of the masses");
            assertTrue(Math.abs(law.total() - 1) <= Law.sumTolerance(n), at + ": a normalised row passes lp's check");
            assertEquals(support, law.support(), at);
            assertEquals(5 * Law.UNIT_ROUNDOFF + n * Double.MIN_VALUE, law.l1Error(), 0.0, at);
        }
    }

    @Test
    void refusesWhatIsNoLawNamingTheToken() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> Law.ofDoubles(new double[] {0.5, -0.0, Double.NaN}, "target row 3"));
        assertEquals("target row 3: token 2 has mass NaN (masses must be finite and non-negative)", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Law.ofFloats(new float[] {0, 0}, "draft"));
        assertEquals("draft: every mass is zero, so the row is no law", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> Law.ofDoubles(new double[0], "draft"));
        assertEquals("draft: no tokens", e.getMessage());
        e = assertThrows(InvalidInputException.class,
            () -> Law.ofDoubles(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, "draft"));
        assertEquals("draft: the masses overflow when summed", e.getMessage());
        e = assertThrows(InvalidInputException.class,
            () -> Law.ofProbabilities(new double[] {0.5, Double.POSITIVE_INFINITY}, "q"));
        assertEquals("q: token 1 has mass Infinity (masses must be finite and non-negative)", e.getMessage());
    }

    @Test
    void probabilitiesAreTakenAsGivenWithinTheRoundingTolerance() {
        double[] x = {0.25, 0.75};
        Law law = Law.ofProbabilities(x, "p");
        assertTrue(law.masses() == x, "shared, not copied");
        assertEquals(1.0, law.total());
        assertEquals(2, law.support());
        double[] off = {0.5, 0.5 + 1e-9};
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Law.ofProbabilities(off, "q"));
        assertTrue(e.getMessage().startsWith("q: masses sum to 1.000000001 over 2 tokens, +"), e.getMessage());
        assertEquals(0x1.0p-51, Law.sumTolerance(1));
        InvalidInputException size = assertThrows(InvalidInputException.class,
            () -> law.requireSameSize(Law.ofDoubles(new double[] {1, 1, 1}, "q"), "q"));
        assertEquals("q has 3 tokens but the target has 2", size.getMessage());
    }
}
