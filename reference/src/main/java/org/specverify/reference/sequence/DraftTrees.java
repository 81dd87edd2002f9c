package org.specverify.reference.sequence;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;

/**
 * Exact enumeration of the draft trees of a {@link SequenceInstance}: every tree of positive probability with its exact
 * probability, for each {@link SiblingProcess}.
 *
 * <ul>
 *   <li>iid: at every node the ordered k-tuple of children, each drawn from q(.|path) (or child j from draft model j),
 *       independently given the node's path; the tree's probability is the product over nodes.</li>
 *   <li>without replacement: ordered tuples of distinct tokens with the sequential renormalised probabilities.</li>
 *   <li>top-k and dynamic: the one deterministic tree, probability 1.</li>
 * </ul>
 *
 * <p>Nodes are drawn breadth-first (the root's children, then each depth-1 node's children in order, ...), which
 * fixes the enumeration order; each tree is handed over in depth-first pre-order layout ({@link DraftTree}). Distinct
 * draws give distinct trees, so the probabilities need no merging.
 *
 * <p><b>Size.</b> {@link #sizeEstimate} is an upper bound on the number of trees computed from the shape and the
 * largest support S of any row of the draft models before anything is enumerated: S^N for iid siblings with N nodes;
 * prod_d (S)_(k_d)^(nodes at depth d-1) without replacement ((S)_k the falling factorial); 1 for top-k and dynamic. An
 * enumeration whose estimate exceeds its limit throws {@link TooLargeException} with the estimate and the limit before
 * any work.
 */
public final class DraftTrees {
    /** The default limit of {@link #forEach}: 5·10^6 trees (streamed, nothing kept). */
    public static final long DEFAULT_STREAM_LIMIT = 5_000_000L;
    /** The default limit of {@link #law}: 200,000 trees (all kept in memory). */
    public static final long DEFAULT_LAW_LIMIT = 200_000L;

    /** Estimates above 2^4096 are reported as 2^4096: far beyond any limit. */
    private static final BigInteger CAP = BigInteger.TWO.pow(4096);

    private DraftTrees() {
    }

    /** Receives each tree of positive probability once. */
    @FunctionalInterface
    public interface TreeConsumer {
        void accept(DraftTree tree, BigFraction probability);
    }

    /**
     * An upper bound on the number of draft trees of positive probability (see the class comment; capped at 2^4096);
     * exact when every row of the draft models has full support S = V (iid, without replacement) and for deterministic
     * trees.
     */
    public static BigInteger sizeEstimate(SequenceInstance inst) {
        if (inst.siblings().deterministic()) {
            return BigInteger.ONE;
        }
        int s = 0;
        for (ContextModel q : inst.drafts()) {
            for (Distribution row : q.rows().values()) {
                s = Math.max(s, row.supportSize());
            }
        }
        BigInteger total = BigInteger.ONE;
        BigInteger parentsAtDepth = BigInteger.ONE;
        BigInteger sBig = BigInteger.valueOf(s);
        for (int k : inst.shape()) {
            BigInteger perNode;
            if (inst.siblings() == SiblingProcess.IID) {
                perNode = sBig.pow(k);
            } else {
                perNode = BigInteger.ONE;
                for (int i = 0; i < k; i++) {
                    perNode = perNode.multiply(BigInteger.valueOf(Math.max(0, s - i)));
                }
            }
            if (perNode.signum() == 0) {
                return BigInteger.ZERO;
            }
            if (perNode.compareTo(BigInteger.ONE) > 0) {
                if (parentsAtDepth.bitLength() > 13) {
                    return CAP;
                }
                total = total.multiply(perNode.pow(parentsAtDepth.intValueExact()));
                if (total.compareTo(CAP) > 0) {
                    return CAP;
                }
            }
            parentsAtDepth = parentsAtDepth.multiply(BigInteger.valueOf(k));
        }
        return total;
    }

    /** {@link #forEach(SequenceInstance, int[], long, TreeConsumer)} at the empty context and the default limit. */
    public static void forEach(SequenceInstance inst, TreeConsumer consumer) {
        forEach(inst, new int[0], DEFAULT_STREAM_LIMIT, consumer);
    }

