package org.specverify.reference.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/** Float and double rows as exact laws: each entry's exact value over the exact row sum; bad rows refused by name. */
class DyadicRowTest {
    /** A float32 softmax that does not sum to 1 is read proportionally, exactly, never renormalised in floats. */
    @Test
    void rowNotSummingToOneIsEachEntryOverTheExactSum() {
        float a = 0.1f;
        float b = 0.7f;
        float c = 0.20000002f;
        Distribution d = Distribution.ofFloats(new float[] {a, b, c}, "row");
        BigFraction total = BigFraction.from(a).add(BigFraction.from(b)).add(BigFraction.from(c));
        assertTrue(!total.equals(BigFraction.ONE), "the row does not sum to exactly 1");
        assertEquals(BigFraction.from(a).divide(total), d.p(0));
        assertEquals(BigFraction.from(c).divide(total), d.p(2));
        assertEquals(BigFraction.ONE, d.p(0).add(d.p(1)).add(d.p(2)));
        assertEquals(d, Distribution.of(d.masses()), "the same law as its exact masses");
    }

    @Test
    void badRowsAreRefusedNamingTheToken() {
        assertMessage(() -> Distribution.ofFloats(new float[] {0.5f, -0.1f, 0.6f}, "target row 3"),
            "target row 3: token 1 has negative weight -0.1");
        assertMessage(() -> Distribution.ofFloats(new float[] {0.5f, Float.NaN}, "draft row 0"),
            "draft row 0: token 1 is NaN");
        assertMessage(() -> Distribution.ofDoubles(new double[] {Double.POSITIVE_INFINITY, 0}, "r"),
            "r: token 0 is Infinity");
        assertMessage(() -> Distribution.ofFloats(new float[] {0f, -0f, 0f}, "r"), "r: all 3 weights are zero");
        assertMessage(() -> Distribution.ofFloats(new float[0], "r"), "r: a row needs at least one token");
    }

    /** Negative zero is zero: it sorts with the zeros by index and counts as zero mass. */
    @Test
    void negativeZeroIsZero() {
        Distribution d = Distribution.ofFloats(new float[] {0.5f, -0f, 0f, 0.5f}, "r");
        assertEquals(2, d.supportSize());
        assertEquals(BigFraction.ZERO, d.p(1));
        assertEquals(java.util.List.of(0, 3, 1, 2),
            java.util.Arrays.stream(d.tokensByDecreasingMass()).boxed().toList());
    }

    /** The one-pass enclosure of the row total contains the exact total. */
    @Test
    void totalEnclosureContainsTheExactTotal() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int n : new int[] {1, 3, 1000, 128_256}) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = (float) (r.nextDouble() * (i % 7 == 0 ? 1e-30 : 1));
            }
            DyadicRow row = DyadicRow.ofFloats(f, "r");
            BallArithmeticProperties.assertContains(row.totalEnclosure(), row.total(), "n = " + n);
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String start) {
        InvalidInputException x = assertThrows(InvalidInputException.class, e);
        assertTrue(x.getMessage().startsWith(start), x.getMessage());
    }
}
