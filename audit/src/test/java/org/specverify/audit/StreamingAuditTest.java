package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.JsonSinks;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Schemes;

/** The audit as a stream: rows out as they finish, one instance in memory, interrupts keep finished rows. */
class StreamingAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Instances made one at a time, never held together (a one-pass iterable). */
    private static Iterable<Instance> generated(int n) {
        return () -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Instance next() {
                int a = 1 + i % 7;
                int b = 1 + (i / 7) % 5;
                Instance inst = Instance.identical("gen " + i, Distribution.parse(a + "/" + (a + b), b + "/" + (a + b)),
                    Distribution.parse("1/2", "1/2"), 1 + i % 2);
                i++;
                return inst;
            }
        };
    }

    /** 10,000 instances through JSON lines: one line per row and per instance, a summary last, all lossless. */
    @Test
    void tenThousandInstancesStreamAsJsonLines() throws Exception {
        StringWriter w = new StringWriter();
        Audit audit = Audit.of(List.of(Schemes.reference().get("sd"), Schemes.reference().get("rrs")));
        AuditSummary s = audit.run(generated(10_000), 10_000, JsonSinks.lines(new PrintWriter(w)), AuditListener.NONE);
        List<String> lines = w.toString().lines().toList();
        assertEquals(10_000 * 3 + 1, lines.size(), "two rows and one instance line per instance, then the summary");
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(0, first.get("instance").asInt());
        assertEquals("sd", first.get("row").get("id").asText());
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertTrue(last.get("ok").asBoolean(), last.toString());
        assertEquals(10_000, last.get("summary").get("instances").asInt());
        assertEquals(10_000, s.instances());
        assertEquals(ExitCodes.OK, s.exitCode());
    }

    /** Rows reach the sink in order, each before its instance, and the instance carries all its rows. */
    @Test
    void rowsArriveAsTheyFinish() {
        List<String> events = new ArrayList<>();
        AuditSink sink = new AuditSink() {
            @Override
            public void row(int index, String name, SchemeAudit row) {
                events.add("row " + index + " " + row.id());
            }

            @Override
            public void instance(InstanceAudit instance) {
                events.add("instance " + instance.index() + " (" + instance.schemes().size() + " rows)");
            }

            @Override
            public void finish(AuditSummary summary, boolean interrupted) {
                events.add("finish " + interrupted);
            }
        };
        Audit.of(List.of(Schemes.reference().get("sd"), Schemes.reference().get("rrs")))
            .run(generated(2), 2, sink, AuditListener.NONE);
        assertEquals(List.of("row 0 sd", "row 0 rrs", "instance 0 (2 rows)", "row 1 sd", "row 1 rrs",
            "instance 1 (2 rows)", "finish false"), events);
    }

    /**
     * An interrupt stops the audit after the row in progress; the JSON document is closed, valid, marked interrupted
     * and holds every finished instance.
     */
    @Test
    void interruptedRunKeepsFinishedInstances() throws Exception {
        StringWriter w = new StringWriter();
        AuditSink doc = JsonSinks.document(new PrintWriter(w));
        int[] rows = {0};
        AuditSink interrupting = new AuditSink() {
            @Override
            public void row(int index, String name, SchemeAudit row) {
                doc.row(index, name, row);
                if (++rows[0] == 5) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void instance(InstanceAudit instance) {
                doc.instance(instance);
            }

            @Override
            public void finish(AuditSummary summary, boolean interrupted) {
                doc.finish(summary, interrupted);
            }
        };
        AuditSummary s;
        try {
            s = Audit.of(List.of(Schemes.reference().get("sd"), Schemes.reference().get("rrs")))
                .run(generated(100), 100, interrupting, AuditListener.NONE);
        } finally {
            Thread.interrupted();
        }
        JsonNode root = JSON.readTree(w.toString());
        assertTrue(root.get("interrupted").asBoolean());
        assertFalse(root.get("ok").asBoolean());
        assertEquals(2, root.get("instances").size(), "instances 0 and 1 finished before the interrupt");
        assertEquals(2, s.instances());
    }

    /** A row estimated above the time limit is refused with the estimate, without running; the exit code is 2. */
    @Test
    void rowsAboveTheTimeLimitAreRefusedWithTheEstimate() {
        Distribution u = Distribution.uniform(12);
        Instance big = Instance.identical("big", u, u, 4);
        AuditResult r = Audit.of(List.of(Schemes.reference().get("rrs"))).withMaxSeconds(1).run(List.of(big));
        SchemeAudit row = r.instances().get(0).schemes().get(0);
        assertEquals(AuditVerdict.TOO_LARGE, row.verdict());
        assertTrue(row.reason().orElseThrow().startsWith("estimated 1 s (2.07e+04 draft tuples x (K + 1)"),
            row.reason().orElseThrow());
        assertTrue(row.reason().orElseThrow().contains("--max-seconds"), row.reason().orElseThrow());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertEquals(12.0 * 12 * 12 * 12 * 5, AuditCost.units(big, Schemes.reference().get("rrs")).orElseThrow());
    }
}
