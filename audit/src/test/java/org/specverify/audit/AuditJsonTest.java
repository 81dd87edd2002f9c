package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.InstanceReader;
import org.specverify.audit.io.JsonSinks;
import org.specverify.reference.Fractions;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * The shape and content of the audit's JSON document ({@link JsonSinks#document}, what {@code audit --cases --json}
 * prints) on the built-in cases.
 */
class AuditJsonTest {
    private static JsonNode auditJson(String... ids) throws Exception {
        Schemes registry = Schemes.reference();
        List<Scheme> schemes = ids.length == 0 ? registry.all()
            : java.util.Arrays.stream(ids).map(registry::get).toList();
        List<org.specverify.reference.Instance> cases = InstanceReader.builtin();
        java.io.StringWriter text = new java.io.StringWriter();
        AuditSummary summary = Audit.of(schemes).with(new OptimalityExtension())
            .run(cases, cases.size(), JsonSinks.document(new java.io.PrintWriter(text)), AuditListener.NONE);
        assertEquals(ExitCodes.OK, summary.exitCode());
        return new ObjectMapper().readTree(text.toString());
    }

    @Test
    void stdoutIsOneJsonDocumentWithEveryInstanceAndEveryScheme() throws Exception {
        JsonNode root = auditJson();
        assertTrue(root.isObject());
        JsonNode instances = root.get("instances");
        // the token audit of the library: every built-in token case (the sequence cases are SequenceAuditTest's)
        assertEquals(InstanceReader.builtin().size(), instances.size());
        List<String> ids = Schemes.reference().all().stream().map(Scheme::id).toList();
        for (JsonNode i : tokenInstances(root)) {
            assertTrue(i.get("name").isTextual(), i.toString());
            assertTrue(i.get("vocab").isInt() && i.get("vocab").intValue() >= 1, i.toString());
            assertTrue(i.get("k").isInt() && i.get("k").intValue() >= 1, i.toString());
            List<String> seen = new ArrayList<>();
            i.get("schemes").forEach(s -> seen.add(s.get("id").asText()));
            assertEquals(ids, seen, "schemes of " + i.get("name") + " in registry order");
        }
        assertTrue(root.get("ok").booleanValue());
        assertEquals(0, root.get("summary").get("failures").intValue());
    }

    @Test
    void everySchemeEntryHasTheDocumentedFields() throws Exception {
        Set<String> common = Set.of("id", "draftProcess", "claimsLossless", "verdict");
        int checked = 0;
        int skipped = 0;
        for (JsonNode i : tokenInstances(auditJson())) {
            for (JsonNode s : i.get("schemes")) {
                for (String f : common) {
                    assertTrue(s.has(f), "missing " + f + " in " + s);
                }
                assertTrue(s.get("claimsLossless").isBoolean(), s.toString());
                if (s.get("verdict").asText().equals("not-applicable")) {
                    skipped++;
                    assertTrue(s.get("notApplicable").isTextual() && !s.get("notApplicable").asText().isBlank(),
                        s.toString());
                    assertFalse(s.has("acceptance"), s.toString());
                    assertFalse(s.has("lossless"), s.toString());
                    continue;
                }
                checked++;
                assertFalse(s.has("notApplicable"), s.toString());
                assertTrue(s.get("lossless").isBoolean(), s.toString());
                BigFraction acceptance = exact(s.get("acceptance"));
                assertTrue(acceptance.signum() >= 0 && Fractions.compare(acceptance, BigFraction.ONE) <= 0, s.toString());
                BigFraction error = exact(s.get("maxLawError"));
                assertEquals(s.get("lossless").booleanValue(), error.signum() == 0, s.toString());
                assertEquals(!s.get("lossless").booleanValue(), s.has("worstToken"), s.toString());
                BigFraction test = exact(s.get("testAcceptance"));
                assertTrue(Fractions.compare(test, acceptance) <= 0, "test acceptance above membership: " + s);
            }
        }
        assertTrue(checked > 50 && skipped > 10, "checked " + checked + ", not applicable " + skipped);
    }

    /** The instances of level token, which come first (every built-in token case). */
    private static List<JsonNode> tokenInstances(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        root.get("instances").forEach(i -> {
            if (i.get("level").asText().equals("token")) {
                out.add(i);
            }
        });
        assertEquals(InstanceReader.builtin().size(), out.size());
        return out;
    }

    /** {"exact": "a/b", "value": d} with d the nearest double of a/b. */
    private static BigFraction exact(JsonNode n) {
        assertTrue(n.isObject() && n.get("exact").isTextual() && n.get("value").isNumber(), String.valueOf(n));
        BigFraction f = Fractions.parse(n.get("exact").asText());
        assertEquals(f.doubleValue(), n.get("value").doubleValue(), 0.0, n.toString());
        return f;
    }

    private static JsonNode scheme(JsonNode root, String instance, String id) {
        for (JsonNode i : root.get("instances")) {
            if (i.get("name").asText().equals(instance)) {
                for (JsonNode s : i.get("schemes")) {
                    if (s.get("id").asText().equals(id)) {
                        return s;
                    }
                }
            }
        }
        throw new AssertionError("no " + id + " on " + instance);
    }

    @Test
    void knownValuesFromClosedForms() throws Exception {
        JsonNode root = auditJson("sd", "rrs", "typical");
        // single-draft: p = (7/10, 3/10), q = (2/5, 3/5): TV = 3/10, so alpha = 1 - TV = 7/10.
        JsonNode sd = scheme(root, "single-draft", "sd");
        assertEquals("7/10", sd.get("acceptance").get("exact").asText());
        assertTrue(sd.get("lossless").booleanValue());
        assertEquals("iid", sd.get("draftProcess").asText());
        // independent-drafts: TV(p, q1) = 1/10, p2 = (0, 0, 1), TV(p2, q2) = 2/5, alpha = 1 - 1/25 = 24/25.
        JsonNode rrs = scheme(root, "independent-drafts", "rrs");
        assertEquals("24/25", rrs.get("acceptance").get("exact").asText());
        assertEquals("independent", rrs.get("draftProcess").asText());
        // typical is lossy by design and shown to be lossy, not failing.
        JsonNode typical = scheme(root, "single-draft", "typical");
        assertFalse(typical.get("lossless").booleanValue());
        assertFalse(typical.get("claimsLossless").booleanValue());
        assertEquals("lossy-as-declared", typical.get("verdict").asText());
        // sd on a K = 2 instance is not applicable, with the reason.
        JsonNode na = scheme(root, "p-equals-q", "sd");
        assertEquals("not-applicable", na.get("verdict").asText());
        assertTrue(na.get("notApplicable").asText().contains("K = 2"), na.toString());
        assertEquals(List.of("sd", "rrs", "typical"),
            root.get("instances").get(0).findValuesAsText("id"), "only the schemes asked for, in that order");
    }
}
