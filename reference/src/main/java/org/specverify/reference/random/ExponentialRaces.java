package org.specverify.reference.random;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.FractionSum;
import org.specverify.reference.Fractions;

import java.math.BigInteger;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The exact joint law of exponential races on one stream ({@link Draws#race}): with E_z iid Exp(1) per token z of the
 * stream, race j with weights w_j returns argmin_z E_z / w_j(z). This class gives P(race 1 returns x_1, ..., race m
 * returns x_m) as an exact rational.
 *
 * <p><b>Method</b> (derivation in proofs-notes/exponential-races.md). Races with pairwise disjoint supports are
 * independent: the probability is Π_j w_j(x_j)/Σ w_j. Otherwise one race, the hub h (the verifier's race over the
 * shared noise), may overlap the others, which must have pairwise disjoint supports (the blocks; the tokens in no
 * other race's support form one more block). Blocks are independent; in block b let G_b = min_{z∈b} E_z/w_h(z). The
 * probability is ∫_0^∞ D_b(g) Π_{c≠b} T_c(g) dg, where b is the block of the hub's winner, D_b(g) dg = P(the block's
 * race returns its winner, the hub's minimum over b is at x_h, G_b ∈ dg) and T_c(g) = P(the block's race returns its
 * winner, G_c &gt; g). Inside one block both are finite sums c·e^{-λg} with rational c and λ (the integral over the
 * block race's winner's time, with the hub's time fixed, is piecewise exponential with breakpoints at rational
 * multiples of g), so the product and the integral Σ c/λ are exact rationals.
 *
 * <p>Two races on one stream (draft with q, target with p) give for x = y the closed form
 * 1 / Σ_z max(p(z)/p(x), q(z)/q(x)) ({@link #matchProbability}).
 *
 * <p>Configurations beyond one hub (two races that overlap each other and a third) are refused with an
 * {@link UnsupportedOperationException}. Not thread-safe (it remembers block functions): one per enumeration.
 */
public final class ExponentialRaces {
    /**
     * One race and its outcome.
     *
     * @param weights the race's weights over the stream's tokens (non-negative, positive total), immutable
     * @param winner  the token it returns
     */
    public record Race(List<BigFraction> weights, int winner) {
        public Race {
            weights = List.copyOf(Objects.requireNonNull(weights, "weights"));
            if (winner < 0 || winner >= weights.size()) {
                throw new IllegalArgumentException("race winner " + winner + " outside 0.." + (weights.size() - 1));
            }
        }
    }

    private final Map<List<Object>, Map<BigFraction, BigFraction>> blockFunctions = new HashMap<>();

    /** P(every race returns its winner), exactly. */
    public BigFraction probability(List<Race> races) {
        if (races.isEmpty()) {
            return BigFraction.ONE;
        }
        int n = races.get(0).weights().size();
        List<Race> distinct = new ArrayList<>();
        for (Race r : races) {
            if (r.weights().size() != n) {
                throw new IllegalArgumentException("races on one stream over " + n + " and " + r.weights().size()
                    + " tokens");
            }
            Draws.checkWeights("race", r.weights());
            if (r.weights().get(r.winner()).signum() == 0) {
                return BigFraction.ZERO;
            }
            boolean seen = false;
            for (Race d : distinct) {
                if (d.weights().equals(r.weights())) {
                    if (d.winner() != r.winner()) {
                        return BigFraction.ZERO;
                    }
                    seen = true;
                }
            }
            if (!seen) {
                distinct.add(r);
            }
        }
        int m = distinct.size();
        BitSet[] support = new BitSet[m];
        for (int j = 0; j < m; j++) {
            support[j] = new BitSet(n);
            for (int z = 0; z < n; z++) {
                if (distinct.get(j).weights().get(z).signum() > 0) {
                    support[j].set(z);
                }
            }
        }
        int hub = -1;
        if (!disjointExcept(support, -1)) {
            for (int h = 0; h < m && hub < 0; h++) {
                if (disjointExcept(support, h)) {
                    hub = h;
                }
            }
            if (hub < 0) {
                throw new UnsupportedOperationException("the exact joint law of " + m + " exponential races on one"
                    + " stream is computed when at most one race overlaps the others; these overlap more");
            }
        }
        if (hub < 0) {
            BigFraction pr = BigFraction.ONE;
            for (Race r : distinct) {
                pr = pr.multiply(r.weights().get(r.winner())).divide(Draws.checkWeights("race", r.weights()));
            }
            return pr;
        }
        Race h = distinct.get(hub);
        List<BigFraction> p = h.weights();
        int y = h.winner();
        BitSet leftover = new BitSet(n);
        leftover.set(0, n);
        Map<BigFraction, BigFraction> product = one();
        Map<BigFraction, BigFraction> density = null;
        for (int j = 0; j < m; j++) {
            if (j == hub) {
                continue;
            }
            leftover.andNot(support[j]);
            Race r = distinct.get(j);
            if (support[j].get(y)) {
                density = density(r.weights(), p, r.winner(), y);
            } else {
                product = multiply(product, tail(r.weights(), p, r.winner()));
            }
        }
        BigFraction restMass = BigFraction.ZERO;
        for (int z = leftover.nextSetBit(0); z >= 0; z = leftover.nextSetBit(z + 1)) {
            restMass = restMass.add(p.get(z));
        }
        Map<BigFraction, BigFraction> rest = new HashMap<>();
        if (leftover.get(y)) {
            rest.put(restMass, p.get(y));
            density = rest;
        } else {
            rest.put(restMass, BigFraction.ONE);
            product = multiply(product, rest);
        }
        return integral(multiply(density, product));
    }

    /**
     * P(the races {@code before} return their winners and race(weights) returns x), for every token x: the same values
     * as {@link #probability} with the race (weights, x) appended, computed together when the new race is a hub over
     * races of pairwise disjoint supports (the block functions and the transforms at the block rates shared by all x).
     */
    public BigFraction[] law(List<Race> before, List<BigFraction> weights) {
        int n = weights.size();
        BigFraction[] out = new BigFraction[n];
        List<Race> distinct = new ArrayList<>();
        boolean batch = true;
        BitSet union = new BitSet(n);
        for (Race r : before) {
            if (r.weights().size() != n || distinct.contains(r)) {
                batch &= r.weights().size() == n;
                continue;
            }
            BitSet sup = new BitSet(n);
            for (int z = 0; z < n; z++) {
                if (r.weights().get(z).signum() > 0) {
                    sup.set(z);
                }
            }
            if (union.intersects(sup) || r.weights().equals(weights) || r.weights().get(r.winner()).signum() == 0) {
                batch = false;
            }
            union.or(sup);
            distinct.add(r);
        }
        if (!batch || distinct.isEmpty()) {
            List<Race> with = new ArrayList<>(before);
            with.add(null);
            for (int x = 0; x < n; x++) {
                if (weights.get(x).signum() == 0) {
                    out[x] = BigFraction.ZERO;
                    continue;
                }
                with.set(with.size() - 1, new Race(weights, x));
                out[x] = probability(with);
            }
            return out;
        }
        Draws.checkWeights("race", weights);
        List<BigFraction> p = weights;
        int m = distinct.size();
        List<Map<BigFraction, BigFraction>> tails = new ArrayList<>();
        int[] blockOf = new int[n];
        java.util.Arrays.fill(blockOf, -1);
        for (int j = 0; j < m; j++) {
            Race r = distinct.get(j);
            tails.add(tail(r.weights(), p, r.winner()));
            for (int z = 0; z < n; z++) {
                if (r.weights().get(z).signum() > 0) {
                    blockOf[z] = j;
                }
            }
        }
        BigFraction restMass = BigFraction.ZERO;
        for (int z = 0; z < n; z++) {
            if (blockOf[z] < 0) {
                restMass = restMass.add(p.get(z));
            }
        }
        Map<BigFraction, BigFraction> rest = new HashMap<>();
        rest.put(restMass, BigFraction.ONE);
        for (int j = -1; j < m; j++) {
            Map<BigFraction, BigFraction> others = rest;
            for (int c = 0; c < m; c++) {
                if (c != j) {
                    others = multiply(others, tails.get(c));
                }
            }
            Map<BigFraction, BigFraction> transform = new HashMap<>();
            for (int y = 0; y < n; y++) {
                if (blockOf[y] != j) {
                    continue;
                }
                if (p.get(y).signum() == 0) {
                    out[y] = BigFraction.ZERO;
                    continue;
                }
                if (j < 0) {
                    // the leftover block: D = p(y) e^{-P_L g}, others already hold every block's tail
                    Map<BigFraction, BigFraction> d = new HashMap<>();
                    d.put(BigFraction.ZERO, p.get(y));
                    out[y] = integral(multiply(d, others));
                    continue;
                }
                Race r = distinct.get(j);
                BigFraction s = BigFraction.ZERO;
                for (Map.Entry<BigFraction, BigFraction> e : density(r.weights(), p, r.winner(), y).entrySet()) {
                    BigFraction f = transform.get(e.getKey());
                    if (f == null) {
                        f = laplace(others, e.getKey());
                        transform.put(e.getKey(), f);
                    }
                    s = s.add(e.getValue().multiply(f));
                }
                out[y] = s;
            }
        }
        return out;
    }

    /**
     * P(argmin E/q = argmin E/p = x) for two races on one stream: 1 / Σ_z max(p(z)/p(x), q(z)/q(x)), 0 when p(x) or
     * q(x) is 0.
     */
    public static BigFraction matchProbability(List<BigFraction> q, List<BigFraction> p, int x) {
        if (q.get(x).signum() == 0 || p.get(x).signum() == 0) {
            return BigFraction.ZERO;
        }
        BigFraction s = BigFraction.ZERO;
        for (int z = 0; z < p.size(); z++) {
            s = s.add(Fractions.max(p.get(z).divide(p.get(x)), q.get(z).divide(q.get(x))));
        }
        return s.reciprocal();
    }

    private static boolean disjointExcept(BitSet[] support, int skip) {
        BitSet union = new BitSet();
        for (int j = 0; j < support.length; j++) {
            if (j == skip) {
                continue;
            }
            if (union.intersects(support[j])) {
                return false;
            }
            union.or(support[j]);
        }
        return true;
    }

    private static Map<BigFraction, BigFraction> one() {
        Map<BigFraction, BigFraction> m = new HashMap<>();
        m.put(BigFraction.ZERO, BigFraction.ONE);
        return m;
    }

    /** The product of two sums Σ c e^{-λg}. */
    static Map<BigFraction, BigFraction> multiply(Map<BigFraction, BigFraction> a, Map<BigFraction, BigFraction> b) {
        Map<BigFraction, BigFraction> out = new HashMap<>();
        for (Map.Entry<BigFraction, BigFraction> ea : a.entrySet()) {
            for (Map.Entry<BigFraction, BigFraction> eb : b.entrySet()) {
                add(out, ea.getKey().add(eb.getKey()), ea.getValue().multiply(eb.getValue()));
            }
        }
        return out;
    }

    private static void add(Map<BigFraction, BigFraction> m, BigFraction lambda, BigFraction c) {
        if (c.signum() != 0) {
            m.merge(lambda, c, BigFraction::add);
        }
    }

    /**
     * ∫_0^∞ e^{-λg} Σ c e^{-μg} dg = Σ c/(λ + μ), each term formed with one gcd and the sum gathered by
     * {@link FractionSum}.
     */
    static BigFraction laplace(Map<BigFraction, BigFraction> f, BigFraction lambda) {
        FractionSum sum = new FractionSum();
        BigInteger ln = lambda.getNumerator();
        BigInteger ld = lambda.getDenominator();
        for (Map.Entry<BigFraction, BigFraction> o : f.entrySet()) {
            BigFraction c = o.getValue();
            BigFraction mu = o.getKey();
            BigInteger num = c.getNumerator().multiply(ld).multiply(mu.getDenominator());
            BigInteger den = c.getDenominator().multiply(ln.multiply(mu.getDenominator())
                .add(mu.getNumerator().multiply(ld)));
            sum.add(BigFraction.of(num, den));
        }
        return sum.value();
    }

    /** ∫_0^∞ Σ c e^{-λg} dg = Σ c/λ (every λ positive). */
    static BigFraction integral(Map<BigFraction, BigFraction> f) {
        BigFraction s = BigFraction.ZERO;
        for (Map.Entry<BigFraction, BigFraction> e : f.entrySet()) {
            if (e.getValue().signum() == 0) {
                continue;
            }
            if (e.getKey().signum() <= 0) {
                throw new IllegalStateException("a race integral with a non-decaying term e^{-" + e.getKey() + " g}");
            }
            s = s.add(e.getValue().divide(e.getKey()));
        }
        return s;
    }

    /**
     * L(τ) = τ + Σ_{z∈B, z≠x} max(q(z)τ/q(x), p(z)): the rate, per unit of the hub's time g, when the block race's
     * winner x sits at E_x = gτ (B the support of q).
     */
    private static BigFraction rate(List<BigFraction> q, List<BigFraction> p, int x, BigFraction tau) {
        BigFraction s = tau;
        BigFraction qx = q.get(x);
        for (int z = 0; z < q.size(); z++) {
            if (z == x || q.get(z).signum() == 0) {
                continue;
            }
            s = s.add(Fractions.max(q.get(z).multiply(tau).divide(qx), p.get(z)));
        }
        return s;
    }

    /**
     * D(g) = P(argmin_B E/q = x, argmin_B E/p = y, min_B E/p ∈ dg)/dg as Σ c e^{-λg}, B the support of q (y in B).
     */
    private Map<BigFraction, BigFraction> density(List<BigFraction> q, List<BigFraction> p, int x, int y) {
        List<Object> key = List.of("density", q, p, x, y);
        Map<BigFraction, BigFraction> known = blockFunctions.get(key);
        if (known != null) {
            return known;
        }
        Map<BigFraction, BigFraction> d = new HashMap<>();
        BigFraction py = p.get(y);
        if (py.signum() > 0) {
            if (x == y) {
                d.put(rate(q, p, x, p.get(x)), py);
            } else {
                BigFraction lower = p.get(x);
                BigFraction upper = q.get(x).multiply(py).divide(q.get(y));
                if (Fractions.compare(lower, upper) < 0) {
                    TreeSet<BigFraction> cuts = new TreeSet<>(Fractions::compare);
                    cuts.add(lower);
                    cuts.add(upper);
                    for (int z = 0; z < q.size(); z++) {
                        if (z != x && q.get(z).signum() > 0 && p.get(z).signum() > 0) {
                            BigFraction t = p.get(z).multiply(q.get(x)).divide(q.get(z));
                            if (Fractions.compare(t, lower) > 0 && Fractions.compare(t, upper) < 0) {
                                cuts.add(t);
                            }
                        }
                    }
                    BigFraction a = null;
                    BigFraction la = null;
                    for (BigFraction b : cuts) {
                        BigFraction lb = rate(q, p, x, b);
                        if (a != null) {
                            BigFraction c = py.multiply(b.subtract(a)).divide(lb.subtract(la));
                            add(d, la, c);
                            add(d, lb, c.negate());
                        }
                        a = b;
                        la = lb;
                    }
                }
            }
        }
        blockFunctions.put(key, d);
        return d;
    }

    /** T(g) = P(argmin_B E/q = x, min_B E/p &gt; g) as Σ c e^{-λg}, B the support of q. */
    private Map<BigFraction, BigFraction> tail(List<BigFraction> q, List<BigFraction> p, int x) {
        List<Object> key = List.of("tail", q, p, x);
        Map<BigFraction, BigFraction> known = blockFunctions.get(key);
        if (known != null) {
            return known;
        }
        Map<BigFraction, BigFraction> t = new HashMap<>();
        boolean any = false;
        BigFraction qTotal = BigFraction.ZERO;
        for (int y = 0; y < q.size(); y++) {
            if (q.get(y).signum() == 0) {
                continue;
            }
            qTotal = qTotal.add(q.get(y));
            if (p.get(y).signum() > 0) {
                any = true;
                for (Map.Entry<BigFraction, BigFraction> e : density(q, p, x, y).entrySet()) {
                    add(t, e.getKey(), e.getValue().divide(e.getKey()));
                }
            }
        }
        if (!any) {
            t.put(BigFraction.ZERO, q.get(x).divide(qTotal));
        }
        blockFunctions.put(key, t);
        return t;
    }
}
