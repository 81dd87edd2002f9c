package org.specverify.lp.optimum;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;

/**
 * The ratio-prefix algorithm: order the tokens by p(x)/q(x) ({@link RatioOrder}), evaluate the subset objective
 * f(H) = p(H) + 1 - Q(x̄ ⊆ H) on each of the |V| + 1 prefixes H_0 = ∅, H_1, ..., H_|V| = V, and return the smallest
 * value with the shortest prefix attaining it.
 *
 * <p><b>What it computes.</b> Every prefix value is f of a real token set, so the result is always an upper bound on
 * α*(p, Q) = min over all H of f(H) (proofs-notes/subset-optimum.md). It equals α* when some prefix is a minimiser:
 * <ul>
 *   <li>iid drafts, Q(x̄ ⊆ H) = q(H)^K: always, for every K and every tie-breaking (exchange argument with the
 *       convexity of s ↦ s^K, proofs-notes/ratio-prefix-conjecture.md; checked against {@link SubsetOptimum}
 *       exhaustively on grids and by property search in {@code RatioPrefixTest} and {@code RatioPrefixProperties});</li>
 *   <li>independent non-identical drafts, Q(x̄ ⊆ H) = Π_k q_k(H), with the mean q̄ = (1/K) Σ_k q_k as the ratio
 *       weight ({@link #independentMeanOrder}): <b>not always</b>. {@code RatioPrefixTest#meanOrderMissesTheOptimum}
 *       keeps a four-token counterexample in which no tie-breaking of the p/q̄ order has an optimal prefix. For these
 *       drafts the result is only an upper bound; {@link Optimum} uses {@link SubsetOptimum} (or the exact max-flow)
 *       and {@link IndependentBounds} instead.</li>
 * </ul>
 * Without-replacement drafts: also always (exponential-clock exchange inequality, same note); their Q(x̄ ⊆ H) along
 * prefixes is evaluated by {@link WithoutReplacementOptimum}.
 *
 * <p><b>Edge behaviour.</b> The empty prefix always has value 1 (Q(x̄ ⊆ ∅) = 0 for K ≥ 1), so results are at most 1.
 * Tokens with q(x) = 0 come last: adding them to H adds p(x) ≥ 0 and leaves Q(x̄ ⊆ H) unchanged, so they never help,
 * and their prefixes are evaluated anyway. Tokens with p(x) = 0 and q(x) &gt; 0 come first (ratio 0). A zero-mass
 * token of both laws is ranked with the q = 0 group.
 *
 * <p><b>Cost.</b> Exact: O(|V| log |V|) rational comparisons plus |V| rational additions and powers (denominators grow
 * with the input's). Double: one primitive sort of |V| longs plus O(|V|·log K) flops; the error bound of the double
 * result is stated at {@link #iid(double[], double[], int)}.
 */
public final class RatioPrefix {
    private RatioPrefix() {
    }

    /** The first {@code length} tokens of {@code order}, ascending: the minimising set of either result. */
    private static int[] sortedPrefix(int[] order, int length) {
        int[] h = Arrays.copyOf(order, length);
        Arrays.sort(h);
        return h;
    }

    /**
     * An exact prefix minimum.
     *
     * @param value the smallest prefix value, exactly
     * @param order the token order whose prefixes were evaluated
     * @param length the length of the shortest prefix attaining {@code value}
     */
    public record Exact(BigFraction value, int[] order, int length) {
        public Exact {
            order = order.clone();
        }

        @Override
        public int[] order() {
            return order.clone();
        }

        /** The minimising prefix, as ascending token indices. */
        public int[] minimiser() {
            return sortedPrefix(order, length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Exact e && value.equals(e.value) && length == e.length
                && Arrays.equals(order, e.order);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * value.hashCode() + length) + Arrays.hashCode(order);
        }

        @Override
        public String toString() {
            return "RatioPrefix.Exact[value=" + Fractions.format(value) + ", minimiser="
                + Arrays.toString(minimiser()) + "]";
        }
    }

    /**
     * A double prefix minimum with its error bound.
     *
     * @param value the smallest computed prefix value
     * @param errorBound a bound on |value - exact| where exact is the quantity the method documents
     * @param order the token order whose prefixes were evaluated
     * @param length the length of the shortest prefix attaining {@code value}
     */
    public record Approximate(double value, double errorBound, int[] order, int length) {
        /** Keeps {@code order} without copying it (|V| can be 128k): callers hand over an array they no longer use. */
        public Approximate {
            java.util.Objects.requireNonNull(order, "order");
        }

        @Override
        public int[] order() {
            return order.clone();
        }

        /** The minimising prefix, as ascending token indices. */
        public int[] minimiser() {
            return sortedPrefix(order, length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Approximate a && Double.compare(value, a.value) == 0
                && Double.compare(errorBound, a.errorBound) == 0 && length == a.length
                && Arrays.equals(order, a.order);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Double.hashCode(value) + length) + Arrays.hashCode(order);
        }

