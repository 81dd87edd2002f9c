package org.specverify.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.knowm.xchart.XYChart;
import org.specverify.audit.ExactValue;

/** The report page of the built-in studies ({@link Studies}), with the exact audit of the built-in cases. */
public final class StudyReport {
    /**
     * The exact audit of the built-in cases, as the command line summarises it.
     *
     * @param summary the one-line verdict
     * @param headers the table's headers
     * @param rows one row per instance and scheme
     * @param titles per cell, the full text where a cell abbreviates it (or null)
     */
    public record Cases(String summary, List<String> headers, List<List<String>> rows, List<List<String>> titles) {
    }

    /** The quantities drawn over the simplex, with the label each chart gets: the optima, then {@link ReportSchemes}'. */
    static final Map<String, String> SIMPLEX_CHARTS = simplexCharts();

    private static Map<String, String> simplexCharts() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alpha*|iid", "alpha* (iid drafts)");
        m.put("alpha*|without-replacement", "alpha* (without replacement)");
        for (ReportSchemes.Column c : ReportSchemes.charted()) {
            if (c.chart().simplexLabel() != null) {
                m.put(c.key(), c.chart().simplexLabel());
            }
        }
        return m;
    }

    /** The curves of the acceptance-against-K charts (quantity|law → label), optima dashed, in colour order. */
    static final Map<String, String> K_CURVES = kCurves();

    /** The colour slot of each curve of {@link #K_CURVES}. */
    static final Map<String, Integer> COLOURS = colours();

    private static Map<String, String> kCurves() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("alpha*|iid", "alpha* iid (= ot-plan)");
        m.put("alpha*|without-replacement", "alpha* without repl.");
        for (ReportSchemes.Column c : ReportSchemes.curves()) {
            m.put(c.key(), c.chart().curveLabel());
        }
        return m;
    }

    private static Map<String, Integer> colours() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("alpha*|iid", 0);
        m.put("alpha*|without-replacement", 1);
        for (ReportSchemes.Column c : ReportSchemes.curves()) {
            m.put(c.key(), c.chart().colour());
        }
        return m;
    }

    private StudyReport() {
    }

    public static Page page(Studies.Result r, Cases cases, String machine) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode extra = om.createObjectNode();
        extra.put("synthetic", true);
        extra.put("seed", Studies.SEED);
        extra.put("positions_per_setting", r.positions());
        extra.put("seconds", r.seconds());
        extra.put("machine", machine);
        ArrayNode named = extra.putArray("simplex_named_points");
        for (Studies.NamedPoint np : r.named()) {
            ObjectNode o = named.addObject();
            o.put("name", np.name());
            ArrayNode q = o.putArray("q");
            for (BigFraction f : np.q()) {
                q.add(ExactValue.of(f).fraction());
            }
            ObjectNode v = o.putObject("exact");
            np.values().forEach((k, f) -> v.put(k, ExactValue.of(f).fraction()));
        }
        SequenceStudySection.json(extra, r.sequence());
        if (cases != null) {
            ObjectNode c = extra.putObject("builtin_cases");
            c.put("summary", cases.summary());
        }
        Page page = new Page("specverify audit: acceptance of speculative-decoding verifiers",
            "Built-in studies. The LLM-like families are synthetic (seeded Zipf-like laws, no model produced them). "
                + String.format(Locale.ROOT, "%.1f s on %s.", r.seconds(), machine), extra);
        page.measurements(r.simplex()).measurements(r.llm()).measurements(r.sequence().measurements());
        page.section(overview(r));
        page.section(simplex(r));
        page.section(llm(r));
        page.section(SequenceStudySection.section(r.sequence()));
        if (cases != null) {
            page.section(new Page.Section("cases", "Exact audit of the built-in cases", List.of(
                new Page.Text("Every scheme on the 17 hand-made instances of examples/builtin-cases.json: the exact"
                    + " output law by rational enumeration, compared with the target for equality. " + cases.summary()
                    + " Full fractions: ./specverify audit --cases --json."),
                new Page.Table("exact verdicts and acceptances (hover a \"(long)\" cell for its fraction)",
                    cases.headers(), cases.rows(), cases.titles(), true))));
        }
        page.section(new Page.Section("numbers", "How to read the numbers", List.of(
            new Page.Text("Acceptance is membership acceptance, P(Y in drafts), except kseq, whose closed form is its"
                + " test acceptance (membership is at least as large). alpha* is the largest acceptance any lossless"
                + " verifier reaches on the same draft law; gap = alpha* of the scheme's own draft law minus its"
                + " acceptance."),
            new Page.Text("Exact numbers are rationals computed without rounding (the simplex's named points, the"
                + " sequence study's chains and tree shapes, the built-in cases). Floating numbers are doubles with a"
                + " proved error bound (the bound column of measurements.csv); for a mean over positions the bound is"
                + " the largest of its positions. The"
                + " float32 rows of the synthetic families are taken as exact laws, weight over exact sum."),
            new Page.Text("Every number of this page is in measurements.csv and measurements.json.")))); 
        return page;
    }

    private static Page.Section overview(Studies.Result r) {
        List<ReportSchemes.Column> cols = new ArrayList<>();
        List<ReportSchemes.Column> gapCols = new ArrayList<>();
        for (ReportSchemes.Column c : ReportSchemes.charted()) {
            if (c.chart().overview()) {
                cols.add(c);
            }
            if (c.chart().overviewGap()) {
                gapCols.add(c);
            }
        }
        List<String> headers = new ArrayList<>(List.of("draft family", "how the draft differs"));
        cols.forEach(c -> headers.add(ReportSchemes.shortName(c.id())));
        headers.addAll(List.of("alpha* iid", "alpha* w/o repl."));
        gapCols.forEach(c -> headers.add(ReportSchemes.shortName(c.id()) + " gap"));
        List<List<String>> rows = new ArrayList<>();
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            Map<String, Measurement> m = index(r.llm(), f.id(), 128256, 4);
            List<String> row = new ArrayList<>(List.of(f.id(), f.description()));
            cols.forEach(c -> row.add(v(m, c.key())));
            row.add(v(m, "alpha*|iid"));
            row.add(v(m, "alpha*|without-replacement"));
            gapCols.forEach(c -> row.add(gap(m, c.key())));
            rows.add(row);
        }
        return new Page.Section("overview", "Overview", List.of(
            new Page.Text("What the verifiers of multi-draft speculative decoding accept, against the best any"
                + " lossless verifier can do (alpha*). Three studies: the |V| = 3, K = 2 simplex the multi-draft"
                + " literature uses to illustrate its K = 2 theorem; synthetic LLM-like families at |V| = 1000,"
                + " 32000 and 128256 with K = 1, 2, 4, 8; and acceptance against K with the gap to alpha*. Then"
                + " the sequence level: what block and tree verification buy over whole drafted blocks."),
            new Page.Table("|V| = 128256, K = 4, mean over " + r.positions() + " synthetic positions", headers, rows,
                null)));
    }

    private static Page.Section simplex(Studies.Result r) {
        List<double[]> points = new ArrayList<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (Measurement m : r.simplex()) {
            String key = m.quantity() + "|" + m.law();
            if (!SIMPLEX_CHARTS.containsKey(key)) {
                continue;
            }
            values.computeIfAbsent(key, x -> new ArrayList<>()).add(m.figure().value());
            if (key.equals("alpha*|iid")) {
                points.add(parsePoint(m.setting()));
            }
        }
        List<ReportChart> charts = new ArrayList<>();
        for (Map.Entry<String, String> e : SIMPLEX_CHARTS.entrySet()) {
            List<Double> vs = values.get(e.getKey());
            if (vs == null) {
                continue;
            }
            // rrs-wor and spechub need two tokens of positive draft mass: their points are a subset
            List<double[]> pts = pointsOf(r.simplex(), e.getKey());
            double[] arr = vs.stream().mapToDouble(Double::doubleValue).toArray();
            String id = "simplex-" + e.getKey().replace("|", "-").replace("*", "star");
            charts.add(new ReportChart(id, e.getValue(), e.getValue() + " over the draft simplex, p uniform, K = 2"
                + " (grid step 1/" + Studies.SIMPLEX_GRID + ").", ReportChart.simplex(e.getValue(), pts, arr)));
        }
        // the slice q = (t, (1 - t)/2, (1 - t)/2)
        XYChart slice = ReportChart.lines("Along q = (t, (1-t)/2, (1-t)/2), K = 2", "t = q1", "acceptance", 640, 400);
        for (String key : K_CURVES.keySet()) {
            int colour = COLOURS.get(key);
            List<double[]> xy = new ArrayList<>();
            for (Measurement m : r.simplex()) {
                if (!(m.quantity() + "|" + m.law()).equals(key)) {
                    continue;
                }
                double[] q = parsePoint(m.setting());
                if (Math.abs(q[1] - q[2]) < 1e-12) {
                    xy.add(new double[] {q[0], m.figure().value()});
                }
            }
            if (xy.size() > 1) {
                ReportChart.addLine(slice, K_CURVES.get(key), xy.stream().mapToDouble(a -> a[0]).toArray(),
                    xy.stream().mapToDouble(a -> a[1]).toArray(), colour, key.startsWith("alpha*"));
            }
        }
        charts.add(new ReportChart("simplex-slice", "slice", "Acceptance along the line from the middle of an edge"
            + " through the uniform draft to a vertex; dashed: optima.", slice));
        List<String> headers = new ArrayList<>(List.of("note", "draft q"));
        List<String> cols = new ArrayList<>();
        for (Studies.NamedPoint np : r.named()) {
            for (String k : np.values().keySet()) {
                if (!cols.contains(k)) {
                    cols.add(k);
                }
            }
        }
        for (String c : cols) {
            headers.add(c.equals("alpha* (iid)") ? "a* iid" : c.equals("alpha* (without-replacement)") ? "a* w/o repl."
                : ReportSchemes.shortName(c));
        }
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        for (Studies.NamedPoint np : r.named()) {
            List<String> row = new ArrayList<>();
            List<String> title = new ArrayList<>();
            int colon = np.name().indexOf(": ");
            row.add(colon > 0 ? np.name().substring(colon + 2) : np.name().startsWith("(") ? "" : np.name());
            title.add(np.name());
            StringBuilder q = new StringBuilder("(");
            for (int i = 0; i < np.q().length; i++) {
                q.append(i == 0 ? "" : ", ").append(ExactValue.of(np.q()[i]).fraction());
            }
            row.add(q.append(')').toString());
            title.add("");
            for (String c : cols) {
                BigFraction f = np.values().get(c);
                if (f == null) {
                    row.add("n/a");
                    title.add("not applicable: needs two tokens of positive draft mass");
                    continue;
                }
                String frac = ExactValue.of(f).fraction();
                row.add(frac.length() <= 9 ? frac : String.format(Locale.ROOT, "%.6f…", f.doubleValue()));
                title.add(frac);
            }
            rows.add(row);
            titles.add(title);
        }
        return new Page.Section("simplex", "The |V| = 3, K = 2 simplex (uniform target)", List.of(
            new Page.Text("Target p = (1/3, 1/3, 1/3); the draft law q runs over the simplex. For two iid drafts"
                + " alpha* = 1 exactly when p(S) >= q(S)^2 for every token set S: here when every q(x) <= 1/sqrt(3)"
                + " and every q(x) >= 1 - sqrt(2/3), the dark central region of the first chart. Colours band the"
                + " acceptance; rrs falls short of alpha* everywhere except at q = p, while drafting without"
                + " replacement reaches 1 on a larger region."),
            new Page.ChartRow(charts),
            new Page.Text("Exact values at named points (rationals from the exact output law; hover a cell for the"
                + " whole fraction; kseq shows its test acceptance at the rational rho it runs with)."),
            new Page.Table("named points, exact", headers, rows, titles)));
    }

    private static Page.Section llm(Studies.Result r) {
        List<Page.Block> blocks = new ArrayList<>();
        blocks.add(new Page.Text("Synthetic, seeded: the target is a Zipf-like softmax (logit -1.1 ln(rank + 1) plus"
            + " noise), the draft one of five families below; both rounded to float32 as an engine hands them over."
            + " Each point is the mean over " + r.positions() + " positions; the same positions serve every K."
            + " Computed with the closed forms and the fast optima (floating, with error bounds)."));
        List<ReportChart> charts = new ArrayList<>();
        double[] ks = java.util.Arrays.stream(Studies.KS).asDoubleStream().toArray();
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            XYChart c = ReportChart.lines(f.id() + " drafts, |V| = 128256", "K (drafts)", "acceptance", 520, 340);
            for (Map.Entry<String, String> e : K_CURVES.entrySet()) {
                int colour = COLOURS.get(e.getKey());
                List<double[]> xy = new ArrayList<>();
                for (int k : Studies.KS) {
                    Measurement m = index(r.llm(), f.id(), 128256, k).get(e.getKey());
                    if (m != null) {
                        xy.add(new double[] {k, m.figure().value()});
                    }
                }
                if (!xy.isEmpty()) {
                    ReportChart.addLine(c, e.getValue(), xy.stream().mapToDouble(a -> a[0]).toArray(),
                        xy.stream().mapToDouble(a -> a[1]).toArray(), colour, e.getKey().startsWith("alpha*"));
                }
            }
            c.getStyler().setXAxisMin(0.5);
            c.getStyler().setXAxisMax(8.5);
            charts.add(new ReportChart("k-" + f.id().replace("+", "-"), f.id(), "Acceptance against K, " + f.id()
                + " drafts (" + f.description() + "), |V| = 128256; dashed: optima.", c));
        }
        for (ReportSchemes.Column col : gapCharted()) {
            String name = ReportSchemes.shortName(col.id());
            XYChart gap = ReportChart.lines(name + ": gap to alpha* (iid), |V| = 128256", "K (drafts)",
                "alpha* - acceptance", 520, 340);
            int colour = 0;
            for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
                double[] g = new double[ks.length];
                for (int i = 0; i < ks.length; i++) {
                    Map<String, Measurement> m = index(r.llm(), f.id(), 128256, Studies.KS[i]);
                    g[i] = m.containsKey(col.key()) ? m.get(col.key()).gap() : 0;
                }
                ReportChart.addLine(gap, f.id(), ks, g, colour, false);
                colour++;
            }
            charts.add(new ReportChart("gap-" + col.id(), name + " gap", col.chart().gapCaption(), gap));
        }
        blocks.add(new Page.ChartRow(charts));
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : r.llm()) {
            rows.add(List.of(m.setting(), Integer.toString(m.vocab()), Integer.toString(m.k()), m.quantity(),
                m.law(), Page.d6(m.figure().value()), m.figure().boundText(), Page.d6(m.min()), Page.d6(m.max()),
                Page.d6(m.gap())));
        }
        blocks.add(new Page.Table("every family, vocabulary and K (mean over positions; floating, with the largest"
            + " error bound of its positions)", List.of("family", "|V|", "K", "quantity", "draft law", "mean",
                "bound", "min", "max", "gap"), rows, null, true));
        return new Page.Section("llm", "LLM-like synthetic families, acceptance against K", blocks);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The charted schemes with a chart of their gap to alpha*, in registry order. */
    public static List<ReportSchemes.Column> gapCharted() {
        List<ReportSchemes.Column> out = new ArrayList<>();
        for (ReportSchemes.Column c : ReportSchemes.charted()) {
            if (c.chart().gapCaption() != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The measurements of one family, vocabulary and K, keyed by {@code quantity|law}. */
    public static Map<String, Measurement> index(List<Measurement> ms, String family, int vocab, int k) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        for (Measurement x : ms) {
            if (x.setting().equals(family) && x.vocab() == vocab && x.k() == k) {
                m.put(x.quantity() + "|" + x.law(), x);
            }
        }
        return m;
    }

    private static String v(Map<String, Measurement> m, String key) {
        Measurement x = m.get(key);
        return x == null ? "n/a" : Page.d6(x.figure().value());
    }

    private static String gap(Map<String, Measurement> m, String key) {
        Measurement x = m.get(key);
        return x == null ? "n/a" : Page.d6(x.gap());
    }

    private static List<double[]> pointsOf(List<Measurement> ms, String key) {
        List<double[]> out = new ArrayList<>();
        for (Measurement m : ms) {
            if ((m.quantity() + "|" + m.law()).equals(key)) {
                out.add(parsePoint(m.setting()));
            }
        }
        return out;
    }

    /** "q=(i/N,j/N,k/N)" as three doubles. */
    static double[] parsePoint(String setting) {
        String[] parts = setting.substring(3, setting.length() - 1).split(",");
        double[] q = new double[3];
        for (int i = 0; i < 3; i++) {
            String[] nd = parts[i].split("/");
            q[i] = Double.parseDouble(nd[0]) / Double.parseDouble(nd[1]);
        }
        return q;
    }
}
