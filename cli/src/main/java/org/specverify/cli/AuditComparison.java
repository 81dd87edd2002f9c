package org.specverify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.SchemeAudit;
import org.specverify.reference.InvalidInputException;

/**
 * {@code audit --compare-to PREVIOUS.json}: this run's rows against a previous {@code audit --json} document, row by row
 * (instance name and scheme id): a changed verdict, a changed exact acceptance, and rows present on one side only. A
 * changed verdict is a regression to look at, so it makes the run fail (exit 1); the rest is reported.
 */
final class AuditComparison implements AuditSink {
    /** One row of the previous run. */
    record Previous(String verdict, String acceptance) {
    }

    private final String shown;
    private final Map<String, Previous> previous;
    private final List<String> verdictChanges = new ArrayList<>();
    private final List<String> acceptanceChanges = new ArrayList<>();
    private final Map<String, Boolean> seen = new LinkedHashMap<>();

    private AuditComparison(String shown, Map<String, Previous> previous) {
        this.shown = shown;
        this.previous = previous;
    }

    /** Reads a previous {@code audit --json} document (refused with the path when it is not one). */
    static AuditComparison read(Path file, String shown) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("--compare-to " + shown + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException("--compare-to " + shown + ": not a JSON document: " + e.getMessage(), e);
        }
        JsonNode instances = root == null ? null : root.get("instances");
        if (instances == null || !instances.isArray()) {
            throw new InvalidInputException("--compare-to " + shown + ": no \"instances\" array; expected the output"
                + " of 'specverify audit --cases --json' or 'audit --instance FILE --json'");
        }
        Map<String, Previous> rows = new LinkedHashMap<>();
        for (int i = 0; i < instances.size(); i++) {
            JsonNode inst = instances.get(i);
            JsonNode schemes = inst.get("schemes");
            if (!inst.hasNonNull("name") || schemes == null || !schemes.isArray()) {
                throw new InvalidInputException("--compare-to " + shown + ": instances[" + i + "] lacks \"name\" or"
                    + " \"schemes\"");
            }
            for (int j = 0; j < schemes.size(); j++) {
                JsonNode s = schemes.get(j);
                if (!s.hasNonNull("id") || !s.hasNonNull("verdict")) {
                    throw new InvalidInputException("--compare-to " + shown + ": instances[" + i + "].schemes[" + j
                        + "] lacks \"id\" or \"verdict\"");
                }
                JsonNode acc = s.path("acceptance").path("exact");
                rows.put(key(inst.get("name").asText(), s.get("id").asText()),
                    new Previous(s.get("verdict").asText(), acc.isMissingNode() ? null : acc.asText()));
            }
        }
        return new AuditComparison(shown, rows);
    }

    private static String key(String instance, String scheme) {
        return "'" + instance + "' " + scheme;
    }

    @Override
    public synchronized void instance(InstanceAudit instance) {
        for (SchemeAudit s : instance.schemes()) {
            String key = key(instance.name(), s.id());
            seen.put(key, true);
            Previous p = previous.get(key);
            if (p == null) {
                continue;
            }
            if (!p.verdict().equals(s.verdict().id())) {
                verdictChanges.add(key + ": verdict " + p.verdict() + " -> " + s.verdict().id());
            }
            String now = s.measured().map(m -> m.acceptance().fraction()).orElse(null);
            if (p.acceptance() != null && now != null && !p.acceptance().equals(now)) {
                acceptanceChanges.add(key + ": acceptance " + p.acceptance() + " -> " + now);
            }
        }
    }

    @Override
    public void finish(AuditSummary summary, boolean interrupted) {
    }

    /** Whether a verdict changed. */
    synchronized boolean verdictChanged() {
        return !verdictChanges.isEmpty();
    }

    /** The comparison as text: the counts, then one line per change. */
    synchronized String text(boolean interrupted) {
        List<String> onlyBefore = new ArrayList<>();
        if (!interrupted) {
            for (String k : previous.keySet()) {
                if (!seen.containsKey(k)) {
                    onlyBefore.add(k);
                }
            }
        }
        int onlyNow = (int) seen.keySet().stream().filter(k -> !previous.containsKey(k)).count();
        StringBuilder sb = new StringBuilder("\nCompared with ").append(shown).append(": ")
            .append(verdictChanges.size()).append(" changed verdicts, ").append(acceptanceChanges.size())
            .append(" changed acceptances, ").append(onlyNow).append(" new rows, ").append(onlyBefore.size())
            .append(" rows no longer audited.\n");
        for (String c : verdictChanges) {
            sb.append("  CHANGED ").append(c).append('\n');
        }
        for (String c : acceptanceChanges) {
            sb.append("  changed ").append(c).append('\n');
        }
        for (String c : onlyBefore) {
            sb.append("  no longer audited: ").append(c).append('\n');
        }
        return sb.toString();
    }
}
