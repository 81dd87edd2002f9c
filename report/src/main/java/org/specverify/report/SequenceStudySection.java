package org.specverify.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.specverify.audit.ExactValue;
import org.specverify.reference.Distribution;

/**
 * The sequence study's part of the audit report ({@link SequenceStudy}): the section with its charts and tables, and
 * its entry in measurements.json beside the measurements (the models, the tree cells without a number and why, the
 * seconds of each part).
 */
public final class SequenceStudySection {
    /** The section's anchor. */
    public static final String ID = "sequence";
    /** The key of the study's entry in measurements.json. */
    public static final String JSON_KEY = "sequence_study";

    /** The chain study's curves: quantity → label; the optima dashed. */
    static final Map<String, String> CHAIN_CURVES = chainCurves();

    private static Map<String, String> chainCurves() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tokenwise", "tokenwise");
        m.put("block", "block");
        m.put(SequenceStudy.V_STAR, "V* (best lossless)");
        m.put(SequenceStudy.C_STAR, "C* (coupling bound)");
        return m;
    }

    private SequenceStudySection() {
    }

    /** The section. */
    public static Page.Section section(SequenceStudy.Result r) {
        List<Page.Block> blocks = new ArrayList<>();
        blocks.add(new Page.Text("What block and tree verification buy at the sequence level. Each number is E[tau],"
            + " the expected number of draft tokens one verification step accepts (the block efficiency is E[tau] + 1,"
            + " the bonus or residual token included). tokenwise is multi-step speculative decoding (each drafted token"
            + " tested on its own, stopping at the first rejection); block is block verification (Sun et al., arXiv"
            + " 2403.10444), which decides on the whole drafted block. C* is the coupling bound: the best expected"
            + " match between the drafted chain and a target block over all couplings of the two; every lossless"
            + " verifier gives such a coupling, so none exceeds C*, but C* is an upper bound that the best lossless"
            + " verifier need not reach. V* is the best expected accepted length of any lossless verifier, from an"
            + " LP over the verifiers themselves whose solution is made into an exact dual certificate (an upper"
            + " bound on V*); on chains block verification is lossless and reaches it, so V* is proved exactly where"
            + " the certificate equals block's value (Sun et al.'s optimality theorem, checked here number by"
            + " number)."));
        blocks.add(new Page.Text("Exact: rationals from the exact reference (every draft tree and every verifier"
            + " path enumerated), each step also checked lossless (the emitted block continued by the target has the"
            + " target's law). The models are small and synthetic (seeded, |V| = " + SequenceStudy.VOCAB + "): "
            + modelList(r) + ". Their rows are in measurements.json (" + JSON_KEY + ".models)."));
        blocks.add(new Page.ChartRow(chainCharts(r)));
        blocks.add(chainTable(r));
        if (r.vStarUnavailable() != null) {
            blocks.add(new Page.Text("V* is missing: " + r.vStarUnavailable() + "."));
        }
        blocks.add(new Page.Text("Tree shapes at equal node budgets, model pair '" + r.models().get(0).id() + "'. A"
            + " shape [k_1, ..., k_g] gives every node at depth d - 1 k_d children; its node budget N is its number of"
            + " drafted nodes (the root not counted), the tokens the target scores in one pass. In each row every"
            + " scheme verifies a tree of that exact shape, so all spend the same N; the dynamic tree"
            + " (tree-deterministic on the EAGLE-2-style tree grown by cumulative draft probability) gets the same N"
            + " and the same depth and chooses its own shape. Siblings: iid (drawn independently, may repeat),"
            + " without-replacement (distinct, renormalised), top-k (the k most likely tokens). A cell without a"
            + " number is not applicable (the sibling process cannot draft the shape, or the scheme refuses it) or"
            + " too large for the exact reference within this command's time; the reasons are listed below the"
            + " table."));
        ReportChart treeChart = treeChart(r);
        if (treeChart != null) {
            blocks.add(new Page.ChartRow(List.of(treeChart)));
        }
        blocks.addAll(treeTables(r));
        if (!r.llm().isEmpty()) {
            blocks.addAll(llm(r));
        }
        blocks.add(new Page.Text(String.format(Locale.ROOT, "Time: chains %.1f s and tree shapes %.1f s (side by"
            + " side)%s.",
            r.chainSeconds(), r.treeSeconds(), r.llm().isEmpty() ? "" : String.format(Locale.ROOT,
                ", LLM vocabulary %.1f s", r.llmSeconds()))));
        return new Page.Section(ID, "Sequence level: block and tree verification", blocks);
    }

    private static String modelList(SequenceStudy.Result r) {
        List<String> parts = new ArrayList<>();
        for (SequenceStudy.ModelPair m : r.models()) {
            parts.add(m.id() + " (" + m.description() + ")");
        }
        return String.join("; ", parts);
    }

    /** The chain study's measurements of one model, keyed by quantity, per gamma. */
    static Map<Integer, Map<String, Measurement>> byGamma(List<Measurement> chain, String model) {
        Map<Integer, Map<String, Measurement>> out = new java.util.TreeMap<>();
        for (Measurement m : chain) {
            if (m.setting().equals(model)) {
                out.computeIfAbsent(m.k(), x -> new LinkedHashMap<>()).put(m.quantity(), m);
            }
        }
        return out;
    }

    private static List<ReportChart> chainCharts(SequenceStudy.Result r) {
        List<ReportChart> charts = new ArrayList<>();
        for (SequenceStudy.ModelPair model : r.models()) {
            Map<Integer, Map<String, Measurement>> g = byGamma(r.chain(), model.id());
            XYChart c = ReportChart.lines("chains, model pair " + model.id(), "gamma (drafted depth)",
                "E[accepted draft tokens]", 520, 340);
            int colour = 0;
            for (Map.Entry<String, String> e : CHAIN_CURVES.entrySet()) {
                List<double[]> xy = new ArrayList<>();
                for (Map.Entry<Integer, Map<String, Measurement>> ge : g.entrySet()) {
                    Measurement m = ge.getValue().get(e.getKey());
                    if (m != null) {
                        xy.add(new double[] {ge.getKey(), m.figure().value()});
                    }
                }
                if (!xy.isEmpty()) {
                    ReportChart.addLine(c, e.getValue(), xy.stream().mapToDouble(a -> a[0]).toArray(),
                        xy.stream().mapToDouble(a -> a[1]).toArray(), colour,
                        e.getKey().equals(SequenceStudy.C_STAR) || e.getKey().equals(SequenceStudy.V_STAR));
                }
                colour++;
            }
            c.getStyler().setXAxisMin(0.5);
            c.getStyler().setXAxisMax(SequenceStudy.MAX_GAMMA + 0.5);
            charts.add(new ReportChart("sequence-chain-" + model.id(), "chains, " + model.id(), "Expected accepted"
                + " draft tokens against gamma, model pair " + model.id() + " (" + model.description() + "), exact;"
                + " dashed: V* (gamma <= " + SequenceStudy.MAX_GAMMA_VSTAR + ") and the coupling bound C*.", c));
        }
        return charts;
    }

    private static Page.Table chainTable(SequenceStudy.Result r) {
        List<String> headers = List.of("model pair", "gamma", "tokenwise", "block", "V* (best lossless)",
            "C* (coupling bound)", "block - tokenwise", "C* - block", "exact check");
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        for (SequenceStudy.ModelPair model : r.models()) {
            for (Map.Entry<Integer, Map<String, Measurement>> ge : byGamma(r.chain(), model.id()).entrySet()) {
                int g = ge.getKey();
                Map<String, Measurement> m = ge.getValue();
                List<String> row = new ArrayList<>(List.of(model.id(), Integer.toString(g)));
                List<String> title = new ArrayList<>(List.of("", ""));
                for (String q : List.of("tokenwise", "block", SequenceStudy.V_STAR, SequenceStudy.C_STAR)) {
                    Measurement x = m.get(q);
                    if (x == null) {
                        row.add("not computed");
                        title.add(g <= SequenceStudy.MAX_GAMMA_VSTAR && r.vStarUnavailable() != null
                            ? r.vStarUnavailable() : "V* is computed up to gamma = " + SequenceStudy.MAX_GAMMA_VSTAR
                            + " (its LP has V^(gamma + 1) constraints); on chains it equals block");
                    } else {
                        row.add(cell(x.figure()));
                        title.add(x.figure().isExact() ? ExactValue.of(x.figure().exact()).fraction() : x.note());
                    }
                }
                BigFraction tw = m.get("tokenwise").figure().exact();
                BigFraction bl = m.get("block").figure().exact();
                BigFraction cs = m.get(SequenceStudy.C_STAR).figure().exact();
                row.add(Page.d6(bl.subtract(tw).doubleValue()));
                title.add(ExactValue.of(bl.subtract(tw)).fraction());
                row.add(Page.d6(cs.subtract(bl).doubleValue()));
                title.add(ExactValue.of(cs.subtract(bl)).fraction());
                String tv = r.chainVerdicts().get("tokenwise|" + model.id() + "|" + g);
                String bv = r.chainVerdicts().get("block|" + model.id() + "|" + g);
                row.add(tv.equals(bv) ? "both " + tv : "tokenwise " + tv + ", block " + bv);
                title.add("");
                rows.add(row);
                titles.add(title);
            }
        }
        return new Page.Table("chains: expected accepted draft tokens, exact (hover a cell for its fraction)", headers,
            rows, titles);
    }

    private static String cell(Figure f) {
        return f.isExact() ? Page.d6(f.value()) : Page.d6(f.lower()) + " .. " + Page.d6(f.upper());
    }

    /** The tree cells of one shape, in column order. */
    private static List<SequenceStudy.TreeCell> row(SequenceStudy.Result r, int[] shape) {
        List<SequenceStudy.TreeCell> out = new ArrayList<>();
        for (SequenceStudy.TreeCell c : r.trees()) {
            if (Arrays.equals(c.shape(), shape)) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Page.Block> treeTables(SequenceStudy.Result r) {
        List<String> headers = new ArrayList<>(List.of("shape", "node budget N", "depth"));
        SequenceStudy.TREE_COLUMNS.forEach(c -> headers.add(c.label()));
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        List<List<String>> missing = new ArrayList<>();
        for (int[] shape : SequenceStudy.SHAPES) {
            List<String> row = new ArrayList<>(List.of(SequenceStudy.shapeName(shape),
                Integer.toString(SequenceStudy.nodes(shape)), Integer.toString(shape.length)));
            List<String> title = new ArrayList<>(List.of("", "", ""));
            for (SequenceStudy.TreeCell c : row(r, shape)) {
                if (c.value() != null) {
                    row.add(Page.d6(c.value().doubleValue()) + (c.lossless() ? "" : " (" + c.status() + ")"));
                    title.add(ExactValue.of(c.value()).fraction());
                } else {
                    row.add(c.status());
                    title.add(c.reason());
                    missing.add(List.of(SequenceStudy.shapeName(shape), c.column().label(), c.status(), c.reason()));
                }
            }
            rows.add(row);
            titles.add(title);
        }
        List<Page.Block> out = new ArrayList<>();
        out.add(new Page.Table("tree shapes: expected accepted draft tokens, exact (hover a cell for its fraction or"
            + " the reason it has none)", headers, rows, titles));
        if (!missing.isEmpty()) {
            out.add(new Page.Table("cells without a number, and why", List.of("shape", "scheme (siblings)", "status",
                "reason"), missing, null));
        }
        return out;
    }

    private static ReportChart treeChart(SequenceStudy.Result r) {
        CategoryChart c = new CategoryChartBuilder().width(840).height(360)
            .title("Tree shapes at equal node budgets, model pair " + r.models().get(0).id())
            .xAxisTitle("shape (node budget N)").yAxisTitle("E[accepted draft tokens]").build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setPlotBackgroundColor(java.awt.Color.WHITE);
        c.getStyler().setSeriesColors(ReportChart.COLORS);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisDecimalPattern("0.00");
        c.getStyler().setYAxisMin(0.0);
        List<String> categories = new ArrayList<>();
        for (int[] shape : SequenceStudy.SHAPES) {
            boolean chain = Arrays.stream(shape).allMatch(k -> k == 1);
            categories.add((chain ? "chain" : Arrays.toString(shape).replace(" ", "")) + ", N=" + SequenceStudy.nodes(
                shape));
        }
        boolean any = false;
        for (int ci = 0; ci < SequenceStudy.TREE_COLUMNS.size(); ci++) {
            SequenceStudy.TreeColumn col = SequenceStudy.TREE_COLUMNS.get(ci);
            List<Double> ys = new ArrayList<>();
            boolean some = false;
            for (int[] shape : SequenceStudy.SHAPES) {
                SequenceStudy.TreeCell cell = row(r, shape).get(ci);
                // a cell without a number has no bar (never a zero bar)
                ys.add(cell.value() == null ? null : cell.value().doubleValue());
                some |= cell.value() != null;
            }
            if (some) {
                c.addSeries(col.label(), categories, ys);
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        return new ReportChart("sequence-trees", "tree shapes", "Expected accepted draft tokens per shape and scheme"
            + " at the shape's node budget N, exact; a missing bar is a cell without a number (see the table).", c);
    }

    private static List<Page.Block> llm(SequenceStudy.Result r) {
        List<Page.Block> out = new ArrayList<>();
        out.add(new Page.Text("At LLM vocabulary (|V| = 32000 and 128256), floating with proved bounds: tokenwise"
            + " against block along synthetic drafted chains. Each step has its own seeded synthetic target and"
            + " draft rows at every depth (the families of the LLM-like study, float32), the drafted token at each"
            + " depth drawn from the draft row; the rows do not depend on the tokens drafted before them (no model"
            + " produced them). For each step the exact law of the accepted length given its drafts is evaluated in"
            + " double arithmetic with a proved error bound (the bound column: rounding and the float32 rows, not"
            + " sampling); each number is the mean over "
            + SequenceLlmStudy.STEPS + " steps (" + SequenceLlmStudy.PATHS + " drafted chains on each of "
            + SequenceLlmStudy.CONTEXTS + " row sets), its bound the largest of its steps'. Given the drafts, block"
            + " verification need not accept more than tokenwise on every step; on average over the drafted chains it"
            + " does (it is the best lossless verifier of a chain), and the mean over the steps estimates that average"
            + " with the standard error shown, a statistical error beside the proved bound. Min and max over the"
            + " steps are in measurements.csv."));
        XYChart c = ReportChart.lines("synthetic chains, |V| = 128256", "gamma (drafted depth)",
            "E[accepted draft tokens]", 640, 380);
        int colour = 0;
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            for (String scheme : List.of("tokenwise", "block")) {
                double[] x = new double[SequenceLlmStudy.MAX_GAMMA];
                double[] y = new double[SequenceLlmStudy.MAX_GAMMA];
                for (int g = 1; g <= SequenceLlmStudy.MAX_GAMMA; g++) {
                    x[g - 1] = g;
                    y[g - 1] = llmValue(r, f.id(), 128256, g, scheme).figure().value();
                }
                ReportChart.addLine(c, f.id() + " " + scheme, x, y, colour, scheme.equals("block"));
            }
            colour++;
        }
        c.getStyler().setXAxisMin(0.5);
        c.getStyler().setXAxisMax(SequenceLlmStudy.MAX_GAMMA + 0.5);
        out.add(new Page.ChartRow(List.of(new ReportChart("sequence-llm", "synthetic chains", "Expected accepted"
            + " draft tokens against gamma at |V| = 128256, synthetic drafted chains, mean over "
            + SequenceLlmStudy.STEPS + " steps; solid: tokenwise, dashed: block (same colour: same draft family).",
            c))));
        List<List<String>> rows = new ArrayList<>();
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            for (int vocab : SequenceLlmStudy.VOCABS) {
                for (int g = 1; g <= SequenceLlmStudy.MAX_GAMMA; g++) {
                    Measurement tw = llmValue(r, f.id(), vocab, g, "tokenwise");
                    Measurement bl = llmValue(r, f.id(), vocab, g, "block");
                    Measurement gain = llmValue(r, f.id(), vocab, g, SequenceLlmStudy.GAIN);
                    rows.add(List.of(f.id(), Integer.toString(vocab), Integer.toString(g), Page.d6(tw.figure().value()),
                        Page.d6(bl.figure().value()), Page.d6(gain.figure().value()), String.format(Locale.ROOT,
                            "%.4f", SequenceLlmStudy.standardError(gain)),
                        String.format(Locale.ROOT, "%.1e", Math.max(tw.figure().bound(), bl.figure().bound()))));
                }
            }
        }
        out.add(new Page.Table("synthetic chains at LLM vocabulary: mean expected accepted draft tokens (floating)",
            List.of("draft family", "|V|", "gamma", "tokenwise", "block", "block - tokenwise",
                "its standard error", "bound"), rows, null,
            true));
        return out;
    }

    /** The LLM-vocabulary measurement of a family, vocabulary, gamma and scheme. */
    static Measurement llmValue(SequenceStudy.Result r, String family, int vocab, int gamma, String scheme) {
        for (Measurement m : r.llm()) {
            if (m.setting().equals(family) && m.vocab() == vocab && m.k() == gamma && m.quantity().equals(scheme)) {
                return m;
            }
        }
        throw new IllegalStateException("no " + scheme + " measurement for " + family + ", |V| = " + vocab
            + ", gamma = " + gamma);
    }

    /** The study's entry of measurements.json: models, seconds, and every tree cell with its status. */
    public static void json(ObjectNode extra, SequenceStudy.Result r) {
        ObjectNode o = extra.putObject(JSON_KEY);
        o.put("vocab", SequenceStudy.VOCAB);
        o.put("seed", SequenceStudy.SEED);
        o.put("max_gamma", SequenceStudy.MAX_GAMMA);
        o.put("max_gamma_vstar", SequenceStudy.MAX_GAMMA_VSTAR);
        o.put("max_leaves_per_tree_cell", SequenceStudy.MAX_LEAVES);
        ObjectNode seconds = o.putObject("seconds");
        seconds.put("chains", r.chainSeconds());
        seconds.put("trees", r.treeSeconds());
        seconds.put("llm", r.llmSeconds());
        ArrayNode models = o.putArray("models");
        for (SequenceStudy.ModelPair m : r.models()) {
            ObjectNode mo = models.addObject();
            mo.put("id", m.id());
            mo.put("description", m.description());
            rows(mo.putObject("target"), m.target());
            rows(mo.putObject("draft"), m.draft());
        }
        ArrayNode cells = o.putArray("tree_cells");
        for (SequenceStudy.TreeCell c : r.trees()) {
            ObjectNode co = cells.addObject();
            ArrayNode shape = co.putArray("shape");
            Arrays.stream(c.shape()).forEach(shape::add);
            co.put("scheme", c.column().scheme());
            co.put("siblings", c.column().siblings().id());
            co.put("node_budget", c.nodes());
            co.put("status", c.status());
            if (c.value() != null) {
                co.put("exact", ExactValue.of(c.value()).fraction());
                co.put("value", c.value().doubleValue());
            }
            if (!c.reason().isEmpty()) {
                co.put("reason", c.reason());
            }
        }
    }

    private static void rows(ObjectNode o, org.specverify.reference.sequence.ContextModel model) {
        for (Map.Entry<List<Integer>, Distribution> e : model.rows().entrySet()) {
            ArrayNode a = o.putArray(org.specverify.reference.sequence.ContextModel.prefixText(e.getKey()));
            for (BigFraction f : e.getValue().masses()) {
                a.add(ExactValue.of(f).fraction());
            }
        }
    }
}
