package org.specverify.properties.gen;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;

/**
 * Random instances for property tests: |V| = 2..8, K = 1..4, one shared draft law or one law per draft, masses exact
 * rationals. The shapes are chosen to hit the edge cases that hide residual bugs ({@link Edge}): small-denominator
 * laws with zero-mass tokens, one-hot and uniform laws, p = q, p and q equal but for a tiny mass moved between two
 * tokens, disjoint supports, masses down to 2^-30, and draft laws concentrated on fewer tokens than K (repeated draft
 * tokens). {@code InstanceGeneratorsTest} measures how often each edge case is generated and fails if one never is.
 *
 * <p>The same builder runs as a QuickTheories {@link Gen} ({@link #instances()}) and from a seed
 * ({@link #sample(long, int, Scheme)}), so a contract can take a fixed list and a theory can draw its own.
 */
public final class InstanceGenerators {
    /** The largest vocabulary generated. */
    public static final int MAX_VOCAB = 8;
    /** The largest K generated. */
    public static final int MAX_K = 4;
    /** The smallest tiny mass generated: 2^-30. */
    public static final int TINY_EXPONENT = 30;

    private InstanceGenerators() {
    }

    /** The edge cases an instance can show, as {@link #edges} classifies them. */
    public enum Edge {
        /** Some token has zero target mass. */
        ZERO_MASS_TARGET,
        /** Some token has zero draft mass (in some draft law). */
        ZERO_MASS_DRAFT,
        /** The target is a point mass. */
        ONE_HOT_TARGET,
        /** A draft law is a point mass. */
        ONE_HOT_DRAFT,
        /** The target is uniform. */
        UNIFORM_TARGET,
        /** A draft law is uniform. */
        UNIFORM_DRAFT,
        /** Every draft law equals p. */
        P_EQUALS_Q,
        /** A draft law differs from p but by total variation at most 2^-10. */
        NEAR_EQUAL,
        /** p and a draft law have disjoint supports. */
        DISJOINT_SUPPORTS,
        /** Some positive mass (target or draft) is at most 2^-20. */
        TINY_MASS,
        /** A positive mass at most 2^-30. */
        TINY_MASS_2_30,
        /** K ≥ 2 and a draft law has fewer than K tokens of positive mass, so drafts repeat. */
        REPEATED_DRAFTS,
        /** K ≥ 2 (repeats possible with replacement). */
        SEVERAL_DRAFTS,
        /** One draft law per draft. */
        INDEPENDENT_ROWS,
        /** Small-denominator masses (every denominator at most 64). */
        SMALL_DENOMINATORS
    }

    /** Integers from a source of randomness: the one thing the builder needs. */
    @FunctionalInterface
    public interface Pick {
        /** A value in [lo, hi], both included. */
        int between(int lo, int hi);

        default boolean oneIn(int n) {
            return between(1, n) == 1;
        }
    }

    /** Instances of every shape, as a QuickTheories generator. */
    public static Gen<Instance> instances() {
        return instances(MAX_VOCAB, MAX_K);
    }

    /** Instances with |V| ≤ maxVocab and K ≤ maxK. */
    public static Gen<Instance> instances(int maxVocab, int maxK) {
        return rs -> build(pick(rs), 2, maxVocab, 1, maxK, true);
    }

    /** Instances the scheme applies to (K within its range; independent rows only where it takes them). */
    public static Gen<Instance> applicableTo(Scheme scheme) {
        return rs -> applicable(pick(rs), scheme, MAX_VOCAB);
    }

    private static Pick pick(org.quicktheories.core.RandomnessSource rs) {
        return (lo, hi) -> (int) rs.next(Constraint.between(lo, hi));
    }

