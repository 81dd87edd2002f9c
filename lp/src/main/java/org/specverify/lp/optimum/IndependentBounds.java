package org.specverify.lp.optimum;

import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.Law;

/**
 * Bounds on α*(p, Q) for independent, non-identical drafts x_k ~ q_k (Q(x̄ ⊆ H) = Π_k q_k(H)) at vocabulary sizes
 * where no exact route is available. No ratio order is known that makes prefixes optimal for these drafts (the p/q̄
 * order fails: {@code RatioPrefixTest#meanOrderMissesTheOptimum}), so this class brackets the optimum instead.
 *
 * <p><b>Lower bounds.</b> For any λ_1..λ_K &gt; 0 with Π λ_k = 1, the inequality of arithmetic and geometric means
 * gives Π_k q_k(H) = Π_k λ_k q_k(H) ≤ w_λ(H)^K with w_λ = (1/K) Σ_k λ_k q_k, so
 * <pre>   α*(p, Q) ≥ L(λ) = min_H p(H) + 1 - w_λ(H)^K,</pre>
 * and L(λ) is an iid-type problem (s ↦ s^K convex and increasing), solved exactly by the ratio-prefix algorithm with the
 * weight w_λ. λ = 1 gives the mean q̄. The inequality is an equality at H when all λ_k q_k(H) are equal, so
 * λ_k ∝ 1/q_k(H_u) for the best known set H_u makes the bound tight near H_u: the refinement rounds use that choice.
 *
 * <p><b>Upper bounds.</b> f(H) for the best set found: the best prefix of the p/q̄ order and of every p/q_k order,
 * the lower-bound minimisers of each round, each improved by single-token moves (add or remove the token that lowers f
 * most) until none helps. Every f(H) is at least α*.
 *
 * <p>Rounding is accounted for: lower bounds subtract the ratio-prefix error bound, upper bounds add a bound on the
 * evaluation of f. When lower and upper agree (within those terms) the optimum is known to that accuracy; equal q_k make
 * the bounds meet (then the drafts are iid). Cost: (K + 1 + rounds) sorts plus O(|V|·K) per improvement pass.
 */
public final class IndependentBounds {
    /** The most single-token improvement passes per candidate set. */
    public static final int MAX_PASSES = 50;
    /** The most λ refinement rounds. */
    public static final int MAX_ROUNDS = 6;

    private final double lower;
    private final double upper;

    private IndependentBounds(double lower, double upper) {
        this.lower = lower;
        this.upper = upper;
    }

    /**
     * Brackets α* for independent drafts.
     *
     * @throws InvalidInputException for an invalid vector (named) or no draft law
     */
    public static IndependentBounds of(double[] p, double[][] qs) {
        if (qs.length == 0) {
            throw new InvalidInputException("independent drafts need at least one draft law");
        }
        Law lp = Law.ofProbabilities(p, "p");
        Law[] lqs = new Law[qs.length];
        for (int k = 0; k < qs.length; k++) {
            lqs[k] = Law.ofProbabilities(qs[k], "q_" + (k + 1));
            lp.requireSameSize(lqs[k], "q_" + (k + 1));
        }
        return of(lp, lqs);
    }

