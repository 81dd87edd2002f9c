package org.specverify.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report page: sections of paragraphs, charts and tables, written as {@code index.html} (charts inlined as SVG),
 * one PNG per chart, and every number in {@code measurements.csv} and {@code measurements.json}.
 */
public final class Page {
    /** A block of a section. */
    public sealed interface Block permits Text, ChartRow, Table {
    }

    /** A paragraph (HTML-escaped). */
    public record Text(String text) implements Block {
    }

    /** Charts side by side. */
    public record ChartRow(List<ReportChart> charts) implements Block {
    }

    /** A table; each cell plain text, with an optional title (tooltip) per cell. */
    public record Table(String caption, List<String> headers, List<List<String>> rows, List<List<String>> titles,
                        boolean collapsed) implements Block {
        public Table(String caption, List<String> headers, List<List<String>> rows, List<List<String>> titles) {
            this(caption, headers, rows, titles, false);
        }
    }

    /** A section with an anchor id. */
    public record Section(String id, String title, List<Block> blocks) {
    }

    private final String title;
    private final String subtitle;
    private final List<Section> sections = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final ObjectNode extraJson;

    public Page(String title, String subtitle, ObjectNode extraJson) {
        this.title = title;
        this.subtitle = subtitle;
        this.extraJson = extraJson;
    }

    public Page section(Section s) {
        sections.add(s);
        return this;
    }

    public Page measurements(List<Measurement> m) {
        measurements.addAll(m);
        return this;
    }

    public List<Section> sections() {
        return sections;
    }

    /** Every chart of the page. */
    public List<ReportChart> charts() {
        List<ReportChart> out = new ArrayList<>();
        for (Section s : sections) {
            for (Block b : s.blocks()) {
                if (b instanceof ChartRow r) {
                    out.addAll(r.charts());
                }
            }
        }
        return out;
    }

    /** The file in a report directory that lists the files the last page written there owns. */
    public static final String MANIFEST = ".specverify-report";

    /**
     * Writes index.html, the PNGs, measurements.csv and measurements.json into {@code dir} (created), each file
     * atomically ({@link AtomicFile}), then deletes the files that the previous page written into {@code dir} owned
     * and this one does not (listed in {@value #MANIFEST}); no other file of the directory is touched.
     *
     * @param extra further files of {@code dir} this page owns (written by the caller, such as a per-position CSV)
     */
    public void write(Path dir, String... extra) {
        try {
            Files.createDirectories(dir);
            java.util.Set<String> owned = new java.util.LinkedHashSet<>();
            for (ReportChart c : charts()) {
                c.writePng(dir);
                owned.add(c.pngName());
            }
            AtomicFile.writeString(dir.resolve("index.html"), html());
            try (AtomicFile f = AtomicFile.create(dir.resolve("measurements.csv"))) {
                writeCsv(f.writer(), measurements);
                f.commit();
            }
            json(dir.resolve("measurements.json"));
            owned.addAll(List.of("index.html", "measurements.csv", "measurements.json"));
            owned.addAll(List.of(extra));
            Path manifest = dir.resolve(MANIFEST);
            if (Files.isRegularFile(manifest)) {
                for (String old : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                    if (!old.isBlank() && !owned.contains(old) && !old.contains("/") && !old.contains("\\")) {
                        Files.deleteIfExists(dir.resolve(old));
                    }
                }
            }
            AtomicFile.writeString(manifest, String.join("\n", owned) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + dir + ": " + e.getMessage(), e);
        }
    }

    static final String CSV_HEADER = "study,setting,vocab,k,quantity,law,value,kind,bound,exact,gap_to_optimum,min,max,"
        + "positions,note";

