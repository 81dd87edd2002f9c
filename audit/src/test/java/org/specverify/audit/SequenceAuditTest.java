package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.AnyInstanceReader;
import org.specverify.audit.io.JsonSinks;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import org.specverify.reference.scheme.Schemes;

/** The sequence audit: built-in cases clean, rows equal to the exact interpreter, mixed inputs, refusals. */
class SequenceAuditTest {
    private static final List<SequenceScheme> ALL = SequenceSchemes.reference().all();

    private static List<SequenceInstance> builtins() {
        List<SequenceInstance> out = new ArrayList<>();
        for (SequenceAudit.Item item : AnyInstanceReader.builtinSequences()) {
            out.add(((SequenceAudit.Sequence) item).instance());
        }
        return out;
    }

    @Test
    void theBuiltInSequenceCasesAuditCleanWithTheDeclaredLossyRowLossy() {
        AuditSink.Collecting sink = new AuditSink.Collecting();
        AuditSummary summary = SequenceAudit.of(ALL).run(AnyInstanceReader.builtinSequences(), null, sink,
            AuditListener.NONE, new AuditSummary());
        assertEquals(List.of(), summary.failures(), "every lossless claim holds");
        assertEquals(0, summary.counts().get(AuditVerdict.TOO_LARGE));
        boolean lossyShown = false;
        for (InstanceAudit i : sink.result().instances()) {
            assertEquals("sequence", i.extras().get("level"));
            assertTrue(i.schemes().stream().anyMatch(s -> s.verdict() == AuditVerdict.LOSSLESS),
                "some scheme is checked on " + i.name());
            for (SchemeAudit s : i.schemes()) {
                assertTrue(s.isSequence(), s.toString());
                if (s.id().equals("target-only-lossy") && i.name().equals("tree-top-k")) {
                    assertEquals(AuditVerdict.LOSSY_AS_DECLARED, s.verdict(), s.toString());
                    lossyShown = true;
                }
            }
        }
        assertTrue(lossyShown, "target-only below thresholds 1 is shown lossy on tree-top-k");
        // one case per sibling process, and order-1 chains
        List<String> processes = builtins().stream().map(SequenceAudit::draftProcess).distinct().toList();
        assertTrue(processes.containsAll(List.of("chain", "iid", "without-replacement", "top-k", "dynamic")),
            processes.toString());
        assertTrue(builtins().stream().anyMatch(b -> b.isChain() && b.target().order() == 1));
    }

    @Test
    void aRowHasTheExactInterpretersValuesAndTheExactOptimum() {
        SequenceInstance chain = builtins().get(1);
        SequenceScheme block = SequenceSchemes.reference().get("block");
        AuditSink.Collecting sink = new AuditSink.Collecting();
        InstanceAudit i = SequenceAudit.of(List.of(block)).audit(0, chain, sink);
        SchemeAudit row = i.schemes().get(0);
        SequenceExact.Result r = SequenceExact.check(chain, block);
        SequenceMeasured m = row.sequence().orElseThrow();
        assertEquals(r.expectedAccepted(), m.expectedAccepted().exact());
        assertEquals(chain.gamma() + 1, m.acceptedLengthLaw().size());
        for (int n = 0; n <= chain.gamma(); n++) {
            assertEquals(r.acceptedLengthLaw().probability(n), m.acceptedLengthLaw().get(n).exact());
        }
        BigFraction optimum = SequenceOptimum.exact(chain);
        assertEquals(optimum, ((ExactValue) row.extras().get("optimum")).exact());
        assertEquals(optimum.subtract(r.expectedAccepted()), ((ExactValue) row.extras().get("gap")).exact());
        JsonNode json = AuditJson.of(row);
        for (String f : List.of("id", "level", "verdict", "lossless", "expectedAccepted", "acceptedLengthLaw",
            "optimum", "gap")) {
            assertTrue(json.has(f), "missing " + f + " in " + json);
        }
        assertEquals("sequence", json.get("level").asText());
        assertEquals(r.expectedAccepted().toString().replace(" / ", "/"),
            json.get("expectedAccepted").get("exact").asText().replace(" / ", "/"));
    }

    @Test
    void aWrongDepthBonusIsAFailedClaimWithTheWorstSequence() {
        SequenceScheme broken = new WrongDepthBonus();
        AuditSink.Collecting sink = new AuditSink.Collecting();
        InstanceAudit i = SequenceAudit.of(List.of(broken)).audit(0, builtins().get(1), sink);
        SchemeAudit row = i.schemes().get(0);
        assertEquals(AuditVerdict.CLAIM_FAILS, row.verdict());
        SequenceMeasured m = row.sequence().orElseThrow();
        assertEquals(builtins().get(1).blockLength(), m.worstSequence().size());
        assertTrue(m.maxLawError().exact().signum() > 0);
        JsonNode json = AuditJson.of(row);
        assertTrue(json.has("worstSequence") && json.get("worstSequence").isArray() && json.has("worstSequenceProbability")
            && json.has("targetProbability"), json.toString());
        // the order-0 chain cannot see it: every depth has the same law
        InstanceAudit order0 = SequenceAudit.of(List.of(broken)).audit(0, builtins().get(0), sink);
        assertEquals(AuditVerdict.LOSSLESS, order0.schemes().get(0).verdict());
    }

