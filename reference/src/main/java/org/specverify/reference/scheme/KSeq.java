package org.specverify.reference.scheme;

import org.apache.commons.numbers.fraction.BigFraction;
import org.apache.commons.numbers.rootfinder.BrentSolver;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * kseq: K-SEQ (SpecTr, 2310.15141) on iid drafts. With β(ρ) = Σ min(q(x), p(x)/ρ): accept x_i iff u·ρ·q(x_i) &lt; p(x_i)
 * (probability min(1, p(x_i)/(ρ q(x_i)))) for i = 1..K; if none is accepted, y ~ p_res(x) = [p(x) -
 * min(q(x), p(x)/ρ)·c]/(1-β)^K with c = (1-(1-β)^K)/β. Valid iff c ≤ ρ; α(ρ) = 1 - (1-β(ρ))^K.
 *
 * <p>ρ* ∈ [1, K] is the root of ρβ(ρ) = 1 - (1-β(ρ))^K. It is bracketed and found in double by Brent's method (absolute
 * accuracy {@value #RHO_ABSOLUTE_ACCURACY}, function accuracy {@value #RHO_FUNCTION_ACCURACY}); the ρ actually used is
 * the exact rational value of that double, moved up by doubling steps until validity c ≤ ρ holds (validity is
 * monotone: ρβ(ρ) grows and α(ρ) falls with ρ). So the residual is a true distribution and losslessness is checked
 * exactly; the ρ used exceeds ρ* by at most a few multiples of the root finder's accuracy. When the double function shows
 * no sign change on [1, K] (p within rounding of q), ρ comes from a bisection with dyadic midpoints, to the same
 * accuracy. Every validity test is a comparison of the program's arithmetic, so the certified arithmetic reaches the
 * same ρ or hands the instance to the exact one.
 */
public final class KSeq extends SchemeBase {
    /** Absolute accuracy of the double root finder for ρ*. */
    public static final double RHO_ABSOLUTE_ACCURACY = 1e-14;
    /** Relative accuracy asked of the root finder (it stops at the smaller of the two accuracies). */
    public static final double RHO_RELATIVE_ACCURACY = 1e-15;
    /** Function-value accuracy asked of the root finder (0: stop on the bracket only). */
    public static final double RHO_FUNCTION_ACCURACY = 0;

    public KSeq() {
        super(define("kseq")
            .description("K-SEQ: accept x_i w.p. min(1, p/(rho*q)) at the largest-acceptance valid rho, then a fixed"
                + " residual")
            .paper("SpecTr 2310.15141").lossless(true).drafts(DraftKind.IID).build());
    }

    /**
     * β(ρ) = Σ min(q(x), p(x)/ρ), computed as 1 − Σ (ρq − p)+ / ρ in the measures' arithmetic: exactly with {@code
     * Exact}, as an enclosure with the certified arithmetic (which then decides what it can prove). This is the form
     * the scheme itself runs; {@link #beta(Distribution, Distribution, BigFraction)} is its exact instance.
     *
     * @param p the target law as a measure (total one)
     * @param q the draft law as a measure of the same arithmetic and vocabulary
     * @param rho ρ ≥ 1 in that arithmetic
     * @return β(ρ), in [0, 1] for laws p and q
     */
    public static <S> S beta(Measure<S> p, Measure<S> q, S rho) {
        Arithmetic<S> ar = p.arithmetic();
        S over = q.times(rho).minusPositive(p, ar.one()).total();
        return ar.subtract(ar.one(), ar.divide(over, rho));
    }

    /**
     * Validity at ρ in the measures' arithmetic: 1 − (1 − β(ρ))^K ≤ ρβ(ρ), that is the constant c = (1 − (1 − β)^K)/β
     * of the residual is at most ρ, so p_res is non-negative (trivially true when β = 0). Monotone in ρ: false below
     * the root ρ* and true from it on. With the certified arithmetic the comparison throws the arithmetic's {@code
     * Undecided} when it cannot be proved either way (the caller then hands the instance to the exact arithmetic).
     *
     * @param p the target law as a measure
     * @param q the draft law as a measure of the same arithmetic and vocabulary
     * @param k the number of drafts K ≥ 1
     * @param rho ρ in that arithmetic
     */
    public static <S> boolean valid(Measure<S> p, Measure<S> q, int k, S rho) {
        Arithmetic<S> ar = p.arithmetic();
        S b = beta(p, q, rho);
        S alpha = ar.subtract(ar.one(), ar.pow(ar.subtract(ar.one(), b), k));
        return ar.compare(alpha, ar.multiply(rho, b)) <= 0;
    }

    /** β(ρ) = Σ min(q(x), p(x)/ρ), exactly. */
    public static BigFraction beta(Distribution p, Distribution q, BigFraction rho) {
        return beta(Exact.INSTANCE.law(p), Exact.INSTANCE.law(q), rho);
    }

    /** Validity at ρ, exactly: 1 - (1-β)^K ≤ ρβ. */
    public static boolean valid(Distribution p, Distribution q, int k, BigFraction rho) {
        return valid(Exact.INSTANCE.law(p), Exact.INSTANCE.law(q), k, rho);
    }

    /** The ρ used, exactly: the smallest valid ρ found as described in the class comment. */
    public static BigFraction rho(Distribution p, Distribution q, int k) {
        return rho(Exact.INSTANCE.law(p), Exact.INSTANCE.law(q), p.toDoubles(), q.toDoubles(), k);
    }

    /**
     * The ρ used, with validity decided in the measures' arithmetic (the same rational in every arithmetic: the
     * candidates are fixed rationals and only the validity tests are arithmetic-dependent).
     */
    static <S> BigFraction rho(Measure<S> p, Measure<S> q, double[] pd, double[] qd, int k) {
        Arithmetic<S> ar = p.arithmetic();
        BigFraction one = BigFraction.ONE;
        if (valid(p, q, k, ar.one())) {
            return one;
        }
        BigFraction kk = BigFraction.of(k);
        java.util.function.DoubleUnaryOperator f = r -> {
            double b = 0;
            for (int x = 0; x < pd.length; x++) {
                b += Math.min(qd[x], pd[x] / r);
            }
            return r * b - (1 - Math.pow(1 - b, k));
        };
        double f1 = f.applyAsDouble(1.0);
        double fk = f.applyAsDouble(k);
        if (!(f1 * fk <= 0)) {
            // Exactly f(1) < 0 ≤ f(K), but rounding can hide the sign change when p is within ~1e-16 of q
            return bisect(p, q, k);
        }
        double root = new BrentSolver(RHO_RELATIVE_ACCURACY, RHO_ABSOLUTE_ACCURACY, RHO_FUNCTION_ACCURACY)
            .findRoot(f, 1.0, k);
        BigFraction rho = Fractions.ofDouble(Math.max(1.0, root));
        double step = Math.ulp(Math.max(1.0, root));
        while (Fractions.compare(rho, kk) < 0 && !valid(p, q, k, ar.of(rho))) {
            rho = rho.add(Fractions.ofDouble(step));
            step *= 2;
        }
        return Fractions.compare(rho, kk) < 0 ? rho : kk;
    }

    /** Bisection on [1, K] with dyadic midpoints until the bracket is below the root finder's accuracy. */
    private static <S> BigFraction bisect(Measure<S> p, Measure<S> q, int k) {
        Arithmetic<S> ar = p.arithmetic();
        BigFraction lo = BigFraction.ONE;
        BigFraction hi = BigFraction.of(k);
        BigFraction width = Fractions.ofDouble(RHO_ABSOLUTE_ACCURACY);
        while (Fractions.compare(hi.subtract(lo), width) > 0) {
            BigFraction mid = lo.add(hi).divide(2);
            if (valid(p, q, k, ar.of(mid))) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        Measure<S> p = laws.target();
        Measure<S> q = laws.draft(0);
        int k = laws.k();
        S rho = ar.of(rho(p, q, laws.instance().target().toDoubles(), laws.instance().draft().toDoubles(), k));
        S b = beta(p, q, rho);
        S allRejected = ar.pow(ar.subtract(ar.one(), b), k);
        S c = ar.signum(b) == 0 ? ar.of(k) : ar.divide(ar.subtract(ar.one(), allRejected), b);
        // p_res ∝ p − c·min(q, p/ρ), non-negative because c ≤ ρ
        Measure<S> residual = p.combine(q, (px, qx) ->
            ar.positivePart(ar.subtract(px, ar.multiply(c, ar.min(qx, ar.divide(px, rho))))));
        if (ar.isExact() && ar.compare(residual.total(), allRejected) != 0) {
            throw new IllegalStateException("kseq residual mass " + residual.total() + " differs from (1-beta)^K = "
                + allRejected + " at rho = " + rho);
        }
        // ρ·q(x), remembered per token on small vocabularies (the exact enumerator asks for it on every tuple)
        Object[] rhoQ = laws.vocab() <= (1 << 16) ? new Object[laws.vocab()] : null;
        return (draws, drafts) -> {
            for (int i = 0; i < drafts.length; i++) {
                int x = drafts[i];
                S rq;
                if (rhoQ == null) {
                    rq = ar.multiply(rho, q.probability(x));
                } else {
                    @SuppressWarnings("unchecked")
                    S cached = (S) rhoQ[x];
                    if (cached == null) {
                        cached = ar.multiply(rho, q.probability(x));
                        rhoQ[x] = cached;
                    }
                    rq = cached;
                }
                if (draws.accept(i, x, rq, p.probability(x))) {
                    return Outcome.accept(i, x);
                }
            }
            return Outcome.emit("residual p_res", residual);
        };
    }
}
