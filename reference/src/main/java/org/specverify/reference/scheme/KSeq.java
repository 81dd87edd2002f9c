package org.specverify.reference.scheme;

import org.apache.commons.numbers.fraction.BigFraction;
import org.apache.commons.numbers.rootfinder.BrentSolver;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.random.Chooser;

/**
 * kseq: K-SEQ (SpecTr, 2310.15141) on iid drafts. With β(ρ) = Σ min(q(x), p(x)/ρ): accept x_i w.p.
 * min(1, p(x_i)/(ρ q(x_i))) for i = 1..K; if none is accepted, y ~ p_res(x) = [p(x) - min(q(x), p(x)/ρ)·c]/(1-β)^K with
 * c = (1-(1-β)^K)/β. Valid iff c ≤ ρ; α(ρ) = 1 - (1-β(ρ))^K.
 *
 * <p>ρ* ∈ [1, K] is the root of ρβ(ρ) = 1 - (1-β(ρ))^K. It is bracketed and found in double by Brent's method (absolute
 * accuracy {@value #RHO_ABSOLUTE_ACCURACY}); the ρ actually used is the exact rational value of that double, moved up
 * by doubling steps until validity c ≤ ρ holds exactly (validity is monotone: ρβ(ρ) grows and α(ρ) falls with ρ). So
 * the residual is a true distribution and losslessness is checked exactly; the ρ used exceeds ρ* by at most a few
 * multiples of the root finder's accuracy. When p is within rounding of q the double function may show no sign change on
 * [1, K] although the exact one does; then ρ comes from an exact bisection with dyadic midpoints, to the same
 * accuracy.
 */
public final class KSeq extends AbstractScheme {
    /** Absolute accuracy of the double root finder for ρ*. */
    public static final double RHO_ABSOLUTE_ACCURACY = 1e-14;

    public KSeq() {
        super("kseq", "K-SEQ: accept x_i w.p. min(1, p/(rho*q)) at the largest-acceptance valid rho, then a fixed residual",
            "SpecTr 2310.15141", 1, Integer.MAX_VALUE, true, false);
    }

    /** β(ρ) = Σ min(q(x), p(x)/ρ), exactly. */
    public static BigFraction beta(Distribution p, Distribution q, BigFraction rho) {
        BigFraction s = BigFraction.ZERO;
        for (int x = 0; x < p.size(); x++) {
            s = s.add(Fractions.min(q.p(x), p.p(x).divide(rho)));
        }
        return s;
    }

    /** Validity at ρ: 1 - (1-β)^K ≤ ρβ, i.e. c ≤ ρ (trivially true when β = 0). */
    public static boolean valid(Distribution p, Distribution q, int k, BigFraction rho) {
        BigFraction b = beta(p, q, rho);
        BigFraction alpha = BigFraction.ONE.subtract(BigFraction.ONE.subtract(b).pow(k));
        return alpha.compareTo(rho.multiply(b)) <= 0;
    }

    /** The ρ used: the smallest valid ρ found as described in the class comment. */
    public static BigFraction rho(Distribution p, Distribution q, int k) {
        BigFraction one = BigFraction.ONE;
        if (valid(p, q, k, one)) {
            return one;
        }
        double[] pd = p.toDoubles();
        double[] qd = q.toDoubles();
        BigFraction kk = BigFraction.of(k);
        double root;
        try {
            root = new BrentSolver(1e-15, RHO_ABSOLUTE_ACCURACY, 0).findRoot(r -> {
                double b = 0;
                for (int x = 0; x < pd.length; x++) {
                    b += Math.min(qd[x], pd[x] / r);
                }
                return r * b - (1 - Math.pow(1 - b, k));
            }, 1.0, k);
        } catch (RuntimeException notBracketedInDouble) {
            // Exactly f(1) < 0 ≤ f(K), but rounding can hide the sign change when p is within ~1e-16 of q: bisect
            // exactly instead.
            return bisectExactly(p, q, k);
        }
        BigFraction rho = Fractions.ofDouble(Math.max(1.0, root));
        double step = Math.ulp(Math.max(1.0, root));
        while (rho.compareTo(kk) < 0 && !valid(p, q, k, rho)) {
            rho = rho.add(Fractions.ofDouble(step));
            step *= 2;
        }
        return rho.compareTo(kk) < 0 ? rho : kk;
    }

    /** Exact bisection on [1, K] with dyadic midpoints until the bracket is below the root finder's accuracy. */
    private static BigFraction bisectExactly(Distribution p, Distribution q, int k) {
        BigFraction lo = BigFraction.ONE;
        BigFraction hi = BigFraction.of(k);
        BigFraction width = Fractions.ofDouble(RHO_ABSOLUTE_ACCURACY);
        while (hi.subtract(lo).compareTo(width) > 0) {
            BigFraction mid = lo.add(hi).divide(2);
            if (valid(p, q, k, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    @Override
    Bound doBind(Instance instance) {
        Distribution p = instance.target();
        Distribution q = instance.draft();
        int k = instance.k();
        BigFraction rho = rho(p, q, k);
        BigFraction b = beta(p, q, rho);
        BigFraction allRejected = BigFraction.ONE.subtract(b).pow(k);
        return new BoundBase(instance, sampledDrafts(instance)) {
            private Distribution residual;

            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                for (int i = 0; i < drafts.length; i++) {
                    int x = drafts[i];
                    if (chooser.bernoulli(acceptProbability(p.p(x), rho.multiply(q.p(x)), i, x))) {
                        return Verdict.accepted(i, x);
                    }
                }
                return Verdict.residual(chooser.sample(residual()));
            }

            private Distribution residual() {
                if (residual == null) {
                    BigFraction c = b.signum() == 0 ? BigFraction.of(k)
                        : BigFraction.ONE.subtract(allRejected).divide(b);
                    BigFraction[] w = new BigFraction[p.size()];
                    for (int x = 0; x < w.length; x++) {
                        w[x] = p.p(x).subtract(Fractions.min(q.p(x), p.p(x).divide(rho)).multiply(c))
                            .divide(allRejected);
                    }
                    residual = Distribution.of(w);
                }
                return residual;
            }
        };
    }
}
