package org.specverify.lp.optimum;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.numeric.TopK;

/**
 * Optimal acceptance α*(p, Q) for drafts drawn without replacement from q: the ratio-prefix algorithm with
 * Q(x̄ ⊆ H) = P(the first K draws without replacement all lie in H), exactly for moderate vocabularies and in double
 * arithmetic up to |V| = 128k and beyond.
 *
 * <p><b>Prefix property (proved).</b> The minimum of f(H) = p(H) + 1 - W(H), W(H) = Q(x̄ ⊆ H), over all H is attained
 * at a prefix of the p/q order, for every K and every tie-breaking. The proof (proofs-notes/ratio-prefix-conjecture.md)
 * is the iid exchange argument with convexity replaced by the <i>exchange inequality</i>
 * (W(H) - W(H - x))/q(x) ≤ (W(H + y) - W(H))/q(y) for x ∈ H, y ∉ H with q &gt; 0, which follows from the
 * exponential-clock representation below. Both are checked exactly: the inequality by
 * {@code WithoutReplacementOptimumTest#exchangeInequalityHolds}, prefix optimality against {@link SubsetOptimum} by
 * {@code WithoutReplacementOptimumTest#prefixIsOptimalOnGrids} and {@code RatioPrefixProperties}.
 *
 * <p><b>Exact route</b> ({@link #exact}): Q(x̄ ⊆ H_j) along the prefixes by the incremental recursion of
 * {@link WithoutReplacementAllIn}; cost Σ_{m ≤ K} C(n⁺, m) rational operations (times ≤ K), n⁺ = tokens with
 * q &gt; 0; refused above {@link WithoutReplacementAllIn#MAX_SETS} sets.
 *
 * <p><b>Double route</b> ({@link #approximate}): the exponential-clock representation. Give token x an Exp(q(x)) clock;
 * the order in which clocks ring is the without-replacement order. The first K draws all lie in H iff the K-th ring in H
 * precedes the first ring outside H, which comes at an Exp(r) time T, r = q(V \ H), independent of the clocks in H:
 * <pre>   W(H) = ∫_0^∞ r e^{-rt} P(N_H(t) ≥ K) dt,</pre>
 * N_H(t) Poisson-binomial with success probabilities 1 - e^{-q(x)t}, x ∈ H. With t = e^s the integrand
 * r t e^{-rt} P(N_H(t) ≥ K) is entire in s and decays at both ends, so the trapezoidal rule on a uniform s-grid of
 * step {@link #STEP} converges geometrically. The grid runs from t_lo = (ε (K+1)!)^{1/(K+1)} (below it
 * P(N ≥ K) ≤ t^K/K! leaves at most ε) to t_hi = (ln(1/ε) + 10)/r_cut (beyond it e^{-r t} ≤ ε·e^{-10}),
 * ε = {@link #TRUNCATION}.
 * Prefixes with r ≤ r_cut = 2ε·m/K, m = q's mass outside its K - 1 largest tokens, use
 * 1 - W ∈ [0, K r/m] (each of the K draws falls outside H with probability at most r/m) and take the midpoint.
 * Along the ratio order one token enters H per step: every grid node keeps the Poisson-binomial probabilities
 * P(N = 0..K-1) and the tail P(N ≥ K), updated in O(K); a node whose lower states fall below 1e-20 is frozen at tail 1
 * (the tail only grows with t and with H).
 *
 * <p><b>Complexity.</b> O(|V| log |V|) for the order plus O(|V|·M·K) for the prefixes, M ≈ (ln t_hi - ln t_lo)/STEP
 * grid nodes (about 250 to 400; it grows with ln(1/m)), one exp per token and node and one per prefix and node.
 *
 * <p><b>Accuracy.</b> Truncation ≤ 2ε; discretisation below 1e-15 at STEP = 0.2 on the tested instances (the step
 * that gives 1e-8 is 0.5, 1e-11 at 0.35, 4e-16 at 0.25); rounding: each node's probabilities are convex combinations,
 * so the tail carries a relative error of at most about 3u per token added, ≤ 3|V|u overall (u = 2^-53).
 * {@link #approximate} reports {@code errorBound} = {@link #DISCRETISATION} + 3(|V| + K)u + 2ε as an estimate (the
 * discretisation term is measured, not proved). Measured against the exact optimum ({@link SubsetOptimum}, inputs
 * that are exact doubles): over 3 000 random instances with |V| = 2..10, K = 1..6, the largest |double - α*| was
 * 1.0e-15 (at most 0.23 of the reported estimate); against the exact prefix route, 2.8e-16 at |V| = 300, K = 2 and
 * 4.4e-16 at |V| = 18, K = 5. {@code WithoutReplacementOptimumTest#doubleRouteMatchesExactOptimum} repeats the
 * comparison on every build with the reported estimate as its {@code Tolerance} and prints the largest error seen.
 *
 * <p><b>Edge behaviour.</b> q must have at least K tokens of positive mass (as {@code WithoutReplacementDraft}
 * requires). Tokens with q = 0 are never drawn: last in the order, and they never change W. The empty prefix has value 1;
 * the full prefix has W = 1 and value 1.
 */
