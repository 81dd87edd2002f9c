package org.specverify.gpu;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.scheme.KSeq;

/**
 * The ρ of K-SEQ per position, computed on the host and passed to the kernel (the root finding is sequential and
 * cheap next to the row passes).
 */
public final class KSeqRho {
    private KSeqRho() {
    }

    /**
     * The reference's ρ ({@link KSeq#rho}) as a double.
     *
     * @throws IllegalStateException when that rational is not a double (the kernel could not use the same ρ)
     */
    public static double reference(float[] p, float[] q, int k) {
        BigFraction r = KSeq.rho(Distribution.ofFloats(p, "target"), Distribution.ofFloats(q, "draft"), k);
        double d = r.doubleValue();
        if (!org.specverify.reference.Fractions.ofDouble(d).equals(r)) {
            throw new IllegalStateException("kseq rho " + r + " is not a double");
        }
        return d;
    }

    /**
     * A fast double ρ for benchmarks: bisection in double on [1, K] of ρβ(ρ) − 1 + (1 − β(ρ))^K (the same root, not
     * the reference's rational; conformance uses {@link #reference}).
     */
    public static double fast(float[] p, float[] q, int k) {
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double lo = 1;
        double hi = k;
        if (f(p, q, sp, sq, k, 1) >= 0) {
            return 1;
        }
        for (int it = 0; it < 50; it++) {
            double mid = 0.5 * (lo + hi);
            if (f(p, q, sp, sq, k, mid) >= 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private static double f(float[] p, float[] q, double sp, double sq, int k, double rho) {
        double b = 0;
        for (int i = 0; i < p.length; i++) {
            b += Math.min(q[i] / sq, p[i] / sp / rho);
        }
        return rho * b - (1 - Math.pow(1 - b, k));
    }
}
