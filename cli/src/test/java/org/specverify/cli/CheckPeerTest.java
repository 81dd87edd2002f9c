package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.properties.stats.GoodnessOfFit;

/**
 * The json + numpy peer of {@code check} (scripts/peers/check_gtest.py, run by scripts/peers/bench-check.sh) agrees
 * with the project on small files: the same groups, sample counts, G statistics, p-values and losslessness verdicts, on
 * a lossless engine and on a broken one. Skipped, with the reason, where python3 or numpy is missing.
 */
class CheckPeerTest {
    static final Path PEER = CliRun.repositoryRoot().resolve("scripts/peers/check_gtest.py");

    static String numpyMissing() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes());
            if (!done || p.exitValue() != 0) {
                return "python3 with numpy is not available: " + out.strip();
            }
            return null;
        } catch (Exception e) {
            return "python3 is not on PATH: " + e.getMessage();
        }
    }

    @Test
    void thePeerAgreesWithTheProjectOnSmallFiles(@TempDir Path dir) throws Exception {
        String missing = numpyMissing();
        if (missing != null) {
            System.out.println("CheckPeerTest skipped: " + missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
        CliRun v = EngineCheckCommandTest.run(dir, "vectors", "--out", "v.json", "--scheme", "sd", "--vocab", "6",
            "--k", "1");
        assertEquals(0, v.code(), v.toString());
        EngineCheckCommandTest.python(dir, dir.resolve("v.json"), dir.resolve("good.jsonl"));
        EngineCheckCommandTest.python(dir, dir.resolve("v.json"), dir.resolve("bad.jsonl"), "--bug",
            "resample-from-target");
        // the counted form too: every line of the good file standing for three samples
        StringBuilder counted = new StringBuilder();
        for (String l : Files.readAllLines(dir.resolve("good.jsonl"))) {
            counted.append(l, 0, l.length() - 1).append(", \"count\": 3}\n");
        }
        Files.writeString(dir.resolve("counted.jsonl"), counted);
        int rejectedSomewhere = 0;
        for (String file : List.of("good.jsonl", "bad.jsonl", "counted.jsonl")) {
            CliRun project = EngineCheckCommandTest.run(dir, "check", "--cases", "v.json", "--samples", file,
                "--json", "--allow-unchecked");
            assertTrue(project.code() == 0 || project.code() == 1, project.toString());
            Process p = new ProcessBuilder("python3", PEER.toString(), "--cases", "v.json", "--samples", file)
                .directory(dir.toFile()).redirectError(dir.resolve("peer.err").toFile())
                .redirectOutput(dir.resolve("peer.json").toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the peer did not finish");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("peer.err")));
            JsonNode mine = Json.MAPPER.readTree(project.out());
            JsonNode peer = Json.MAPPER.readTree(dir.resolve("peer.json").toFile());
            Map<String, JsonNode> peerGroups = new HashMap<>();
            for (JsonNode g : peer.get("groups")) {
                peerGroups.put(g.get("engine").asText() + "/" + g.get("case").asText(), g);
            }
            assertEquals(mine.get("groups").size(), peerGroups.size(), file);
            for (JsonNode g : mine.get("groups")) {
                String key = g.get("engine").asText() + "/" + g.get("case").asText();
                JsonNode o = peerGroups.get(key);
                assertTrue(o != null, file + ": the peer has no group " + key);
                assertEquals(g.get("n").asLong(), o.get("n").asLong(), file + " " + key);
                JsonNode l = g.get("lossless");
                if (GoodnessOfFit.EXACT_BINOMIAL.equals(l.get("test").asText())) {
                    // pooling left the G-test one cell, which compares nothing (the peer's G is 0 on one cell);
                    // the project tests the remainder exactly instead, which the peer does not do
                    assertEquals(1, o.get("cells").asInt(), file + " " + key);
                    assertEquals(0, o.get("g").asDouble(), 0, file + " " + key);
                    continue;
                }
                assertEquals(l.get("cells").asInt(), o.get("cells").asInt(), file + " " + key);
                assertEquals(l.get("statistic").asDouble(), o.get("g").asDouble(),
                    1e-9 * Math.max(1, l.get("statistic").asDouble()), file + " " + key);
                double pm = l.get("pValue").asDouble();
                double pp = o.get("pValue").asDouble();
                assertEquals(pm, pp, 1e-9 + 1e-6 * pm, file + " " + key);
                assertEquals(l.get("rejected").asBoolean(), o.get("rejected").asBoolean(), file + " " + key);
                if (l.get("rejected").asBoolean()) {
                    rejectedSomewhere++;
                }
            }
        }
        assertTrue(rejectedSomewhere > 0, "the broken engine must be rejected by both");
    }
}
