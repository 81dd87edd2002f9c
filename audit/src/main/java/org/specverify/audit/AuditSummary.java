package org.specverify.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a streaming audit keeps after its rows have gone to the sink: counts per verdict and one line per failure, so
 * memory stays bounded by one instance whatever the number of instances. Built up by {@link Audit#run}; thread-safe
 * for the reads a progress display or an interrupt handler makes while it runs.
 */
public final class AuditSummary {
    /** One failing row, kept for the final report. */
    public record Failure(int instanceIndex, String instanceName, SchemeAudit row) {
    }

    private final Map<AuditVerdict, Integer> counts = new EnumMap<>(AuditVerdict.class);
    private final List<Failure> failures = new ArrayList<>();
    private int instances;
    private boolean interrupted;

    public AuditSummary() {
        for (AuditVerdict v : AuditVerdict.values()) {
            counts.put(v, 0);
        }
    }

    /** Counts a finished instance. */
    public synchronized void add(InstanceAudit instance) {
        instances++;
        for (SchemeAudit s : instance.schemes()) {
            counts.merge(s.verdict(), 1, Integer::sum);
            if (s.verdict().isFailure()) {
                failures.add(new Failure(instance.index(), instance.name(), s));
            }
        }
    }

    /** Records that the run stopped before every instance was audited (Ctrl-C, an interrupted thread). */
    public synchronized void markInterrupted() {
        interrupted = true;
    }

    /** Whether the run stopped early: the counts cover only the instances that finished, and nothing is "OK". */
    public synchronized boolean interrupted() {
        return interrupted;
    }

    public synchronized int instances() {
        return instances;
    }

    /** Rows per verdict, every verdict present. */
    public synchronized Map<AuditVerdict, Integer> counts() {
        return Collections.unmodifiableMap(new EnumMap<>(counts));
    }

    public synchronized int rows() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    /**
     * {@link ExitCodes#FAILURE} on any failure, else {@link ExitCodes#INTERRUPTED} if the run stopped early, else
     * {@link ExitCodes#BAD_INPUT} if any row was too large, else OK.
     */
    public synchronized int exitCode() {
        if (!failures.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        if (interrupted) {
            return ExitCodes.INTERRUPTED;
        }
        return counts.get(AuditVerdict.TOO_LARGE) > 0 ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }
}
