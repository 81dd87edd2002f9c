package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.numeric.Law;

/**
 * {@link ChainStepLaw}'s bounds at larger vocabularies (V = 2000, masses spanning twenty orders of magnitude, rows of
 * random doubles, logits-like), against Claims 1 and 2 of proofs-notes/chain-dumps.md evaluated in exact rationals on
 * the exact laws the rows stand for (weights over their exact sum). The closed forms themselves are checked against the
 * sequence reference in {@code ChainStepLawTest}; here the floating evaluation and its bound are.
 */
class ChainStepLawBoundTest {
    private static BigFraction[] exactLaw(double[] w) {
        BigFraction s = BigFraction.ZERO;
        for (double v : w) {
            s = s.add(BigFraction.from(v));
        }
        BigFraction[] m = new BigFraction[w.length];
        for (int y = 0; y < w.length; y++) {
            m[y] = BigFraction.from(w[y]).divide(s);
        }
        return m;
    }

    private static BigFraction min1(BigFraction x) {
        return x.compareTo(BigFraction.ONE) > 0 ? BigFraction.ONE : x;
    }

    private static void within(BigFraction exact, Figure f, String what) {
        double e = exact.doubleValue();
        assertTrue(Math.abs(f.value() - e) <= f.bound() + Math.ulp(e), what + ": exact " + e + " not within " + f);
        assertTrue(f.bound() < 1e-12, what + ": bound " + f.bound());
    }

    @Test
    void boundsHoldAgainstExactRationalsAtV2000() {
        long seed = 71L;
        System.out.println("ChainStepLawBoundTest seed " + seed);
        Random rng = new Random(seed);
        int v = 2000;
        for (int trial = 0; trial < 4; trial++) {
            int g = 2 + trial % 2;
            double[][] wp = new double[g + 1][v];
            double[][] wq = new double[g][v];
            int[] x = new int[g];
            for (int i = 0; i <= g; i++) {
                for (int y = 0; y < v; y++) {
                    double z = rng.nextGaussian() * 4;
                    wp[i][y] = Math.exp(z);
                    if (i < g) {
                        wq[i][y] = rng.nextInt(50) == 0 ? 0 : Math.exp(z + rng.nextGaussian());
                    }
                }
                if (i < g) {
                    // the draft: one of the draft's likely tokens (positive draft mass)
                    int best = 0;
                    for (int k = 0; k < 5; k++) {
                        int y = rng.nextInt(v);
                        if (wq[i][y] > wq[i][best]) {
                            best = y;
                        }
                    }
                    x[i] = wq[i][best] > 0 ? best : 0;
                    wq[i][x[i]] = Math.max(wq[i][x[i]], 1);
                }
            }
            Law[] p = new Law[g + 1];
            Law[] q = new Law[g];
            BigFraction[][] ep = new BigFraction[g + 1][];
            BigFraction[][] eq = new BigFraction[g][];
            for (int i = 0; i <= g; i++) {
                p[i] = Law.ofDoubles(wp[i], "p" + i);
                ep[i] = exactLaw(wp[i]);
                if (i < g) {
                    q[i] = Law.ofDoubles(wq[i], "q" + i);
                    eq[i] = exactLaw(wq[i]);
                }
            }
            // tokenwise, exactly
            ChainStepLaw tw = ChainStepLaw.tokenwise(p, q, x);
            BigFraction reach = BigFraction.ONE;
            BigFraction mean = BigFraction.ZERO;
            for (int j = 1; j <= g; j++) {
                BigFraction a = min1(ep[j - 1][x[j - 1]].divide(eq[j - 1][x[j - 1]]));
                within(reach.multiply(BigFraction.ONE.subtract(a)), tw.length(j - 1), "trial " + trial
                    + " tokenwise P(tau = " + (j - 1) + ")");
                reach = reach.multiply(a);
                within(reach, tw.reached(j), "trial " + trial + " tokenwise P(tau >= " + j + ")");
                mean = mean.add(reach);
            }
            within(reach, tw.length(g), "trial " + trial + " tokenwise P(tau = gamma)");
            within(mean, tw.expected(), "trial " + trial + " tokenwise E");
            // block, exactly: rho, M, h, then 1 - prod (1 - h)
            ChainStepLaw bl = ChainStepLaw.block(p, q, x);
            BigFraction[] rho = new BigFraction[g + 1];
            rho[0] = BigFraction.ONE;
            for (int i = 1; i <= g; i++) {
                rho[i] = min1(rho[i - 1].multiply(ep[i - 1][x[i - 1]]).divide(eq[i - 1][x[i - 1]]));
            }
            BigFraction[] h = new BigFraction[g + 1];
            for (int i = 1; i < g; i++) {
                BigFraction m = BigFraction.ZERO;
                for (int y = 0; y < v; y++) {
                    BigFraction t = rho[i].multiply(ep[i][y]).subtract(eq[i][y]);
                    if (t.signum() > 0) {
                        m = m.add(t);
                    }
                }
                BigFraction den = m.add(BigFraction.ONE).subtract(rho[i]);
                h[i] = den.signum() == 0 ? BigFraction.ONE : m.divide(den);
            }
            h[g] = rho[g];
            BigFraction blockMean = BigFraction.ZERO;
            for (int i = 1; i <= g; i++) {
                BigFraction f = BigFraction.ONE;
                for (int j = i; j <= g; j++) {
                    f = f.multiply(BigFraction.ONE.subtract(h[j]));
                }
                within(BigFraction.ONE.subtract(f), bl.reached(i), "trial " + trial + " block P(tau >= " + i + ")");
                blockMean = blockMean.add(BigFraction.ONE.subtract(f));
            }
            within(blockMean, bl.expected(), "trial " + trial + " block E");
        }
    }
}
