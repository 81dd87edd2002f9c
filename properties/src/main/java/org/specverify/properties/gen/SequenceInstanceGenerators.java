package org.specverify.properties.gen;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import org.specverify.properties.gen.InstanceGenerators.Pick;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * Random sequence instances for property tests: V = 2..{@value #MAX_VOCAB}, gamma = 1..{@value #MAX_GAMMA}, target and
 * draft models of order 0, 1 or 2 (some keys of each length present, the rest backing off), every tree shape and
 * sibling process, masses exact rationals. Rows use the shapes of {@link InstanceGenerators} (small denominators with
 * zero masses, one-hot, uniform, masses down to 2^-30) plus "LLM-like" rows (one dominant token and a geometric tail,
 * as a softmax of a small language model looks); draft rows are drawn in relation to the target's law at the same
 * prefix: equal (p = q at that prefix), near-equal, disjoint support, concentrated, or independent.
 * {@code SequenceInstanceGeneratorsTest} counts each {@link Edge} and fails if one is never generated.
 *
 * <p>Size: every generated instance has at most {@value #MAX_TREES} draft trees ({@link DraftTrees#sizeEstimate}); a
 * draw above it falls back to a chain. Without-replacement instances get draft rows with enough support at every
 * prefix, so their trees can be enumerated.
 *
 * <p>The same builder runs as a QuickTheories {@link Gen} ({@link #instances()}) and from a seed ({@link #sample}).
 */
public final class SequenceInstanceGenerators {
    /** The largest vocabulary generated. */
    public static final int MAX_VOCAB = 4;
    /** The largest gamma generated. */
    public static final int MAX_GAMMA = 3;
    /** The largest draft-tree count estimate of a generated instance. */
    public static final long MAX_TREES = 20_000;

    private SequenceInstanceGenerators() {
    }

    /** The edge cases a sequence instance can show, as {@link #edges} classifies them. */
    public enum Edge {
        /** The target is order 0 (one row). */
        TARGET_ORDER_0,
        /** The target's longest key has one token. */
        TARGET_ORDER_1,
        /** The target's longest key has two tokens. */
        TARGET_ORDER_2,
        /** The draft model has keys beyond the empty prefix. */
        DRAFT_CONTEXT_DEPENDENT,
        /** Some row (target or draft) has a zero-mass token. */
        ZERO_MASS,
        /** Some row is a point mass. */
        ONE_HOT,
        /** At some key of the draft, the draft's row equals the target's law after that prefix. */
        P_EQUALS_Q_AT_A_PREFIX,
        /** The draft model equals the target model. */
        P_EQUALS_Q,
        /** At some key of the draft, its row and the target's law after that prefix have disjoint supports. */
        DISJOINT_SUPPORTS,
        /** A positive mass at most 2^-30. */
        TINY_MASS_2_30,
        /** Every denominator at most 64. */
        SMALL_DENOMINATORS,
        /** A chain. */
        CHAIN,
        /** A tree with iid siblings and some node with two or more children. */
        TREE_IID,
        /** A tree without replacement with some node with two or more children. */
        TREE_WITHOUT_REPLACEMENT,
        /** A top-k tree. */
        TREE_TOP_K,
        /** A dynamic tree. */
        TREE_DYNAMIC,
        /** One draft model per child. */
        INDEPENDENT_DRAFTS,
        /** gamma at its largest. */
        MAX_GAMMA
    }

    /** Instances of every shape. */
    public static Gen<SequenceInstance> instances() {
        return instances(MAX_VOCAB, MAX_GAMMA);
    }

    /** Instances with V &lt;= maxVocab and gamma &lt;= maxGamma. */
    public static Gen<SequenceInstance> instances(int maxVocab, int maxGamma) {
        return rs -> build(pick(rs), 2, maxVocab, maxGamma, false);
    }

    /** Chains only (one draft model, shape [1, ..., 1]). */
    public static Gen<SequenceInstance> chains(int maxVocab, int maxGamma) {
        return rs -> build(pick(rs), 2, maxVocab, maxGamma, true);
    }

    private static Pick pick(org.quicktheories.core.RandomnessSource rs) {
        return (lo, hi) -> (int) rs.next(Constraint.between(lo, hi));
    }

    /** A fixed list of {@code n} instances from a seed. */
    public static List<SequenceInstance> sample(long seed, int n, boolean chainsOnly) {
        SplittableRandom rng = new SplittableRandom(seed);
        Pick p = (lo, hi) -> lo + rng.nextInt(hi - lo + 1);
        List<SequenceInstance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(build(p, 2, MAX_VOCAB, MAX_GAMMA, chainsOnly));
        }
        return out;
    }

    /** One instance from the picks. */
    public static SequenceInstance build(Pick pick, int minVocab, int maxVocab, int maxGamma, boolean chainOnly) {
        int v = pick.between(minVocab, maxVocab);
        int gamma = pick.between(1, maxGamma);
        ContextModel target = targetModel(pick, v, pick.between(0, 2));
        SiblingProcess siblings = chainOnly ? SiblingProcess.IID : SiblingProcess.values()[pick.between(0, 3)];
        int[] shape = new int[gamma];
        for (int d = 0; d < gamma; d++) {
            shape[d] = chainOnly || pick.oneIn(2) ? 1 : pick.between(2, Math.min(3, siblings == SiblingProcess.IID
                ? 3 : v));
        }
        int maxK = java.util.Arrays.stream(shape).max().orElse(1);
        boolean full = siblings == SiblingProcess.WITHOUT_REPLACEMENT;
        ContextModel draft = pick.oneIn(8) && !full ? target : draftModel(pick, target, v, pick.between(0, 2), full);
        String name = "generated";
        SequenceInstance inst;
        if (siblings == SiblingProcess.DYNAMIC) {
            inst = SequenceInstance.dynamic(name, target, draft, gamma, pick.between(1, 2 * gamma + 2));
        } else if (siblings == SiblingProcess.IID && maxK >= 2 && pick.oneIn(5)) {
            List<ContextModel> drafts = new ArrayList<>();
            for (int j = 0; j < maxK; j++) {
                drafts.add(draftModel(pick, target, v, pick.between(0, 1), false));
            }
            inst = SequenceInstance.of(name, gamma, target, drafts, shape, siblings, 0, null);
        } else {
            inst = SequenceInstance.of(name, gamma, target, List.of(draft), shape, siblings, 0, null);
        }
        if (DraftTrees.sizeEstimate(inst).compareTo(BigInteger.valueOf(MAX_TREES)) > 0) {
            inst = SequenceInstance.chain(name, target, draft, gamma);
        }
        return inst;
    }

    /** A target model of the given order: the empty key, and each key of length 1..order with probability 1/2. */
    static ContextModel targetModel(Pick pick, int v, int order) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        for (List<Integer> key : keys(pick, v, order)) {
            rows.put(key, row(pick, v));
        }
        return ContextModel.of(v, rows);
    }

    /**
     * A draft model: for each of its keys, a row related to the target's law after that prefix (equal, near-equal,
     * disjoint, concentrated or independent); with {@code fullSupport}, rows of full support (for trees without
     * replacement).
     */
    static ContextModel draftModel(Pick pick, ContextModel target, int v, int order, boolean fullSupport) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        for (List<Integer> key : keys(pick, v, order)) {
            Distribution p = target.lawAfter(key.stream().mapToInt(Integer::intValue).toArray());
            Distribution q;
            if (fullSupport) {
                q = pick.oneIn(3) ? Distribution.uniform(v) : InstanceGenerators.smallDenominator(pick, v, false);
            } else {
                switch (pick.between(0, 7)) {
                    case 0 -> q = p;
                    case 1 -> q = InstanceGenerators.nearEqual(pick, p);
                    case 2 -> q = InstanceGenerators.disjoint(pick, p);
                    case 3 -> q = InstanceGenerators.onSupport(pick, v, pick.between(1, Math.min(2, v)));
                    default -> q = row(pick, v);
                }
            }
            rows.put(key, q);
        }
        return ContextModel.of(v, rows);
    }

    /** The empty key and each key of length 1..order with probability 1/2. */
    private static List<List<Integer>> keys(Pick pick, int v, int order) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(List.of());
        List<List<Integer>> level = List.of(List.of());
        for (int d = 1; d <= order; d++) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> k : level) {
                for (int t = 0; t < v; t++) {
                    List<Integer> key = new ArrayList<>();
                    key.add(t);
                    key.addAll(k);
                    next.add(List.copyOf(key));
                    if (pick.oneIn(2)) {
                        out.add(List.copyOf(key));
                    }
                }
            }
            level = next;
        }
        return out;
    }

    /** A row: one of {@link InstanceGenerators#law}'s shapes, or an LLM-like row. */
    static Distribution row(Pick pick, int v) {
        return pick.oneIn(4) ? llmLike(pick, v) : InstanceGenerators.law(pick, v);
    }

    /**
     * An LLM-like row: a random token order, weights 2^(c·(v-1-rank)) for c in 1..3 (one dominant token and a
     * geometric tail), sometimes with the last token cut to zero (top-k truncation).
     */
    static Distribution llmLike(Pick pick, int v) {
        int c = pick.between(1, 3);
        int start = pick.between(0, v - 1);
        boolean cut = v > 2 && pick.oneIn(2);
        BigFraction[] w = new BigFraction[v];
        for (int rank = 0; rank < v; rank++) {
            int token = (start + rank) % v;
            w[token] = cut && rank == v - 1 ? BigFraction.ZERO : BigFraction.of(2).pow(c * (v - 1 - rank));
        }
        return Distribution.normalize(w);
    }

    /** The edge cases this instance shows. */
    public static Set<Edge> edges(SequenceInstance inst) {
        Set<Edge> out = EnumSet.noneOf(Edge.class);
        ContextModel p = inst.target();
        out.add(p.order() == 0 ? Edge.TARGET_ORDER_0 : p.order() == 1 ? Edge.TARGET_ORDER_1 : Edge.TARGET_ORDER_2);
        if (inst.gamma() == MAX_GAMMA) {
            out.add(Edge.MAX_GAMMA);
        }
        if (inst.drafts().size() > 1) {
            out.add(Edge.INDEPENDENT_DRAFTS);
        }
        boolean wide = java.util.Arrays.stream(inst.shape()).anyMatch(k -> k >= 2);
        switch (inst.siblings()) {
            case DYNAMIC -> out.add(Edge.TREE_DYNAMIC);
            case TOP_K -> out.add(Edge.TREE_TOP_K);
            case WITHOUT_REPLACEMENT -> out.add(wide ? Edge.TREE_WITHOUT_REPLACEMENT : Edge.CHAIN);
            default -> out.add(wide ? Edge.TREE_IID : Edge.CHAIN);
        }
        boolean small = true;
        List<Distribution> all = new ArrayList<>(p.rows().values());
        for (ContextModel q : inst.drafts()) {
            if (q.equals(p)) {
                out.add(Edge.P_EQUALS_Q);
            }
            if (!q.isConstant()) {
                out.add(Edge.DRAFT_CONTEXT_DEPENDENT);
            }
            for (Map.Entry<List<Integer>, Distribution> e : q.rows().entrySet()) {
                Distribution pr = p.lawAfter(e.getKey().stream().mapToInt(Integer::intValue).toArray());
                Distribution qr = e.getValue();
                if (pr.equals(qr)) {
                    out.add(Edge.P_EQUALS_Q_AT_A_PREFIX);
                }
                boolean overlap = false;
                for (int y = 0; y < pr.size(); y++) {
                    overlap |= pr.positive(y) && qr.positive(y);
                }
                if (!overlap) {
                    out.add(Edge.DISJOINT_SUPPORTS);
                }
                all.add(qr);
            }
        }
        BigFraction t30 = BigFraction.ONE.divide(BigFraction.of(2).pow(InstanceGenerators.TINY_EXPONENT));
        for (Distribution d : all) {
            if (d.supportSize() < d.size()) {
                out.add(Edge.ZERO_MASS);
            }
            if (d.supportSize() == 1) {
                out.add(Edge.ONE_HOT);
            }
            for (int y = 0; y < d.size(); y++) {
                BigFraction m = d.p(y);
                if (m.signum() > 0 && Fractions.compare(m, t30) <= 0) {
                    out.add(Edge.TINY_MASS_2_30);
                }
                small &= m.getDenominator().compareTo(BigInteger.valueOf(64)) <= 0;
            }
        }
        if (small) {
            out.add(Edge.SMALL_DENOMINATORS);
        }
        return out;
    }
}
