package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.audit.io.SequenceInstanceReader;
import org.specverify.reference.sequence.SequenceInstance;

/** {@code vectors --level sequence} and {@code check} on sequence cases, with examples/engine/chain_engine.py. */
class SequenceCheckCommandTest {
    static final Path SCRIPT = CliRun.repositoryRoot().resolve("examples/engine/chain_engine.py");
    static final int SAMPLES = 12000;
    static final int SEED = 3;

    static CliRun run(Path dir, String... args) {
        return EngineCheckCommandTest.run(dir, args);
    }

    @Test
    void sequenceVectorsAreSequenceInstancesAndReadBack(@TempDir Path dir) throws Exception {
        CliRun all = run(dir, "vectors", "--level", "sequence", "--out", "all.json");
        assertEquals(0, all.code(), all.toString());
        List<SequenceInstance> builtin = SequenceInstanceReader.read(dir.resolve("all.json"), "all.json");
        assertEquals(8, builtin.size());
        assertTrue(builtin.stream().anyMatch(i -> !i.isChain()), "the built-in cases have trees");
        CliRun tw = run(dir, "vectors", "--level", "sequence", "--scheme", "tokenwise", "--out", "tw.json");
        assertEquals(0, tw.code(), tw.toString());
        List<SequenceInstance> chains = SequenceInstanceReader.read(dir.resolve("tw.json"), "tw.json");
        assertEquals(3, chains.size());
        assertTrue(chains.stream().allMatch(SequenceInstance::isChain));
        CliRun gen = run(dir, "vectors", "--level", "sequence", "--vocab", "3", "--gamma", "2", "--count", "5",
            "--chains", "--out", "gen.json", "--seed", "7");
        assertEquals(0, gen.code(), gen.toString());
        List<SequenceInstance> g = SequenceInstanceReader.read(dir.resolve("gen.json"), "gen.json");
        assertEquals(5, g.size());
        for (SequenceInstance i : g) {
            assertTrue(i.isChain() && i.gamma() == 2 && i.vocab() == 3, i.toString());
        }
        CliRun trees = run(dir, "vectors", "--level", "sequence", "--vocab", "3", "--gamma", "2", "--count", "6",
            "--scheme", "tree-rrs", "--out", "trees.json");
        assertEquals(0, trees.code(), trees.toString());
        assertEquals(6, SequenceInstanceReader.read(dir.resolve("trees.json"), "trees.json").size());
        // the same seed gives the same cases
        run(dir, "vectors", "--level", "sequence", "--vocab", "3", "--gamma", "2", "--count", "5", "--chains",
            "--out", "again.json", "--seed", "7");
        assertEquals(Files.readString(dir.resolve("gen.json")), Files.readString(dir.resolve("again.json")));
    }