    /** A fixed list of {@code n} instances the scheme applies to, from a seed (for contracts that need a list). */
    public static List<Instance> sample(long seed, int n, Scheme scheme) {
        SplittableRandom rng = new SplittableRandom(seed);
        Pick p = (lo, hi) -> lo + rng.nextInt(hi - lo + 1);
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(applicable(p, scheme, MAX_VOCAB));
        }
        return out;
    }

    /** A fixed list of {@code n} instances of every shape, from a seed. */
    public static List<Instance> sample(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        Pick p = (lo, hi) -> lo + rng.nextInt(hi - lo + 1);
        List<Instance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(build(p, 2, MAX_VOCAB, 1, MAX_K, true));
        }
        return out;
    }

    private static Instance applicable(Pick pick, Scheme scheme, int maxVocab) {
        int minK = Math.max(1, scheme.minK());
        int maxK = Math.max(minK, Math.min(MAX_K, scheme.maxK()));
        for (int attempt = 0; attempt < 200; attempt++) {
            Instance inst = build(pick, 2, maxVocab, minK, maxK, true);
            if (scheme.notApplicable(inst).isEmpty()) {
                return inst;
            }
        }
        throw new IllegalStateException("no applicable instance for " + scheme.id() + " in 200 attempts");
    }

    /** One instance from the picks. */
    public static Instance build(Pick pick, int minVocab, int maxVocab, int minK, int maxK, boolean independent) {
        int n = pick.between(minVocab, maxVocab);
        int k = pick.between(minK, maxK);
        Distribution p = law(pick, n);
        if (independent && k >= 2 && pick.oneIn(5)) {
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rows.add(draftFor(pick, p));
            }
            return Instance.independent("generated independent", p, rows);
        }
        return Instance.identical("generated", p, draftFor(pick, p), k);
    }

    /** A draft law for target p: independent of it, equal, near-equal, disjoint, or concentrated. */
    private static Distribution draftFor(Pick pick, Distribution p) {
        int n = p.size();
        switch (pick.between(0, 9)) {
            case 0:
                return p;
            case 1:
                return nearEqual(pick, p);
            case 2:
                return disjoint(pick, p);
            case 3: {
                int support = pick.between(1, Math.min(2, n));
                return onSupport(pick, n, support);
            }
            default:
                return law(pick, n);
        }
    }

    /** A law of one of the basic shapes over n tokens. */
    public static Distribution law(Pick pick, int n) {
        switch (pick.between(0, 7)) {
            case 0:
                return Distribution.pointMass(n, pick.between(0, n - 1));
            case 1:
                return Distribution.uniform(n);
            case 2:
                return tiny(pick, n);
            default:
                return smallDenominator(pick, n, pick.oneIn(2));
        }
    }

    /** Integer weights 0..6 (zeros likely when {@code zeros}), normalised. */
    static Distribution smallDenominator(Pick pick, int n, boolean zeros) {
        BigFraction[] w = new BigFraction[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            int v = zeros && pick.oneIn(3) ? 0 : pick.between(1, 6);
            w[i] = BigFraction.of(v);
            total += v;
        }
        if (total == 0) {
            w[pick.between(0, n - 1)] = BigFraction.ONE;
        }
        return Distribution.normalize(w);
    }

    /** One token of mass 2^-e (e = 10..30), the rest a small-denominator law scaled by 1 - 2^-e. */
    static Distribution tiny(Pick pick, int n) {
        int e = pick.between(10, TINY_EXPONENT);
        BigFraction t = BigFraction.of(1).divide(BigFraction.of(2).pow(e));
        int at = pick.between(0, n - 1);
        Distribution rest = smallDenominator(pick, n - 1, true);
        BigFraction[] m = new BigFraction[n];
        for (int i = 0, j = 0; i < n; i++) {
            m[i] = i == at ? t : rest.p(j++).multiply(BigFraction.ONE.subtract(t));
        }
        return Distribution.of(m);
    }

    /** p with a mass δ = 2^-e (e = 10..30) moved from a token of mass ≥ δ to another token. */
    static Distribution nearEqual(Pick pick, Distribution p) {
        int n = p.size();
        int e = pick.between(10, TINY_EXPONENT);
        BigFraction delta = BigFraction.of(1).divide(BigFraction.of(2).pow(e));
        int from = p.argmax();
        int to = pick.between(0, n - 2);
        if (to >= from) {
            to++;
        }
        BigFraction[] m = p.masses();
        m[from] = m[from].subtract(delta);
        m[to] = m[to].add(delta);
        return Distribution.of(m);
    }

    /** A law on tokens where p is zero when there are any, else on a random proper subset's complement. */
    static Distribution disjoint(Pick pick, Distribution p) {
        int n = p.size();
        BigFraction[] w = new BigFraction[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            boolean free = p.p(i).signum() == 0;
            w[i] = free ? BigFraction.of(pick.between(1, 4)) : BigFraction.ZERO;
            any |= free;
        }
        if (!any) {
            // p has full support: nothing disjoint exists; put the law on p's least likely token instead
            int least = p.tokensByDecreasingMass()[n - 1];
            return Distribution.pointMass(n, least);
        }
        return Distribution.normalize(w);
    }

    /** A small-denominator law on {@code support} random tokens. */
    static Distribution onSupport(Pick pick, int n, int support) {
        BigFraction[] w = new BigFraction[n];
        java.util.Arrays.fill(w, BigFraction.ZERO);
        int placed = 0;
        int start = pick.between(0, n - 1);
        for (int i = 0; i < n && placed < support; i++) {
            w[(start + i * 3) % n] = BigFraction.of(pick.between(1, 5));
            placed++;
        }
        return Distribution.normalize(w);
    }

    /** The edge cases this instance shows. */
    public static Set<Edge> edges(Instance inst) {
        Set<Edge> out = EnumSet.noneOf(Edge.class);
        Distribution p = inst.target();
        int k = inst.k();
        List<Distribution> drafts = new ArrayList<>();
        for (int i = 0; i < (inst.identicalDrafts() ? 1 : k); i++) {
            drafts.add(inst.draft(i));
        }
        if (!inst.identicalDrafts()) {
            out.add(Edge.INDEPENDENT_ROWS);
        }
        if (k >= 2) {
            out.add(Edge.SEVERAL_DRAFTS);
        }
        classifyLaw(p, true, out);
        boolean allEqual = true;
        BigFraction near = BigFraction.of(1, 1024);
        for (Distribution q : drafts) {
            classifyLaw(q, false, out);
            allEqual &= q.equals(p);
            BigFraction tv = p.totalVariation(q);
            if (tv.signum() > 0 && Fractions.compare(tv, near) <= 0) {
                out.add(Edge.NEAR_EQUAL);
            }
            boolean overlap = false;
            for (int y = 0; y < p.size(); y++) {
                overlap |= p.positive(y) && q.positive(y);
            }
            if (!overlap) {
                out.add(Edge.DISJOINT_SUPPORTS);
            }
            if (k >= 2 && q.supportSize() < k) {
                out.add(Edge.REPEATED_DRAFTS);
            }
        }
        if (allEqual) {
            out.add(Edge.P_EQUALS_Q);
        }
        boolean small = true;
        for (Distribution d : all(p, drafts)) {
            for (int y = 0; y < d.size(); y++) {
                small &= d.p(y).getDenominator().bitLength() <= 7 && d.p(y).getDenominator().intValue() <= 64;
            }
        }
        if (small) {
            out.add(Edge.SMALL_DENOMINATORS);
        }
        return out;
    }

    private static List<Distribution> all(Distribution p, List<Distribution> drafts) {
        List<Distribution> l = new ArrayList<>(drafts);
        l.add(p);
        return l;
    }

    private static void classifyLaw(Distribution d, boolean target, Set<Edge> out) {
        int n = d.size();
        if (d.supportSize() < n) {
            out.add(target ? Edge.ZERO_MASS_TARGET : Edge.ZERO_MASS_DRAFT);
        }
        if (d.supportSize() == 1) {
            out.add(target ? Edge.ONE_HOT_TARGET : Edge.ONE_HOT_DRAFT);
        }
        if (d.equals(Distribution.uniform(n))) {
            out.add(target ? Edge.UNIFORM_TARGET : Edge.UNIFORM_DRAFT);
        }
        BigFraction t20 = BigFraction.ONE.divide(BigFraction.of(2).pow(20));
        BigFraction t30 = BigFraction.ONE.divide(BigFraction.of(2).pow(TINY_EXPONENT));
        for (int y = 0; y < n; y++) {
            BigFraction m = d.p(y);
            if (m.signum() > 0 && Fractions.compare(m, t20) <= 0) {
                out.add(Edge.TINY_MASS);
            }
            if (m.signum() > 0 && Fractions.compare(m, t30) <= 0) {
                out.add(Edge.TINY_MASS_2_30);
            }
        }
    }
}
