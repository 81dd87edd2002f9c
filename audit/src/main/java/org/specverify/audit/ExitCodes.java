package org.specverify.audit;

/**
 * The exit codes of the {@code specverify} command, defined once: the command line ({@link Cli}, the subcommands) and
 * the audit model ({@link org.specverify.audit.AuditResult#exitCode()}) both return these, and README.md's table
 * "Exit codes" lists the same four (a test keeps them equal).
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

    private ExitCodes() {
    }
}
