package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.scheme.Schemes;

/** {@code check}: input handling, the engine's own acceptance, unchecked cases, order and counted lines. */
class CheckCommandTest {
    /** Two cases over two tokens; a passes on the exact samples of {@link #exact}, b is the second in file order. */
    static final String CASES = "{\"cases\": [\n"
        + " {\"id\": \"a\", \"target\": [\"1/2\", \"1/2\"], \"draft\": [\"1/2\", \"1/2\"], \"k\": 1,"
        + " \"draftProcess\": \"iid\"},\n"
        + " {\"id\": \"b\", \"target\": [\"1/4\", \"3/4\"], \"draft\": [\"1/2\", \"1/2\"], \"k\": 1,"
        + " \"draftProcess\": \"iid\"}]}\n";

    static CliRun run(Path dir, String... args) {
        return CliRun.run(dir, Schemes.reference(), args);
    }

    static Path cases(Path dir) throws Exception {
        return Files.writeString(dir.resolve("v.json"), CASES);
    }

    static String line(String id, int output, int draft, String extra) {
        return "{\"case\": \"" + id + "\", \"output\": " + output + ", \"drafts\": [" + draft + "]" + extra + "}\n";
    }

    /** Samples whose output counts are exactly n·p (G = 0), as counted lines; for a (p = q) every draft accepted. */
    static String exact(String id, long n0, long n1, String extra) {
        if (id.equals("b")) {
            return exactB(n0 + n1, extra, extra);
        }
        return line(id, 0, 0, ", \"count\": " + n0 + extra) + line(id, 1, 1, ", \"count\": " + n1 + extra);
    }

    /**
     * n samples of case b as speculative sampling draws them: draft 0 accepted half the time (else the residual emits
     * 1), draft 1 always accepted; {@code rejected} and {@code accepted} are appended to the lines of each kind.
     */
    static String exactB(long n, String accepted, String rejected) {
        return line("b", 0, 0, ", \"count\": " + n / 4 + accepted) + line("b", 1, 0, ", \"count\": " + n / 4 + rejected)
            + line("b", 1, 1, ", \"count\": " + n / 2 + accepted);
    }

    static void noTrace(CliRun r) {
        assertFalse(r.err().contains("\tat "), "a stack trace:\n" + r);
        assertFalse(r.err().contains("internal error"), r.toString());
    }

    @Test
    void invalidUtf8IsBadInputNamingTheLineAndByte(@TempDir Path dir) throws Exception {
        cases(dir);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(line("a", 0, 0, "").getBytes(StandardCharsets.UTF_8));
        String prefix = "{\"case\": \"a\", \"output\": 0, \"drafts\": [0], \"engine\": \"x";
        b.write(prefix.getBytes(StandardCharsets.UTF_8));
        b.write(new byte[] {(byte) 0xc3, 0x28});
        b.write("\"}\n".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("s.jsonl"), b.toByteArray());
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
        assertEquals(2, r.code(), r.toString());
        noTrace(r);
        int first = line("a", 0, 0, "").length();
        // the byte after the prefix: 1-based in the line, 0-based offset in the file
        assertTrue(r.err().contains("s.jsonl: line 2, byte " + (prefix.length() + 1) + " of the line (byte offset "
            + (first + prefix.length())
            + " in the file): invalid UTF-8 (bytes c3)"), r.err());
    }