public final class WithoutReplacementOptimum {
    /** The truncation ε of each end of the integral. */
    public static final double TRUNCATION = 1e-17;
    /** The trapezoidal step in s = ln t. */
    public static final double STEP = 0.2;
    /** The measured discretisation error at {@link #STEP} (see the class comment), part of the reported estimate. */
    public static final double DISCRETISATION = 2e-15;

    /** r·t_hi: ln(1/ε) plus a margin, so the trapezoidal sum also covers the integrand's last decay. */
    private static final double TOP_EXPONENT = Math.log(1 / TRUNCATION) + 10;
    private static final double FROZEN = 1e-20;
    private static final double NEGLIGIBLE_TAIL = 1e-30;
    private static final double WEIGHT_CUTOFF = 50;

    private WithoutReplacementOptimum() {
    }

    /**
     * α* for drafts without replacement, exactly: the ratio-prefix minimum with the exact probabilities of
     * {@link WithoutReplacementAllIn}.
     *
     * @throws InvalidInputException when the vocabularies differ, K &lt; 1, q has fewer than K tokens of positive
     *     mass, or the exact recursion exceeds its limit
     */
    public static RatioPrefix.Exact exact(Distribution p, Distribution q, int k) {
        RatioPrefix.requireK(k);
        p.requireSameSize(q);
        BigFraction[] pm = p.masses();
        int[] order = RatioOrder.exact(pm, q.masses());
        BigFraction[] w = WithoutReplacementAllIn.alongOrder(q, k, order);
        BigFraction pH = Fractions.ZERO;
        BigFraction best = Fractions.ONE;
        int length = 0;
        for (int j = 0; j < order.length; j++) {
            pH = pH.add(pm[order[j]]);
            BigFraction v = pH.add(Fractions.ONE).subtract(w[j + 1]);
            if (Fractions.compare(v, best) < 0) {
                best = v;
                length = j + 1;
            }
        }
        return new RatioPrefix.Exact(best, order, length);
    }

    /**
     * The ratio-prefix minimum for drafts without replacement in double arithmetic (see the class comment for the
     * method, its cost and its error estimate, returned as {@link RatioPrefix.Approximate#errorBound()}).
     *
     * @throws InvalidInputException for an invalid vector (named), different lengths, K &lt; 1, or fewer than K tokens
     *     with q &gt; 0
     */
    public static RatioPrefix.Approximate approximate(double[] p, double[] q, int k) {
        RatioPrefix.requireK(k);
        Law lp = Law.ofProbabilities(p, "p");
        Law lq = Law.ofProbabilities(q, "q");
        return approximate(lp, lq, k);
    }

