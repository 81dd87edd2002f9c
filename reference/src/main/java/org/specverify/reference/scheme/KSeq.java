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
 * the first point of the dyadic grid {@link #grid(int)} (2^-42 up to 32 tokens, 2^-30 at 128,256) more than one grid
 * step above that double, moved up by doubling grid steps until validity c ≤ ρ holds (validity is monotone: ρβ(ρ) grows
 * and α(ρ) falls with ρ). So the residual is a true distribution and losslessness is checked exactly; the ρ used
 * exceeds ρ* by at most 2·grid plus the root finder's accuracy when the first candidate is valid, and its test
 * acceptance α(ρ) is below α(ρ*) by at most K times that (proofs-notes/kseq.md). The margin of at least one grid step
 * is what lets the certified arithmetic prove validity: at a ρ within rounding of ρ* it could not, and every position
 * went to the exact arithmetic. When the double function shows no sign change on [1, K] (p within rounding of q), ρ
 * comes from a bisection with dyadic midpoints, to the same accuracy. Every validity test is a comparison of the
 * program's arithmetic, so the certified arithmetic reaches the same ρ or hands the instance to the exact one.
 */
public final class KSeq extends SchemeBase {
    /** Absolute accuracy of the double root finder for ρ*. */
    public static final double RHO_ABSOLUTE_ACCURACY = 1e-14;
    /** Relative accuracy asked of the root finder (it stops at the smaller of the two accuracies). */
    public static final double RHO_RELATIVE_ACCURACY = 1e-15;
    /** Function-value accuracy asked of the root finder (0: stop on the bracket only). */
    public static final double RHO_FUNCTION_ACCURACY = 0;

    /** The finest grid of the ρ used (2^-42), for vocabularies of at most {@value #GRID_VOCAB_FREE} tokens. */
    public static final double RHO_GRID = 0x1p-42;
    /** Vocabulary up to which the grid is {@link #RHO_GRID}; above, it doubles with each doubling of |V|. */
    public static final int GRID_VOCAB_FREE = 1 << 5;

    /**
     * The dyadic grid of the ρ used at vocabulary n: RHO_GRID · 2^max(0, ⌈log2 n⌉ − 5), so 2^-42 up to 32 tokens,
     * 2^-32 at 32,000 and 2^-30 at 128,256. It grows with |V| because the certified arithmetic's error balls on the two
     * sides of the validity test grow with |V| (about 2.4e-11 and 4.1e-11 at 128,256 tokens) while the two sides differ by
     * about h'(ρ*)·(ρ − ρ*), h' = d(ρβ − α)/dρ ≈ 0.2 on LLM-like rows: the grid step is what lets the comparison be
     * proved. A function of |V| only, so every arithmetic takes the same candidates.
     */
    public static double grid(int n) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)); // ⌈log2 n⌉
        return Math.scalb(RHO_GRID, Math.max(0, bits - 5));
    }

    /**
     * The first candidate for ρ: the grid point g with root + grid &lt; g ≤ root + 2·grid (root taken at least 1;
     * exact in double for root below 2^11, more than any K this project accepts). The caller caps it at K.
     */
    public static double startingRho(double root, double grid) {
        double r = Math.max(1.0, root);
        return (Math.floor(r / grid) + 2) * grid;
    }

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
        // the first candidate lies on the dyadic grid of |V|, more than one grid step above the double root, so its
        // validity is a comparison of two numbers that differ by about h'·grid, which the certified arithmetic proves
        // instead of handing the position to the exact one; the walk then goes up in doubling grid steps
        double grid = grid(pd.length);
        BigFraction rho = Fractions.ofDouble(startingRho(root, grid));
        double step = grid;
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
        // p_res ∝ p − c·min(q, p/ρ), non-negative because c ≤ ρ; built with the program on small vocabularies (the
        // exact enumerator emits it on many tuples), and above 2^16 tokens only when a run rejects every draft (a
        // share (1 − β)^K of runs; building it costs several |V|-long passes of the arithmetic), anew for each such
        // run, so the program keeps no lazily built state
        java.util.function.Supplier<Measure<S>> residualOf = () -> {
            Measure<S> res = p.combine(q, (px, qx) ->
                ar.positivePart(ar.subtract(px, ar.multiply(c, ar.min(qx, ar.divide(px, rho))))));
            if (ar.isExact() && ar.compare(res.total(), allRejected) != 0) {
                throw new IllegalStateException("kseq residual mass " + res.total() + " differs from (1-beta)^K = "
                    + allRejected + " at rho = " + rho);
            }
            return res;
        };
        boolean small = laws.vocab() <= (1 << 16);
        Measure<S> residual = small ? residualOf.get() : null;
        // ρ·q(x), remembered per token on small vocabularies (the exact enumerator asks for it on every tuple)
        Object[] rhoQ = small ? new Object[laws.vocab()] : null;
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
            return Outcome.emit("residual p_res", residual != null ? residual : residualOf.get());
        };
    }
}
