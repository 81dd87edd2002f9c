package org.specverify.reference.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

/** The one top-K against the three it replaced (report, lp's closed forms, lp's without-replacement mass). */
class TopKTest {
    private static final long SEED = 77_001L;

    /** report's FastAcceptance.top before the merge. */
    static int[] oldReport(double[] q, int k) {
        int[] t = new int[k];
        Arrays.fill(t, -1);
        for (int x = 0; x < q.length; x++) {
            double v = q[x];
            if (t[k - 1] >= 0 && !(v > q[t[k - 1]])) {
                continue;
            }
            int i = k - 1;
            while (i > 0 && (t[i - 1] < 0 || v > q[t[i - 1]])) {
                t[i] = t[i - 1];
                i--;
            }
            t[i] = x;
        }
        return t;
    }

    /** lp's ClosedFormOptimum.topTokens before the merge. */
    static int[] oldClosedForm(double[] q, int m) {
        int[] top = new int[m];
        Arrays.fill(top, -1);
        for (int x = 0; x < q.length; x++) {
            for (int i = 0; i < m; i++) {
                if (top[i] < 0 || q[x] > q[top[i]]) {
                    System.arraycopy(top, i, top, i + 1, m - i - 1);
                    top[i] = x;
                    break;
                }
            }
        }
        return top;
    }

    /** lp's WithoutReplacementOptimum's values of the K' largest (positive) entries before the merge. */
    static double[] oldWithoutReplacement(double[] q, int kMinus1) {
        double[] top = new double[kMinus1];
        for (double v : q) {
            for (int i = 0; i < top.length; i++) {
                if (v > top[i]) {
                    System.arraycopy(top, i, top, i + 1, top.length - i - 1);
                    top[i] = v;
                    break;
                }
            }
        }
        return top;
    }

    @Test
    void equalsTheReplacedImplementationsOnSeededRows() {
        System.out.println("TopKTest seed = " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + r.nextInt(60);
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                // few distinct values, so ties and zeros are common
                q[i] = r.nextInt(4) == 0 ? 0 : r.nextInt(5) / 8.0;
            }
            int k = 1 + r.nextInt(Math.min(n, 6));
            int[] got = TopK.indices(q, k);
            String at = "trial " + trial + " (seed " + SEED + "): q = " + Arrays.toString(q) + ", K = " + k;
            assertArrayEquals(oldReport(q, k), got, at);
            assertArrayEquals(oldClosedForm(q, k), got, at);
            double[] values = new double[k];
            for (int i = 0; i < k; i++) {
                values[i] = q[got[i]];
            }
            assertArrayEquals(oldWithoutReplacement(q, k), values, 0.0, at + " (tolerance exact)");
        }
    }

    @Test
    void edges() {
        assertEquals(0, TopK.indices(new double[] {1, 2}, 0).length);
        assertArrayEquals(new int[] {1, 0, 2}, TopK.indices(new double[] {0.25, 0.5, 0.25}, 3));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TopK.indices(new double[2], 3));
        assertEquals("need K <= |V| = 2, got K = 3", e.getMessage());
        assertThrows(InvalidInputException.class, () -> TopK.indices(new double[2], -1));
    }
}
