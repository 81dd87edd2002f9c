package org.specverify.audit;

import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;

/** Observes an audit's progress (for a progress indicator). Called on the auditing thread. */
public interface AuditListener {
    AuditListener NONE = new AuditListener() {
    };

    /**
     * A scheme is about to be checked on an instance.
     *
     * @param done  rows finished so far
     * @param total rows in the whole audit
     */
    default void started(int instanceIndex, Instance instance, Scheme scheme, int done, int total) {
    }

    /**
     * Work done so far, in {@link AuditCost} units (draft tuples × (K + 1)), and the total of the run when known
     * (negative otherwise): a progress display extrapolates the time left from these.
     */
    default void work(double doneUnits, double totalUnits) {
    }

    /** The audit finished (or stopped with an exception). */
    default void finished() {
    }
}
