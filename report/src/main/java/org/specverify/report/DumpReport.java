package org.specverify.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/** The report page and JSON of a {@link DumpAudit}. */
public final class DumpReport {
    /** Display bins of the histograms (the audit keeps {@link DumpAudit#BINS}). */
    static final int DISPLAY_BINS = 50;

    private DumpReport() {
    }

    public static ObjectNode json(ObjectMapper om, String file, DumpAudit.Result r) {
        ObjectNode root = om.createObjectNode();
        root.put("file", file);
        root.put("positions", r.positions());
        root.put("vocab", r.vocab());
        root.put("k", r.k());
        root.put("drafts", r.draftLaws());
        if (!Double.isNaN(r.tolerance())) {
            root.put("sum_tolerance", r.tolerance());
        }
        root.put("sum_tolerance_rule", r.toleranceRule());
        root.put("seconds", r.seconds());
        root.put("cpu_seconds", r.cpuSeconds());
        ObjectNode meta = root.putObject("metadata");
        r.metadata().forEach(meta::put);
        ArrayNode w = root.putArray("warnings");
        r.warnings().forEach(w::add);
        root.put("quantile_method", "exact, nearest rank: the value of the position of rank ceil(q * N)");
        ArrayNode arr = root.putArray("quantities");
        for (DumpAudit.Aggregate a : r.aggregates()) {
            ObjectNode o = Page.measurementJson(om, a.measurement());
            ObjectNode q = o.putObject("quantiles");
            String[] names = {"p5", "p25", "p50", "p75", "p95"};
            for (int i = 0; i < names.length; i++) {
                q.put(names[i], a.quantiles()[i]);
            }
            ArrayNode h = o.putArray("histogram");
            for (long c : a.histogram()) {
                h.add(c);
            }
            arr.add(o);
        }
        return root;
    }

    public static Page page(String file, DumpAudit.Result r, String machine, String perPositionCsv) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode extra = json(om, file, r);
        extra.remove("quantities");
        Page page = new Page("specverify audit --input " + file, String.format(Locale.ROOT,
            "%d positions, |V| = %d, K = %d, drafts: %s; %.2f s on %s.", r.positions(), r.vocab(), r.k(),
            r.draftLaws(), r.seconds(), machine), extra);
        List<Measurement> ms = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (DumpAudit.Aggregate a : r.aggregates()) {
            Measurement m = a.measurement();
            ms.add(m);
            rows.add(List.of(m.quantity(), m.law(), Page.d6(m.figure().value()), Page.d6(a.quantiles()[0]),
                Page.d6(a.quantiles()[1]), Page.d6(a.quantiles()[2]), Page.d6(a.quantiles()[3]),
                Page.d6(a.quantiles()[4]), Page.d6(m.min()), Page.d6(m.max()), m.figure().boundText(),
                Page.d6(m.gap())));
        }
        page.measurements(ms);
        List<Page.Block> blocks = new ArrayList<>();
        blocks.add(new Page.Text("Per position: the acceptance of every scheme with a closed form and the optimum"
            + " alpha* of each draft law, floating, each within its error bound; then aggregated. "
            + (Double.isNaN(r.tolerance()) ? "Rows: logits, processed here (" + r.toleranceRule() + ")."
            : String.format(Locale.ROOT, "Rows: probabilities summing to 1 within %.2e (%s).", r.tolerance(),
                r.toleranceRule()))));
        if ("true".equalsIgnoreCase(r.metadata().getOrDefault("synthetic", ""))) {
            blocks.add(new Page.Text("Synthetic data: the file's metadata says synthetic = true"
                + (r.metadata().containsKey("generator") ? " (written by " + r.metadata().get("generator") + ")" : "")
                + "; no model produced these numbers."));
        }
        for (String w : r.warnings()) {
            blocks.add(new Page.Text("Warning: " + w));
        }
        blocks.add(new Page.Table("aggregates over the positions (exact quantiles, nearest rank: each is the"
            + " value of one position)", List.of("quantity", "draft law", "mean", "p5", "p25", "median", "p75", "p95", "min",
                "max", "bound", "gap"), rows, null));
        XYChart h = ReportChart.lines("Acceptance per position", "acceptance", "share of positions", 760, 400);
        int colour = 0;
        for (DumpAudit.Aggregate a : r.aggregates()) {
            Measurement m = a.measurement();
            if (m.quantity().equals(PositionAudit.OPTIMUM) && m.law().equals(PositionAudit.WITHOUT_REPLACEMENT)) {
                colour++;
                continue;
            }
            double[] x = new double[DISPLAY_BINS];
            double[] y = new double[DISPLAY_BINS];
            int per = DumpAudit.BINS / DISPLAY_BINS;
            for (int b = 0; b < DISPLAY_BINS; b++) {
                long c = 0;
                for (int j = 0; j < per; j++) {
                    c += a.histogram()[b * per + j];
                }
                x[b] = (b + 0.5) / DISPLAY_BINS;
                y[b] = (double) c / Math.max(1, r.positions());
            }
            ReportChart.addLine(h, m.label(), x, y, colour++, m.quantity().equals(PositionAudit.OPTIMUM))
                .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        h.getStyler().setXAxisMin(0.0);
        h.getStyler().setXAxisMax(1.0);
        blocks.add(new Page.ChartRow(List.of(new ReportChart("histogram", "histogram", "Distribution of the"
            + " per-position acceptance (bins of width 0.02); dashed: optima.", h))));
        if (perPositionCsv != null) {
            blocks.add(new Page.Text("Every position and quantity: " + perPositionCsv + "."));
        }
        page.section(new Page.Section("input", "Positions of " + file, blocks));
        return page;
    }
}
