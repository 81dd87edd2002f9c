package org.specverify.lp.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.lp.solver.ScoredTransportLp;
import org.specverify.reference.InvalidInputException;

class ExactTransportTest {
    private static BigFraction f(int a, int b) {
        return BigFraction.of(a, b);
    }

    @Test
    void handSolvedProblem() {
        // two rows 1/2, 1/2; columns 1/3, 2/3; scores [[2, 0], [1, 1]]: send row 0 to column 0 as far as it goes (1/3,
        // score 2), the rest of row 0 (1/6) to column 1 (0), row 1 to column 1 (1): 2/3 + 0 + 1/2 = 7/6
        ExactTransport.Solution s = ExactTransport.solve(new BigFraction[] {f(1, 2), f(1, 2)},
            new BigFraction[] {f(1, 3), f(2, 3)}, new int[][] {{2, 0}, {1, 1}});
        assertEquals(f(7, 6), s.value());
        assertEquals(f(1, 3), s.plan()[0][0]);
    }

    @Test
    void oneRowOrOneColumn() {
        assertEquals(f(5, 3), ExactTransport.solve(new BigFraction[] {BigFraction.ONE},
            new BigFraction[] {f(1, 3), f(2, 3)}, new int[][] {{3, 1}}).value());
        assertEquals(f(2, 1), ExactTransport.solve(new BigFraction[] {f(1, 4), f(3, 4)},
            new BigFraction[] {BigFraction.ONE}, new int[][] {{2}, {2}}).value());
    }

    /** Random dense problems with many ties and zero masses (degenerate pivots): exact equals GLOP. */
    @Test
    void randomProblemsAgreeWithGlop() {
        long seed = 77L;
        System.out.println("seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + r.nextInt(7);
            int n = 1 + r.nextInt(7);
            BigFraction[] a = masses(r, m);
            BigFraction[] b = masses(r, n);
            int[][] s = new int[m][n];
            double[][] sd = new double[m][n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    s[i][j] = r.nextInt(3);
                    sd[i][j] = s[i][j];
                }
            }
            ExactTransport.Solution sol = ExactTransport.solve(a, b, s);
            LpResult lp = ScoredTransportLp.solve("test", doubles(a), doubles(b), sd, LpSettings.glop());
            assertTrue(LpTolerances.GLOP_VS_EXACT.test(lp.primalObjective(), sol.value().doubleValue()),
                "trial " + trial + " seed " + seed + ": GLOP " + lp.primalObjective() + ", exact " + sol.value()
                    + ", " + LpTolerances.GLOP_VS_EXACT);
        }
    }

    @Test
    void unbalancedOrNegativeIsRefused() {
        assertThrows(InvalidInputException.class, () -> ExactTransport.solve(new BigFraction[] {f(1, 2)},
            new BigFraction[] {BigFraction.ONE}, new int[][] {{1}}));
        assertThrows(InvalidInputException.class, () -> ExactTransport.solve(new BigFraction[] {f(3, 2), f(-1, 2)},
            new BigFraction[] {BigFraction.ONE}, new int[][] {{1}, {1}}));
    }

    @Test
    void certificateCheckCatchesAWrongValue() {
        ExactTransport.Solution s = ExactTransport.solve(new BigFraction[] {BigFraction.ONE},
            new BigFraction[] {BigFraction.ONE}, new int[][] {{1}});
        ExactTransport.Solution wrong = new ExactTransport.Solution(f(1, 2), s.plan(), s.u(), s.v(), 0, s.supply(),
            s.demand(), s.score());
        assertThrows(IllegalStateException.class, wrong::verify);
        ExactTransport.Solution infeasibleDual = new ExactTransport.Solution(s.value(), s.plan(), new long[] {0},
            new long[] {0}, 0, s.supply(), s.demand(), s.score());
        assertThrows(IllegalStateException.class, infeasibleDual::verify);
    }

    private static BigFraction[] masses(SplittableRandom r, int n) {
        int[] w = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(5);
            total += w[i];
        }
        if (total == 0) {
            w[0] = 1;
            total = 1;
        }
        BigFraction[] m = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            m[i] = BigFraction.of(w[i], total);
        }
        return m;
    }

    private static double[] doubles(BigFraction[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i].doubleValue();
        }
        return d;
    }
}
