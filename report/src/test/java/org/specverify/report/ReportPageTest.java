package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The structure of the built-in studies' report: every chart inlined as SVG with its PNG beside it, every table with
 * rows, every link resolving (a file in the report directory or an anchor of the page), and the CSV and JSON holding
 * every measurement.
 */
class ReportPageTest {
    @TempDir
    static Path dir;
    static Page page;
    static Studies.Result result;
    static String html;

    @BeforeAll
    static void write() throws Exception {
        result = Studies.run(1, 2, null);
        page = StudyReport.page(result, new StudyReport.Cases("2 checks: 2 lossless as claimed.",
            List.of("instance", "scheme"), List.of(List.of("a", "rrs"), List.of("b", "sd")), null), "test machine");
        page.write(dir);
        html = Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    @Test
    void everyChartIsInlinedAsSvgAndWrittenAsPng() throws Exception {
        List<ReportChart> charts = page.charts();
        assertTrue(charts.size() >= 14, "charts: " + charts.size());
        for (ReportChart c : charts) {
            int at = html.indexOf("<figure class=\"chart\" id=\"chart-" + c.id() + "\" style=\"max-width: " + c.width() + "px\">");
            assertTrue(at >= 0, "no figure for chart " + c.id());
            int end = html.indexOf("</figure>", at);
            String fig = html.substring(at, end);
            assertTrue(fig.contains("<svg") && fig.contains("</svg>"), "chart " + c.id() + " has no inline SVG");
            assertTrue(fig.contains("<figcaption>"), c.id());
            byte[] png = Files.readAllBytes(dir.resolve(c.pngName()));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', c.pngName());
        }
        assertEquals(charts.size(), count(html, "<figure class=\"chart\""));
    }

    @Test
    void everySectionAndTableIsPresentWithRows() {
        for (String id : List.of("overview", "simplex", "llm", "cases", "numbers")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        Matcher m = Pattern.compile("<table>(.*?)</table>", Pattern.DOTALL).matcher(html);
        int tables = 0;
        while (m.find()) {
            tables++;
            assertTrue(m.group(1).contains("<th>") && m.group(1).contains("<td"), "a table without rows");
        }
        assertEquals(4, tables, "overview, named points, LLM families, built-in cases");
    }

    @Test
    void everyLinkResolves() {
        Set<String> ids = new HashSet<>();
        Matcher idm = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        while (idm.find()) {
            ids.add(idm.group(1));
        }
        Matcher m = Pattern.compile("(?:href|src)=\"([^\"]*)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            String target = m.group(1);
            links++;
            assertTrue(!target.isEmpty(), "empty link");
            assertTrue(!target.startsWith("http:") && !target.startsWith("https:") && !target.startsWith("file:"),
                "the report must stand alone: " + target);
            if (target.startsWith("#")) {
                assertTrue(ids.contains(target.substring(1)), "broken anchor " + target);
            } else {
                assertTrue(Files.isRegularFile(dir.resolve(target)), "broken link " + target);
            }
        }
        assertTrue(links > 20, "links: " + links);
        // inlined SVGs must not share ids (clip paths would cross charts)
        Matcher all = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        Set<String> seen = new HashSet<>();
        while (all.find()) {
            assertTrue(seen.add(all.group(1)), "duplicate id " + all.group(1));
        }
    }

    @Test
    void csvAndJsonHoldEveryMeasurement() throws Exception {
        int n = result.simplex().size() + result.llm().size();
        List<String> csv = Files.readAllLines(dir.resolve("measurements.csv"));
        assertEquals(Page.CSV_HEADER, csv.get(0));
        assertEquals(n + 1, csv.size());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("measurements.json").toFile());
        assertEquals(n, json.get("measurements").size());
        assertTrue(json.get("synthetic").asBoolean());
        assertEquals(Studies.NAMED.size(), json.get("simplex_named_points").size());
        for (JsonNode m : json.get("measurements")) {
            assertTrue(m.get("kind").asText().equals("floating") && m.get("bound").asDouble() < 1e-9, m.toString());
        }
    }

    @Test
    void theNamedPointsAgreeWithTheFastGrid() {
        // (1/2, 1/4, 1/4) is a grid point for N = 40: the fast figures must hold the exact values
        String setting = Studies.point(20, 10, 40);
        Studies.NamedPoint np = result.named().get(1);
        int checked = 0;
        for (Measurement m : result.simplex()) {
            if (!m.setting().equals(setting)) {
                continue;
            }
            String key = m.quantity().equals(PositionAudit.OPTIMUM) ? "alpha* (" + m.law() + ")" : m.quantity();
            if (np.values().containsKey(key) && !m.quantity().equals("kseq")) {
                double exact = np.values().get(key).doubleValue();
                assertTrue(Math.abs(m.figure().value() - exact) <= m.figure().bound(), key + ": " + m + " vs " + exact);
                checked++;
            }
        }
        assertEquals(8, checked);
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