    /** The CSV of the measurements (RFC 4180 quoting). */
    public static void writeCsv(Writer w, List<Measurement> ms) throws IOException {
        w.write(CSV_HEADER + "\n");
        for (Measurement m : ms) {
            w.write(String.join(",", csv(m.study()), csv(m.setting()), Integer.toString(m.vocab()),
                Integer.toString(m.k()), csv(m.quantity()), csv(m.law()), num(m.figure().value()), m.figure().kind(),
                num(m.figure().bound()), m.figure().isExact() ? csv(org.specverify.audit.ExactValue.of(
                    m.figure().exact()).fraction()) : "", num(m.gap()), num(m.min()), num(m.max()),
                Integer.toString(m.positions()), csv(m.note())) + "\n");
        }
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private void json(Path file) throws IOException {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFile.write(file, om.writeValueAsBytes(jsonNode(om)));
    }

    /** The JSON document of measurements.json: title, the page's own fields, every measurement. */
    public ObjectNode jsonNode(ObjectMapper om) {
        ObjectNode root = om.createObjectNode();
        root.put("title", title);
        root.put("subtitle", subtitle);
        if (extraJson != null) {
            root.setAll(extraJson);
        }
        ArrayNode arr = root.putArray("measurements");
        for (Measurement m : measurements) {
            arr.add(measurementJson(om, m));
        }
        return root;
    }

    /** One measurement as JSON. */
    public static ObjectNode measurementJson(ObjectMapper om, Measurement m) {
        ObjectNode o = om.createObjectNode();
        o.put("study", m.study());
        o.put("setting", m.setting());
        o.put("vocab", m.vocab());
        o.put("k", m.k());
        o.put("quantity", m.quantity());
        o.put("law", m.law());
        o.put("value", m.figure().value());
        o.put("kind", m.figure().kind());
        o.put("bound", m.figure().bound());
        if (m.figure().isExact()) {
            o.put("exact", org.specverify.audit.ExactValue.of(m.figure().exact()).fraction());
        }
        if (!Double.isNaN(m.gap())) {
            o.put("gap_to_optimum", m.gap());
        }
        o.put("min", m.min());
        o.put("max", m.max());
        o.put("positions", m.positions());
        if (!m.note().isEmpty()) {
            o.put("note", m.note());
        }
        return o;
    }

    /** The page as HTML. */
    public String html() {
        StringBuilder b = new StringBuilder(1 << 20);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .append(Html.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
            .append("<header><h1>").append(Html.escape(title)).append("</h1>\n<p class=\"sub\">")
            .append(Html.escape(subtitle)).append("</p>\n<nav>");
        for (Section s : sections) {
            b.append("<a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a> ");
        }
        b.append("<a href=\"measurements.csv\">measurements.csv</a> <a href=\"measurements.json\">measurements.json</a>")
            .append("</nav></header>\n<main>\n");
        for (Section s : sections) {
            b.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(Html.escape(s.title()))
                .append("</h2>\n");
            for (Block block : s.blocks()) {
                if (block instanceof Text t) {
                    b.append("<p>").append(Html.escape(t.text())).append("</p>\n");
                } else if (block instanceof ChartRow r) {
                    b.append("<div class=\"charts\">\n");
                    for (ReportChart c : r.charts()) {
                        b.append("<figure class=\"chart\" id=\"chart-").append(c.id()).append("\" style=\"max-width: ")
                            .append(c.width()).append("px\">\n")
                            .append(c.svg()).append("\n<figcaption>").append(Html.escape(c.caption()))
                            .append(" <a href=\"").append(c.pngName()).append("\">PNG</a></figcaption>\n</figure>\n");
                    }
                    b.append("</div>\n");
                } else if (block instanceof Table t) {
                    table(b, t);
                }
            }
            b.append("</section>\n");
        }
        b.append("</main>\n<footer>Written by specverify. Synthetic data is labelled as such; every number says whether"
            + " it is exact or floating with its error bound.</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void table(StringBuilder b, Table t) {
        if (t.collapsed()) {
            b.append("<details><summary>").append(Html.escape(t.caption())).append(" (").append(t.rows().size())
                .append(" rows)</summary>\n");
        }
        b.append("<div class=\"table\"><table>\n<caption>").append(Html.escape(t.caption())).append("</caption>\n<tr>");
        for (String h : t.headers()) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (int r = 0; r < t.rows().size(); r++) {
            List<String> row = t.rows().get(r);
            List<String> titles = t.titles() == null ? null : t.titles().get(r);
            b.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                boolean number = cell.matches("[-+0-9.e± ()/a-z]*") && !cell.isEmpty() && Character.isDigit(
                    cell.charAt(0));
                b.append(number ? "<td class=\"n\"" : "<td");
                if (titles != null && titles.get(c) != null && !titles.get(c).isEmpty()) {
                    b.append(" title=\"").append(Html.escape(titles.get(c))).append('"');
                }
                b.append('>').append(Html.escape(cell)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table></div>\n");
        if (t.collapsed()) {
            b.append("</details>\n");
        }
    }

    /** A value rounded to six decimals. */
    static String d6(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static final String CSS = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #222;
               background: #fafafa; }
        header { background: #1f3b57; color: #fff; padding: 18px 32px 12px; }
        header h1 { margin: 0 0 4px; font-size: 24px; }
        header .sub { margin: 0 0 10px; color: #d5e2ef; }
        nav a { color: #fff; margin-right: 14px; font-size: 14px; }
        main { padding: 8px 32px 32px; max-width: 1400px; }
        section { background: #fff; border: 1px solid #e3e3e3; border-radius: 6px; padding: 8px 20px 16px;
                  margin: 18px 0; }
        h2 { font-size: 19px; border-bottom: 1px solid #eee; padding-bottom: 6px; }
        p { line-height: 1.45; max-width: 110ch; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        figure.chart { margin: 0; }
        figure.chart svg { max-width: 100%; height: auto; display: block; }
        figcaption { font-size: 13px; color: #555; margin-top: 2px; }
        details { margin: 10px 0; }
        summary { cursor: pointer; font-weight: 600; font-size: 14px; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; margin: 10px 0; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        th, td { border-bottom: 1px solid #e6e6e6; padding: 3px 10px; text-align: left; white-space: nowrap; }
        th { background: #f2f5f8; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        tr:hover td { background: #f7faff; }
        footer { color: #777; font-size: 12px; padding: 0 32px 24px; }
        """;
}