    @Test
    void aMixedInputKeepsItsOrderAndIndicesInOneSummary() throws Exception {
        String text = "{\"instances\": [" + "{\"name\": \"t\", \"target\": [\"1/2\", \"1/2\"], \"draft\": [\"1/4\","
            + " \"3/4\"], \"k\": 1}, {\"name\": \"s\", \"vocab\": 2, \"gamma\": 1, \"target\": [\"1/2\", \"1/2\"],"
            + " \"draft\": [\"1/4\", \"3/4\"]}, {\"name\": \"t2\", \"target\": [\"1/3\", \"2/3\"], \"draft\":"
            + " [\"1/2\", \"1/2\"], \"k\": 2}]}";
        List<SequenceAudit.Item> items = AnyInstanceReader.parse(text, "mixed.json");
        assertEquals(List.of("t", "s", "t2"), items.stream().map(SequenceAudit.Item::name).toList());
        StringWriter w = new StringWriter();
        AuditSink sink = JsonSinks.document(new PrintWriter(w));
        AuditSummary summary = SequenceAudit.of(ALL).run(items, Audit.of(Schemes.reference()), sink,
            AuditListener.NONE, new AuditSummary());
        assertEquals(3, summary.instances());
        JsonNode root = new ObjectMapper().readTree(w.toString());
        JsonNode instances = root.get("instances");
        assertEquals(List.of("token", "sequence", "token"), List.of(instances.get(0).get("level").asText(),
            instances.get(1).get("level").asText(), instances.get(2).get("level").asText()));
        assertEquals("token", instances.get(0).get("schemes").get(0).get("level").asText());
        assertEquals("sequence", instances.get(1).get("schemes").get(0).get("level").asText());
        assertTrue(root.get("ok").booleanValue(), w.toString());
    }

    @Test
    void aMixedFileNamesTheBadInstanceByItsIndexInTheFile() {
        String text = "{\"instances\": [{\"name\": \"s\", \"vocab\": 2, \"gamma\": 1, \"target\": [\"1/2\","
            + " \"1/2\"], \"draft\": [\"1/4\", \"3/4\"]}, {\"name\": \"t\", \"target\": [\"1/2\", \"1/3\"],"
            + " \"draft\": [\"1/4\", \"3/4\"], \"k\": 1}]}";
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> AnyInstanceReader.parse(text, "mixed.json"));
        assertTrue(e.getMessage().startsWith("mixed.json: instance 1 ('t')"), e.getMessage());
        String dup = "{\"instances\": [{\"name\": \"s\", \"vocab\": 2, \"gamma\": 1, \"target\": [\"1/2\","
            + " \"1/2\"], \"draft\": [\"1/4\", \"3/4\"]}, {\"name\": \"s\", \"target\": [\"1/2\", \"1/2\"],"
            + " \"draft\": [\"1/4\", \"3/4\"], \"k\": 1}]}";
        InvalidInputException d = assertThrows(InvalidInputException.class,
            () -> AnyInstanceReader.parse(dup, "mixed.json"));
        assertTrue(d.getMessage().contains("already used by instance 0"), d.getMessage());
    }

    @Test
    void aRowEstimatedAboveTheLimitIsRefusedBeforeTheWork() {
        SequenceInstance chain = builtins().get(1);
        double seconds = SequenceAudit.seconds(chain);
        assertTrue(seconds > 0);
        CountingScheme counting = new CountingScheme();
        AuditSink.Collecting sink = new AuditSink.Collecting();
        InstanceAudit i = SequenceAudit.of(List.of(counting)).withMaxSeconds(seconds / 2).audit(0, chain, sink);
        SchemeAudit row = i.schemes().get(0);
        assertEquals(AuditVerdict.TOO_LARGE, row.verdict());
        assertTrue(row.reason().orElseThrow().contains("above the limit"), row.toString());
        assertEquals(0, counting.verifiers, "nothing ran");
        AuditSummary summary = new AuditSummary();
        summary.add(i);
        assertEquals(ExitCodes.BAD_INPUT, summary.exitCode());
        // at the default limit it runs
        InstanceAudit ran = SequenceAudit.of(List.of(counting)).audit(0, chain, sink);
        assertEquals(AuditVerdict.LOSSLESS, ran.schemes().get(0).verdict());
        assertTrue(counting.verifiers > 0);
    }

    @Test
    void tokenRowsSayTheirLevel() {
        SchemeAudit row = new SchemeAudit("x", "iid", true, AuditVerdict.NOT_APPLICABLE, Optional.empty(),
            Optional.of("no"), Map.of());
        assertEquals("token", AuditJson.of(row).get("level").asText());
        assertThrows(IllegalArgumentException.class, () -> SchemeAudit.sequence("y", "chain", true,
            AuditVerdict.LOSSLESS, Optional.empty(), Optional.empty(), Map.of()));
    }

    /** tokenwise, counting the verifiers built. */
    static final class CountingScheme extends org.specverify.reference.sequence.scheme.SequenceSchemeBase {
        int verifiers;
        private final org.specverify.reference.sequence.scheme.Tokenwise inner =
            new org.specverify.reference.sequence.scheme.Tokenwise();

        CountingScheme() {
            super(define("counting").description("tokenwise, counted").paper("test").lossless(true).chainsOnly()
                .build());
        }

        @Override
        public <S> org.specverify.reference.sequence.scheme.SequenceVerifier<S> verifier(
            org.specverify.reference.sequence.scheme.StepLaws<S> laws) {
            verifiers++;
            return inner.verifier(laws);
        }
    }
}