    /**
     * As {@link #approximate(double[], double[], int)} on validated rows (nothing is validated again).
     *
     * @throws InvalidInputException for different lengths, K &lt; 1, or fewer than K tokens with q &gt; 0
     */
    public static RatioPrefix.Approximate approximate(Law lp, Law lq, int k) {
        RatioPrefix.requireK(k);
        lp.requireSameSize(lq, "q");
        double[] p = lp.masses();
        double[] q = lq.masses();
        double totalP = lp.total();
        double m = massOutsideTop(lq, k - 1);
        int n = p.length;
        int[] order = RatioOrder.of(p, q);
        // r[j] = q(V \ H_j), compensated, from the back
        double[] r = new double[n + 1];
        CompensatedSum s = new CompensatedSum();
        for (int j = n - 1; j >= 0; j--) {
            r[j] = s.add(q[order[j]]).value();
        }
        double rCut = 2 * TRUNCATION * m / k;
        Quadrature quad = new Quadrature(k, TOP_EXPONENT / rCut);
        CompensatedSum sp = new CompensatedSum();
        double best = 1;
        int length = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            double pH = sp.add(p[x]).value();
            quad.add(q[x]);
            double rj = r[j + 1];
            double w;
            if (rj <= rCut) {
                w = 1 - k * rj / (2 * m);
            } else {
                w = quad.allIn(rj);
            }
            double v = pH / totalP + (1 - w);
            if (v < best) {
                best = v;
                length = j + 1;
            }
        }
        double bound = DISCRETISATION + 3.0 * (n + k) * Masses.UNIT_ROUNDOFF + 2 * TRUNCATION;
        return new RatioPrefix.Approximate(best, bound, order, length);
    }

    /**
     * Q(x̄ ⊆ H) for one token set by the integral (the double route's building block, exposed for tests).
     *
     * @throws InvalidInputException for an invalid q, a mask of another length, K &lt; 1, or fewer than K tokens with
     *     q &gt; 0
     */
    public static double allInByIntegral(double[] q, int k, boolean[] inH) {
        RatioPrefix.requireK(k);
        Law lq = Law.ofProbabilities(q, "q");
        Masses.requireSameLength("H", q.length, inH.length);
        massOutsideTop(lq, k - 1);
        CompensatedSum outside = new CompensatedSum();
        int inside = 0;
        for (int x = 0; x < q.length; x++) {
            if (!inH[x]) {
                outside.add(q[x]);
            } else if (q[x] > 0) {
                inside++;
            }
        }
        double r = outside.value();
        if (inside < k) {
            return 0;
        }
        if (r == 0) {
            return 1;
        }
        Quadrature quad = new Quadrature(k, TOP_EXPONENT / r);
        for (int x = 0; x < q.length; x++) {
            if (inH[x]) {
                quad.add(q[x]);
            }
        }
        return quad.allIn(r);
    }

    /** q's mass outside its K' largest entries (compensated), checking that at least K' + 1 entries are positive. */
    private static double massOutsideTop(Law lq, int kMinus1) {
        int positive = lq.support();
        if (positive < kMinus1 + 1) {
            throw new InvalidInputException("drafts without replacement need at least K = " + (kMinus1 + 1)
                + " tokens of positive draft mass, but q has " + positive);
        }
        double[] q = lq.masses();
        double total = lq.total();
        double topSum = 0;
        for (int x : TopK.indices(q, kMinus1)) {
            topSum += q[x];
        }
        return Math.max(total - topSum, Double.MIN_NORMAL);
    }

    /** The trapezoidal grid in s = ln t with the Poisson-binomial state of every node. */
    private static final class Quadrature {
        private final int k;
        private final int nodes;
        private final double[] t;
        private final double[] state;
        private final int width;
        private int frozenFrom;
        private int activeFrom;

        Quadrature(int k, double tHi) {
            this.k = k;
            double fact = 1;
            for (int i = 2; i <= k + 1; i++) {
                fact *= i;
            }
            double sLo = Math.log(TRUNCATION * fact) / (k + 1);
            double sHi = Math.log(tHi);
            this.nodes = (int) Math.ceil((sHi - sLo) / STEP) + 1;
            this.t = new double[nodes];
            for (int i = 0; i < nodes; i++) {
                t[i] = Math.exp(sLo + i * STEP);
            }
            this.width = k + 1;
            this.state = new double[nodes * width];
            for (int i = 0; i < nodes; i++) {
                state[i * width] = 1;
            }
            this.frozenFrom = nodes;
            this.activeFrom = nodes;
        }

        /** One more token of rate qx in H. */
        void add(double qx) {
            if (qx == 0) {
                return;
            }
            double[] st = state;
            int kk = k;
            for (int i = 0; i < frozenFrom; i++) {
                double z = qx * t[i];
                double e;
                double b;
                if (z < 0.6931471805599453) {
                    b = -Math.expm1(-z);
                    e = 1 - b;
                } else {
                    e = Math.exp(-z);
                    b = 1 - e;
                }
                int base = i * width;
                st[base + kk] += st[base + kk - 1] * b;
                for (int m = kk - 1; m >= 1; m--) {
                    st[base + m] = st[base + m] * e + st[base + m - 1] * b;
                }
                st[base] *= e;
            }
            while (frozenFrom > 0 && lower(frozenFrom - 1) < FROZEN) {
                frozenFrom--;
            }
            while (activeFrom > 0 && tail(activeFrom - 1) >= NEGLIGIBLE_TAIL) {
                activeFrom--;
            }
        }

        private double lower(int i) {
            double s = 0;
            int base = i * width;
            for (int m = 0; m < k; m++) {
                s += state[base + m];
            }
            return s;
        }

        private double tail(int i) {
            return i >= frozenFrom ? 1 : state[i * width + k];
        }

        /** The trapezoidal sum of r t e^{-rt} P(N ≥ K) over the grid. */
        double allIn(double r) {
            double sum = 0;
            for (int i = activeFrom; i < nodes; i++) {
                double rt = r * t[i];
                if (rt > WEIGHT_CUTOFF) {
                    break;
                }
                sum += rt * Math.exp(-rt) * tail(i);
            }
            return STEP * sum;
        }
    }
}
