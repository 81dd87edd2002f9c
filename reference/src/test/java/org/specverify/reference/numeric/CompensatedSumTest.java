package org.specverify.reference.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.apache.commons.numbers.core.Sum;
import org.junit.jupiter.api.Test;

/** The one compensated sum: bit-equal to Commons Numbers' Sum and to the Neumaier loops it replaced, within 2u·S. */
class CompensatedSumTest {
    private static final long SEED = 20261207L;

    /** The inline Neumaier loop the project used before this class (Fast2Sum after comparing magnitudes). */
    private static double neumaier(double[] x) {
        double s = 0;
        double c = 0;
        for (double v : x) {
            double t = s + v;
            c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    private static double[] row(SplittableRandom r, int n, boolean signed) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double v = Math.exp(-30 * r.nextDouble()) * r.nextDouble();
            x[i] = signed && r.nextBoolean() ? -v : v;
        }
        return x;
    }

    @Test
    void equalsCommonsSumAndNeumaierBitForBit() {
        System.out.println("CompensatedSumTest seed = " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        for (int trial = 0; trial < 200; trial++) {
            double[] x = row(r, 1 + r.nextInt(5000), trial % 2 == 1);
            double mine = CompensatedSum.of(x);
            assertEquals(Double.doubleToRawLongBits(Sum.of(x).getAsDouble()), Double.doubleToRawLongBits(mine),
                "trial " + trial + " (seed " + SEED + "): differs from Commons Numbers' Sum");
            assertEquals(Double.doubleToRawLongBits(neumaier(x)), Double.doubleToRawLongBits(mine),
                "trial " + trial + " (seed " + SEED + "): differs from the Neumaier loop");
            float[] f = new float[x.length];
            double[] widened = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
                widened[i] = f[i];
            }
            assertEquals(CompensatedSum.of(widened), CompensatedSum.of(f), "float row, trial " + trial);
        }
    }

    @Test
    void nonNegativeSumsAreWithinTwoUnitsOfTheExactSum() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        double u = 0x1p-53;
        for (int trial = 0; trial < 100; trial++) {
            double[] x = row(r, 1 + r.nextInt(20000), false);
            BigDecimal exact = BigDecimal.ZERO;
            for (double v : x) {
                exact = exact.add(new BigDecimal(v));
            }
            double got = CompensatedSum.of(x);
            double err = new BigDecimal(got).subtract(exact).abs().doubleValue();
            double bound = 2 * u * exact.doubleValue();
            assertTrue(err <= bound, "trial " + trial + " (seed " + (SEED + 1) + "): |error| " + err
                + " above the bound 2u·S = " + bound + " (exact " + exact.round(MathContext.DECIMAL64) + ")");
        }
    }

    @Test
    void prefixValuesAndEdges() {
        CompensatedSum s = new CompensatedSum();
        assertEquals(0.0, s.value());
        s.add(1.0).add(1e-17).add(-1.0);
        assertEquals(1e-17, s.value(), 0.0, "the two-sum keeps what plain summation loses");
        assertEquals(0.0, CompensatedSum.of(new double[0]));
        assertEquals(Double.MAX_VALUE, CompensatedSum.of(new double[] {Double.MAX_VALUE, Double.MAX_VALUE / 0x1p60}));
        assertTrue(Double.isNaN(CompensatedSum.of(new double[] {1, Double.NaN})));
        assertEquals(3.0, CompensatedSum.of(new double[] {9, 1, 2, 9}, 1, 3));
    }
}