    /**
     * Calls {@code consumer} once for every draft tree of positive probability, with its exact probability; the
     * probabilities sum to 1.
     *
     * @param context the tokens before the step (the models read the context followed by the node's path)
     * @param limit   the largest {@link #sizeEstimate} accepted
     * @throws TooLargeException    when the estimate exceeds the limit (before any work)
     * @throws InvalidInputException when a node without replacement has fewer than k tokens of positive draft mass
     */
    public static void forEach(SequenceInstance inst, int[] context, long limit, TreeConsumer consumer) {
        requireWithin(inst, limit);
        if (inst.siblings() == SiblingProcess.DYNAMIC) {
            consumer.accept(dynamicTree(inst.draftFor(0), context, inst.gamma(), inst.nodeBudget()), Fractions.ONE);
            return;
        }
        new Walk(inst, context, consumer).expand(0, Fractions.ONE);
    }

    /** The law of the draft trees at the empty context with {@link #DEFAULT_LAW_LIMIT}. */
    public static Map<DraftTree, BigFraction> law(SequenceInstance inst) {
        return law(inst, new int[0], DEFAULT_LAW_LIMIT);
    }

    /**
     * The law of the draft trees, in enumeration order.
     *
     * @throws TooLargeException when the estimate exceeds the limit (before any work)
     */
    public static Map<DraftTree, BigFraction> law(SequenceInstance inst, int[] context, long limit) {
        Map<DraftTree, BigFraction> law = new LinkedHashMap<>();
        forEach(inst, context, limit, (t, p) -> law.merge(t, p, BigFraction::add));
        return law;
    }

    /** Throws {@link TooLargeException} when the size estimate of the instance exceeds {@code limit}. */
    public static void requireWithin(SequenceInstance inst, long limit) {
        BigInteger estimate = sizeEstimate(inst);
        if (estimate.compareTo(BigInteger.valueOf(limit)) > 0) {
            throw new TooLargeException("draft trees of '" + inst.name() + "': up to " + describe(estimate)
                + " trees (" + inst + "), above the limit of " + limit + "; a smaller vocabulary, gamma or tree, or a"
                + " deterministic sibling process, fits");
        }
    }

    private static String describe(BigInteger n) {
        String s = n.toString();
        return s.length() <= 24 ? s : "about 10^" + (s.length() - 1);
    }

    /**
     * The EAGLE-2-style dynamic tree of {@link SiblingProcess#DYNAMIC}: the {@code budget} best paths of depth at most
     * gamma by cumulative draft probability (ties: shorter first, then smaller token ids), children in the order
     * chosen. Best-first search: since a child ranks strictly below its parent, popping the best frontier path
     * {@code budget} times yields the global order.
     */
    public static DraftTree dynamicTree(ContextModel q, int[] context, int gamma, int budget) {
        record Cand(int[] path, BigFraction value, int parentNode) {
        }
        PriorityQueue<Cand> frontier = new PriorityQueue<>((a, b) -> {
            int c = Fractions.compare(b.value, a.value);
            if (c != 0) {
                return c;
            }
            if (a.path.length != b.path.length) {
                return Integer.compare(a.path.length, b.path.length);
            }
            return Arrays.compare(a.path, b.path);
        });
        pushChildren(frontier, q, context, new int[0], Fractions.ONE, DraftTree.ROOT, Cand::new);
        List<Integer> tokens = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        while (tokens.size() < budget && !frontier.isEmpty()) {
            Cand c = frontier.poll();
            int node = tokens.size();
            tokens.add(c.path[c.path.length - 1]);
            parents.add(c.parentNode);
            if (c.path.length < gamma) {
                pushChildren(frontier, q, context, c.path, c.value, node, Cand::new);
            }
        }
        return DraftTree.fromParents(tokens.stream().mapToInt(Integer::intValue).toArray(),
            parents.stream().mapToInt(Integer::intValue).toArray());
    }

    private interface CandFactory<C> {
        C make(int[] path, BigFraction value, int parentNode);
    }

    private static <C> void pushChildren(PriorityQueue<C> frontier, ContextModel q, int[] context, int[] path,
                                         BigFraction value, int node, CandFactory<C> make) {
        Distribution law = q.lawAfter(context, path);
        for (int x = 0; x < law.size(); x++) {
            if (law.positive(x)) {
                int[] child = Arrays.copyOf(path, path.length + 1);
                child[path.length] = x;
                frontier.add(make.make(child, value.multiply(law.p(x)), node));
            }
        }
    }

