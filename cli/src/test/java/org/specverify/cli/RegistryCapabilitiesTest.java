package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.GpuSchemes;
import org.specverify.reference.scheme.CapabilityTable;
import org.specverify.reference.scheme.CapabilityTable.Entry;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.report.ReportSchemes;

/**
 * The registry test: every scheme of {@link Schemes#reference()} has, in every module's capability table
 * ({@link SchemesCommand#TABLES}), each capability present or declared absent with a reason; nothing else names a
 * scheme. A failure names the scheme and the capability, so adding a scheme means its own files, one registry entry
 * and what this test lists.
 */
class RegistryCapabilitiesTest {
    /** The law: for each module's table, no scheme of the registry lacks a row or a capability, no row is stale. */
    @Test
    void everySchemeHasEveryCapabilityOrDeclaresItsAbsence() {
        List<String> problems = new ArrayList<>();
        for (CapabilityTable<?> t : SchemesCommand.TABLES) {
            problems.addAll(t.problems(Schemes.reference()));
        }
        assertEquals(List.of(), problems, "capabilities missing from the module tables:\n" + String.join("\n",
            problems));
    }

    /** The test can fail: a registry with a scheme no table knows is reported by name, once per module. */
    @Test
    void aSchemeWithoutRowsIsNamedInEveryModule() {
        Schemes extra = Schemes.reference().replacing(new BrokenScheme());
        for (CapabilityTable<?> t : SchemesCommand.TABLES) {
            List<String> p = t.problems(extra);
            assertEquals(1, p.size(), t.module() + ": " + p);
            assertTrue(p.get(0).contains("scheme '" + BrokenScheme.ID + "' has no row in the " + t.module()
                + " module's table"), p.get(0));
            for (String c : t.capabilities()) {
                assertTrue(p.get(0).contains(c), "the message names the capabilities it needs: " + p.get(0));
            }
        }
    }

    /** A row that neither gives a capability nor declares it absent is named with the capability. */
    @Test
    void aCapabilityNeitherGivenNorDeclaredAbsentIsNamed() {
        ReportSchemes.Row rrs = ReportSchemes.TABLE.row("rrs").orElseThrow();
        CapabilityTable.Builder<ReportSchemes.Row> b = CapabilityTable.builder("report", ReportSchemes.SHORT_NAME,
            ReportSchemes.CLOSED_FORM, ReportSchemes.CHART);
        for (String id : ReportSchemes.TABLE.ids()) {
            ReportSchemes.Row r = ReportSchemes.TABLE.row(id).orElseThrow();
            b.put(id, id.equals("kseq") ? new ReportSchemes.Row(r.shortName(), r.closedForm(), null) : r);
        }
        List<String> p = b.build().problems(Schemes.reference());
        assertEquals(List.of("scheme 'kseq' lacks capability 'chart' in the report module's table: give it, or declare"
            + " it absent with a reason"), p);
        assertTrue(rrs.closedForm().isPresent());
    }

    /** A row for an id the registry does not have (a renamed or removed scheme) is named. */
    @Test
    void aStaleRowIsNamed() {
        CapabilityTable.Builder<GpuSchemes.Row> b = CapabilityTable.builder("gpu", GpuSchemes.KERNEL);
        for (String id : GpuSchemes.TABLE.ids()) {
            b.put(id, GpuSchemes.TABLE.row(id).orElseThrow());
        }
        b.put("rrs-renamed", new GpuSchemes.Row(Entry.of(KernelScheme.RRS)));
        assertEquals(List.of("the gpu module's table has a row for 'rrs-renamed', which the registry does not have"),
            b.build().problems(Schemes.reference()));
    }

    /** An absence needs its reason. */
    @Test
    void anAbsenceWithoutAReasonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Entry.absent(" "));
        assertThrows(IllegalArgumentException.class, () -> Entry.absent(null));
    }

    /** The report's chart column needs the closed form it draws; a kernel's id is its row's. */
    @Test
    void rowsAreConsistentWithinTheirModule() {
        for (String id : ReportSchemes.TABLE.ids()) {
            ReportSchemes.Row r = ReportSchemes.TABLE.row(id).orElseThrow();
            assertFalse(r.chart().isPresent() && !r.closedForm().isPresent(), id + ": a chart without a closed form");
        }
        for (String id : GpuSchemes.TABLE.ids()) {
            GpuSchemes.TABLE.row(id).orElseThrow().kernel().value()
                .ifPresent(k -> assertEquals(id, k.id(), "kernel row " + id));
        }
        for (KernelScheme k : KernelScheme.values()) {
            assertEquals(k, KernelScheme.of(k.id()));
        }
    }

    /** {@code schemes --json}: each scheme's capabilities, and a reason for each absent one, from the tables. */
    @Test
    void schemesJsonListsCapabilitiesAndTheReasonsForWhatIsAbsent() throws Exception {
        CliRun r = CliRun.atRoot("schemes", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode a = Json.MAPPER.readTree(r.out());
        List<Scheme> schemes = Schemes.reference().all();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        // the token schemes (the sequence schemes that follow them have no per-module capability tables)
        a.forEach(o -> {
            if (o.get("level").asText().equals("token")) {
                byId.put(o.get("id").asText(), o);
            }
        });
        assertEquals(schemes.size(), byId.size());
        for (Scheme s : schemes) {
            JsonNode o = byId.get(s.id());
            List<String> caps = new ArrayList<>();
            o.get("capabilities").forEach(c -> caps.add(c.asText()));
            assertTrue(caps.contains("exact") && caps.contains("certified"), s.id() + ": " + caps);
            for (CapabilityTable<?> t : SchemesCommand.TABLES) {
                for (String c : t.capabilities()) {
                    if (c.equals(ReportSchemes.SHORT_NAME)) {
                        continue;
                    }
                    boolean present = caps.contains(c);
                    boolean absent = o.get("absent").has(c) && !o.get("absent").get(c).asText().isBlank();
                    assertTrue(present ^ absent, s.id() + " " + c + ": present or absent with a reason: " + o);
                }
            }
        }
        assertEquals(List.of("exact", "certified", "closed-form", "chart", "gpu"),
            textList(byId.get("rrs").get("capabilities")));
        assertTrue(byId.get("spechub").get("absent").get("gpu").asText().contains("hub"), byId.get("spechub")
            .toString());
        assertTrue(byId.get("ot-plan").get("absent").has("closed-form"), byId.get("ot-plan").toString());
        assertEquals("determ.", byId.get("deterministic").get("shortName").asText());
    }

    /** The text table lists the capabilities compactly, one line per scheme. */
    @Test
    void schemesTextListsCapabilities() {
        CliRun r = CliRun.atRoot("schemes");
        assertEquals(0, r.code(), r.toString());
        String out = r.out();
        assertTrue(out.contains("Capabilities (why one is absent: --json):"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  rrs +exact, certified, closed-form, chart, gpu")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  spechub +exact, certified, closed-form, chart")), out);
    }

    private static List<String> textList(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
