package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.audit.io.AnyInstanceReader;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Fractions;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/** audit with sequence instances: built-in cases, mixed files, the JSON row, the table and refusals. */
class SequenceAuditCommandTest {
    static final String SEQUENCE = "{\"name\": \"s\", \"vocab\": 2, \"gamma\": 2, \"target\": {\"\": [\"1/2\","
        + " \"1/2\"], \"0\": [\"3/4\", \"1/4\"], \"1\": [\"1/5\", \"4/5\"]}, \"draft\": [\"1/4\", \"3/4\"]}";
    static final String TOKEN = "{\"name\": \"t\", \"target\": [\"1/2\", \"1/2\"], \"draft\": [\"1/4\", \"3/4\"],"
        + " \"k\": 1}";

    @Test
    void theBuiltInCasesIncludeTheSequenceCasesAndAuditClean() throws Exception {
        CliRun r = CliRun.atRoot("audit", "--cases", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.get("ok").booleanValue());
        JsonNode instances = root.get("instances");
        int tokens = InstanceReader.builtin().size();
        int sequences = AnyInstanceReader.builtinSequences().size();
        assertEquals(tokens + sequences, instances.size());
        List<String> ids = SequenceSchemes.reference().all().stream().map(s -> s.id()).toList();
        boolean lossyAsDeclared = false;
        for (int i = 0; i < instances.size(); i++) {
            JsonNode inst = instances.get(i);
            assertEquals(i < tokens ? "token" : "sequence", inst.get("level").asText(), inst.get("name").asText());
            if (i < tokens) {
                inst.get("schemes").forEach(s -> assertEquals("token", s.get("level").asText()));
                continue;
            }
            assertTrue(inst.get("gamma").isInt() && inst.has("siblings"), inst.toString());
            List<String> seen = new ArrayList<>();
            for (JsonNode s : inst.get("schemes")) {
                seen.add(s.get("id").asText());
                assertEquals("sequence", s.get("level").asText());
                String verdict = s.get("verdict").asText();
                assertFalse(verdict.equals("claim-fails") || verdict.equals("error") || verdict.equals("too-large"),
                    s.toString());
                if (verdict.equals("not-applicable")) {
                    continue;
                }
                checkRow(s, inst.get("gamma").intValue());
                if (s.get("id").asText().equals("target-only-lossy")
                    && inst.get("name").asText().equals("tree-top-k")) {
                    assertEquals("lossy-as-declared", verdict);
                    lossyAsDeclared = true;
                }
            }
            assertEquals(ids, seen, "sequence schemes in registry order on " + inst.get("name"));
        }
        assertTrue(lossyAsDeclared, "target-only below thresholds 1 shows lossy, as declared");
    }

    /** The documented fields of a checked sequence row, and their exact consistency. */
    static void checkRow(JsonNode s, int gamma) {
        for (String f : List.of("id", "level", "verdict", "lossless", "expectedAccepted", "acceptedLengthLaw",
            "optimum", "gap", "maxLawError")) {
            assertTrue(s.has(f), "missing " + f + " in " + s);
        }
        JsonNode law = s.get("acceptedLengthLaw");
        assertEquals(gamma + 1, law.size(), s.toString());
        BigFraction total = BigFraction.ZERO;
        BigFraction mean = BigFraction.ZERO;
        for (int n = 0; n < law.size(); n++) {
            BigFraction m = exact(law.get(n));
            total = total.add(m);
            mean = mean.add(m.multiply(n));
        }
        assertEquals(BigFraction.ONE, total, "the law of tau sums to 1: " + s);
        assertEquals(mean, exact(s.get("expectedAccepted")), "E[tau] is the mean of its law: " + s);
        assertEquals(exact(s.get("optimum")).subtract(mean), exact(s.get("gap")), s.toString());
        if (s.get("lossless").booleanValue()) {
            assertTrue(exact(s.get("gap")).signum() >= 0, "a lossless verifier is within the optimum: " + s);
            assertFalse(s.has("worstSequence"), s.toString());
        } else {
            assertEquals(gamma + 1, s.get("worstSequence").size(), s.toString());
        }
    }

