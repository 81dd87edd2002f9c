package org.specverify.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.specverify.lp.bench.LpScale;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.lp.solver.LpSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code specverify bench}: the speed benchmarks whose numbers the README reports (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Speed benchmarks. Report numbers together with the machine they ran on.",
    subcommands = {BenchCommand.OptimumCommand.class, BenchCommand.LpCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing benchmark (optimum or lp)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /** Refuses an option value below {@code min} as a usage error (exit code 2), naming the option. */
    static void requireAtLeast(CommandLine cl, String option, long value, long min) {
        if (value < min) {
            throw new ParameterException(cl, option + " must be at least " + min + ", got " + value);
        }
    }

    /** Refuses an option value above {@code max} as a usage error (exit code 2), naming the option. */
    static void requireAtMost(CommandLine cl, String option, long value, long max) {
        if (value > max) {
            throw new ParameterException(cl, option + " must be at most " + max + ", got " + value);
        }
    }

    /** {@code bench optimum}: α* by the double ratio-prefix algorithm against a plain sort of |V| doubles. */
    @Command(name = "optimum", mixinStandardHelpOptions = true,
        description = "Time the optimal acceptance α* of iid drafts (double ratio-prefix algorithm) on an LLM-like"
            + " random instance, and in the same run a plain sort of |V| doubles as the baseline. Goal at"
            + " V = 128256, K = 8: α* in at most 3x the sort.")
    static final class OptimumCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary size, at least 1 and small enough for"
            + " the heap (" + OptimumBench.HEAP_BYTES_PER_TOKEN + " bytes per token; default: ${DEFAULT-VALUE}).")
        int vocab = 128_256;

        @Option(names = "--k", paramLabel = "K", description = "Number of iid drafts, at least 1"
            + " (default: ${DEFAULT-VALUE}).")
        int k = 8;

        @Option(names = "--seed", description = "Instance seed (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Option(names = "--reps", paramLabel = "N", description = "Timed repetitions after warm-up, at least 1"
            + " (default: ${DEFAULT-VALUE}).")
        int reps = 21;

        @Option(names = "--json", description = "Print one JSON object (medianMillis, sortBaselineMillis, ...).")
        boolean json;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            requireAtLeast(cl, "--vocab", vocab, 1);
            requireAtMost(cl, "--vocab", vocab, OptimumBench.MAX_VOCAB);
            requireAtLeast(cl, "--k", k, 1);
            requireAtLeast(cl, "--reps", reps, 1);
            // refused (exit code 2) before anything is allocated when it cannot fit in the JVM's max heap
            OptimumBench.requireFitsInHeap(vocab, reps, Runtime.getRuntime().maxMemory());
            OptimumBench.Result r = OptimumBench.run(vocab, k, seed, reps);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(r.toJson());
            } else {
                out.printf(java.util.Locale.ROOT, "alpha* of iid drafts, V = %d, K = %d, seed %d, %d reps (%s)%n",
                    r.vocab(), r.k(), r.seed(), r.reps(), Machine.describe());
                out.printf(java.util.Locale.ROOT, "  ratio prefix  median %.3f ms   alpha* = %.12f (error bound %.1e)%n",
                    r.medianMillis(), r.alpha(), r.errorBound());
                out.printf(java.util.Locale.ROOT, "  sort of V     median %.3f ms%n", r.sortBaselineMillis());
                out.printf(java.util.Locale.ROOT, "  ratio         %.2fx the sort%n", r.ratioToSort());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code bench lp}: OTM LP sizes, GLOP time and distance to the exact optimum. */
    @Command(name = "lp", mixinStandardHelpOptions = true,
        description = "Solve optimal-transport LPs of growing size with GLOP (and PDLP from --pdlp-from variables)"
            + " and print a Markdown table: variables, solve time, distance to the exact optimum.")
    static final class LpCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--max-variables", paramLabel = "N",
            description = "Skip sizes with more variables; at least 1 (default: ${DEFAULT-VALUE}).")
        long maxVariables = 1_100_000;

        @Option(names = "--pdlp-from", description = "Also run PDLP from this many variables; -1 for never"
            + " (default: ${DEFAULT-VALUE}).")
        long pdlpFrom = -1;

        @Option(names = "--pdlp-time-limit", description = "PDLP time limit in seconds (default: ${DEFAULT-VALUE}).")
        double pdlpTimeLimit = 300;

        @Option(names = "--pdlp-threads", paramLabel = "N",
            description = "Threads PDLP may use (default: ${DEFAULT-VALUE}).")
        int pdlpThreads = LpSettings.DEFAULT_PDLP_THREADS;

        @Option(names = "--seed", description = "Instance seed (default: ${DEFAULT-VALUE}).")
        long seed = 1;

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            requireAtLeast(cl, "--max-variables", maxVariables, 1);
            requireAtLeast(cl, "--pdlp-from", pdlpFrom, -1);
            requireAtLeast(cl, "--pdlp-threads", pdlpThreads, 1);
            if (!(pdlpTimeLimit > 0) || Double.isInfinite(pdlpTimeLimit)) {
                throw new ParameterException(cl, "--pdlp-time-limit must be a positive number of seconds, got "
                    + pdlpTimeLimit);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("LP-scale benchmark, seed " + seed + " (" + Machine.describe() + ")");
            out.println(LpScale.markdownHeader());
            out.flush();
            for (LpScale.Size s : LpScale.defaultSizes()) {
                if (s.variables() <= maxVariables) {
                    out.println(LpScale.markdownRow(LpScale.measure(s, seed, pdlpFrom >= 0 && s.variables() >= pdlpFrom,
                        pdlpTimeLimit, pdlpThreads)));
                    out.flush();
                }
            }
            return ExitCodes.OK;
        }
    }
}
