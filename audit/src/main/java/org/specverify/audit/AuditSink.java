package org.specverify.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an audit's results go as they finish: each scheme's row as soon as it is decided, each instance when all its
 * rows and instance fields are done, and the summary at the end (or at an interrupt). The engine keeps nothing else, so
 * a sink that writes out (JSON lines, a JSON document, a table) keeps memory bounded by one instance, and an interrupted
 * run keeps every finished row.
 */
public interface AuditSink {
    /** A finished row of instance {@code index} (called on the auditing thread, in order). */
    default void row(int index, String instanceName, SchemeAudit row) {
    }

    /** A finished instance, with all its rows and instance fields. */
    void instance(InstanceAudit instance);

    /**
     * The end of the run.
     *
     * @param interrupted true when the run stopped before its last instance (for example on Ctrl-C)
     */
    default void finish(AuditSummary summary, boolean interrupted) {
    }

    /** A sink that keeps every instance in memory, for small audits read as an {@link AuditResult}. */
    final class Collecting implements AuditSink {
        private final List<InstanceAudit> instances = new ArrayList<>();

        @Override
        public synchronized void instance(InstanceAudit instance) {
            instances.add(instance);
        }

        public synchronized AuditResult result() {
            return new AuditResult(instances);
        }
    }
}