    static BigFraction exact(JsonNode n) {
        assertTrue(n.isObject() && n.get("exact").isTextual() && n.get("value").isNumber(), String.valueOf(n));
        BigFraction f = Fractions.parse(n.get("exact").asText());
        assertEquals(f.doubleValue(), n.get("value").doubleValue(), 0.0, n.toString());
        return f;
    }

    @Test
    void aMixedFileIsAuditedInOrderInTextAndJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mixed.json");
        Files.writeString(file, "{\"instances\": [" + TOKEN + ", " + SEQUENCE + "]}");
        CliRun j = CliRun.run(dir, "audit", "--instance", "mixed.json", "--json");
        assertEquals(0, j.code(), j.toString());
        JsonNode instances = new ObjectMapper().readTree(j.out()).get("instances");
        assertEquals(2, instances.size());
        assertEquals("t", instances.get(0).get("name").asText());
        assertEquals("token", instances.get(0).get("level").asText());
        assertEquals("s", instances.get(1).get("name").asText());
        assertEquals("sequence", instances.get(1).get("level").asText());
        JsonNode block = null;
        for (JsonNode s : instances.get(1).get("schemes")) {
            if (s.get("id").asText().equals("block")) {
                block = s;
            }
        }
        checkRow(block, 2);
        assertEquals("lossless", block.get("verdict").asText());
        CliRun t = CliRun.run(dir, "audit", "--instance", "mixed.json");
        assertEquals(0, t.code(), t.toString());
        assertTrue(t.out().contains("\nt (|V| = 2, K = 1, one draft law)"), t.out());
        assertTrue(t.out().contains("\ns (sequence: |V| = 2, gamma = 2, chain)"), t.out());
        assertTrue(t.out().contains("P(tau = 0..2) = "), t.out());
        assertTrue(t.out().contains("OK: every lossless claim holds exactly."), t.out());
        // a sequence-only file, with --scheme naming sequence schemes only
        Files.writeString(dir.resolve("seq.json"), SEQUENCE);
        CliRun only = CliRun.run(dir, "audit", "--instance", "seq.json", "--scheme", "block,tokenwise", "--jsonl");
        assertEquals(0, only.code(), only.toString());
        assertEquals(4, only.out().lines().count(), "two rows, the instance, the summary: " + only.out());
    }

    @Test
    void aSchemeSelectionWithoutTheFilesLevelIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("seq.json"), SEQUENCE);
        CliRun r = CliRun.run(dir, "audit", "--instance", "seq.json", "--scheme", "rrs");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("selects no sequence scheme"), r.err());
        Files.writeString(dir.resolve("tok.json"), TOKEN);
        CliRun t = CliRun.run(dir, "audit", "--instance", "tok.json", "--scheme", "block");
        assertEquals(2, t.code(), t.toString());
        assertTrue(t.err().contains("selects no token scheme"), t.err());
    }

    @Test
    void aSequenceRowAboveMaxSecondsIsRefusedWithExitTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("seq.json"), SEQUENCE);
        CliRun r = CliRun.run(dir, "audit", "--instance", "seq.json", "--scheme", "block", "--max-seconds", "1e-9",
            "--json");
        assertEquals(2, r.code(), r.toString());
        JsonNode row = new ObjectMapper().readTree(r.out()).get("instances").get(0).get("schemes").get(0);
        assertEquals("too-large", row.get("verdict").asText());
        assertTrue(row.get("error").asText().contains("above the limit"), row.toString());
        assertFalse(row.has("lossless"), "nothing was decided: " + row);
    }

    @Test
    void aBadSequenceInstanceNamesTheFileInstanceAndPrefix(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"instances\": [" + TOKEN + ", " + SEQUENCE.replace(
            "\"0\": [\"3/4\", \"1/4\"]", "\"0\": [\"3/4\", \"1/2\"]") + "]}");
        CliRun r = CliRun.run(dir, "audit", "--instance", "bad.json");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("bad.json: instance 1 ('s')") && r.err().contains("\"0\""), r.err());
    }

    @Test
    void theSequenceCasesExampleIsTheBuiltInResource() throws Exception {
        assertEquals(AnyInstanceReader.builtinSequenceText(), Files.readString(CliRun.repositoryRoot()
            .resolve("examples/sequence-cases.json")), "examples/sequence-cases.json must be a copy of"
            + " audit/src/main/resources/org/specverify/audit/sequence-cases.json");
    }
}
