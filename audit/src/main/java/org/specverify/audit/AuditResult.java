package org.specverify.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;


/** The audit of every instance, with the counts and the exit code the command line reports. */
public record AuditResult(List<InstanceAudit> instances) {
    public AuditResult {
        instances = List.copyOf(instances);
    }

    /** A row with the instance it belongs to. */
    public record Row(InstanceAudit instance, SchemeAudit scheme) {
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (InstanceAudit i : instances) {
            for (SchemeAudit s : i.schemes()) {
                rows.add(new Row(i, s));
            }
        }
        return rows;
    }

    /** Rows that are verification failures (a lossless claim that does not hold, or a scheme error). */
    public List<Row> failures() {
        return rows().stream().filter(r -> r.scheme().verdict().isFailure()).toList();
    }

    /** How many rows have each verdict (every verdict present, zero included). */
    public Map<AuditVerdict, Integer> counts() {
        Map<AuditVerdict, Integer> m = new EnumMap<>(AuditVerdict.class);
        for (AuditVerdict v : AuditVerdict.values()) {
            m.put(v, 0);
        }
        for (Row r : rows()) {
            m.merge(r.scheme().verdict(), 1, Integer::sum);
        }
        return m;
    }

    /**
     * {@link ExitCodes#FAILURE} when any failure, else {@link ExitCodes#BAD_INPUT} when some scheme was too large to
     * decide, else {@link ExitCodes#OK}.
     */
    public int exitCode() {
        if (!failures().isEmpty()) {
            return ExitCodes.FAILURE;
        }
        return counts().get(AuditVerdict.TOO_LARGE) > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
