package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.KSeqRho;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.scheme.KSeq;

/**
 * α* for iid drafts and K-SEQ from the one shared scan of the ratio order are bit for bit the figures of the two separate
 * scans they replace: the ratio-prefix minimum written out here as it was, and K-SEQ's root from the solver's own sums
 * (the figure is then taken at the scheme's grid point above it, and checked against a direct sum there).
 */
class RatioPrefixSumsTest {
    private static final long SEED = 20261207L;

    @Test
    void sharedScanGivesTheSameBitsAsTheSeparateScans() {
        System.out.println("RatioPrefixSumsTest seed " + SEED);
        Random rng = new Random(SEED);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + rng.nextInt(trial < 250 ? 60 : 20_000);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextInt(6) == 0 ? 0 : Math.pow(rng.nextDouble(), 4);
                b[i] = rng.nextInt(6) == 0 ? 0 : Math.pow(rng.nextDouble(), 4);
            }
            a[rng.nextInt(n)] += 0.5;
            b[rng.nextInt(n)] += 0.5;
            Law p = Law.ofDoubles(a, "p");
            Law q = Law.ofDoubles(b, "q");
            int k = 1 + rng.nextInt(6);
            int[] order = FastAcceptance.ratioOrder(p, q);
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ", K = " + k + ")";

            Figure shared = FastAcceptance.optimumIid(p, q, k, order);
            assertEquals(Double.doubleToRawLongBits(separateOptimumIid(p, q, k, order)),
                Double.doubleToRawLongBits(shared.value()), where + ": alpha*");

            KSeqRho.Result alone = KSeqRho.solve(p, q, k, order);
            FastAcceptance.KSeqResult ks = FastAcceptance.kseq(p, q, k, order);
            double rho = alone.rho() == 1 ? 1 : Math.min(k, KSeq.startingRho(alone.rho(), KSeq.grid(n)));
            assertEquals(Double.doubleToRawLongBits(rho), Double.doubleToRawLongBits(ks.rho()), where + ": rho");
            assertEquals(alone.bracket(), ks.rhoBracket(), 0.0, where + ": bracket");
            CompensatedSum beta = new CompensatedSum();
            for (int x = 0; x < n; x++) {
                beta.add(Math.min(q.masses()[x], p.masses()[x] / rho));
            }
            double alpha = 1 - Math.pow(1 - Math.min(1, beta.value()), k);
            assertEquals(alpha, ks.acceptance().value(), ks.acceptance().bound(), where + ": kseq acceptance at rho");
        }
    }

    @Test
    void sumsMadeForOtherLawsAreRefused() {
        Law p = Law.ofDoubles(new double[] {0.5, 0.5}, "p");
        Law q = Law.ofDoubles(new double[] {0.25, 0.75}, "q");
        RatioPrefixSums s = RatioPrefixSums.of(p, q, FastAcceptance.ratioOrder(p, q));
        assertThrows(IllegalArgumentException.class, () -> FastAcceptance.optimumIid(q, p, 2, s));
    }

    /** The scan optimumIid made before the shared sums: its own compensated sums along the order. */
    private static double separateOptimumIid(Law p, Law q, int k, int[] order) {
        double[] a = p.masses();
        double[] b = q.masses();
        double invP = 1 / p.total();
        double invQ = 1 / q.total();
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum sq = new CompensatedSum();
        double best = 1;
        for (int x : order) {
            double s = sq.add(b[x]).value() * invQ;
            double pw = 1;
            for (int i = 0; i < k; i++) {
                pw *= s;
            }
            double v = sp.add(a[x]).value() * invP + (1 - pw);
            if (v < best) {
                best = v;
            }
        }
        return Math.min(1, Math.max(0, best));
    }
}
