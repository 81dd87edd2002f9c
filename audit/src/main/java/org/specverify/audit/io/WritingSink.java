package org.specverify.audit.io;

import java.io.PrintWriter;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.SchemeAudit;

/**
 * A sink that writes text as the audit runs: every write is flushed, the first {@link #finish} closes the output and
 * later calls are ignored, so an interrupt handler can finish it from another thread while rows are still arriving.
 */
public abstract class WritingSink implements AuditSink {
    protected final PrintWriter out;
    private boolean finished;

    protected WritingSink(PrintWriter out) {
        this.out = out;
    }

    /** Writes a finished row (default: nothing). */
    protected void writeRow(int index, String instanceName, SchemeAudit row) {
    }

    protected abstract void writeInstance(InstanceAudit instance);

    protected abstract void writeFinish(AuditSummary summary, boolean interrupted);

    @Override
    public final synchronized void row(int index, String instanceName, SchemeAudit row) {
        if (!finished) {
            writeRow(index, instanceName, row);
            out.flush();
        }
    }

    @Override
    public final synchronized void instance(InstanceAudit instance) {
        if (!finished) {
            writeInstance(instance);
            out.flush();
        }
    }

    @Override
    public final synchronized void finish(AuditSummary summary, boolean interrupted) {
        if (!finished) {
            finished = true;
            writeFinish(summary, interrupted);
            out.flush();
        }
    }
}
