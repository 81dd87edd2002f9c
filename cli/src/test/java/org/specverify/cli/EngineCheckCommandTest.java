package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.lp.OptimalSchemes;
import org.specverify.properties.engine.Cases;

/** {@code vectors} and {@code check}, with the example Python engine of examples/engine. */
class EngineCheckCommandTest {
    static final Path SCRIPT = CliRun.repositoryRoot().resolve("examples/engine/speculative_sampling.py");

    static CliRun run(Path dir, String... args) {
        return CliRun.run(dir, OptimalSchemes.registry(), args);
    }

    @Test
    void vectorsHaveTheDocumentedShapeAndReadBack(@TempDir Path dir) throws Exception {
        CliRun r = run(dir, "vectors", "--out", "v.json", "--scheme", "rrs", "--vocab", "5", "--k", "2");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = Json.MAPPER.readTree(dir.resolve("v.json").toFile());
        assertEquals(8, root.get("cases").size());
        for (JsonNode c : root.get("cases")) {
            assertTrue(c.has("id") && c.has("target") && c.has("k") && c.has("draftProcess"), c.toString());
            assertTrue(c.has("draft") || c.has("drafts"), c.toString());
            assertTrue(c.get("target").get(0).isTextual(), "masses must be exact strings: " + c);
            assertEquals(5, c.get("target").size());
        }
        List<Cases.Case> back = Cases.read(dir.resolve("v.json"), "v.json");
        assertEquals(8, back.size());
        CliRun builtin = run(dir, "vectors", "--out", "b.json");
        assertEquals(0, builtin.code(), builtin.toString());
        assertEquals(17, Cases.read(dir.resolve("b.json"), "b.json").size());
    }

    static boolean hasPython() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    static void python(Path dir, Path vectors, Path out, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), vectors.toString(),
            "--samples-per-case", "20000", "--seed", "3"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
            .redirectError(dir.resolve("python.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the python engine did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("python.err")));
    }

    @Test
    void theExamplePythonEnginePassesAndItsBrokenVariantIsCaught(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(hasPython(), "python3 is not on PATH: the example engine cannot run here");
        assertEquals(0, run(dir, "vectors", "--out", "v.json", "--scheme", "sd", "--vocab", "6", "--k", "1")
            .code());
        python(dir, dir.resolve("v.json"), dir.resolve("good.jsonl"));
        CliRun good = run(dir, "check", "--cases", "v.json", "--samples", "good.jsonl", "--scheme", "sd", "--json");
        assertEquals(0, good.code(), good.toString());
        JsonNode g = Json.MAPPER.readTree(good.out());
        assertEquals(8 * 20000, g.get("samples").asLong());
        for (JsonNode group : g.get("groups")) {
            assertEquals("python-sd", group.get("engine").asText());
            assertFalse(group.get("failed").asBoolean(), group.toString());
            assertTrue(group.get("lossless").get("detectableBias").asDouble() < 0.03, group.toString());
        }
        for (String bug : List.of("resample-from-target", "unclamped-ratio")) {
            python(dir, dir.resolve("v.json"), dir.resolve("bad.jsonl"), "--bug", bug);
            CliRun bad = run(dir, "check", "--cases", "v.json", "--samples", "bad.jsonl", "--scheme", "sd");
            assertEquals(1, bad.code(), bug + ": " + bad);
            assertTrue(bad.out().contains("FAIL"), bad.out());
            // without --scheme the losslessness test alone still rejects it
            CliRun plain = run(dir, "check", "--cases", "v.json", "--samples", "bad.jsonl");
            assertEquals(1, plain.code(), bug + ": " + plain);
        }
    }

    static Path vectors(Path dir) {
        assertEquals(0, run(dir, "vectors", "--out", "v.json", "--scheme", "sd", "--vocab", "3", "--k", "1",
            "--count", "2").code());
        return dir.resolve("v.json");
    }

    static String firstCase(Path dir) throws Exception {
        return Json.MAPPER.readTree(dir.resolve("v.json").toFile()).get("cases").get(0).get("id").asText();
    }

    @Test
    void malformedLinesAreErrorsNamingTheLine(@TempDir Path dir) throws Exception {
        vectors(dir);
        String id = firstCase(dir);
        String ok = "{\"case\": \"" + id + "\", \"output\": 0, \"drafts\": [0]}";
        String[][] bad = {
            {"{\"case\": \"" + id + "\", \"output\": 0, \"drafts\": [0]", "line 2"},
            {"{\"case\": \"nope\", \"output\": 0, \"drafts\": [0]}", "unknown case 'nope'"},
            {"{\"case\": \"" + id + "\", \"output\": 7, \"drafts\": [0]}", "output token 7 is out of range"},
            {"{\"case\": \"" + id + "\", \"output\": 0, \"drafts\": [0, 1]}", "the sample gives 2"},
            {"{\"case\": \"" + id + "\", \"output\": 0.5, \"drafts\": [0]}", "must be an integer"},
            {"{\"case\": \"" + id + "\", \"drafts\": [0]}", "missing \"output\""},
            {"", "line 2"},
        };
        for (String[] b : bad) {
            Files.writeString(dir.resolve("s.jsonl"), ok + "\n" + b[0] + "\n" + ok + "\n", StandardCharsets.UTF_8);
            CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl");
            assertEquals(2, r.code(), b[0] + " -> " + r);
            assertTrue(r.err().contains("s.jsonl: line 2"), r.err());
            assertTrue(r.err().contains(b[1]), b[1] + " not in " + r.err());
        }
    }

    @Test
    void anImpossibleOutputIsACertainFailureWithItsLineNumber(@TempDir Path dir) throws Exception {
        vectors(dir);
        JsonNode c = Json.MAPPER.readTree(dir.resolve("v.json").toFile()).get("cases").get(0);
        int zero = -1;
        int draft = -1;
        for (int y = 0; y < 3; y++) {
            if (c.get("target").get(y).asText().equals("0")) {
                zero = y;
            }
            if (!c.get("draft").get(y).asText().equals("0")) {
                draft = y;
            }
        }
        Assumptions.assumeTrue(zero >= 0 && draft >= 0, "the first generated case has no zero-mass target token");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            sb.append("{\"case\": \"").append(c.get("id").asText()).append("\", \"output\": ")
                .append(i == 3 ? zero : draft).append(", \"drafts\": [").append(draft).append("], \"x\": {\"y\": [1,"
                    + " 2.5e3, null, true]}}\n");
        }
        Files.writeString(dir.resolve("s.jsonl"), sb.toString());
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--scheme", "sd");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("line 4: output " + zero), r.out());
    }

    @Test
    void samplesPerSecondAreReported(@TempDir Path dir) throws Exception {
        vectors(dir);
        String id = firstCase(dir);
        Files.writeString(dir.resolve("s.jsonl"), ("{\"case\": \"" + id + "\", \"output\": 0, \"drafts\": [0]}\n")
            .repeat(10));
        CliRun r = run(dir, "check", "--cases", "v.json", "--samples", "s.jsonl", "--json");
        JsonNode root = Json.MAPPER.readTree(r.out());
        assertTrue(root.get("samplesPerSecond").asLong() > 0, r.out());
        assertEquals(1, root.get("casesWithoutSamples").size(), r.out());
        assertTrue(new File(dir.toFile(), "v.json").isFile());
    }
}