        @Override
        public String toString() {
            return "RatioPrefix.Approximate[value=" + value + " ± " + errorBound + ", prefix length=" + length + "]";
        }
    }

    // ------------------------------------------------------------------------------------------------ exact routes

    /**
     * α*(p, iid q^K) exactly: the ratio-prefix minimum, which equals the optimum for iid drafts.
     *
     * @throws InvalidInputException when K &lt; 1 or the vocabularies differ
     */
    public static Exact iid(Distribution p, Distribution q, int k) {
        requireK(k);
        p.requireSameSize(q);
        BigFraction[] pm = p.masses();
        BigFraction[] qm = q.masses();
        int[] order = RatioOrder.exact(pm, qm);
        BigFraction pH = Fractions.ZERO;
        BigFraction qH = Fractions.ZERO;
        BigFraction best = Fractions.ONE;
        int length = 0;
        for (int j = 0; j < order.length; j++) {
            int x = order[j];
            pH = pH.add(pm[x]);
            qH = qH.add(qm[x]);
            BigFraction v = pH.add(Fractions.ONE).subtract(qH.pow(k));
            if (Fractions.compare(v, best) < 0) {
                best = v;
                length = j + 1;
            }
        }
        return new Exact(best, order, length);
    }

    /**
     * The best prefix of the p/q̄ order for independent drafts x_k ~ q_k, with q̄ the mean of the q_k, evaluated with
     * Q(x̄ ⊆ H) = Π_k q_k(H). An upper bound on α*, <b>not</b> the optimum in general (see the class comment).
     *
     * @throws InvalidInputException when there is no draft law or a vocabulary differs
     */
    public static Exact independentMeanOrder(Distribution p, List<Distribution> qs) {
        if (qs.isEmpty()) {
            throw new InvalidInputException("independent drafts need at least one draft law");
        }
        int n = p.size();
        BigFraction[][] qm = new BigFraction[qs.size()][];
        BigFraction[] mean = new BigFraction[n];
        Arrays.fill(mean, Fractions.ZERO);
        for (int k = 0; k < qm.length; k++) {
            p.requireSameSize(qs.get(k));
            qm[k] = qs.get(k).masses();
            for (int x = 0; x < n; x++) {
                mean[x] = mean[x].add(qm[k][x]);
            }
        }
        BigFraction[] pm = p.masses();
        int[] order = RatioOrder.exact(pm, mean);
        BigFraction pH = Fractions.ZERO;
        BigFraction[] qH = new BigFraction[qm.length];
        Arrays.fill(qH, Fractions.ZERO);
        BigFraction best = Fractions.ONE;
        int length = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            pH = pH.add(pm[x]);
            BigFraction all = Fractions.ONE;
            for (int k = 0; k < qm.length; k++) {
                qH[k] = qH[k].add(qm[k][x]);
                all = all.multiply(qH[k]);
            }
            BigFraction v = pH.add(Fractions.ONE).subtract(all);
            if (Fractions.compare(v, best) < 0) {
                best = v;
                length = j + 1;
            }
        }
        return new Exact(best, order, length);
    }

    // ----------------------------------------------------------------------------------------------- double routes

    /**
     * α*(p, iid q^K) in double arithmetic, for large vocabularies.
     *
     * <p>The inputs are validated ({@link Masses#requireDistribution}: finite, non-negative, sum within the rounding
     * tolerance 2(|V| + 1)·2^-53 of one, {@link Law#ofProbabilities}) and used as the normalised vectors p/Σp and q/Σq.
     * Prefix sums are compensated ({@link CompensatedSum}: the exact rounding error of each addition from the
     * branch-free two-sum, summed apart); s^K is computed by
     * repeated squaring with m(K) = ⌊log2 K⌋ + popcount(K) - 1 multiplications.
     *
     * <p><b>Error bound.</b> Let α be the exact α* of the normalised inputs, taken as exact reals. Then
     * |value - α| ≤ (6K + m(K) + 12)·u, u = 2^-53 (for |V| ≤ 2^31, the O(|V|u²) terms of compensated summation are
     * absorbed in the last u): 6u for p(H)·(1/p(V)) (2u + 2u for the two compensated sums, u for the reciprocal, u for
     * the product), (6K + m(K))u for (q(H)·(1/q(V)))^K, 2u for the final subtraction and
     * addition, 2u for ranking by rounded ratios (the double order differs from the exact one only between tokens whose
     * ratios round alike, which moves a prefix value by at most 2u·p(G) for the tied group G), and u of slack.
     * The bound is returned as {@link Approximate#errorBound()}.
     *
     * @throws InvalidInputException for an invalid vector, different lengths, or K &lt; 1
     */
    public static Approximate iid(double[] p, double[] q, int k) {
        requireK(k);
        Law lp = Law.ofProbabilities(p, "p");
        Law lq = Law.ofProbabilities(q, "q");
        return iid(lp, lq, k);
    }

    /**
     * As {@link #iid(double[], double[], int)} on validated rows (nothing is validated again): the masses are used as
     * p/{@link Law#total()} and q/{@link Law#total()}, with the same error bound.
     *
     * @throws InvalidInputException for different lengths or K &lt; 1
     */
    public static Approximate iid(Law lp, Law lq, int k) {
        requireK(k);
        lp.requireSameSize(lq, "q");
        double[] p = lp.masses();
        double[] q = lq.masses();
        int[] order = RatioOrder.of(p, q);
        int n = order.length;
        double invP = 1 / lp.total();
        double invQ = 1 / lq.total();
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum sq = new CompensatedSum();
        double best = 1;
        int length = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            double v = sp.add(p[x]).value() * invP + (1 - power(sq.add(q[x]).value() * invQ, k));
            if (v < best) {
                best = v;
                length = j + 1;
            }
        }
        return new Approximate(best, iidErrorBound(k), order, length);
    }

    /**
     * The double version of {@link #independentMeanOrder(Distribution, List)}: an upper bound on α* for independent
     * drafts, not the optimum in general. The error bound covers the evaluation of the returned prefix,
     * |value - f(prefix)| ≤ (6K + 8)·u, not the distance to α*.
     *
     * @throws InvalidInputException for an invalid vector, different lengths, or no draft law
     */
    public static Approximate independentMeanOrder(double[] p, double[][] qs) {
        if (qs.length == 0) {
            throw new InvalidInputException("independent drafts need at least one draft law");
        }
        double totalP = Law.ofProbabilities(p, "p").total();
        int n = p.length;
        int kk = qs.length;
        double[] totals = new double[kk];
        double[] mean = new double[n];
        for (int k = 0; k < kk; k++) {
            totals[k] = Law.ofProbabilities(qs[k], "q_" + (k + 1)).total();
            Masses.requireSameLength("q_" + (k + 1), n, qs[k].length);
            for (int x = 0; x < n; x++) {
                mean[x] += qs[k][x] / totals[k];
            }
        }
        int[] order = RatioOrder.of(p, mean);
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum[] sq = new CompensatedSum[kk];
        for (int k = 0; k < kk; k++) {
            sq[k] = new CompensatedSum();
        }
        double best = 1;
        int length = 0;
        for (int j = 0; j < n; j++) {
            int x = order[j];
            double pH = sp.add(p[x]).value();
            double all = 1;
            for (int k = 0; k < kk; k++) {
                all *= sq[k].add(qs[k][x]).value() / totals[k];
            }
            double v = pH / totalP + (1 - all);
            if (v < best) {
                best = v;
                length = j + 1;
            }
        }
        return new Approximate(best, (6.0 * kk + 8) * Masses.UNIT_ROUNDOFF, order, length);
    }

    /**
     * The prefix minimum of p(H) + 1 - w(H)^K for a non-negative weight vector w that need not sum to one (the
     * ratio-prefix theorem holds for any such w: s ↦ s^K is convex and increasing), with p already normalised. No
     * validation. The error bound is the iid one doubled, plus K(K + 2)u for rounding in w, scaled by max(1, w(V)^K).
     */
    static Approximate weighted(double[] p, double[] w, int k) {
        int[] order = RatioOrder.of(p, w);
        CompensatedSum sp = new CompensatedSum();
        CompensatedSum sw = new CompensatedSum();
        double best = 1;
        int length = 0;
        for (int j = 0; j < order.length; j++) {
            int x = order[j];
            double v = sp.add(p[x]).value() + (1 - power(sw.add(w[x]).value(), k));
            if (v < best) {
                best = v;
                length = j + 1;
            }
        }
        double scale = Math.max(1, power(sw.value(), k));
        double bound = (2 * iidErrorBound(k) + (double) k * (k + 2) * Masses.UNIT_ROUNDOFF) * scale;
        return new Approximate(best, bound, order, length);
    }

    /** The error bound (6K + m(K) + 12)·u of {@link #iid(double[], double[], int)}. */
    public static double iidErrorBound(int k) {
        requireK(k);
        int multiplications = 31 - Integer.numberOfLeadingZeros(k) + Integer.bitCount(k) - 1;
        return (6.0 * k + multiplications + 12) * Masses.UNIT_ROUNDOFF;
    }

    /** s^k by repeated squaring (k ≥ 1). */
    static double power(double s, int k) {
        double result = 1;
        double base = s;
        int e = k;
        boolean first = true;
        while (e > 0) {
            if ((e & 1) != 0) {
                result = first ? base : result * base;
                first = false;
            }
            e >>= 1;
            if (e > 0) {
                base *= base;
            }
        }
        return result;
    }

    static void requireK(int k) {
        if (k < 1) {
            throw new InvalidInputException("the number of drafts K must be at least 1, got " + k);
        }
    }
}
