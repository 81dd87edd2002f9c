package org.specverify.cli;

import org.specverify.audit.ExitCodes;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.scheme.Schemes;
import picocli.CommandLine;

/**
 * The {@code specverify} command line as an object: parses arguments, runs a subcommand, returns the exit code. Tests
 * and {@link Main} both go through {@link #run}.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 success (every lossless claim holds); 1 a verification failure; 2 bad input or
 * usage, or too large; 3 an internal error (a bug in specverify; the stack trace is printed); 130 interrupted. Every
 * refusal is mapped to its code in one place, {@link Refusals}.
 */
public final class Cli {
    /** What the subcommands need from their surroundings. */
    record Context(Path workingDirectory, Schemes registry, boolean terminal, boolean closeOutputOnInterrupt) {
        /** A path as the user wrote it, resolved against the working directory. */
        Path resolve(String path) {
            return workingDirectory.resolve(path);
        }
    }

    private final Context context;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param workingDirectory relative file arguments are resolved against it
     * @param out              standard output (tables, JSON)
     * @param err              standard error (errors, progress)
     * @param registry         the schemes the commands know
     * @param terminal         whether standard error is a terminal (progress then rewrites one line)
     */
    public Cli(Path workingDirectory, PrintStream out, PrintStream err, Schemes registry, boolean terminal) {
        this(workingDirectory, out, err, registry, terminal, false);
    }

    /**
     * @param closeOutputOnInterrupt whether audits close their output on an interrupt (a JVM shutdown hook: the command
     *                               does, tests do not)
     */
    public Cli(Path workingDirectory, PrintStream out, PrintStream err, Schemes registry, boolean terminal,
               boolean closeOutputOnInterrupt) {
        this.context = new Context(workingDirectory.toAbsolutePath(), Objects.requireNonNull(registry), terminal,
            closeOutputOnInterrupt);
        this.out = Objects.requireNonNull(out);
        this.err = Objects.requireNonNull(err);
    }

    /**
     * The reference schemes with the optimal verifiers of the LP module ({@link OptimalSchemes#registry()}), relative
     * paths against {@code workingDirectory}, not a terminal.
     */
    public Cli(Path workingDirectory, PrintStream out, PrintStream err) {
        this(workingDirectory, out, err, OptimalSchemes.registry(), false);
    }

    /** The picocli command tree (for tests that inspect it). */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpecverifyCommand());
        cl.addSubcommand("schemes", new SchemesCommand(context));
        cl.addSubcommand("audit", new AuditCommand(context));
        cl.addSubcommand("bench", new BenchCommand());
        cl.addSubcommand("verify", new VerifyCommand(context));
        cl.addSubcommand("vectors", new VectorsCommand(context));
        cl.addSubcommand("check", new CheckCommand(context));
        cl.addSubcommand("gpu", new GpuCommand());
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter e = cmd.getErr();
            String message = String.valueOf(ex.getMessage());
            e.println("error: " + (message.startsWith("Error: ") ? message.substring(7) : message));
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.print("Usage: " + cmd.getHelp().synopsis(0));
            e.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
            e.flush();
            return ExitCodes.BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> Refusals.report(cmd.getErr(), ex));
        return cl;
    }

    /**
     * Runs the command line and returns its exit code. Every throwable that escapes a subcommand ends here as an
     * internal error (exit code 3): exceptions through picocli's execution exception handler, and errors such as
     * {@link OutOfMemoryError} or {@link StackOverflowError}, which picocli passes on, by the catch below.
     */
    public int run(String... args) {
        CommandLine cl = commandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (Throwable t) {
            code = Refusals.report(cl.getErr(), t);
        }
        cl.getOut().flush();
        cl.getErr().flush();
        return code;
    }

    /**
     * Reports an internal error: one line saying what happened, then the stack trace; returns
     * {@link ExitCodes#INTERNAL_ERROR}.
     */
    static int internalError(PrintWriter e, Throwable t) {
        e.println(internalErrorLine(t));
        t.printStackTrace(e);
        e.flush();
        return ExitCodes.INTERNAL_ERROR;
    }

    /** The one-line explanation of an internal error (the first line printed, before the trace). */
    static String internalErrorLine(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            return "internal error: out of memory (" + t + ") with a max heap of "
                + (max == Long.MAX_VALUE ? "no limit" : (max >> 20) + " MiB")
                + "; a size check should have refused this run first, so this is a bug in specverify: please report"
                + " it with this trace (a larger heap, e.g. JDK_JAVA_OPTIONS=-Xmx8g, may get past it)";
        }
        if (t instanceof StackOverflowError) {
            return "internal error: stack overflow (" + t + "), a bug in specverify: please report it with this trace";
        }
        return "internal error (a bug in specverify; please report it with this trace): " + t;
    }
}
