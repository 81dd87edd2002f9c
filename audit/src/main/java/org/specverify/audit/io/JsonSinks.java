package org.specverify.audit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.specverify.audit.AuditJson;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.SchemeAudit;

/**
 * Sinks that write an audit as it runs, so an interrupted run keeps every finished row.
 *
 * <ul>
 *   <li>{@link #lines}: JSON lines. One line per finished row, {@code {"instance": i, "name": "...", "row": {...}}};
 *       one per finished instance, {@code {"instance": i, "name", "vocab", "k", "identicalDrafts", ...instance
 *       fields}} (without its rows, already written); and a last line {@code {"summary": {...}, "ok": ...,
 *       "interrupted": ...}}.</li>
 *   <li>{@link #document}: one JSON document, {@code {"instances": [...], "summary": {...}, "ok": ...}}, written one
 *       instance at a time; {@link AuditSink#finish} closes it, with {@code "interrupted": true} when the run was
 *       stopped early.</li>
 * </ul>
 * Both flush after every write and are safe to finish from another thread (an interrupt handler).
 */
public final class JsonSinks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonSinks() {
    }

    public static AuditSink lines(PrintWriter out) {
        return new Lines(out);
    }

    public static AuditSink document(PrintWriter out) {
        return new Document(out);
    }

    static String text(Object node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit JSON", e);
        }
    }

    static ObjectNode summary(AuditSummary s, boolean interrupted) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("instances", s.instances());
        s.counts().forEach((v, n) -> summary.put(v.id(), n));
        summary.put("failures", s.failures().size());
        root.put("ok", !interrupted && s.exitCode() == ExitCodes.OK);
        if (interrupted) {
            root.put("interrupted", true);
        }
        return root;
    }

    private static final class Lines extends WritingSink {
        Lines(PrintWriter out) {
            super(out);
        }

        @Override
        protected void writeRow(int index, String instanceName, SchemeAudit row) {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("instance", index);
            o.put("name", instanceName);
            o.set("row", AuditJson.of(row));
            out.println(text(o));
        }

        @Override
        protected void writeInstance(InstanceAudit instance) {
            ObjectNode o = AuditJson.of(instance);
            o.remove("schemes");
            ObjectNode line = MAPPER.createObjectNode();
            line.put("instance", instance.index());
            line.setAll(o);
            out.println(text(line));
        }

        @Override
        protected void writeFinish(AuditSummary summary, boolean interrupted) {
            out.println(text(summary(summary, interrupted)));
        }
    }

    private static final class Document extends WritingSink {
        private boolean started;
        private boolean first = true;

        Document(PrintWriter out) {
            super(out);
        }

        private void start() {
            if (!started) {
                out.print("{\"instances\": [");
                started = true;
            }
        }

        @Override
        protected void writeInstance(InstanceAudit instance) {
            start();
            out.print((first ? "\n  " : ",\n  ") + text(AuditJson.of(instance)));
            first = false;
        }

        @Override
        protected void writeFinish(AuditSummary summary, boolean interrupted) {
            start();
            String t = text(summary(summary, interrupted));
            out.println("\n], " + t.substring(1));
        }
    }
}
