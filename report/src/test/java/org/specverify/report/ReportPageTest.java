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
        for (String id : List.of("overview", "simplex", "llm", SequenceStudySection.ID, "cases", "numbers")) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        Matcher m = Pattern.compile("<table>(.*?)</table>", Pattern.DOTALL).matcher(html);
        int tables = 0;
        while (m.find()) {
            tables++;
            assertTrue(m.group(1).contains("<th>") && m.group(1).contains("<td"), "a table without rows");
        }
        assertEquals(SEQUENCE_TABLES.size() + 4, tables, "overview, named points, LLM families, "
            + String.join(", ", SEQUENCE_TABLES) + ", built-in cases");
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

    /** The captions of the sequence section's tables. */
    static final List<String> SEQUENCE_TABLES = List.of("chains: expected accepted draft tokens",
        "tree shapes: expected accepted draft tokens", "cells without a number, and why",
        "synthetic chains at LLM vocabulary: mean expected accepted draft tokens (floating)");

    @Test
    void theSequenceSectionExplainsAndShowsItsStudies() {
        int at = html.indexOf("<section id=\"" + SequenceStudySection.ID + "\">");
        String section = html.substring(at, html.indexOf("</section>", at));
        for (String caption : SEQUENCE_TABLES) {
            assertTrue(section.contains("<caption>" + caption), "sequence table " + caption);
        }
        // what C*, V* and the node budget are
        assertTrue(section.contains("C* is the coupling bound") && section.contains("upper bound that the best"
            + " lossless verifier need not reach"), "C* explained");
        assertTrue(section.contains("V* is the best expected accepted length of any lossless verifier"), "V*");
        assertTrue(section.contains("node budget N is its number of drafted nodes"), "node budget");
        for (SequenceStudy.ModelPair m : result.sequence().models()) {
            assertTrue(section.contains("id=\"chart-sequence-chain-" + m.id() + "\""), "chain chart " + m.id());
        }
        assertTrue(section.contains("id=\"chart-sequence-trees\""), "tree chart");
        assertTrue(section.contains("id=\"chart-sequence-llm\""), "LLM-vocabulary chart");
        // every cell without a number says why, in the table of reasons
        for (SequenceStudy.TreeCell c : result.sequence().trees()) {
            if (c.value() == null) {
                assertTrue(!c.reason().isEmpty() && section.contains(Html.escape(c.reason())), c.toString());
            }
        }
    }

    @Test
    void csvAndJsonHoldEveryMeasurement() throws Exception {
        int n = result.simplex().size() + result.llm().size() + result.sequence().measurements().size();
        List<String> csv = Files.readAllLines(dir.resolve("measurements.csv"));
        assertEquals(Page.CSV_HEADER, csv.get(0));
        assertEquals(n + 1, csv.size());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("measurements.json").toFile());
        assertEquals(n, json.get("measurements").size());
        assertTrue(json.get("synthetic").asBoolean());
        assertEquals(Studies.NAMED.size(), json.get("simplex_named_points").size());
        Set<String> studies = new HashSet<>();
        for (JsonNode m : json.get("measurements")) {
            String study = m.get("study").asText();
            studies.add(study);
            if (study.equals("simplex") || study.equals("llm")) {
                assertTrue(m.get("kind").asText().equals("floating") && m.get("bound").asDouble() < 1e-9,
                    m.toString());
            }
        }
        assertTrue(studies.containsAll(List.of(SequenceStudy.CHAIN, SequenceStudy.TREE, SequenceLlmStudy.STUDY)),
            studies.toString());
    }

    @Test
    void theSequenceStudyIsInTheCsvAndJson() throws Exception {
        List<String> csv = Files.readAllLines(dir.resolve("measurements.csv"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("measurements.json").toFile());
        SequenceStudy.Result seq = result.sequence();
        // every chain number: exact (V* exact or a proved interval), with its fraction in the CSV and the JSON
        int chainRows = 0;
        int treeRows = 0;
        int llmRows = 0;
        for (JsonNode m : json.get("measurements")) {
            String study = m.get("study").asText();
            if (study.equals(SequenceStudy.CHAIN)) {
                chainRows++;
                String q = m.get("quantity").asText();
                assertTrue(List.of("tokenwise", "block", SequenceStudy.C_STAR, SequenceStudy.V_STAR).contains(q), q);
                assertEquals(SequenceStudy.VOCAB, m.get("vocab").asInt());
                assertTrue(m.get("k").asInt() >= 1 && m.get("k").asInt() <= SequenceStudy.MAX_GAMMA, m.toString());
                if (!q.equals(SequenceStudy.V_STAR)) {
                    assertTrue(m.get("kind").asText().equals("exact") && m.has("exact"), m.toString());
                }
            } else if (study.equals(SequenceStudy.TREE)) {
                treeRows++;
                assertTrue(m.get("kind").asText().equals("exact") && m.has("exact"), m.toString());
            } else if (study.equals(SequenceLlmStudy.STUDY)) {
                llmRows++;
                // floating with a proved bound, far below the digits shown
                assertTrue(m.get("kind").asText().equals("floating") && m.get("bound").asDouble() < 1e-6
                    && m.get("positions").asInt() == SequenceLlmStudy.STEPS, m.toString());
                assertTrue(List.of("tokenwise", "block", SequenceLlmStudy.GAIN).contains(m.get("quantity").asText()),
                    m.toString());
            }
        }
        int models = seq.models().size();
        // tokenwise, block, C* at every gamma; V* up to MAX_GAMMA_VSTAR unless OR-Tools was unavailable
        int vstar = seq.vStarUnavailable() == null ? models * SequenceStudy.MAX_GAMMA_VSTAR : 0;
        assertEquals(models * SequenceStudy.MAX_GAMMA * 3 + vstar, chainRows);
        long withValue = seq.trees().stream().filter(c -> c.value() != null).count();
        assertEquals(withValue, treeRows);
        assertEquals(chainRows, csv.stream().filter(l -> l.startsWith(SequenceStudy.CHAIN + ",")).count());
        assertEquals(treeRows, csv.stream().filter(l -> l.startsWith(SequenceStudy.TREE + ",")).count());
        assertEquals(SyntheticRows.Family.values().length * SequenceLlmStudy.VOCABS.length * SequenceLlmStudy.MAX_GAMMA
            * 3, llmRows);
        assertEquals(llmRows, csv.stream().filter(l -> l.startsWith(SequenceLlmStudy.STUDY + ",")).count());
        for (String line : csv) {
            if (line.startsWith(SequenceStudy.CHAIN + ",") || line.startsWith(SequenceStudy.TREE + ",")) {
                assertTrue(line.contains(",exact,") || line.contains("," + SequenceStudy.V_STAR + ","), line);
            }
        }
        // the study's entry: the models' rows, and every tree cell with a value or a reason, never both missing
        JsonNode entry = json.get(SequenceStudySection.JSON_KEY);
        assertEquals(models, entry.get("models").size());
        for (JsonNode m : entry.get("models")) {
            assertTrue(m.get("target").has("") && m.get("draft").has(""), m.toString());
        }
        assertEquals(SequenceStudy.SHAPES.size() * SequenceStudy.TREE_COLUMNS.size(), entry.get("tree_cells").size());
        for (JsonNode c : entry.get("tree_cells")) {
            String status = c.get("status").asText();
            if (status.equals("ok")) {
                assertTrue(c.has("exact") && !c.has("reason"), c.toString());
            } else {
                assertTrue(status.equals("not applicable") || status.equals("too large"), c.toString());
                assertTrue(!c.has("exact") && !c.get("reason").asText().isEmpty(), c.toString());
            }
        }
        assertTrue(entry.get("seconds").get("chains").asDouble() > 0, entry.toString());
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
