package org.specverify.lp.optimum;

import org.specverify.reference.InvalidInputException;

/**
 * Bounds on α*(p, Q) for independent, non-identical drafts x_k ~ q_k (Q(x̄ ⊆ H) = Π_k q_k(H)) at vocabulary sizes
 * where no exact route is available. No ratio order is known that makes prefixes optimal for these drafts (the p/q̄
 * order fails: {@code RatioPrefixTest#meanOrderMissesTheOptimum}), so this class brackets the optimum instead:
 * <ul>
 *   <li><b>lower</b>: by the inequality of arithmetic and geometric means, Π_k q_k(H) ≤ q̄(H)^K with
 *       q̄ = (1/K) Σ_k q_k, so f(H) ≥ p(H) + 1 - q̄(H)^K for every H and α*(p, Q) ≥ α*(p, iid q̄^K), which the
 *       ratio-prefix algorithm computes exactly (up to its rounding bound, subtracted);</li>
 *   <li><b>upper</b>: f of the best set found: the best prefix of the p/q̄ order and of each p/q_k order, then
 *       single-token moves (add or remove the token that lowers f most) until none helps; every f(H) is at least α*
 *       (rounding bound added).</li>
 * </ul>
 * When lower and upper agree the optimum is known to that accuracy. Equal q_k make the bounds meet (then the drafts
 * are iid). Cost: K + 2 sorts plus O(|V|·K) per improvement pass (at most {@link #MAX_PASSES} passes).
 */
public final class IndependentBounds {
    /** The most single-token improvement passes. */
    public static final int MAX_PASSES = 50;

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
        int n = p.length;
        int kk = qs.length;
        double totalP = Masses.requireDistribution("p", p);
        double[][] q = new double[kk][];
        double[] mean = new double[n];
        for (int k = 0; k < kk; k++) {
            double total = Masses.requireDistribution("q_" + (k + 1), qs[k]);
            Masses.requireSameLength("q_" + (k + 1), n, qs[k].length);
            q[k] = new double[n];
            for (int x = 0; x < n; x++) {
                q[k][x] = qs[k][x] / total;
                mean[x] += q[k][x] / kk;
            }
        }
        double[] pn = new double[n];
        for (int x = 0; x < n; x++) {
            pn[x] = p[x] / totalP;
        }
        RatioPrefix.Approximate amgm = RatioPrefix.iid(pn, normalised(mean), kk);
        double lower = amgm.value() - amgm.errorBound();

        boolean[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        double[][] weights = new double[kk + 1][];
        weights[0] = mean;
        System.arraycopy(q, 0, weights, 1, kk);
        for (double[] w : weights) {
            boolean[] h = bestPrefix(pn, q, RatioOrder.of(pn, w));
            double v = value(pn, q, h);
            if (v < bestValue) {
                bestValue = v;
                best = h;
            }
        }
        bestValue = improve(pn, q, best, bestValue);
        double upper = bestValue + evaluationSlack(n, kk);
        return new IndependentBounds(lower, upper);
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

    private static double[] normalised(double[] x) {
        double s = Masses.sum(x);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / s;
        }
        return y;
    }

    /**
     * A bound on the rounding of {@link #value}: K + 1 plain sums of at most n non-negative terms that total at most
     * 1 + 1e-6 (each off by at most (n - 1)u·(1 + 1e-6)), the normalisation of the inputs (u per term), K - 1 products
     * and two final operations; doubled for safety.
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

    /** Best single-token moves until none lowers f. */
    private static double improve(double[] p, double[][] q, boolean[] h, double start) {
        int n = p.length;
        int kk = q.length;
        double current = start;
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
            current = value(p, q, h);
        }
        return current;
    }
}
