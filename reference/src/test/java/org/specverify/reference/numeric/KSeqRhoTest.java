package org.specverify.reference.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.scheme.KSeq;

/**
 * The one double K-SEQ ρ against the two double solvers it replaced (report's prefix-sum bisection, kept here as
 * {@link #oldReport}, and the GPU host's plain-sum bisection, {@link #oldGpu}) on seeded rows, and against the
 * reference's exact validity.
 */
class KSeqRhoTest {
    private static final long SEED = 6_684_766_678_397L;

    /** report's FastAcceptance.kseq before the merge: {hi, lo, beta(hi)} with Neumaier prefix sums. */
    static double[] oldReport(double[] a, double[] b, int k, int[] order) {
        int n = a.length;
        double[] ratio = new double[n];
        double[] preP = new double[n + 1];
        double[] preQ = new double[n + 1];
        double sp = 0;
        double cp = 0;
        double sq = 0;
        double cq = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            ratio[j] = b[x] > 0 ? a[x] / b[x] : Double.POSITIVE_INFINITY;
            double t = sp + a[x];
            cp += sp >= a[x] ? (sp - t) + a[x] : (a[x] - t) + sp;
            sp = t;
            preP[j + 1] = sp + cp;
            double u = sq + b[x];
            cq += sq >= b[x] ? (sq - u) + b[x] : (b[x] - u) + sq;
            sq = u;
            preQ[j + 1] = sq + cq;
        }
        double lo = 1;
        double hi = k;
        if (k > 1 && oldH(ratio, preP, preQ, lo, k) < 0) {
            for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
                double mid = 0.5 * (lo + hi);
                if (oldH(ratio, preP, preQ, mid, k) >= 0) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
        } else {
            hi = 1;
        }
        return new double[] {hi, lo, oldBeta(ratio, preP, preQ, hi)};
    }

    private static double oldBeta(double[] ratio, double[] preP, double[] preQ, double rho) {
        int lo = 0;
        int hi = ratio.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ratio[mid] < rho) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return preP[lo] / rho + (preQ[ratio.length] - preQ[lo]);
    }

    private static double oldH(double[] ratio, double[] preP, double[] preQ, double rho, int k) {
        double beta = Math.min(1, oldBeta(ratio, preP, preQ, rho));
        return rho * beta - 1 + Math.pow(1 - beta, k);
    }

    /** The GPU host's KSeqRho.fast before the merge: 50 halvings of a plain-sum f on [1, K]. */
    static double oldGpu(float[] p, float[] q, int k) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double lo = 1;
        double hi = k;
        if (oldF(p, q, sp, sq, k, 1) >= 0) {
            return 1;
        }
        for (int it = 0; it < 50; it++) {
            double mid = 0.5 * (lo + hi);
            if (oldF(p, q, sp, sq, k, mid) >= 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static double oldF(float[] p, float[] q, double sp, double sq, int k, double rho) {
        double b = 0;
        for (int i = 0; i < p.length; i++) {
            b += Math.min(q[i] / sq, p[i] / sp / rho);
        }
        return rho * b - (1 - Math.pow(1 - b, k));
    }

    private static float[] row(SplittableRandom r, int n, double sharp) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = r.nextInt(8) == 0 ? 0f : (float) Math.exp(sharp * r.nextGaussian());
        }
        w[r.nextInt(n)] = 1f;
        return w;
    }

    @Test
    void equalsTheReplacedSolversOnSeededRows() {
        System.out.println("KSeqRhoTest seed = " + SEED);
        SplittableRandom r = new SplittableRandom(SEED);
        for (int trial = 0; trial < 300; trial++) {
            int n = 2 + r.nextInt(trial < 200 ? 40 : 3000);
            int k = 1 + r.nextInt(6);
            float[] pf = row(r, n, 1 + 3 * r.nextDouble());
            float[] qf = trial % 7 == 0 ? pf.clone() : row(r, n, 1 + 3 * r.nextDouble());
            Law p = Law.ofFloats(pf, "target");
            Law q = Law.ofFloats(qf, "draft");
            KSeqRho.Result got = KSeqRho.solve(p, q, k);
            int[] order = ascendingRatioOrder(p.masses(), q.masses());
            double[] old = oldReport(p.masses(), q.masses(), k, order);
            String at = "trial " + trial + " (seed " + SEED + "), n = " + n + ", K = " + k;
            assertEquals(old[0], got.rho(), 0.0, at + ": rho differs from report's old solver (tolerance exact)");
            assertEquals(old[1], got.lower(), 0.0, at + ": bracket differs (tolerance exact)");
            assertEquals(old[2], got.beta(), 0.0, at + ": beta differs (tolerance exact)");
            // the GPU's old plain-sum solver found the same root to within the summation error of its plain sums,
            // except for p = q: the root is exactly 1, and rounding noise of 1e-16 in Σp or β moves both solvers'
            // computed roots up to (1e-16)^(1/K) above it (ρβ(ρ) − 1 + (1 − β(ρ))^K is flat there). The acceptance
            // at either ρ is then within 1e-15 of 1, the exact acceptance.
            double gpu = oldGpu(pf, qf, k);
            double tolerance = 1e-9;
            if (java.util.Arrays.equals(pf, qf)) {
                double alpha = 1 - Math.pow(1 - Math.min(1, got.beta()), k);
                double alphaTolerance = 1e-15;
                assertTrue(1 - alpha <= alphaTolerance, at + ": p = q, acceptance " + alpha + " at rho " + got.rho()
                    + " (the GPU's old solver: " + gpu + "), tolerance absolute(" + alphaTolerance + ") from 1");
            } else {
                assertTrue(Math.abs(gpu - got.rho()) <= tolerance, at + ": rho " + got.rho() + " vs the GPU's old "
                    + gpu + ", tolerance absolute(" + tolerance + ")");
            }
            if (n <= 40) {
                // the reference's exact rho is valid and lies within the brackets' accuracy of the double one
                Distribution pd = Distribution.ofFloats(pf, "target");
                Distribution qd = Distribution.ofFloats(qf, "draft");
                BigFraction exact = KSeq.rho(pd, qd, k);
                double exactTolerance = 1e-9;
                assertTrue(java.util.Arrays.equals(pf, qf)
                    || Math.abs(exact.doubleValue() - got.rho()) <= exactTolerance, at + ": rho " + got.rho()
                    + " vs exact " + exact.doubleValue() + ", tolerance absolute(" + exactTolerance + ")");
                assertTrue(KSeq.valid(pd, qd, k, exact), at);
                if (!java.util.Arrays.equals(pf, qf) && got.rho() > 1 + 1e-9 && got.rho() < k) {
                    BigFraction below = Fractions.ofDouble(got.rho() - 1e-9);
                    assertTrue(!KSeq.valid(pd, qd, k, below), at + ": rho - 1e-9 is still valid exactly");
                }
            }
        }
    }

    @Test
    void oneForEqualLawsAndOneDraft() {
        Law p = Law.ofDoubles(new double[] {1, 2, 3}, "p");
        assertEquals(1.0, KSeqRho.solve(p, p, 4).rho());
        Law q = Law.ofDoubles(new double[] {3, 2, 1}, "q");
        assertEquals(1.0, KSeqRho.solve(p, q, 1).rho());
        assertTrue(KSeqRho.solve(p, q, 3).rho() > 1);
    }

    /** Ascending p/q, q = 0 last, lowest index on ties (as RatioOrder.of). */
    static int[] ascendingRatioOrder(double[] a, double[] b) {
        Integer[] idx = new Integer[a.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> {
            boolean zx = !(b[x] > 0);
            boolean zy = !(b[y] > 0);
            if (zx != zy) {
                return zx ? 1 : -1;
            }
            int c = zx ? 0 : Double.compare(a[x] / b[x], a[y] / b[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] o = new int[idx.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = idx[i];
        }
        return o;
    }
}