    /** The top-k tree: every node's children are the k_d tokens of largest q(.|path), ties to the lowest id. */
    public static DraftTree topKTree(SequenceInstance inst, int[] context) {
        Map<DraftTree, BigFraction> one = new LinkedHashMap<>();
        new Walk(inst, context, one::put).expand(0, Fractions.ONE);
        return one.keySet().iterator().next();
    }

    /** The breadth-first draw of every node's children. */
    private static final class Walk {
        private final SequenceInstance inst;
        private final int[] context;
        private final TreeConsumer consumer;
        private final int[] shape;
        private final int gamma;
        private final int[] tokens;
        private final int[] parents;
        private final int[] depth;
        private int count;

        Walk(SequenceInstance inst, int[] context, TreeConsumer consumer) {
            this.inst = inst;
            this.context = context.clone();
            this.consumer = consumer;
            this.shape = inst.shape();
            this.gamma = inst.gamma();
            int n = inst.nodeCount().intValueExact();
            tokens = new int[n];
            parents = new int[n];
            depth = new int[n];
        }

        /** Expands node {@code cursor - 1} (the root for cursor 0), then the rest. */
        void expand(int cursor, BigFraction prob) {
            int node = cursor - 1;
            if (node >= count) {
                consumer.accept(DraftTree.fromParents(Arrays.copyOf(tokens, count), Arrays.copyOf(parents, count)),
                    prob);
                return;
            }
            int d = node < 0 ? 0 : depth[node];
            if (d == gamma) {
                expand(cursor + 1, prob);
                return;
            }
            int k = shape[d];
            int[] path = pathOf(node);
            int first = count;
            count += k;
            for (int j = 0; j < k; j++) {
                parents[first + j] = node;
                depth[first + j] = d + 1;
            }
            switch (inst.siblings()) {
                case IID -> iid(cursor, path, first, k, 0, prob);
                case WITHOUT_REPLACEMENT -> withoutReplacement(cursor, path, first, k, prob);
                case TOP_K -> {
                    int[] order = inst.draftFor(0).lawAfter(context, path).tokensByDecreasingMass();
                    for (int j = 0; j < k; j++) {
                        tokens[first + j] = order[j];
                    }
                    expand(cursor + 1, prob);
                }
                default -> throw new IllegalStateException("not a shaped tree: " + inst.siblings());
            }
            count -= k;
        }

        private void iid(int cursor, int[] path, int first, int k, int j, BigFraction prob) {
            if (j == k) {
                expand(cursor + 1, prob);
                return;
            }
            Distribution q = inst.draftFor(j).lawAfter(context, path);
            for (int x = 0; x < q.size(); x++) {
                if (q.positive(x)) {
                    tokens[first + j] = x;
                    iid(cursor, path, first, k, j + 1, prob.multiply(q.p(x)));
                }
            }
        }

        private void withoutReplacement(int cursor, int[] path, int first, int k, BigFraction prob) {
            Distribution q = inst.draftFor(0).lawAfter(context, path);
            if (q.supportSize() < k) {
                throw new InvalidInputException("tree of '" + inst.name() + "': the node at "
                    + ContextModel.describePrefix(Arrays.stream(path).boxed().toList()) + " needs " + k
                    + " distinct draft tokens without replacement but q has " + q.supportSize()
                    + " tokens of positive mass there");
            }
            wr(cursor, q, first, k, 0, new boolean[q.size()], Fractions.ONE, prob);
        }

        private void wr(int cursor, Distribution q, int first, int k, int j, boolean[] used, BigFraction left,
                        BigFraction prob) {
            if (j == k) {
                expand(cursor + 1, prob);
                return;
            }
            for (int x = 0; x < q.size(); x++) {
                if (!used[x] && q.positive(x)) {
                    used[x] = true;
                    tokens[first + j] = x;
                    wr(cursor, q, first, k, j + 1, used, left.subtract(q.p(x)), prob.multiply(q.p(x)).divide(left));
                    used[x] = false;
                }
            }
        }

        private int[] pathOf(int node) {
            if (node < 0) {
                return new int[0];
            }
            int[] p = new int[depth[node]];
            for (int i = node; i >= 0; i = parents[i]) {
                p[depth[i] - 1] = tokens[i];
            }
            return p;
        }
    }
}
