package org.specverify.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Uniforms;
import org.specverify.gpu.SequenceBatchVerifier.Result;
import org.specverify.gpu.SequenceBatchVerifier.Status;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.Tolerance;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Certified;
import org.specverify.reference.arith.EmptyLaw;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Undecided;
import org.specverify.reference.bench.LlmLikeRows;
import org.specverify.reference.interpret.NoToken;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * Differential check of the sequence kernels ({@link SequenceBatchVerifier}) against the sequence reference
 * (BlockVerification, TreeVerification) on the same rows and the same uniforms.
 *
 * <p>Each request's float32 rows are read by the reference as their exact laws ({@code Distribution.ofFloats}) in a
 * context model keyed by the drafted paths (the law after x_1..x_i is row i), and the reference's verifier runs in
 * certified floating point ({@link Certified}), handing every comparison it cannot prove to the exact arithmetic: the
 * reference decision is the exact one. A kernel block that differs is excused as a near tie only when the exact run's
 * smallest relative margin is within {@link #NEAR_TIE}; every other difference is a mismatch. Where the reference
 * refuses the input (a bad row, a token out of range, a parent out of range, a drafted token of draft mass zero,
 * missing or bad uniforms) or finds no token (an empty residual), the kernel must report an error status of that kind.
 */
public final class SequenceConformance {
    /**
     * A differing decision is excused when the exact margin of the reference's closest comparison is at most this
     * (relative): the kernel computes in double from float32 rows, so its thresholds err by about V 2^-53, far below.
     * Not a proved bound of the kernel's error; the number of excused requests is reported.
     */
    public static final Tolerance NEAR_TIE = Tolerance.absolute(1e-9);

    private SequenceConformance() {
    }

    /** One drafted chain: target rows [gamma + 1][V], draft rows [gamma][V], the drafted tokens [gamma]. */
    public record Chain(float[][] target, float[][] draft, int[] tokens) {
    }

    /**
     * One drafted tree: tokens and parents [N] in depth-first order, target and draft rows by slot [N + 1][V] (slot 0
     * the root, slot i + 1 node i), the shape it was drafted with (children per depth) and its sibling process.
     */
    public record Tree(float[][] target, float[][] draft, int[] tokens, int[] parents, int[] shape) {
    }

    /** The outcome of a comparison. */
    public record Report(String device, String scheme, int requests, int mismatches, int excusedNearTies,
                         int exactFallbacks, int errorStatuses, long acceptedTokens, List<String> details) {
        public boolean passed() {
            return mismatches == 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s on %s: %d requests (%d accepted tokens), %d mismatches, %d excused"
                    + " near ties (exact margin %s), %d decided exactly (certified undecided), %d error statuses%s",
                scheme, device, requests, acceptedTokens, mismatches, excusedNearTies, NEAR_TIE, exactFallbacks,
                errorStatuses, details.isEmpty() ? "" : "; " + details);
        }
    }

    // ----------------------------------------------------------------------------------------------------- batches

    /** The kernel batch of these chains (all of one gamma and V). */
    public static SequenceBatchVerifier.Blocks blocks(List<Chain> cs) {
        int n = cs.size();
        int g = cs.get(0).tokens().length;
        int v = cs.get(0).target()[0].length;
        float[] t = new float[Math.toIntExact(GpuLimits.times(n, g + 1, v))];
        float[] d = new float[Math.toIntExact(GpuLimits.times(n, g, v))];
        int[] x = new int[n * g];
        for (int b = 0; b < n; b++) {
            Chain c = cs.get(b);
            for (int i = 0; i <= g; i++) {
                System.arraycopy(c.target()[i], 0, t, (b * (g + 1) + i) * v, v);
                if (i < g) {
                    System.arraycopy(c.draft()[i], 0, d, (b * g + i) * v, v);
                }
            }
            System.arraycopy(c.tokens(), 0, x, b * g, g);
        }
        return new SequenceBatchVerifier.Blocks(n, g, v, t, d, x);
    }

    /** The kernel batch of these trees (all of one N and V). */
    public static SequenceBatchVerifier.Trees trees(List<Tree> ts) {
        int n = ts.size();
        int nodes = ts.get(0).tokens().length;
        int v = ts.get(0).target()[0].length;
        float[] t = new float[Math.toIntExact(GpuLimits.times(n, nodes + 1, v))];
        float[] d = new float[Math.toIntExact(GpuLimits.times(n, nodes + 1, v))];
        int[] x = new int[n * nodes];
        int[] par = new int[n * nodes];
        for (int b = 0; b < n; b++) {
            Tree tr = ts.get(b);
            for (int s = 0; s <= nodes; s++) {
                System.arraycopy(tr.target()[s], 0, t, (b * (nodes + 1) + s) * v, v);
                System.arraycopy(tr.draft()[s], 0, d, (b * (nodes + 1) + s) * v, v);
            }
            System.arraycopy(tr.tokens(), 0, x, b * nodes, nodes);
            System.arraycopy(tr.parents(), 0, par, b * nodes, nodes);
        }
        return new SequenceBatchVerifier.Trees(n, nodes, v, t, d, x, par);
    }

    // --------------------------------------------------------------------------------------------------- reference

    /** The reference's instance of a chain: the law after x_1..x_i is row i. */
    public static SequenceInstance instance(Chain c) {
        int g = c.tokens().length;
        int v = c.target()[0].length;
        Map<List<Integer>, Distribution> p = new LinkedHashMap<>();
        Map<List<Integer>, Distribution> q = new LinkedHashMap<>();
        for (int i = 0; i <= g; i++) {
            List<Integer> key = prefix(c.tokens(), i);
            p.put(key, Distribution.ofFloats(c.target()[i], "target row " + i));
            if (i < g) {
                q.put(key, Distribution.ofFloats(c.draft()[i], "draft row " + i));
                int x = c.tokens()[i];
                if (x >= 0 && x < v && !(c.draft()[i][x] > 0)) {
                    throw new InvalidInputException("drafted token " + x + " at depth " + (i + 1)
                        + " has draft mass 0 in draft row " + i);
                }
            }
        }
        return SequenceInstance.chain("gpu chain", ContextModel.of(v, p), ContextModel.of(v, q), g);
    }

    /** The reference's draft tree of a chain. */
    public static DraftedTree drafted(Chain c) {
        int g = c.tokens().length;
        int[] par = new int[g];
        for (int i = 0; i < g; i++) {
            par[i] = i - 1;
        }
        return DraftedTree.of(DraftTree.of(c.tokens().clone(), par));
    }

    /** The reference's instance of a tree: the laws after every root path, by slot. */
    public static SequenceInstance instance(Tree t, TreeScheme scheme) {
        DraftTree tree = DraftTree.of(t.tokens().clone(), t.parents().clone());
        int v = t.target()[0].length;
        Map<List<Integer>, Distribution> p = new LinkedHashMap<>();
        Map<List<Integer>, Distribution> q = new LinkedHashMap<>();
        Map<List<Integer>, Integer> slotOf = new HashMap<>();
        for (int s = 0; s <= t.tokens().length; s++) {
            List<Integer> key = s == 0 ? List.of() : Arrays.stream(tree.path(s - 1)).boxed().toList();
            Integer prev = slotOf.putIfAbsent(key, s);
            if (prev != null) {
                if (!Arrays.equals(t.target()[prev], t.target()[s]) || !Arrays.equals(t.draft()[prev], t.draft()[s])) {
                    throw new InvalidInputException("slots " + prev + " and " + s + " have the same root path " + key
                        + " but different rows");
                }
                continue;
            }
            p.put(key, Distribution.ofFloats(t.target()[s], "target row of slot " + s));
            q.put(key, Distribution.ofFloats(t.draft()[s], "draft row of slot " + s));
        }
        return SequenceInstance.tree("gpu tree", ContextModel.of(v, p), ContextModel.of(v, q), t.shape(),
            siblings(scheme));
    }

    static SiblingProcess siblings(TreeScheme s) {
        return switch (s) {
            case RRS -> SiblingProcess.IID;
            case RRS_WOR -> SiblingProcess.WITHOUT_REPLACEMENT;
            case DETERMINISTIC -> SiblingProcess.TOP_K;
        };
    }

    private static List<Integer> prefix(int[] x, int n) {
        return Arrays.stream(Arrays.copyOf(x, n)).boxed().toList();
    }

    /** The reference's block with its arithmetic route. */
    public record Decision(int[] block, boolean exact) {
        public int accepted() {
            return block.length - 1;
        }
    }

    /**
     * The reference's block on the drafted tree with the uniforms of {@code source} (stream {@link Draws#VERIFY}):
     * certified floating point, the exact arithmetic where a comparison is undecided.
     *
     * @throws InvalidInputException when the reference refuses the input or the uniforms
     * @throws NoToken               when the closing law is empty at a boundary uniform
     */
    public static Decision decide(SequenceScheme scheme, SequenceInstance inst, DraftedTree tree,
                                  ToDoubleFunction<DrawId> source, org.specverify.reference.interpret.Uniforms policy) {
        try {
            return new Decision(run(scheme, inst, tree, Certified.INSTANCE,
                UniformDraws.of(Certified.INSTANCE, source, Draws.VERIFY, policy)), false);
        } catch (Undecided u) {
            return new Decision(run(scheme, inst, tree, Exact.INSTANCE,
                UniformDraws.of(Exact.INSTANCE, source, Draws.VERIFY, policy)), true);
        }
    }

    /** The exact run's smallest relative margin over its comparisons and draws. */
    static double exactMargin(SequenceScheme scheme, SequenceInstance inst, DraftedTree tree,
                              ToDoubleFunction<DrawId> source, org.specverify.reference.interpret.Uniforms policy) {
        UniformDraws<BigFraction> d = UniformDraws.exact(source, Draws.VERIFY, policy);
        run(scheme, inst, tree, Exact.INSTANCE, d);
        return d.margin().doubleValue();
    }

    private static <S> int[] run(SequenceScheme scheme, SequenceInstance inst, DraftedTree tree, Arithmetic<S> ar,
                                 UniformDraws<S> draws) {
        try {
            BlockOutcome<S> o = scheme.verifier(new StepLaws<>(ar, inst, new int[0])).verify(draws, tree);
            int[] path = o.accepted();
            int[] block = Arrays.copyOf(path, path.length + 1);
            block[path.length] = o instanceof BlockOutcome.Fixed<S> f ? f.token()
                : draws.sample(((BlockOutcome.Emit<S>) o).what(), ((BlockOutcome.Emit<S>) o).law());
            return block;
        } catch (EmptyLaw e) {
            throw new NoToken("the law of the draw is empty (total mass zero): " + e.getMessage());
        }
    }

    /** The verifier uniforms of request {@code b}, as the kernel saw them. */
    static ToDoubleFunction<DrawId> source(Uniforms u, int b) {
        if (u instanceof Philox p) {
            long pos = p.position0() + b;
            return id -> {
                if (!id.stream().equals(Draws.VERIFY)) {
                    throw new InvalidInputException("the kernel draws only verifier uniforms, the reference asked for "
                        + id);
                }
                return CounterUniforms.uniformFloat(p.seed(), pos, CounterUniforms.VERIFY_STREAM, (int) id.index());
            };
        }
        Explicit e = (Explicit) u;
        return UniformDraws.indexed(Draws.VERIFY, d -> e.uniforms()[b * e.stride() + d], e.stride());
    }

    static org.specverify.reference.interpret.Uniforms policy(Uniforms u) {
        return u instanceof Explicit e && e.boundary() ? org.specverify.reference.interpret.Uniforms.BOUNDARY
            : org.specverify.reference.interpret.Uniforms.OPEN;
    }

    // ------------------------------------------------------------------------------------------------- comparisons

    /** Compares a block kernel result with the reference's {@code block}, request by request. */
    public static Report compareBlocks(String device, List<Chain> cs, Uniforms u, Result r) {
        SequenceScheme scheme = SequenceSchemes.reference().get("block");
        List<Request> rq = new ArrayList<>();
        for (Chain c : cs) {
            rq.add(new Request(() -> instance(c), () -> drafted(c)));
        }
        return compare(device, scheme, rq, u, r);
    }

    /** Compares a tree kernel result with the reference's tree scheme, request by request. */
    public static Report compareTrees(String device, TreeScheme ts, List<Tree> trees, Uniforms u, Result r) {
        SequenceScheme scheme = SequenceSchemes.reference().get(ts.id());
        List<Request> rq = new ArrayList<>();
        for (Tree t : trees) {
            rq.add(new Request(() -> instance(t, ts),
                () -> DraftedTree.of(DraftTree.of(t.tokens().clone(), t.parents().clone()))));
        }
        return compare(device, scheme, rq, u, r);
    }

    private record Request(java.util.function.Supplier<SequenceInstance> instance,
                           java.util.function.Supplier<DraftedTree> tree) {
    }

    private static Report compare(String device, SequenceScheme scheme, List<Request> rq, Uniforms u, Result r) {
        int mismatches = 0;
        int excused = 0;
        int exact = 0;
        int errors = 0;
        long accepted = 0;
        List<String> details = new ArrayList<>();
        org.specverify.reference.interpret.Uniforms policy = policy(u);
        for (int b = 0; b < rq.size(); b++) {
            Status st = r.status()[b];
            errors += st == Status.OK ? 0 : 1;
            accepted += st == Status.OK ? r.accepted()[b] : 0;
            ToDoubleFunction<DrawId> src = source(u, b);
            SequenceInstance inst = null;
            DraftedTree tree = null;
            Decision ref = null;
            String refError = null;
            try {
                inst = rq.get(b).instance().get();
                tree = rq.get(b).tree().get();
                ref = decide(scheme, inst, tree, src, policy);
            } catch (InvalidInputException e) {
                refError = "invalid: " + e.getMessage();
            } catch (NoToken e) {
                refError = "no token: " + e.getMessage();
            }
            if (refError != null) {
                boolean ok = refError.startsWith("invalid")
                    ? st == Status.BAD_INPUT || st == Status.ZERO_DRAFT_MASS || st == Status.NONFINITE
                    || st == Status.BAD_TOKEN || st == Status.BAD_UNIFORM || st == Status.UNIFORMS_EXHAUSTED
                    || st == Status.BAD_PARENT
                    : st == Status.NO_CELL || st == Status.EMPTY_RESIDUAL;
                if (!ok) {
                    mismatches++;
                    add(details, "request " + b + ": reference " + refError + " but kernel " + st + " block "
                        + Arrays.toString(r.block(b)));
                }
                continue;
            }
            exact += ref.exact() ? 1 : 0;
            int[] kb = r.block(b);
            if (st == Status.OK && Arrays.equals(kb, ref.block())) {
                continue;
            }
            double margin = exactMargin(scheme, inst, tree, src, policy);
            if (NEAR_TIE.test(margin, 0)) {
                excused++;
                add(details, String.format(Locale.ROOT, "excused near tie at request %d: reference %s, kernel %s %s;"
                    + " exact margin %.3g", b, Arrays.toString(ref.block()), st, Arrays.toString(kb), margin));
            } else {
                mismatches++;
                add(details, String.format(Locale.ROOT, "request %d: reference block %s, kernel %s block %s; exact"
                    + " margin %.3g, kernel margin %.3g", b, Arrays.toString(ref.block()), st, Arrays.toString(kb),
                    margin, r.margin()[b]));
            }
        }
        return new Report(device, scheme.id(), rq.size(), mismatches, excused, exact, errors, accepted, details);
    }

    private static void add(List<String> details, String s) {
        if (details.size() < 20) {
            details.add(s);
        }
    }

    // --------------------------------------------------------------------------------------------------- workloads

    /**
     * LLM-like chains (Zipf logits, target and draft as noisy views of them, {@link LlmLikeRows}), the draft token at
     * each depth drawn from that depth's draft row; seeded.
     */
    public static List<Chain> llmChains(int requests, int gamma, int vocab, long seed) {
        Random rng = new Random(seed);
        List<Chain> out = new ArrayList<>(requests);
        for (int b = 0; b < requests; b++) {
            float[][] t = new float[gamma + 1][];
            float[][] d = new float[gamma][];
            int[] x = new int[gamma];
            for (int i = 0; i <= gamma; i++) {
                LlmLikeRows rows = LlmLikeRows.generate(rng.nextLong(), vocab, 1);
                t[i] = rows.target();
                if (i < gamma) {
                    d[i] = rows.draft(0);
                    x[i] = sample(d[i], rng.nextDouble());
                }
            }
            out.add(new Chain(t, d, x));
        }
        return out;
    }

    /**
     * LLM-like trees of the given shape (children per depth) in depth-first order: at each node rows from
     * {@link LlmLikeRows} (one pair per distinct root path), children drawn from the node's draft row as the scheme's
     * sibling process does (iid, without replacement, or the top-K of q, largest first, lowest token on ties); seeded.
     */
    public static List<Tree> llmTrees(TreeScheme scheme, int requests, int[] shape, int vocab, long seed) {
        Random rng = new Random(seed);
        List<Tree> out = new ArrayList<>(requests);
        for (int b = 0; b < requests; b++) {
            Map<List<Integer>, float[][]> byPath = new HashMap<>();
            out.add(drawTree(scheme, shape, path -> byPath.computeIfAbsent(path, k -> {
                LlmLikeRows r = LlmLikeRows.generate(rng.nextLong(), vocab, 1);
                return new float[][] {r.target(), r.draft(0)};
            }), rng));
        }
        return out;
    }

    /**
     * A tree of the given shape drawn in depth-first order: {@code rowsAt} gives the (target, draft) rows after a root
     * path, the children of a node are drawn from its draft row as the scheme's sibling process does (iid, without
     * replacement, or the top-K of q, largest first, lowest token on ties) with {@code rng}.
     */
    public static Tree drawTree(TreeScheme scheme, int[] shape, java.util.function.Function<List<Integer>, float[][]>
        rowsAt, Random rng) {
        List<Integer> tokens = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        List<float[]> t = new ArrayList<>();
        List<float[]> d = new ArrayList<>();
        float[][] root = rowsAt.apply(List.of());
        t.add(root[0]);
        d.add(root[1]);
        grow(scheme, shape, 0, -1, List.of(), root[1], rng, rowsAt, tokens, parents, t, d);
        return new Tree(t.toArray(float[][]::new), d.toArray(float[][]::new),
            tokens.stream().mapToInt(Integer::intValue).toArray(),
            parents.stream().mapToInt(Integer::intValue).toArray(), shape.clone());
    }

    private static void grow(TreeScheme scheme, int[] shape, int depth, int parent, List<Integer> path, float[] q,
                             Random rng, java.util.function.Function<List<Integer>, float[][]> rowsAt,
                             List<Integer> tokens, List<Integer> parents, List<float[]> t, List<float[]> d) {
        if (depth == shape.length) {
            return;
        }
        int[] kids = children(scheme, q, shape[depth], rng);
        for (int y : kids) {
            int node = tokens.size();
            tokens.add(y);
            parents.add(parent);
            List<Integer> p2 = new ArrayList<>(path);
            p2.add(y);
            float[][] r = rowsAt.apply(List.copyOf(p2));
            t.add(r[0]);
            d.add(r[1]);
            grow(scheme, shape, depth + 1, node, List.copyOf(p2), r[1], rng, rowsAt, tokens, parents, t, d);
        }
    }

    private static int[] children(TreeScheme scheme, float[] q, int k, Random rng) {
        int[] out = new int[k];
        switch (scheme) {
            case RRS -> {
                for (int j = 0; j < k; j++) {
                    out[j] = sample(q, rng.nextDouble());
                }
            }
            case RRS_WOR -> {
                float[] w = q.clone();
                for (int j = 0; j < k; j++) {
                    out[j] = sample(w, rng.nextDouble());
                    w[out[j]] = 0;
                }
            }
            default -> {
                Integer[] idx = new Integer[q.length];
                for (int i = 0; i < q.length; i++) {
                    idx[i] = i;
                }
                Arrays.sort(idx, (a, b) -> q[a] != q[b] ? Float.compare(q[b], q[a]) : Integer.compare(a, b));
                for (int j = 0; j < k; j++) {
                    out[j] = idx[j];
                }
            }
        }
        return out;
    }

    /** The token of cumulative mass u (relative to the row's total) among the positive entries. */
    static int sample(float[] row, double u) {
        double total = 0;
        for (float f : row) {
            total += f;
        }
        double t = u * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < row.length; i++) {
            if (row[i] > 0) {
                acc += row[i];
                last = i;
                if (t < acc) {
                    return i;
                }
            }
        }
        return last;
    }
}