    /**
     * As {@link #of(double[], double[][])} on validated rows (nothing is validated again).
     *
     * @throws InvalidInputException for different lengths or no draft law
     */
    public static IndependentBounds of(Law lp, Law[] qs) {
        if (qs.length == 0) {
            throw new InvalidInputException("independent drafts need at least one draft law");
        }
        int n = lp.size();
        int kk = qs.length;
        double totalP = lp.total();
        double[] p = lp.masses();
        double[][] q = new double[kk][];
        for (int k = 0; k < kk; k++) {
            lp.requireSameSize(qs[k], "q_" + (k + 1));
            double total = qs[k].total();
            double[] qk = qs[k].masses();
            q[k] = new double[n];
            for (int x = 0; x < n; x++) {
                q[k][x] = qk[x] / total;
            }
        }
        double[] pn = new double[n];
        for (int x = 0; x < n; x++) {
            pn[x] = p[x] / totalP;
        }
        double[] ones = new double[kk];
        java.util.Arrays.fill(ones, 1);
        RatioPrefix.Approximate meanBound = RatioPrefix.weighted(pn, weight(q, ones), kk);
        double lower = meanBound.value() - meanBound.errorBound();

        // upper: best prefix of the p/q̄ and p/q_k orders, then local moves
        boolean[] best = setOf(meanBound, n);
        double bestValue = improve(pn, q, best);
        for (double[] w : q) {
            boolean[] h = bestPrefix(pn, q, RatioOrder.of(pn, w));
            double v = improve(pn, q, h);
            if (v < bestValue) {
                bestValue = v;
                best = h;
            }
        }
        // refinement: λ_k ∝ 1/q_k(H_u)
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double[] lambda = balancing(q, best);
            if (lambda == null) {
                break;
            }
            RatioPrefix.Approximate b = RatioPrefix.weighted(pn, weight(q, lambda), kk);
            lower = Math.max(lower, b.value() - b.errorBound());
            boolean[] h = setOf(b, n);
            double v = improve(pn, q, h);
            if (v < bestValue) {
                bestValue = v;
                best = h;
            } else {
                break;
            }
        }
        return new IndependentBounds(lower, bestValue + evaluationSlack(n, kk));
    }

    /** A lower bound on α*. */
    public double lower() {
        return lower;
    }

    /** An upper bound on α* (f of a token set, plus rounding). */
    public double upper() {
        return upper;
    }

    @Override
    public String toString() {
        return "IndependentBounds[" + lower + " ≤ α* ≤ " + upper + "]";
    }

    /** w_λ = (1/K) Σ_k λ_k q_k. */
    private static double[] weight(double[][] q, double[] lambda) {
        int n = q[0].length;
        double[] w = new double[n];
        for (int k = 0; k < q.length; k++) {
            for (int x = 0; x < n; x++) {
                w[x] += lambda[k] * q[k][x];
            }
        }
        for (int x = 0; x < n; x++) {
            w[x] /= q.length;
        }
        return w;
    }

    /** λ_k = g / q_k(H) with g the geometric mean of the q_k(H) (so Π λ_k = 1); null if some q_k(H) = 0. */
    private static double[] balancing(double[][] q, boolean[] h) {
        double[] lambda = new double[q.length];
        double logSum = 0;
        for (int k = 0; k < q.length; k++) {
            double s = 0;
            for (int x = 0; x < h.length; x++) {
                if (h[x]) {
                    s += q[k][x];
                }
            }
            if (!(s > 0)) {
                return null;
            }
            lambda[k] = s;
            logSum += Math.log(s);
        }
        double g = Math.exp(logSum / q.length);
        for (int k = 0; k < q.length; k++) {
            lambda[k] = g / lambda[k];
        }
        return lambda;
    }

    private static boolean[] setOf(RatioPrefix.Approximate a, int n) {
        boolean[] h = new boolean[n];
        for (int t : a.minimiser()) {
            h[t] = true;
        }
        return h;
    }

    /**
     * A bound on the rounding of {@link #value}: K + 1 plain sums of at most n non-negative terms that total at most
     * 1 + 2(n + 1)u ≤ 1 + 2^-20 ({@link Masses#sumTolerance}; each off by at most (n - 1)u·(1 + 2^-20)), the
     * normalisation of the inputs (u per term), K - 1 products and two final operations; doubled for safety.
     */
    private static double evaluationSlack(int n, int kk) {
        return 2.0 * ((n + 1.0) * (kk + 1) + 2.0 * kk + 2) * Masses.UNIT_ROUNDOFF;
    }

    private static boolean[] bestPrefix(double[] p, double[][] q, int[] order) {
        int n = p.length;
        double pH = 0;
        double[] qH = new double[q.length];
        double best = 1;
        int length = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            pH += p[x];
            double all = 1;
            for (int k = 0; k < q.length; k++) {
                qH[k] += q[k][x];
                all *= qH[k];
            }
            double v = pH + 1 - all;
            if (v < best) {
                best = v;
                length = j + 1;
            }
        }
        boolean[] h = new boolean[n];
        for (int j = 0; j < length; j++) {
            h[order[j]] = true;
        }
        return h;
    }

    /** f(H) = p(H) + 1 - Π_k q_k(H), plain sums. */
    private static double value(double[] p, double[][] q, boolean[] h) {
        double pH = 0;
        double all = 1;
        for (int x = 0; x < p.length; x++) {
            if (h[x]) {
                pH += p[x];
            }
        }
        for (double[] qk : q) {
            double s = 0;
            for (int x = 0; x < p.length; x++) {
                if (h[x]) {
                    s += qk[x];
                }
            }
            all *= s;
        }
        return pH + 1 - all;
    }

    /** Best single-token moves until none lowers f (in place); returns f of the final set. */
    private static double improve(double[] p, double[][] q, boolean[] h) {
        int n = p.length;
        int kk = q.length;
        double current = value(p, q, h);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            double pH = 0;
            double[] qH = new double[kk];
            for (int x = 0; x < n; x++) {
                if (h[x]) {
                    pH += p[x];
                    for (int k = 0; k < kk; k++) {
                        qH[k] += q[k][x];
                    }
                }
            }
            int bestMove = -1;
            double bestValue = current;
            for (int x = 0; x < n; x++) {
                double sign = h[x] ? -1 : 1;
                double all = 1;
                for (int k = 0; k < kk; k++) {
                    all *= qH[k] + sign * q[k][x];
                }
                double v = pH + sign * p[x] + 1 - all;
                if (v < bestValue) {
                    bestValue = v;
                    bestMove = x;
                }
            }
            if (bestMove < 0) {
                break;
            }
            h[bestMove] = !h[bestMove];
            double next = value(p, q, h);
            if (!(next < current)) {
                h[bestMove] = !h[bestMove];
                break;
            }
            current = next;
        }
        return current;
    }
}
