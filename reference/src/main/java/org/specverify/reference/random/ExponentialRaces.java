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
    /** Products of block tails, by the multiset of their block keys and the leftover mass. */
    private final Map<List<Object>, Map<BigFraction, BigFraction>> products = new HashMap<>();
    /** The outputs of a block's tokens, by the block's key and the product of the other blocks'. */
    private final Map<List<Object>, BigFraction[]> blockOutputs = new HashMap<>();
    /** Transforms ∫ e^{-λg} f(g) dg of those products, by product key and λ. */
    private final Map<List<Object>, Map<BigFraction, BigFraction>> transforms = new HashMap<>();

    /** Race weight lists already validated, by identity (immutable lists: {@link Race} copies its weights). */
    private final java.util.IdentityHashMap<List<BigFraction>, BigFraction> totals = new java.util.IdentityHashMap<>();
    /** Interned block keys: the number of each distinct {@link #blockKey}("tail", q, p, x). */
    private final Map<List<Object>, Integer> blockIds = new HashMap<>();
    /** The block id of (q, p, x) by the identity of the two (immutable) lists. */
    private final java.util.IdentityHashMap<List<BigFraction>, java.util.IdentityHashMap<List<BigFraction>,
        Map<Integer, Integer>>> blockIdsByIdentity = new java.util.IdentityHashMap<>();

    /** {@link Draws#checkWeights} once per list. */
    private BigFraction checkWeights(List<BigFraction> weights) {
        BigFraction total = totals.get(weights);
        if (total == null) {
            total = Draws.checkWeights("race", weights);
            totals.put(weights, total);
        }
        return total;
    }

    /** The number of the block function (q, p, x): equal numbers for equal {@link #blockKey}s. */
    private int blockId(List<BigFraction> q, List<BigFraction> p, int x) {
        Map<Integer, Integer> byX = blockIdsByIdentity.computeIfAbsent(q, k -> new java.util.IdentityHashMap<>())
            .computeIfAbsent(p, k -> new HashMap<>());
        Integer id = byX.get(x);
        if (id == null) {
            id = blockIds.computeIfAbsent(blockKey("tail", q, p, x), k -> blockIds.size());
            byX.put(x, id);
        }
        return id;
    }

    /**
     * A block function's identity: the block race's weights and the hub's weights on the block's support, in token
     * order, and the positions of the tokens it is asked about within the support. The functions depend on nothing else
     * (every sum in {@link #rate}, {@link #density} and {@link #tail} runs over the support), so blocks that differ only
     * by where their support lies on the stream (the K drafts' blocks of gls) share them.
     */
    private static List<Object> blockKey(String kind, List<BigFraction> q, List<BigFraction> p, int... tokens) {
        List<BigFraction> qs = new ArrayList<>();
        List<BigFraction> ps = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        int[] index = new int[tokens.length];
        java.util.Arrays.fill(index, -1);
        for (int z = 0; z < q.size(); z++) {
            if (q.get(z).signum() > 0) {
                for (int i = 0; i < tokens.length; i++) {
                    if (tokens[i] == z) {
                        index[i] = qs.size();
                    }
                }
                qs.add(q.get(z));
                ps.add(p.get(z));
            }
        }
        for (int i = 0; i < tokens.length; i++) {
            // a token outside the support keeps its own weights (tail's winner with weight zero never occurs here)
            at.add(index[i]);
            if (index[i] < 0) {
                return List.of(kind, q, p, java.util.Arrays.toString(tokens));
            }
        }
        return List.of(kind, qs, ps, at);
    }

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
            checkWeights(r.weights());
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
                pr = pr.multiply(r.weights().get(r.winner())).divide(checkWeights(r.weights()));
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
        List<BigFraction> p = List.copyOf(weights);
        checkWeights(p);
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
        int[] tailIds = new int[m];
        for (int j = 0; j < m; j++) {
            tailIds[j] = blockId(distinct.get(j).weights(), p, distinct.get(j).winner());
        }
        for (int j = -1; j < m; j++) {
            // the product of the other blocks' tails and the leftover's, by the multiset of their keys: the same
            // function for every arrangement of the same blocks (exact sums, so the order of the factors is immaterial)
            List<Integer> factors = new ArrayList<>();
            for (int c = 0; c < m; c++) {
                if (c != j) {
                    factors.add(tailIds[c]);
                }
            }
            java.util.Collections.sort(factors);
            List<Object> productKey = List.of(restMass, factors, j < 0 ? "leftover" : "block");
            Map<BigFraction, BigFraction> others = products.get(productKey);
            if (others == null) {
                others = rest;
                for (int c = 0; c < m; c++) {
                    if (c != j) {
                        others = multiply(others, tails.get(c));
                    }
                }
                products.put(productKey, others);
            }
            Map<BigFraction, BigFraction> transform = transforms.computeIfAbsent(productKey, key -> new HashMap<>());
            // a block's outputs depend on its own function (its weights, the hub's on its support, its winner) and
            // on the product of the others: remembered by both, indexed by position in the block's support
            List<Object> outputsKey = j < 0 ? null : List.of(tailIds[j], productKey);
            BigFraction[] known = j < 0 ? null : blockOutputs.get(outputsKey);
            List<BigFraction> computed = known == null && j >= 0 ? new ArrayList<>() : null;
            int inBlock = 0;
            for (int y = 0; y < n; y++) {
                if (blockOf[y] != j) {
                    continue;
                }
                if (known != null) {
                    out[y] = known[inBlock++];
                    continue;
                }
                if (p.get(y).signum() == 0) {
                    out[y] = BigFraction.ZERO;
                    if (computed != null) {
                        computed.add(out[y]);
                    }
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
                computed.add(s);
            }
            if (computed != null) {
                blockOutputs.put(outputsKey, computed.toArray(new BigFraction[0]));
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
        List<Object> key = blockKey("density", q, p, x, y);
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
        List<Object> key = blockKey("tail", q, p, x);
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
