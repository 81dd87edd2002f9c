package org.specverify.cli;

import java.io.PrintWriter;
import java.nio.channels.ClosedByInterruptException;
import org.specverify.audit.ExitCodes;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import picocli.CommandLine;

/**
 * Every refusal of every command and its exit code, in one place: what escapes a subcommand is classified here by its
 * type (never by its message) and reported here.
 *
 * <table>
 *   <caption>Refusals and exit codes</caption>
 *   <tr><th>what</th><th>type</th><th>exit code</th></tr>
 *   <tr><td>bad input or usage (a file, an option, a plugin that cannot be loaded, an unwritable output, checked
 *       before the work)</td><td>{@link InvalidInputException}, picocli's {@link CommandLine.ParameterException}</td>
 *       <td>{@link ExitCodes#BAD_INPUT} 2</td></tr>
 *   <tr><td>too large to do within a stated limit</td><td>{@link TooLargeException}</td>
 *       <td>{@link ExitCodes#BAD_INPUT} 2</td></tr>
 *   <tr><td>a file that cannot be read or written (missing, a directory, a full disk, undecodable text, a path the
 *       platform cannot represent)</td><td>{@link java.io.UncheckedIOException}, {@link java.io.IOException},
 *       {@link java.nio.file.InvalidPathException}</td><td>{@link ExitCodes#BAD_INPUT} 2</td></tr>
 *   <tr><td>a user's plugin that fails (past its deadline, {@code System.exit} inside it, a throwing constructor
 *       while the run is under way)</td><td>{@link PluginFailureException}</td><td>{@link ExitCodes#FAILURE} 1</td></tr>
 *   <tr><td>interrupted before the work was complete</td><td>{@link InterruptedException} (or an I/O channel closed
 *       by it) anywhere in the cause chain</td><td>{@link ExitCodes#INTERRUPTED} 130</td></tr>
 *   <tr><td>anything else: a bug in specverify</td><td>any other throwable</td>
 *       <td>{@link ExitCodes#INTERNAL_ERROR} 3, with the trace</td></tr>
 * </table>
 *
 * <p>Verdicts are not refusals: a lossless claim that fails, or a scheme (a plugin's included) that throws on an
 * instance it declared applicable, is a row of the audit and gives {@link ExitCodes#FAILURE} through the audit's
 * summary.
 */
final class Refusals {
    /** The kinds of refusal, each with its exit code. */
    enum Kind {
        BAD_INPUT(ExitCodes.BAD_INPUT),
        TOO_LARGE(ExitCodes.BAD_INPUT),
        PLUGIN_FAILURE(ExitCodes.FAILURE),
        FILE(ExitCodes.BAD_INPUT),
        INTERRUPTED(ExitCodes.INTERRUPTED),
        INTERNAL_ERROR(ExitCodes.INTERNAL_ERROR);

        final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    private Refusals() {
    }

    /** The kind of what escaped a command. */
    static Kind kind(Throwable t) {
        if (t instanceof InvalidInputException || t instanceof CommandLine.ParameterException) {
            return Kind.BAD_INPUT;
        }
        if (t instanceof TooLargeException) {
            return Kind.TOO_LARGE;
        }
        if (t instanceof PluginFailureException) {
            return Kind.PLUGIN_FAILURE;
        }
        if (t instanceof java.io.UncheckedIOException || t instanceof java.io.IOException
            || t instanceof java.nio.file.InvalidPathException) {
            return interrupted(t) ? Kind.INTERRUPTED : Kind.FILE;
        }
        return interrupted(t) ? Kind.INTERRUPTED : Kind.INTERNAL_ERROR;
    }

    private static boolean interrupted(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 64; c = c.getCause(), depth++) {
            if (c instanceof InterruptedException || c instanceof ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    /** An I/O error in words: its message, and the underlying error's where it adds to it. */
    static String fileMessage(Throwable t) {
        String m = String.valueOf(t.getMessage());
        Throwable c = t.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m += " (" + c.getClass().getSimpleName() + ": " + c.getMessage() + ")";
        } else if (c != null && c.getMessage() == null) {
            m += " (" + c.getClass().getSimpleName() + ")";
        }
        return m;
    }

    /** The exit code of what escaped a command. */
    static int exitCode(Throwable t) {
        return kind(t).exitCode;
    }

    /**
     * Reports what escaped a command on {@code err}: "error: " and the message for bad input and too large (no trace),
     * "interrupted" for an interrupt, the internal-error line and the trace for anything else; returns its exit code.
     */
    static int report(PrintWriter err, Throwable t) {
        Kind kind = kind(t);
        switch (kind) {
            case BAD_INPUT, TOO_LARGE, PLUGIN_FAILURE -> err.println("error: " + t.getMessage());
            case FILE -> err.println("error: " + fileMessage(t));
            case INTERRUPTED -> err.println("interrupted: the run stopped before it was complete; nothing after the"
                + " last finished result was checked");
            case INTERNAL_ERROR -> {
                err.println(Cli.internalErrorLine(t));
                t.printStackTrace(err);
            }
        }
        err.flush();
        return kind.exitCode;
    }
}
