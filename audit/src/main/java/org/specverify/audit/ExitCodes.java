package org.specverify.audit;

/**
 * The exit codes of the {@code specverify} command, defined once: the audit model
 * ({@link org.specverify.audit.AuditResult#exitCode()}, {@link AuditSummary#exitCode()}) returns these for verdicts,
 * and the command line maps every refusal (an exception) to one of them in one place, its class {@code Refusals}.
 * README.md's table "Exit codes" lists the same five, in order (a test keeps them equal).
 */
public final class ExitCodes {
    /** Success: every lossless claim holds (and every applicable scheme was decided). */
    public static final int OK = 0;
    /** A verification failure: a lossless claim fails, or a scheme threw on an instance it declared applicable. */
    public static final int FAILURE = 1;
    /** Bad input or usage, including an instance too large for the exact reference and a run too large for memory. */
    public static final int BAD_INPUT = 2;
    /** An internal error, a bug in specverify: any unexpected exception or error; a one-line reason and the trace. */
    public static final int INTERNAL_ERROR = 3;
    /**
     * Interrupted (Ctrl-C, or the thread interrupted) before the work was complete: nothing was decided about the rows
     * that did not run, so it is never success. 130 = 128 + SIGINT, what a shell reports for a process Ctrl-C ends.
     */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
