package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a product: the main command (built-in studies) with its report, --quiet, --json, --version,
 * help, the 120-column exact table, and the messages a new user meets, one test each.
 */
class ProductCliTest {
    @TempDir
    Path dir;

    private static void fits(String text, int width) {
        text.lines().forEach(l -> assertTrue(l.length() <= width, "line of " + l.length() + " columns: " + l));
    }

    @Test
    void theMainCommandRunsTheStudiesAndWritesTheReport() throws IOException {
        CliRun r = CliRun.run(dir, "audit", "--positions", "1", "--report", "out");
        assertEquals(0, r.code(), r.toString());
        fits(r.out(), 120);
        assertTrue(r.out().contains("(a) |V| = 3, K = 2, target p uniform"), r.out());
        assertTrue(r.out().contains("(b, c) LLM-like synthetic families"), r.out());
        assertTrue(r.out().contains("(d) Sequence level, exact: expected accepted draft tokens per step"), r.out());
        assertTrue(r.out().contains("OK: every lossless claim holds exactly."), r.out());
        assertTrue(r.out().contains("Report: "), r.out());
        for (String f : new String[] {"index.html", "measurements.csv", "measurements.json", "simplex-slice.png",
            "k-noise.png", "gap-rrs.png", "sequence-chain-independent.png", "sequence-trees.png",
            "sequence-llm.png"}) {
            assertTrue(Files.isRegularFile(dir.resolve("out").resolve(f)), f);
        }
        // the output pasted in the README (the simplex table and the verdict do not depend on --positions)
        for (String marker : new String[] {"runs the built-in studies. Part of its output", "and the verdict of the exact"
            + " audit of the 17 built-in cases:"}) {
            for (String line : readmeBlockAfter(marker)) {
                assertTrue(r.out().lines().anyMatch(line::equals), "README line no longer printed by ./specverify"
                    + " audit; paste the current output:\n" + line + "\n--- actual ---\n" + r.out());
            }
        }
        String html = Files.readString(dir.resolve("out/index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("Exact audit of the built-in cases") && html.contains("<svg"), "report content");
    }

    /** The lines of the first text block after {@code marker} in README.md and the pages of docs/. */
    static java.util.List<String> readmeBlockAfter(String marker) throws IOException {
        String flat = ReadmeExamples.allPages();
        int at = flat.replace('\n', ' ').indexOf(marker);
        assertTrue(at >= 0, "README.md and docs/ lost the text '" + marker + "'");
        int start = flat.indexOf("```text\n", at);
        int end = flat.indexOf("\n```", start + 8);
        assertTrue(start > 0 && end > start, "no text block after '" + marker + "'");
        java.util.List<String> lines = flat.substring(start + 8, end).lines().toList();
        assertFalse(lines.isEmpty());
        return lines;
    }

    @Test
    void quietAndJsonMainCommand() throws Exception {
        CliRun q = CliRun.run(dir, "audit", "--positions", "1", "--no-report", "--quiet");
        assertEquals(0, q.code(), q.toString());
        assertEquals(1, q.out().lines().count(), q.out());
        assertTrue(q.out().startsWith("OK: every lossless claim holds exactly."), q.out());
        assertTrue(q.err().isBlank(), q.err());
        CliRun j = CliRun.run(dir, "audit", "--positions", "1", "--no-report", "--json");
        assertEquals(0, j.code(), j.toString());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertTrue(root.get("ok").asBoolean());
        assertTrue(root.get("measurements").size() > 1000);
        assertTrue(root.get("synthetic").asBoolean());
    }

    @Test
    void theExactTableFits120ColumnsWithNotesUnderTheirRows() {
        CliRun r = CliRun.atRoot("audit", "--cases");
        assertEquals(0, r.code(), r.toString());
        fits(r.out(), 120);
        assertFalse(r.out().contains("digits)"), "no digit-count placeholders");
        String out = r.out();
        int rows = out.indexOf("sd              not applicable");
        assertTrue(rows > 0 && out.startsWith("    sd supports K = 1", out.indexOf('\n', rows) + 1), out);
        // each instance's optima line comes right after its own rows, before the next instance's heading
        int optima = out.indexOf("p-equals-q: optima = {");
        int next = out.indexOf("one-hot-target (|V| = 4");
        assertTrue(optima > 0 && optima < next, "optima under their instance");
    }

    @Test
    void versionHelpSubcommandAndExamples() {
        CliRun v = CliRun.atRoot("--version");
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().startsWith("specverify "), v.out());
        CliRun h = CliRun.atRoot("help", "audit");
        assertEquals(0, h.code(), h.toString());
        assertTrue(h.out().contains("Examples:") && h.out().contains("--input"), h.out());
        CliRun top = CliRun.atRoot("--help");
        assertTrue(top.out().contains("Examples:") && top.out().contains("help"), top.out());
    }

    private CliRun instance(String content) throws IOException {
        Files.writeString(dir.resolve("i.json"), content, StandardCharsets.UTF_8);
        return CliRun.run(dir, "audit", "--instance", "i.json");
    }

    private static void says(CliRun r, String text) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains(text), "expected '" + text + "' in:\n" + r);
        assertFalse(r.err().contains("Jackson") || r.err().contains("StreamReadConstraints")
            || r.err().contains("DeserializationFeature") || r.err().contains("JsonNode"), r.err());
    }

    private static final String OK = "{\"name\":\"a\",\"target\":[0.5,0.5],\"draft\":[0.5,0.5],\"k\":1}";

    @Test
    void aByteOrderMark() throws IOException {
        says(instance("\uFEFF" + OK), "i.json: starts with a UTF-8 byte-order mark");
    }

    @Test
    void twoConcatenatedDocuments() throws IOException {
        says(instance(OK + OK), "a second JSON value follows the first");
    }

    @Test
    void comments() throws IOException {
        says(instance("// my cases\n" + OK), "comments (// or /* */) are not JSON");
    }

    @Test
    void nestingLimit() throws IOException {
        says(instance("{\"name\":\"a\",\"note\":" + "[".repeat(1500) + "]".repeat(1500) + "}"),
            "nested deeper than 1000 levels");
    }

    @Test
    void stringLengthLimit() throws IOException {
        says(instance("{\"name\":\"" + "x".repeat(20_000_001) + "\"}"),
            "a string is longer than the reader's limit of 20000000 characters");
    }

    @Test
    void aSumErrorPrintsTheDifferenceFromOne() throws IOException {
        says(instance("{\"name\":\"a\",\"target\":[\"0." + "3".repeat(400) + "\",\"0.5\"],\"draft\":[0.5,0.5],\"k\":1}"),
            "masses sum to 1 - 1.67e-01 (the exact difference has a 401-digit denominator), not exactly 1");
        says(instance("{\"name\":\"a\",\"target\":[0.5,0.5000000000000001],\"draft\":[0.5,0.5],\"k\":1}"),
            "masses sum to 1 + 1.00e-16 (exactly 1 + 1/10000000000000000), not exactly 1");
    }

    @Test
    void aOneRowDraftsInstanceIsOneDraftLaw() throws IOException {
        CliRun r = instance("{\"name\":\"a\",\"target\":[0.5,0.5],\"drafts\":[[0.25,0.75]]}");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("a (|V| = 2, K = 1, one draft law)"), r.out());
        assertFalse(r.out().contains("the instance gives one per draft"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("sd ") && l.contains("lossless")), r.out());
    }

    @Test
    void controlCharactersInNames() throws IOException {
        says(instance("{\"name\":\"a\\nb\",\"target\":[0.5,0.5],\"draft\":[0.5,0.5],\"k\":1}"),
            "name: contains the control character U+000A at position 1");
    }

    @Test
    void benchLpRefusesANegativeVariableLimit() {
        CliRun r = CliRun.atRoot("bench", "lp", "--max-variables", "-1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--max-variables must be at least 1, got -1"), r.err());
    }
}
