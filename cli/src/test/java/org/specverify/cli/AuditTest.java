package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditExtension;
import org.specverify.audit.AuditJson;
import org.specverify.audit.AuditResult;
import org.specverify.audit.AuditVerdict;
import org.specverify.audit.ExactValue;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.Measured;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.scheme.SpeculativeSampling;

/** The audit API, without the command line. */
class AuditTest {
    private static final Instance SINGLE = Instance.identical("single", Distribution.parse("7/10", "3/10"),
        Distribution.parse("2/5", "3/5"), 1);

    @Test
    void speculativeSamplingIsLosslessWithAcceptanceOneMinusTv() {
        SchemeAudit row = Audit.of(List.<Scheme>of(new SpeculativeSampling())).audit(SINGLE, new SpeculativeSampling());
        assertEquals(AuditVerdict.LOSSLESS, row.verdict());
        Measured m = row.measured().orElseThrow();
        assertTrue(m.lossless());
        assertEquals(BigFraction.of(7, 10), m.acceptance().exact());
        assertTrue(m.maxLawError().isZero());
    }

    @Test
    void falseClaimIsAFailureNamingTheWorstToken() {
        AuditResult r = Audit.of(List.<Scheme>of(new BrokenScheme())).run(List.of(SINGLE));
        assertEquals(1, r.exitCode());
        SchemeAudit row = r.failures().get(0).scheme();
        assertEquals(AuditVerdict.CLAIM_FAILS, row.verdict());
        Measured m = row.measured().orElseThrow();
        assertFalse(m.lossless());
        // Both target masses exceed typical's threshold (0.09), so every draft is accepted and Y ~ q:
        // |P(Y = 0) - p(0)| = |2/5 - 7/10| = 3/10.
        assertEquals(BigFraction.of(3, 10), m.maxLawError().exact());
        assertEquals(0, m.worstToken());
        assertEquals(BigFraction.ONE, m.acceptance().exact());
    }

    @Test
    void lossyByDesignIsNotAFailure() {
        AuditResult r = Audit.of(Schemes.reference()).run(InstanceReader.builtin());
        assertEquals(0, r.exitCode());
        assertTrue(r.counts().get(AuditVerdict.LOSSY_AS_DECLARED) > 0, "typical must be lossy somewhere");
        assertEquals(0, r.counts().get(AuditVerdict.CLAIM_FAILS));
        int total = r.counts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(InstanceReader.builtin().size() * Schemes.reference().all().size(), total);
    }

    @Test
    void aSchemeThatThrowsIsAFailureNotACrash() {
        Scheme throwing = new BrokenScheme() {
            @Override
            public String id() {
                return "throws";
            }

            @Override
            public Bound bind(Instance instance) {
                throw new ArithmeticException("division by zero in the verifier");
            }
        };
        AuditResult r = Audit.of(List.of(throwing)).run(List.of(SINGLE));
        SchemeAudit row = r.instances().get(0).schemes().get(0);
        assertEquals(AuditVerdict.ERROR, row.verdict());
        assertEquals("ArithmeticException: division by zero in the verifier", row.reason().orElseThrow());
        assertEquals(1, r.exitCode());
    }

    @Test
    void tooLargeIsExitTwoUnlessSomethingFailed() {
        SchemeAudit tooLarge = new SchemeAudit("big", "iid", true, AuditVerdict.TOO_LARGE, Optional.empty(),
            Optional.of("exact enumeration exceeds 5000000 leaves"), Map.of());
        InstanceAudit i = new InstanceAudit(0, "x", 100, 8, true, List.of(tooLarge), Map.of());
        assertEquals(2, new AuditResult(List.of(i)).exitCode());
        SchemeAudit failed = new SchemeAudit("f", "iid", true, AuditVerdict.ERROR, Optional.empty(),
            Optional.of("boom"), Map.of());
        InstanceAudit j = new InstanceAudit(0, "x", 100, 8, true, List.of(tooLarge, failed), Map.of());
        assertEquals(1, new AuditResult(List.of(j)).exitCode());
    }