    @Test
    void gzipIsReadTransparentlyByItsMagicBytes(@TempDir Path dir) throws Exception {
        cases(dir);
        String text = exact("a", 500, 500, "") + exact("b", 250, 750, "");
        Files.writeString(dir.resolve("s.jsonl"), text);
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(dir.resolve("s.data")))) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
        CliRun plain = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--json");
        CliRun gz = run(dir, "check", "--cases", "v.json", "--samples", "s.data", "--json");
        assertEquals(0, plain.code(), plain.toString());
        assertEquals(0, gz.code(), gz.toString());
        JsonNode a = Json.MAPPER.readTree(plain.out());
        JsonNode g = Json.MAPPER.readTree(gz.out());
        assertEquals(2000, g.get("samples").asLong());
        assertEquals(a.get("groups"), g.get("groups"));
        Files.write(dir.resolve("bad.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        CliRun bad = run(dir, "check", "--cases", "v.json", "--samples", "bad.gz");
        assertEquals(2, bad.code(), bad.toString());
        noTrace(bad);
        assertTrue(bad.err().contains("bad.gz: "), bad.err());
    }

    @Test
    void aDirectoryOfSamplesIsAClearError(@TempDir Path dir) throws Exception {
        cases(dir);
        Files.createDirectory(dir.resolve("samples"));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "samples");
        assertEquals(2, r.code(), r.toString());
        noTrace(r);
        assertTrue(r.err().contains("samples: is a directory; --samples takes one JSON-lines file"), r.err());
    }

    @Test
    void aNonAsciiPathIsRead(@TempDir Path dir) throws Exception {
        cases(dir);
        Files.writeString(dir.resolve("échantillons-é.jsonl"), exact("a", 500, 500, "") + exact("b", 250, 750, ""));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "échantillons-é.jsonl");
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void theEnginesOwnAcceptanceIsReportedAndContradictionsFlagged(@TempDir Path dir) throws Exception {
        cases(dir);
        // a: the engine says it accepted draft 0 but outputs 1 on line 3 (a certain failure)
        String a = exact("a", 500, 500, ", \"accepted\": 0").replace("\"output\": 1, \"drafts\": [1], \"count\": 500,"
            + " \"accepted\": 0", "\"output\": 1, \"drafts\": [1], \"count\": 499, \"accepted\": 0")
            + line("a", 1, 0, ", \"accepted\": 0");
        // b: the engine says rejected everywhere: right on the residual's line, but it outputs its draft on the others
        // (flagged, not failed)
        String b = exactB(1000, ", \"accepted\": false", ", \"accepted\": false");
        Files.writeString(dir.resolve("s.jsonl"), a + b);
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode groups = Json.MAPPER.readTree(r.out()).get("groups");
        JsonNode ga = groups.get(0);
        assertEquals("a", ga.get("case").asText());
        assertTrue(ga.get("failed").asBoolean(), ga.toString());
        JsonNode ea = ga.get("engineAcceptance");
        assertEquals(1000, ea.get("samples").asLong());
        assertEquals(1000, ea.get("accepted").asLong());
        assertEquals(1.0, ea.get("estimate").asDouble());
        assertEquals(1, ea.get("acceptedButOutputDiffers").asLong(), ea.toString());
        assertTrue(ea.get("acceptedButOutputDiffersLines").get(0).asText().startsWith("line 3: the engine says draft 0"
            + " (token 0) accepted but outputs 1"), ea.toString());
        // P(output in drafts) is reported beside it: 999 of 1000
        assertEquals(0.999, ga.get("acceptance").get("estimate").asDouble(), 1e-12);
        JsonNode gb = groups.get(1);
        assertFalse(gb.get("failed").asBoolean(), gb.toString());
        JsonNode eb = gb.get("engineAcceptance");
        assertEquals(0, eb.get("accepted").asLong());
        assertEquals(750, eb.get("rejectedButOutputIsADraft").asLong());
        CliRun text = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
        assertTrue(text.out().contains("engine says accepted"), text.out());
        assertTrue(text.out().contains("accepted but the output is not the accepted draft, line 3"), text.out());
        assertTrue(text.out().contains("flag b: 750 samples the engine calls rejected"), text.out());
    }

    @Test
    void seededLinesAreReplayedDecisionByDecision(@TempDir Path dir) throws Exception {
        cases(dir);
        // case b under sd: each line's decision made on the Philox uniforms of its seed and position, drafts 0 and 1
        // alternately; line 7 is then given the other output
        org.specverify.reference.scheme.Scheme.Bound b = Schemes.reference().get("sd").bind(
            org.specverify.reference.Instance.identical("b", org.specverify.reference.Distribution.parse("1/4", "3/4"),
                org.specverify.reference.Distribution.parse("1/2", "1/2"), 1));
        StringBuilder sb = new StringBuilder();
        long seed = 20_261_207L;
        for (int i = 0; i < 2000; i++) {
            int x = i % 2;
            long position = i;
            org.specverify.reference.interpret.CertifiedDecision d = org.specverify.reference.interpret
                .CertifiedDecision.of(b, new int[] {x}, u -> org.specverify.reference.random.CounterUniforms
                    .uniformFloat(seed, position, org.specverify.reference.random.CounterUniforms.VERIFY_STREAM, u),
                    Integer.MAX_VALUE, org.specverify.reference.interpret.Uniforms.OPEN);
            int y = i == 6 ? 1 - d.output() : d.output();
            sb.append(line("b", y, x, ", \"seed\": " + seed + ", \"position\": " + position));
        }
        Files.writeString(dir.resolve("s.jsonl"), exact("a", 500, 500, "") + sb);
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--scheme", "sd", "--json");
        assertEquals(1, r.code(), r.toString());
        JsonNode groups = Json.MAPPER.readTree(r.out()).get("groups");
        assertTrue(groups.get(0).get("seedReplay").isNull(), groups.get(0).toString());
        JsonNode sr = groups.get(1).get("seedReplay");
        assertEquals(2000, sr.get("samples").asLong(), sr.toString());
        assertEquals(1, sr.get("mismatches").asLong(), sr.toString());
        assertTrue(sr.get("mismatchLines").get(0).asText().startsWith("line 9: seed 20261207, position 6, drafts [0]"),
            sr.toString());
        CliRun text = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--scheme", "sd");
        assertTrue(text.out().contains("seed replay: 2,000 decisions replayed from the engine's seed and position"
            + " (Philox4x32-10), 1 differ"), text.out());
        assertTrue(text.out().contains("replayed from the seed, the decision differs, line 9: seed 20261207"),
            text.out());
        noTrace(text);
    }

    @Test
    void aCountedLineStandsForThatManyIdenticalLines(@TempDir Path dir) throws Exception {
        cases(dir);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            lines.append(line("a", i % 2, i % 2, ""));
        }
        Files.writeString(dir.resolve("one.jsonl"), lines.toString() + line("b", 1, 0, ""));
        Files.writeString(dir.resolve("counted.jsonl"), line("a", 0, 0, ", \"count\": 15")
            + line("a", 1, 1, ", \"count\": 15") + line("b", 1, 0, ", \"count\": 1"));
        CliRun one = run(dir, "check", "--cases", "v.json", "--samples", "one.jsonl", "--json");
        CliRun counted = run(dir, "check", "--cases", "v.json", "--samples", "counted.jsonl", "--json");
        JsonNode o = Json.MAPPER.readTree(one.out());
        JsonNode c = Json.MAPPER.readTree(counted.out());
        assertEquals(31, c.get("samples").asLong(), counted.toString());
        for (int g = 0; g < 2; g++) {
            for (String key : List.of("n", "lossless", "acceptance")) {
                assertEquals(o.get("groups").get(g).get(key), c.get("groups").get(g).get(key), key);
            }
        }
        Files.writeString(dir.resolve("zero.jsonl"), line("a", 0, 0, ", \"count\": 0"));
        CliRun zero = run(dir, "check", "--cases", "v.json", "--samples", "zero.jsonl");
        assertEquals(2, zero.code(), zero.toString());
        assertTrue(zero.err().contains("\"count\": must be at least 1"), zero.err());
        assertTrue(run(dir, "check", "--help").out().contains("\"count\": n"));
    }

    @Test
    void casesWithoutSamplesAndTooSmallGroupsFailUnlessAllowed(@TempDir Path dir) throws Exception {
        cases(dir);
        Files.writeString(dir.resolve("s.jsonl"), exact("a", 500, 500, ""));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("FAIL: cases without samples (not checked): b"), r.out());
        CliRun allowed = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--allow-unchecked");
        assertEquals(0, allowed.code(), allowed.toString());
        assertTrue(allowed.out().contains("warning: cases without samples (not checked): b"), allowed.out());
        // n = 1: no bias is detectable, "detects TV >= 2.29" is meaningless
        Files.writeString(dir.resolve("one.jsonl"), exact("a", 500, 500, "") + line("b", 1, 0, ""));
        CliRun small = run(dir, "check", "--cases", "v.json", "--samples", "one.jsonl");
        assertEquals(1, small.code(), small.toString());
        assertTrue(small.out().contains("none (n too small)"), small.out());
        assertFalse(small.out().contains("2.29"), small.out());
        assertTrue(small.out().contains("FAIL: 1 group is too small to detect any bias"), small.out());
        CliRun json = run(dir, "check", "--cases", "v.json", "--samples", "one.jsonl", "--json",
            "--allow-unchecked");
        assertEquals(0, json.code(), json.toString());
        JsonNode b = Json.MAPPER.readTree(json.out()).get("groups").get(1);
        assertTrue(b.get("tooSmall").asBoolean());
        assertTrue(b.get("lossless").get("detectableBias").isNull(), b.toString());
    }

    @Test
    void caseFilesAcceptANoteAndNameAMissingDraftProcess(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("v.json"), CASES.replace("\"id\": \"a\",", "\"id\": \"a\", \"note\": \"why\","));
        Files.writeString(dir.resolve("s.jsonl"), exact("a", 500, 500, "") + exact("b", 250, 750, ""));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
        assertEquals(0, r.code(), r.toString());
        Files.writeString(dir.resolve("v.json"), CASES.replace(", \"draftProcess\": \"iid\"}]}", "}]}"));
        CliRun missing = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().contains("draftProcess is missing; give one of iid, independent,"
            + " without-replacement, hub, greedy, deterministic"), missing.err());
        assertFalse(missing.err().contains("expected a string"), missing.err());
    }

    @Test
    void jsonRunsPrintAnErrorDocumentOnBadInput(@TempDir Path dir) throws Exception {
        cases(dir);
        Files.writeString(dir.resolve("s.jsonl"), line("nope", 0, 0, ""));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--json");
        assertEquals(2, r.code(), r.toString());
        JsonNode e = Json.MAPPER.readTree(r.out()).get("error");
        assertEquals(2, e.get("code").asInt(), r.out());
        assertTrue(e.get("message").asText().contains("unknown case 'nope'"), r.out());
    }

    @Test
    void groupsAreListedInCaseOrderWithinAnEngine(@TempDir Path dir) throws Exception {
        cases(dir);
        Files.writeString(dir.resolve("s.jsonl"), exact("b", 250, 750, "") + exact("a", 500, 500, ""));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--json");
        assertEquals(0, r.code(), r.toString());
        List<String> order = new ArrayList<>();
        Json.MAPPER.readTree(r.out()).get("groups").forEach(g -> order.add(g.get("case").asText()));
        assertEquals(List.of("a", "b"), order);
    }
}
