package org.specverify.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.SequenceBatchVerifier.Result;
import org.specverify.gpu.SequenceBatchVerifier.Status;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.gpu.SequenceConformance.Chain;
import org.specverify.gpu.SequenceConformance.Tree;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.Distribution;
import org.specverify.reference.bench.LlmLikeRows;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * The law checks of the sequence kernels, shared by SequenceLawTest and SequenceBrokenKernelsTest: a small model with
 * a row after every prefix, the kernel's block law by uniform injection on a midpoint grid against the reference's
 * exact block law ({@link SequenceExact#blockLaw}), and G-tests of sampled blocks against it.
 */
final class SequenceChecks {
    /** The seed of the law checks. */
    static final long SEED = 20261207L;
    /** The level of the G-tests. */
    static final double ALPHA = 1e-4;

    private SequenceChecks() {
    }

    /** A model with its own float rows after every prefix of length 0..depth (target) and 0..depth - 1 (draft). */
    record Model(int vocab, int depth, Map<List<Integer>, float[]> p, Map<List<Integer>, float[]> q) {
        static Model generate(int vocab, int depth, long seed) {
            Random rng = new Random(seed);
            Map<List<Integer>, float[]> p = new LinkedHashMap<>();
            Map<List<Integer>, float[]> q = new LinkedHashMap<>();
            List<List<Integer>> level = List.of(List.of());
            for (int d = 0; d <= depth; d++) {
                List<List<Integer>> nextLevel = new ArrayList<>();
                for (List<Integer> key : level) {
                    LlmLikeRows r = LlmLikeRows.generate(rng.nextLong(), vocab, 1);
                    p.put(key, r.target());
                    if (d < depth) {
                        q.put(key, r.draft(0));
                        for (int y = 0; y < vocab; y++) {
                            List<Integer> k2 = new ArrayList<>(key);
                            k2.add(y);
                            nextLevel.add(List.copyOf(k2));
                        }
                    }
                }
                level = nextLevel;
            }
            return new Model(vocab, depth, p, q);
        }

        ContextModel target() {
            return model(p);
        }

        ContextModel draft() {
            return model(q);
        }

        private ContextModel model(Map<List<Integer>, float[]> rows) {
            Map<List<Integer>, Distribution> m = new LinkedHashMap<>();
            rows.forEach((k, v) -> m.put(k, Distribution.ofFloats(v, "row after " + k)));
            return ContextModel.of(vocab, m);
        }

        /** The chain x with its rows. */
        Chain chain(int[] x) {
            int g = x.length;
            float[][] t = new float[g + 1][];
            float[][] d = new float[g][];
            for (int i = 0; i <= g; i++) {
                List<Integer> key = Arrays.stream(Arrays.copyOf(x, i)).boxed().toList();
                t[i] = p.get(key);
                if (i < g) {
                    d[i] = q.get(key);
                }
            }
            return new Chain(t, d, x.clone());
        }

        /** The probability that the draft model drafts the chain x (double). */
        double draftProbability(int[] x) {
            double pr = 1;
            for (int i = 0; i < x.length; i++) {
                float[] row = q.get(Arrays.stream(Arrays.copyOf(x, i)).boxed().toList());
                double s = 0;
                for (float f : row) {
                    s += f;
                }
                pr *= row[x[i]] / s;
            }
            return pr;
        }

        /** A chain drafted from the draft model with rng. */
        int[] drawChain(int g, Random rng) {
            int[] x = new int[g];
            for (int i = 0; i < g; i++) {
                x[i] = SequenceConformance.sample(q.get(Arrays.stream(Arrays.copyOf(x, i)).boxed().toList()),
                    rng.nextDouble());
            }
            return x;
        }

        /** A tree of the shape drawn with the scheme's sibling process. */
        Tree drawTree(TreeScheme s, int[] shape, Random rng) {
            // a leaf's draft row is not read by the kernel: the target row fills its slot
            return SequenceConformance.drawTree(s, shape, path -> new float[][] {p.get(path),
                q.getOrDefault(path, p.get(path))}, rng);
        }
    }

    /** The reference's exact block law of block verification on the model's chains of depth g, by block. */
    static Map<List<Integer>, BigFraction> exactBlockLaw(Model m, int g) {
        SequenceInstance inst = SequenceInstance.chain("law", m.target(), m.draft(), g);
        return SequenceExact.blockLaw(inst, SequenceSchemes.reference().get("block")).masses();
    }

    /** The reference's exact block law of a tree scheme on the model's trees of the shape, by block. */
    static Map<List<Integer>, BigFraction> exactTreeLaw(Model m, TreeScheme s, int[] shape) {
        SequenceInstance inst = SequenceInstance.tree("law", m.target(), m.draft(), shape,
            SequenceConformance.siblings(s));
        return SequenceExact.blockLaw(inst, SequenceSchemes.reference().get(s.id())).masses();
    }

    /** The grid law against the exact law: the largest error and its bound. */
    record GridLaw(double maxError, double bound, int n, long requests, String worst) {
        boolean passed() {
            return maxError <= bound;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "grid law n = %d (%d requests): max error %.4g, bound %.4g (%s)", n,
                requests, maxError, bound, worst);
        }
    }

    /**
     * Block verification's law by uniform injection: for every chain x of the model (depth g), the kernel runs at
     * every point of the midpoint grid {(j + 1/2)/n}^g x {(j + 1/2)/(2n)} of (u_1..u_g, u_closing); the grid law is
     * sum_x Q(x) count_y(x) / (n^g 2n). For a fixed chain a block of tau accepted tokens is the event {u_tau &lt;
     * h_tau, u_j &gt;= h_j for j &gt; tau} (at most g half-lines) times one cell of the closing draw; on a midpoint
     * grid of n points a half-line's fraction is within 1/(2n) of its length, a cell's within 1/n, a product's within
     * the sum. So |grid law(y) - law(y)| &lt;= g/(2n) + 1/(2n) for a correct kernel (summed over the chains with
     * weights Q(x)).
     */
    static GridLaw blockGridLaw(SequenceBatchVerifier v, Model m, int g, int n) {
        Map<List<Integer>, BigFraction> exact = exactBlockLaw(m, g);
        int dims = g + 1;
        int cells = 2 * n;
        for (int i = 0; i < g; i++) {
            cells *= n;
        }
        Map<List<Integer>, Double> grid = new HashMap<>();
        long total = 0;
        int chains = 1;
        for (int i = 0; i < g; i++) {
            chains *= m.vocab();
        }
        for (int c = 0; c < chains; c++) {
            int[] x = new int[g];
            int rest = c;
            for (int i = 0; i < g; i++) {
                x[i] = rest % m.vocab();
                rest /= m.vocab();
            }
            double qx = m.draftProbability(x);
            if (!(qx > 0)) {
                continue;
            }
            Chain ch = m.chain(x);
            List<Chain> cs = new ArrayList<>(cells);
            float[] u = new float[cells * dims];
            for (int k = 0; k < cells; k++) {
                cs.add(ch);
                int r2 = k;
                for (int d = 0; d < g; d++) {
                    u[k * dims + d] = (float) ((2 * (r2 % n) + 1) / (2.0 * n));
                    r2 /= n;
                }
                u[k * dims + g] = (float) ((2 * r2 + 1) / (4.0 * n));
            }
            Result r = v.block(SequenceConformance.blocks(cs), new Explicit(u, dims, false));
            for (int k = 0; k < cells; k++) {
                if (r.status()[k] == Status.OK) {
                    grid.merge(Arrays.stream(r.block(k)).boxed().toList(), qx / cells, Double::sum);
                }
            }
            total += cells;
        }
        double bound = (g + 1) / (2.0 * n) + 1e-9;
        return compare(grid, exact, bound, n, total);
    }

    /**
     * A deterministic tree's law by uniform injection (tree-deterministic: the one tree of the top-K children of every
     * node): the kernel runs at every point of the midpoint grid {(j + 1/2)/n}^d, d = the most uniforms a walk reads
     * (the children of one node per depth, plus the closing draw). A block is one walk: at most d - 1 accept tests
     * (half-lines, each within 1/(2n) on the grid) and one cell of the closing draw (within 1/n), the coordinates it
     * does not read free; so |grid law(y) - law(y)| &lt;= (d - 1)/(2n) + 1/n.
     */
    static GridLaw deterministicTreeGridLaw(SequenceBatchVerifier v, Model m, int[] shape, int n) {
        Map<List<Integer>, BigFraction> exact = exactTreeLaw(m, TreeScheme.DETERMINISTIC, shape);
        Tree t = m.drawTree(TreeScheme.DETERMINISTIC, shape, new Random(0));
        int dims = 1;
        for (int k : shape) {
            dims += k;
        }
        int cells = 1;
        for (int i = 0; i < dims; i++) {
            cells *= n;
        }
        List<Tree> ts = new ArrayList<>(cells);
        float[] u = new float[cells * dims];
        for (int k = 0; k < cells; k++) {
            ts.add(t);
            int r2 = k;
            for (int d = 0; d < dims; d++) {
                u[k * dims + d] = (float) ((2 * (r2 % n) + 1) / (2.0 * n));
                r2 /= n;
            }
        }
        Result r = v.tree(TreeScheme.DETERMINISTIC, SequenceConformance.trees(ts), new Explicit(u, dims, false));
        Map<List<Integer>, Double> grid = new HashMap<>();
        for (int k = 0; k < cells; k++) {
            if (r.status()[k] == Status.OK) {
                grid.merge(Arrays.stream(r.block(k)).boxed().toList(), 1.0 / cells, Double::sum);
            }
        }
        return compare(grid, exact, (dims - 1) / (2.0 * n) + 1.0 / n + 1e-9, n, cells);
    }

    private static GridLaw compare(Map<List<Integer>, Double> grid, Map<List<Integer>, BigFraction> exact,
                                   double bound, int n, long total) {
        double max = 0;
        String worst = "";
        java.util.Set<List<Integer>> all = new java.util.HashSet<>(grid.keySet());
        all.addAll(exact.keySet());
        for (List<Integer> y : all) {
            double e = exact.containsKey(y) ? exact.get(y).doubleValue() : 0;
            double gv = grid.getOrDefault(y, 0.0);
            if (Math.abs(gv - e) > max) {
                max = Math.abs(gv - e);
                worst = String.format(Locale.ROOT, "block %s: grid %.5f, exact %.5f", y, gv, e);
            }
        }
        return new GridLaw(max, bound, n, total, worst);
    }

    /** A G-test of {@code samples} kernel blocks (chains drafted on the host, Philox uniforms) against the law. */
    static List<GoodnessOfFit.Result> blockGTest(SequenceBatchVerifier v, Model m, int g, int samples, long seed) {
        Random rng = new Random(seed);
        List<Chain> cs = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            cs.add(m.chain(m.drawChain(g, rng)));
        }
        Result r = v.block(SequenceConformance.blocks(cs), new Philox(seed, 0));
        return gTest(r, samples, exactBlockLaw(m, g));
    }

    /** A G-test of {@code samples} kernel blocks of a tree scheme (trees drawn on the host) against the exact law. */
    static List<GoodnessOfFit.Result> treeGTest(SequenceBatchVerifier v, Model m, TreeScheme s, int[] shape,
                                                int samples, long seed) {
        Random rng = new Random(seed);
        List<Tree> ts = new ArrayList<>(samples);
        for (int i = 0; i < samples; i++) {
            ts.add(m.drawTree(s, shape, rng));
        }
        Result r = v.tree(s, SequenceConformance.trees(ts), new Philox(seed, 0));
        return gTest(r, samples, exactTreeLaw(m, s, shape));
    }

    /**
     * Two G-tests at level {@link #ALPHA} each: the emitted blocks against the exact block law, and the accepted
     * lengths against the exact law of the accepted length (fewer cells: more power against a shift of acceptance).
     */
    private static List<GoodnessOfFit.Result> gTest(Result r, int samples, Map<List<Integer>, BigFraction> exact) {
        Map<List<Integer>, BigFraction> byLength = new LinkedHashMap<>();
        exact.forEach((y, pr) -> byLength.merge(List.of(y.size() - 1), pr, BigFraction::add));
        return List.of(gTest(r, samples, exact, false), gTest(r, samples, byLength, true));
    }

    private static GoodnessOfFit.Result gTest(Result r, int samples, Map<List<Integer>, BigFraction> exact,
                                              boolean lengths) {
        Map<List<Integer>, Integer> index = new LinkedHashMap<>();
        for (List<Integer> y : exact.keySet()) {
            index.put(y, index.size());
        }
        Map<List<Integer>, Long> extra = new LinkedHashMap<>();
        long[] counts = new long[exact.size()];
        for (int i = 0; i < samples; i++) {
            List<Integer> y = r.status()[i] != Status.OK ? List.of(-1 - r.status()[i].ordinal())
                : lengths ? List.of(r.accepted()[i]) : Arrays.stream(r.block(i)).boxed().toList();
            Integer k = index.get(y);
            if (k == null) {
                extra.merge(y, 1L, Long::sum);
            } else {
                counts[k]++;
            }
        }
        int cells = exact.size() + extra.size();
        double[] e = new double[cells];
        long[] o = new long[cells];
        String[] labels = new String[cells];
        int c = 0;
        for (Map.Entry<List<Integer>, BigFraction> en : exact.entrySet()) {
            e[c] = en.getValue().doubleValue();
            o[c] = counts[c];
            labels[c] = en.getKey().toString();
            c++;
        }
        for (Map.Entry<List<Integer>, Long> en : extra.entrySet()) {
            e[c] = 0;
            o[c] = en.getValue();
            labels[c] = en.getKey().toString();
            c++;
        }
        return GoodnessOfFit.gTest(e, o, labels, ALPHA);
    }
}