    @Test
    void badCombinationsExit2NamingTheOption(@TempDir Path dir) throws Exception {
        Map<List<String>, String> bad = Map.of(
            List.of("vectors", "--level", "sequence", "--k", "2", "--out", "v.json"), "--k",
            List.of("vectors", "--gamma", "2", "--out", "v.json"), "--gamma",
            List.of("vectors", "--chains", "--out", "v.json"), "--chains",
            List.of("vectors", "--level", "paragraph", "--out", "v.json"), "--level",
            List.of("vectors", "--level", "sequence", "--vocab", "40", "--out", "v.json"), "--vocab",
            List.of("vectors", "--level", "sequence", "--gamma", "9", "--out", "v.json"), "--gamma",
            List.of("vectors", "--level", "sequence", "--count", "0", "--out", "v.json"), "--count",
            List.of("vectors", "--level", "sequence", "--scheme", "sd", "--out", "v.json"), "--scheme");
        for (Map.Entry<List<String>, String> e : bad.entrySet()) {
            CliRun r = run(dir, e.getKey().toArray(String[]::new));
            assertEquals(2, r.code(), e.getKey() + " -> " + r);
            assertTrue(r.err().contains(e.getValue()), e.getValue() + " not in " + r.err());
        }
        assertEquals(0, run(dir, "vectors", "--level", "sequence", "--out", "seq.json").code());
        assertEquals(0, run(dir, "vectors", "--out", "tok.json").code());
        String line = "{\"case\": \"chain-order0\", \"drafts\": [0, 1], \"emitted\": [0, 1, 2], \"accepted\": 2}\n";
        Files.writeString(dir.resolve("s.jsonl"), line, StandardCharsets.UTF_8);
        Map<List<String>, String> checks = Map.of(
            List.of("--cases", "seq.json", "--uniform-model", "bfloat16"), "--uniform-model",
            List.of("--cases", "seq.json", "--scheme", "sd"), "--scheme",
            List.of("--cases", "seq.json", "--scheme", "tokenwise"), "tree-iid",
            List.of("--cases", "tok.json", "--seed", "4"), "--seed");
        for (Map.Entry<List<String>, String> e : checks.entrySet()) {
            List<String> args = new ArrayList<>(List.of("check", "--samples", "s.jsonl"));
            args.addAll(e.getKey());
            CliRun r = run(dir, args.toArray(String[]::new));
            assertEquals(2, r.code(), e.getKey() + " -> " + r);
            assertTrue(r.err().contains(e.getValue()), e.getValue() + " not in " + r.err());
        }
        Files.writeString(dir.resolve("s.jsonl"), line + line.replace("[0, 1]", "[0, 7]"), StandardCharsets.UTF_8);
        CliRun r = run(dir, "check", "--cases", "seq.json", "--samples", "s.jsonl", "--json");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("s.jsonl: line 2") && r.err().contains("out of range"), r.err());
        assertEquals(2, Json.MAPPER.readTree(r.out()).get("error").get("code").asInt(), r.out());
    }

    @Test
    void aSmallGroupIsNotCheckedAndFailsUnlessAllowed(@TempDir Path dir) throws Exception {
        assertEquals(0, run(dir, "vectors", "--level", "sequence", "--scheme", "tokenwise", "--out", "seq.json")
            .code());
        String line = "{\"case\": \"chain-order0\", \"drafts\": [0, 1], \"emitted\": [0, 1, 2], \"accepted\": 2,"
            + " \"count\": 5}\n";
        Files.writeString(dir.resolve("s.jsonl"), line, StandardCharsets.UTF_8);
        CliRun strict = run(dir, "check", "--cases", "seq.json", "--samples", "s.jsonl", "--scheme", "tokenwise");
        assertEquals(1, strict.code(), strict.toString());
        assertTrue(strict.out().contains("not checked") && !strict.out().contains("every group passes"),
            strict.out());
        CliRun allowed = run(dir, "check", "--cases", "seq.json", "--samples", "s.jsonl", "--scheme", "tokenwise",
            "--allow-unchecked", "--json");
        assertEquals(0, allowed.code(), allowed.toString());
        JsonNode root = Json.MAPPER.readTree(allowed.out());
        assertEquals(5, root.get("samples").asLong());
        assertEquals(2, root.get("casesWithoutSamples").size(), allowed.out());
        JsonNode g = root.get("groups").get(0);
        assertFalse(g.get("unchecked").isNull(), g.toString());
        assertFalse(g.get("failed").asBoolean(), g.toString());
    }

    @Test
    void theCommittedExampleTracesPassAndAreWrittenAgain(@TempDir Path dir) throws Exception {
        Path examples = CliRun.repositoryRoot().resolve("examples/engine");
        Path vectors = examples.resolve("sequence-vectors.json");
        Path steps = examples.resolve("steps.jsonl");
        assertEquals(0, run(dir, "vectors", "--level", "sequence", "--scheme", "tokenwise", "--out", "v.json")
            .code());
        assertEquals(-1L, Files.mismatch(vectors, dir.resolve("v.json")), "vectors --level sequence no longer writes"
            + " the committed examples/engine/sequence-vectors.json");
        CliRun r = run(dir, "check", "--cases", vectors.toString(), "--samples", steps.toString(), "--scheme",
            "tokenwise");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("every group passes"), r.out());
        Assumptions.assumeTrue(EngineCheckCommandTest.hasPython(), "python3 is not on PATH");
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), vectors.toString(), "--samples-per-case", "1000")
            .redirectOutput(dir.resolve("steps.jsonl").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err")));
        assertEquals(-1L, Files.mismatch(steps, dir.resolve("steps.jsonl")), "chain_engine.py (default seed 1) no"
            + " longer writes the committed examples/engine/steps.jsonl");
    }

    static void python(Path dir, Path cases, Path out, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString(), cases.toString(),
            "--samples-per-case", Integer.toString(SAMPLES), "--seed", Integer.toString(SEED)));
        cmd.addAll(List.of(extra));
        System.out.println("chain_engine.py seed " + SEED + ": " + String.join(" ", extra));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
            .redirectError(dir.resolve("python.err").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the python engine did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("python.err")));
    }

    /** The checks that fail in some group. */
    static List<String> failedChecks(JsonNode root) {
        List<String> out = new ArrayList<>();
        for (JsonNode g : root.get("groups")) {
            for (JsonNode c : g.get("failedChecks")) {
                if (!out.contains(c.asText())) {
                    out.add(c.asText());
                }
            }
        }
        return out;
    }

    @Test
    void theChainEnginePassesAndEachBrokenVariantIsCaughtByItsCheck(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(EngineCheckCommandTest.hasPython(), "python3 is not on PATH");
        assertEquals(0, run(dir, "vectors", "--level", "sequence", "--scheme", "tokenwise", "--out", "seq.json")
            .code());
        for (String verifier : List.of("tokenwise", "block")) {
            python(dir, dir.resolve("seq.json"), dir.resolve("good.jsonl"), "--verifier", verifier);
            CliRun good = run(dir, "check", "--cases", "seq.json", "--samples", "good.jsonl", "--scheme", verifier,
                "--json");
            assertEquals(0, good.code(), verifier + ": " + good);
            JsonNode root = Json.MAPPER.readTree(good.out());
            assertEquals("sequence", root.get("level").asText());
            assertEquals(3L * SAMPLES, root.get("samples").asLong());
            for (JsonNode g : root.get("groups")) {
                assertFalse(g.get("failed").asBoolean(), g.toString());
                assertTrue(g.get("unchecked").isNull(), g.toString());
                assertTrue(g.get("streamLaw").get("detectableBias").asDouble() < 0.04, g.toString());
                assertTrue(g.get("acceptedLength").get("detectableBias").asDouble() < 0.03, g.toString());
                assertTrue(g.get("conformance").get("treesTested").asInt() > 0, g.toString());
                assertEquals(SAMPLES, g.get("acceptedField").get("samples").asLong(), g.toString());
            }
        }
        // each bug and the check that must catch it (others may fail too)
        String[][] bugs = {
            {"tokenwise", "resample-from-target", SequenceCheck.STREAM},
            {"tokenwise", "bonus-wrong-depth", SequenceCheck.STREAM},
            {"tokenwise", "accepted-off-by-one", SequenceCheck.ACCEPTED},
            {"tokenwise", "next-depth-ratio", SequenceCheck.LENGTHS},
            {"block", "block-first-failure", SequenceCheck.LENGTHS},
        };
        for (String[] b : bugs) {
            python(dir, dir.resolve("seq.json"), dir.resolve("bad.jsonl"), "--verifier", b[0], "--bug", b[1]);
            CliRun bad = run(dir, "check", "--cases", "seq.json", "--samples", "bad.jsonl", "--scheme", b[0],
                "--json");
            assertEquals(1, bad.code(), b[1] + ": " + bad);
            List<String> failed = failedChecks(Json.MAPPER.readTree(bad.out()));
            assertTrue(failed.contains(b[2]), b[1] + " must fail " + b[2] + ", failed " + failed);
            if (b[1].equals("accepted-off-by-one")) {
                assertEquals(List.of(SequenceCheck.ACCEPTED), failed, "the blocks themselves are right");
            }
        }
        // the text output names the check and the line
        CliRun text = run(dir, "check", "--cases", "seq.json", "--samples", "bad.jsonl", "--scheme", "block");
        assertEquals(1, text.code());
        assertTrue(text.out().contains("(e) accepted lengths vs the exact law"), text.out());
    }
}
