package org.specverify.gpu;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.numeric.Law;
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
     * A fast double ρ for benchmarks: the one double solver ({@link org.specverify.reference.numeric.KSeqRho}, the same
     * that report's closed form uses) on the rows as validated laws: the upper end of a bisection bracket narrower than
     * {@link org.specverify.reference.numeric.KSeqRho#BRACKET} around the root of ρβ(ρ) = 1 − (1 − β(ρ))^K (the same
     * root, not the reference's rational; conformance uses {@link #reference}).
     */
    public static double fast(float[] p, float[] q, int k) {
        return org.specverify.reference.numeric.KSeqRho.solve(Law.ofFloats(p, "target"), Law.ofFloats(q, "draft"), k)
            .rho();
    }
}
