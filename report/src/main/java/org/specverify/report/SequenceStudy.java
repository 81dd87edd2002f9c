package org.specverify.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditVerdict;
import org.specverify.audit.ExactValue;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.SequenceAudit;
import org.specverify.lp.solver.LosslessVerifierLp;
import org.specverify.lp.solver.LpSettings;
import org.specverify.lp.solver.LpSolveException;
import org.specverify.lp.solver.OrToolsUnavailableException;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * The sequence study of {@code specverify audit}: what block and tree verification buy, in expected accepted draft
 * tokens per verification step (E[tau]; the block efficiency is E[tau] + 1).
 *
 * <ol>
 *   <li><b>Chains, exact.</b> On {@link #models() three seeded context-dependent model pairs} over
 *       {@value #VOCAB} tokens and gamma = 1..{@value #MAX_GAMMA}: {@code tokenwise} and {@code block} (their exact
 *       step law from the reference, {@link SequenceAudit}, which also checks each is lossless), the coupling bound C*
 *       ({@link org.specverify.lp.sequence.SequenceOptimum}, exact; no lossless verifier exceeds it, the best need not
 *       reach it) and, up to gamma = {@value #MAX_GAMMA_VSTAR}, V*, the best lossless verifier
 *       ({@link LosslessVerifierLp}: GLOP's duals made into an exact certificate, an upper bound on V*; block
 *       verification is lossless and reaches it, so V* is proved exactly when the certificate equals block's value,
 *       and otherwise lies between the two).</li>
 *   <li><b>Tree shapes, exact.</b> On the first model pair, the shapes of {@link #SHAPES}: tree-rrs (iid siblings),
 *       tree-rrs-wor (without replacement), traversal (iid and without replacement), tree-deterministic (top-k
 *       siblings, and the EAGLE-2-style dynamic tree). The node budget N of a shape is its number of drafted nodes
 *       (the root not counted), the tokens the target scores in one pass. Every scheme on a shape verifies a tree of
 *       exactly that shape, so N nodes, except the dynamic tree, which gets the same budget N and the shape's depth
 *       and chooses its own shape. A scheme that does not apply to a shape (its sibling process cannot draft it, or
 *       the scheme refuses it) is not applicable with the reason; one whose exact enumeration exceeds
 *       {@value #MAX_LEAVES} verifier paths is too large for this study, with the reason. Neither gets a number.</li>
 *   <li><b>LLM vocabulary, floating</b>: see {@link SequenceLlmStudy}.</li>
 * </ol>
 */
public final class SequenceStudy {
    /** The vocabulary of the exact studies. */
    public static final int VOCAB = 3;
    /** The largest drafted depth of the chain study. */
    public static final int MAX_GAMMA = 4;
    /** The largest drafted depth at which V* is computed (the LP grows as V^(gamma + 1) constraints). */
    public static final int MAX_GAMMA_VSTAR = 3;
    /** The largest number of verifier paths the exact reference may run for one cell of the tree study. */
    public static final long MAX_LEAVES = 4_000L;
    /** The seed of the models. */
    public static final long SEED = Studies.SEED;
    /** The study's name in the CSV and JSON for the chain study. */
    public static final String CHAIN = "sequence-chain";
    /** The study's name in the CSV and JSON for the tree study. */
    public static final String TREE = "sequence-tree";
    /** The quantity name of the coupling bound. */
    public static final String C_STAR = "C*";
    /** The quantity name of the best lossless verifier. */
    public static final String V_STAR = "V*";

    /** The tree shapes: a chain of depth 4, then three trees. */
    public static final List<int[]> SHAPES = List.of(new int[] {1, 1, 1, 1}, new int[] {2, 2, 1}, new int[] {4, 2},
        new int[] {2, 2, 2, 2});

    /**
     * One column of the tree study: a sequence scheme on trees of one sibling process.
     *
     * @param scheme   the sequence scheme's id
     * @param siblings the sibling process ({@link SiblingProcess#DYNAMIC}: the dynamic tree of the same budget)
     */
    public record TreeColumn(String scheme, SiblingProcess siblings) {
        /** "tree-rrs (iid)". */
        public String label() {
            return scheme + " (" + siblings.id() + ")";
        }
    }

    /** The columns of the tree study, in display order. */
    public static final List<TreeColumn> TREE_COLUMNS = List.of(new TreeColumn("tree-rrs", SiblingProcess.IID),
        new TreeColumn("tree-rrs-wor", SiblingProcess.WITHOUT_REPLACEMENT),
        new TreeColumn("traversal", SiblingProcess.IID),
        new TreeColumn("traversal", SiblingProcess.WITHOUT_REPLACEMENT),
        new TreeColumn("tree-deterministic", SiblingProcess.TOP_K),
        new TreeColumn("tree-deterministic", SiblingProcess.DYNAMIC));

    /**
     * A target and a draft model.
     *
     * @param id          short name (the setting in the CSV)
     * @param description what differs between the two
     * @param target      the target model
     * @param draft       the draft model
     */
    public record ModelPair(String id, String description, ContextModel target, ContextModel draft) {
    }

    /**
     * One cell of the tree study.
     *
     * @param shape  the shape
     * @param column the scheme and sibling process
     * @param nodes  the node budget N of the shape
     * @param value  E[tau], exact, or null when not computed
     * @param status "ok" (checked and lossless), "not applicable", "too large", or the exact check's verdict when the
     *               step is not lossless ("FALSE CLAIM", "lossy")
     * @param reason why there is no value (empty when there is one)
     * @param lossless whether the exact check found the step lossless (false when not computed)
     */
    public record TreeCell(int[] shape, TreeColumn column, int nodes, BigFraction value, String status, String reason,
                           boolean lossless) {
    }

    /**
     * The study's results.
     *
     * @param models         the model pairs
     * @param chain          the chain study's measurements (exact; V* exact or a proved interval)
     * @param chainVerdicts  scheme|model|gamma → the audit's verdict label, for every chain row
     * @param trees          the tree study's cells, shape by shape, columns in {@link #TREE_COLUMNS} order
     * @param treeMeasurements the tree cells with a value, as measurements
     * @param vStarUnavailable why V* is missing where it should have been computed (OR-Tools unavailable or its
     *                       solve refused), or null
     * @param llm            the LLM-vocabulary study ({@link SequenceLlmStudy}), empty when not run
     * @param chainSeconds   wall seconds of the chain study (one task of the pool, beside the tree cells)
     * @param treeSeconds    wall seconds until the tree cells were done (the chain study running beside them)
     * @param llmSeconds     wall seconds of the LLM-vocabulary study
     */
    public record Result(List<ModelPair> models, List<Measurement> chain, Map<String, String> chainVerdicts,
                         String vStarUnavailable, List<TreeCell> trees, List<Measurement> treeMeasurements,
                         List<Measurement> llm,
                         double chainSeconds, double treeSeconds, double llmSeconds) {
        /** Every measurement of the study, chain, trees, then LLM vocabulary. */
        public List<Measurement> measurements() {
            List<Measurement> all = new ArrayList<>(chain);
            all.addAll(treeMeasurements);
            all.addAll(llm);
            return all;
        }
    }

    private SequenceStudy() {
    }

    /** Runs the three parts on {@code threads} threads: chains and tree cells side by side, then the LLM part. */
    public static Result run(int threads, Studies.Listener listener) {
        List<ModelPair> models = models();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "specverify-sequence-study");
            t.setDaemon(true);
            return t;
        });
        try {
            // the chain study is one task beside the tree cells: the pool balances it against them
            long t0 = System.nanoTime();
            Map<String, String> verdicts = new java.util.LinkedHashMap<>();
            String[] vStarUnavailable = {null};
            double[] chainSeconds = {0};
            Future<List<Measurement>> chainFuture = pool.submit(() -> {
                long c0 = System.nanoTime();
                List<Measurement> c = chains(models, verdicts, vStarUnavailable, listener);
                chainSeconds[0] = (System.nanoTime() - c0) / 1e9;
                return c;
            });
            List<Future<TreeCell>> cells = trees(models.get(0), pool, listener);
            List<TreeCell> trees = new ArrayList<>();
            for (Future<TreeCell> f : cells) {
                trees.add(DumpAudit.get(f));
            }
            double treeSeconds = (System.nanoTime() - t0) / 1e9;
            List<Measurement> chain = DumpAudit.get(chainFuture);
            long t2 = System.nanoTime();
            List<Measurement> llm = SequenceLlmStudy.run(threads, listener);
            long t3 = System.nanoTime();
            return new Result(models, chain, verdicts, vStarUnavailable[0], trees, treeMeasurements(trees), llm,
                chainSeconds[0], treeSeconds, (t3 - t2) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------ models

    /**
     * The three model pairs over {@value #VOCAB} tokens, from {@link #SEED}. Rows are masses k/8 (a random composition
     * of 8 into {@value #VOCAB} positive parts), so every token has positive mass after every prefix.
     * <ul>
     *   <li>{@code independent}: target and draft order-1 (the law depends on the last token), rows independent;</li>
     *   <li>{@code close}: target order-1; the draft's row after each token is 3/4 of the target's plus 1/4 of a
     *       random row;</li>
     *   <li>{@code order-2}: target order-2 (the last two tokens), draft order-1: the draft sees less context.</li>
     * </ul>
     */
    public static List<ModelPair> models() {
        SplittableRandom rng = new SplittableRandom(SEED);
        List<ModelPair> out = new ArrayList<>();
        ContextModel p1 = model(1, rng, null, null);
        ContextModel q1 = model(1, rng, null, null);
        out.add(new ModelPair("independent", "order-1 target and draft, rows drawn independently", p1, q1));
        ContextModel p2 = model(1, rng, null, null);
        ContextModel q2 = model(1, rng, p2, BigFraction.of(3, 4));
        out.add(new ModelPair("close", "order-1; draft row = 3/4 target row + 1/4 random row", p2, q2));
        ContextModel p3 = model(2, rng, null, null);
        ContextModel q3 = model(1, rng, null, null);
        out.add(new ModelPair("order-2", "order-2 target, order-1 draft (the draft sees one token less)", p3, q3));
        return out;
    }

    /** A model of the given order; with {@code near}, each row is w·near's row + (1 − w)·a random row. */
    private static ContextModel model(int order, SplittableRandom rng, ContextModel near, BigFraction w) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        List<List<Integer>> keys = new ArrayList<>();
        keys.add(List.of());
        for (int len = 1; len <= order; len++) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> k : keys) {
                if (k.size() == len - 1) {
                    for (int x = 0; x < VOCAB; x++) {
                        List<Integer> longer = new ArrayList<>(k);
                        longer.add(x);
                        next.add(List.copyOf(longer));
                    }
                }
            }
            keys.addAll(next);
        }
        for (List<Integer> k : keys) {
            BigFraction[] m = composition(8, rng);
            if (near != null) {
                Distribution base = near.lawAfter(k.stream().mapToInt(Integer::intValue).toArray());
                for (int x = 0; x < VOCAB; x++) {
                    m[x] = w.multiply(base.p(x)).add(BigFraction.ONE.subtract(w).multiply(m[x]));
                }
            }
            rows.put(k, Distribution.of(m));
        }
        return ContextModel.of(VOCAB, rows);
    }

    private static BigFraction[] composition(int total, SplittableRandom rng) {
        int[] w = new int[VOCAB];
        Arrays.fill(w, 1);
        for (int i = 0; i < total - VOCAB; i++) {
            w[rng.nextInt(VOCAB)]++;
        }
        BigFraction[] m = new BigFraction[VOCAB];
        for (int i = 0; i < VOCAB; i++) {
            m[i] = BigFraction.of(w[i], total);
        }
        return m;
    }

    /** The chain of a model pair at depth gamma. */
    public static SequenceInstance chain(ModelPair m, int gamma) {
        return SequenceInstance.chain(m.id() + " gamma=" + gamma, m.target(), m.draft(), gamma);
    }

    // ------------------------------------------------------------------------------------------------ (1) chains

    private static List<Measurement> chains(List<ModelPair> models, Map<String, String> verdicts,
                                            String[] vStarUnavailable, Studies.Listener listener) {
        SequenceSchemes registry = SequenceSchemes.reference();
        SequenceAudit audit = SequenceAudit.of(List.of(registry.get("tokenwise"), registry.get("block")));
        List<Measurement> out = new ArrayList<>();
        int total = models.size() * MAX_GAMMA;
        int done = 0;
        for (ModelPair m : models) {
            for (int g = 1; g <= MAX_GAMMA; g++) {
                SequenceInstance inst = chain(m, g);
                InstanceAudit row = audit.audit(0, inst, new AuditSink() {
                    @Override
                    public void instance(InstanceAudit instance) {
                    }
                });
                Object optimum = row.extras().get("optimum");
                if (!(optimum instanceof ExactValue cStar)) {
                    throw new IllegalStateException("the coupling bound of " + inst.name() + " is unavailable: "
                        + row.extras().get("optimumUnavailable"));
                }
                BigFraction blockValue = null;
                for (SchemeAudit s : row.schemes()) {
                    verdicts.put(s.id() + "|" + m.id() + "|" + g, s.verdict().label());
                    if (s.sequence().isEmpty()) {
                        throw new IllegalStateException("sequence study: " + s.id() + " on " + inst.name() + " was not"
                            + " checked: " + s.verdict().label() + s.reason().map(r -> " (" + r + ")").orElse(""));
                    }
                    BigFraction v = s.sequence().get().expectedAccepted().exact();
                    if (s.id().equals("block")) {
                        blockValue = v;
                    }
                    out.add(new Measurement(CHAIN, m.id(), VOCAB, g, s.id(), "chain", Figure.exact(v),
                        cStar.exact().subtract(v).doubleValue(), v.doubleValue(), v.doubleValue(), 1,
                        "expected accepted draft tokens per step (k = gamma); exact; "
                            + (s.verdict() == AuditVerdict.LOSSLESS ? "lossless by the exact check"
                            : "VERDICT " + s.verdict().label())));
                }
                if (g <= MAX_GAMMA_VSTAR && vStarUnavailable[0] == null) {
                    try {
                        out.add(vStar(m, g, inst, blockValue, cStar.exact()));
                    } catch (OrToolsUnavailableException | LpSolveException e) {
                        vStarUnavailable[0] = "the LP of V* could not be solved: " + e.getMessage();
                    }
                }
                out.add(new Measurement(CHAIN, m.id(), VOCAB, g, C_STAR, "chain", Figure.exact(cStar.exact()),
                    Double.NaN, cStar.value(), cStar.value(), 1, "coupling bound (k = gamma): no lossless verifier"
                    + " exceeds it, the best need not reach it; exact"));
                if (listener != null) {
                    listener.progress("sequence study: chains", ++done, total);
                }
            }
        }
        return out;
    }

    /** V* of a chain: proved equal to block's value when the LP's exact certificate matches it, else an interval. */
    private static Measurement vStar(ModelPair m, int g, SequenceInstance inst, BigFraction block, BigFraction cStar) {
        BigFraction upper = LosslessVerifierLp.certifiedUpperBound(inst, LpSettings.glop());
        if (upper.compareTo(block) < 0) {
            throw new IllegalStateException("sequence study: the certified upper bound " + upper + " on V* of "
                + inst.name() + " is below block verification's " + block + ", which is lossless: a defect");
        }
        Figure f;
        String note;
        if (upper.equals(block)) {
            f = Figure.exact(block);
            note = "best lossless verifier (k = gamma): exact, proved by the LP's exact dual certificate meeting block"
                + " verification's value";
        } else {
            double lo = block.doubleValue();
            double hi = upper.doubleValue();
            f = Figure.floating((lo + hi) / 2, (hi - lo) / 2 + Math.ulp(hi));
            note = "best lossless verifier (k = gamma): between block verification's value and the LP's exact dual"
                + " certificate " + ExactValue.of(upper).fraction();
        }
        return new Measurement(CHAIN, m.id(), VOCAB, g, V_STAR, "chain", f, cStar.doubleValue() - f.value(),
            f.lower(), f.upper(), 1, note);
    }

    // ------------------------------------------------------------------------------------------------ (2) trees

    /** The number of nodes of a shape (the root not counted). */
    public static int nodes(int[] shape) {
        int total = 0;
        int level = 1;
        for (int k : shape) {
            level *= k;
            total += level;
        }
        return total;
    }

    /** "chain (gamma 4)" or "[2, 2, 1]". */
    public static String shapeName(int[] shape) {
        boolean chain = Arrays.stream(shape).allMatch(k -> k == 1);
        return chain ? "chain (gamma " + shape.length + ")" : Arrays.toString(shape);
    }

    private static List<Future<TreeCell>> trees(ModelPair m, ExecutorService pool, Studies.Listener listener) {
        SequenceSchemes registry = SequenceSchemes.reference();
        List<Future<TreeCell>> futures = new ArrayList<>();
        int total = SHAPES.size() * TREE_COLUMNS.size();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int[] shape : SHAPES) {
            for (TreeColumn c : TREE_COLUMNS) {
                futures.add(pool.submit(() -> {
                    TreeCell cell = cell(m, shape, c, registry.get(c.scheme()));
                    if (listener != null) {
                        listener.progress("sequence study: tree shapes", done.incrementAndGet(), total);
                    }
                    return cell;
                }));
            }
        }
        return futures;
    }

    /** The instance of one cell: the shape with the column's siblings, or the dynamic tree of the same budget. */
    static SequenceInstance treeInstance(ModelPair m, int[] shape, TreeColumn c) {
        String name = m.id() + " " + shapeName(shape) + " " + c.siblings().id();
        if (c.siblings() == SiblingProcess.DYNAMIC) {
            return SequenceInstance.dynamic(name, m.target(), m.draft(), shape.length, nodes(shape));
        }
        return SequenceInstance.tree(name, m.target(), m.draft(), shape, c.siblings());
    }

    private static TreeCell cell(ModelPair m, int[] shape, TreeColumn c, SequenceScheme scheme) {
        int n = nodes(shape);
        SequenceInstance inst;
        try {
            inst = treeInstance(m, shape, c);
        } catch (InvalidInputException e) {
            return new TreeCell(shape, c, n, null, "not applicable", c.siblings().id() + " siblings cannot draft this"
                + " shape: " + e.getMessage(), false);
        }
        Optional<String> why = scheme.notApplicable(inst);
        if (why.isPresent()) {
            return new TreeCell(shape, c, n, null, "not applicable", why.get(), false);
        }
        try {
            SequenceExact.Result r = SequenceExact.check(inst, scheme, new int[0], DraftTrees.DEFAULT_STREAM_LIMIT,
                MAX_LEAVES, SequenceExact.Route.LAZY);
            return new TreeCell(shape, c, n, r.expectedAccepted(), r.lossless() ? "ok" : r.verdict(),
                r.lossless() ? "" : r.comparison().toString(), r.lossless());
        } catch (TooLargeException e) {
            return new TreeCell(shape, c, n, null, "too large", String.format(Locale.ROOT, "the exact reference"
                + " enumerates every verifier path and this cell has more than %,d (the study's limit, to keep"
                + " specverify audit under a minute); audit the instance with specverify audit --instance", MAX_LEAVES),
                false);
        }
    }

    private static List<Measurement> treeMeasurements(List<TreeCell> cells) {
        List<Measurement> out = new ArrayList<>();
        for (TreeCell c : cells) {
            if (c.value() == null) {
                continue;
            }
            double v = c.value().doubleValue();
            out.add(new Measurement(TREE, shapeName(c.shape()), VOCAB, c.shape().length, c.column().scheme(),
                c.column().siblings().id(), Figure.exact(c.value()), Double.NaN, v, v, 1,
                "expected accepted draft tokens per step (k = gamma); node budget " + c.nodes() + "; exact; "
                    + (c.lossless() ? "lossless by the exact check" : "VERDICT " + c.status())));
        }
        return out;
    }
}