    @Test
    void instancesBeyondTheEnumerationLimitAreRefusedAtOnce() {
        Distribution uniform = Distribution.uniform(10);
        Instance big = Instance.identical("big", uniform, uniform, 7);
        long start = System.nanoTime();
        AuditResult r = Audit.of(List.<Scheme>of(new SpeculativeSampling(), new BrokenScheme())).run(List.of(big));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused without enumerating");
        SchemeAudit row = r.instances().get(0).schemes().get(1);
        assertEquals(AuditVerdict.TOO_LARGE, row.verdict());
        assertEquals("the draft process has 10000000 draft tuples, beyond the exact enumerator's limit of 5000000"
            + " leaves; use a smaller vocabulary or K", row.reason().orElseThrow());
        assertEquals(2, r.exitCode());
    }

    @Test
    void draftTupleCountsOfTheReferenceProcesses() {
        Distribution p = Distribution.parse("1/2", "1/4", "1/4", "0");
        Instance iid = Instance.identical("iid", p, p, 3);
        org.specverify.reference.scheme.Schemes reg = org.specverify.reference.scheme.Schemes.reference();
        assertEquals(Optional.of(java.math.BigInteger.valueOf(27)), Audit.draftTupleCount(iid, reg.get("rrs")));
        assertEquals(Optional.of(java.math.BigInteger.valueOf(27)), Audit.draftTupleCount(iid, reg.get("kseq")));
        assertEquals(Optional.of(java.math.BigInteger.valueOf(6)), Audit.draftTupleCount(iid, reg.get("rrs-wor")));
        assertEquals(Optional.of(java.math.BigInteger.ONE), Audit.draftTupleCount(iid, reg.get("deterministic")));
        assertEquals(Optional.empty(), Audit.draftTupleCount(iid, reg.get("spechub")), "spechub needs K = 2");
        Instance rows = Instance.independent("rows", p, List.of(p, Distribution.parse("1", "0", "0", "0")));
        assertEquals(Optional.of(java.math.BigInteger.valueOf(3)), Audit.draftTupleCount(rows, reg.get("rrs")));
        Instance two = Instance.identical("two", p, p, 2);
        assertEquals(Optional.of(java.math.BigInteger.valueOf(4)), Audit.draftTupleCount(two, reg.get("spechub")),
            "(x, a) and (a, x) for the two non-hub tokens of positive mass");
    }

    /** An extension like the LP module's: an optimum and gap per scheme, optima per instance. */
    private static final AuditExtension OPTIMA = new AuditExtension() {
        @Override
        public Map<String, Object> schemeFields(Instance instance, Scheme.Bound bound, ExactLaw law, SchemeAudit row) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("optimum", ExactValue.of(BigFraction.ONE));
            m.put("gap", ExactValue.of(BigFraction.ONE.subtract(law.acceptance())));
            return m;
        }

        @Override
        public Map<String, Object> instanceFields(Instance instance, List<SchemeAudit> rows) {
            return Map.of("optima", Map.of("iid", ExactValue.of(BigFraction.ONE)));
        }
    };

    @Test
    void extensionFieldsAppearInJsonAndTable() {
        AuditResult r = Audit.of(List.<Scheme>of(new SpeculativeSampling())).with(OPTIMA).run(List.of(SINGLE));
        ObjectNode json = AuditJson.of(r);
        JsonNode instance = json.get("instances").get(0);
        assertEquals("1", instance.get("optima").get("iid").get("exact").asText());
        JsonNode sd = instance.get("schemes").get(0);
        assertEquals("3/10", sd.get("gap").get("exact").asText());
        assertEquals(0.3, sd.get("gap").get("value").doubleValue(), 0.0);
        assertEquals("7/10", sd.get("acceptance").get("exact").asText(), "standard fields stay");
        String table = AuditCommand.table(r, "test", List.of(new SpeculativeSampling()));
        assertTrue(table.contains("optimum") && table.contains("gap"), table);
        assertTrue(table.contains("3/10 (0.300000)"), table);
        assertTrue(table.contains("single: optima = {iid: 1 (1.000000)}"), table);
    }

    @Test
    void unsupportedExtraTypesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditJson.value(new Object()));
        assertTrue(e.getMessage().contains("unsupported type"), e.getMessage());
    }
}
