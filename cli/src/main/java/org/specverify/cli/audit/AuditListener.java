package org.specverify.cli.audit;

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

    /** The audit finished (or stopped with an exception). */
    default void finished() {
    }
}
