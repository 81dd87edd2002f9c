package org.specverify.cli;

import org.specverify.audit.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.specverify.lp.bench.LpScale;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.lp.solver.LpSettings;
import org.specverify.reference.bench.DecideBench;
import org.specverify.reference.bench.ExactLawBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code specverify bench}: the speed benchmarks whose numbers the README reports (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Speed benchmarks. Report numbers together with the machine they ran on.",
    subcommands = {BenchCommand.OptimumCommand.class, BenchCommand.LpCommand.class, BenchCommand.DecideCommand.class,
        BenchCommand.ExactLawCommand.class, ExactAuditBenchCommand.class})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing benchmark (optimum, lp, decide, exact-law or exact-audit)");
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

    /**
     * The largest K the row benchmarks accept, as {@code audit --input}: the exact conditional law's work grows with K
     * (at |V| = 1000, K = 100000 it ran 200 s without a word), and LLM speculative decoding drafts far fewer.
     */
    static final int MAX_ROW_K = 64;

    /** The largest vocabulary the row benchmarks accept (two float rows per row pair, eight pairs). */
    static final int MAX_ROW_VOCAB = 4_000_000;

    /** A scheme of the reference registry, or a usage error naming the known ids. */
    static org.specverify.reference.scheme.Scheme scheme(CommandLine cl, String id) {
        try {
            return org.specverify.reference.scheme.Schemes.reference().get(id);
        } catch (org.specverify.reference.InvalidInputException e) {
            throw new ParameterException(cl, "--scheme: " + e.getMessage());
        }
    }

    /** {@code bench decide}: certified floating-point decisions per second at LLM vocabulary sizes. */
    @Command(name = "decide", mixinStandardHelpOptions = true,
        description = {"Time certified floating-point decisions (exact where a comparison is too close to call) on"
            + " seeded LLM-like float32 rows: per position the two rows are read as exact laws, the scheme is bound"
            + " and the drafts decided. Reports positions per second and the share of positions handed to the exact"
            + " arithmetic. Every tenth position is also decided exactly and must agree. Goal for rrs at"
            + " V = 128256, K = 4: at least 1000 positions per second on one core.",
            "", "Example: specverify bench decide --scheme rrs --vocab 128256 --k 4 --json"})
    static final class DecideCommand extends RowBench<DecideBench.Result> {
        @Option(names = "--positions", paramLabel = "N", description = "Timed positions, at least 1"
            + " (default: ${DEFAULT-VALUE}).")
        int positions = 3000;

        DecideCommand() {
            super(4, DecideBench.Result::toJson);
        }

        @Override
        DecideBench.Result run(CommandLine cl) {
            requireAtLeast(cl, "--positions", positions, 1);
            return DecideBench.run(scheme(cl, scheme.id), size.vocab, size.k, positions, 8, seed.seed, 10,
                Machine.describe());
        }

        @Override
        void print(PrintWriter out, DecideBench.Result r) {
            out.printf(java.util.Locale.ROOT, "certified decisions of %s, V = %d, K = %d, %d positions, seed %d (%s)%n",
                r.scheme(), r.vocab(), r.k(), r.positions(), seed.seed, r.machine());
            out.printf(java.util.Locale.ROOT, "  %.1f positions per second (%.3f s)%n", r.positionsPerSecond(),
                r.seconds());
            out.printf(java.util.Locale.ROOT, "  handed to the exact arithmetic: %d (share %.6f)%n",
                r.exactPositions(), r.exactShare());
            out.printf(java.util.Locale.ROOT, "  checked against exact decisions: %d positions, all equal%n",
                r.checked());
        }
    }

    /** {@code bench exact-law}: the exact conditional law at LLM vocabulary sizes. */
    @Command(name = "exact-law", mixinStandardHelpOptions = true,
        description = {"Time the exact conditional law P(Y = . | drafts) from seeded LLM-like float32 rows: rows read"
            + " as exact laws, scheme bound, verifier branches enumerated, the whole law materialised over one common"
            + " denominator and checked to sum to exactly 1. Drafts drawn from q, and a hard case where every accept"
            + " test is a branch. Goal for rrs at V = 128256, K = 8: at most 0.5 s on one core.",
            "", "Example: specverify bench exact-law --scheme rrs --vocab 128256 --k 8 --json"})
    static final class ExactLawCommand extends RowBench<ExactLawBench.Result> {
        @Option(names = "--reps", paramLabel = "N", description = "Timed repetitions, at least 1"
            + " (default: ${DEFAULT-VALUE}).")
        int reps = 11;

        ExactLawCommand() {
            super(8, ExactLawBench.Result::toJson);
        }

        @Override
        ExactLawBench.Result run(CommandLine cl) {
            requireAtLeast(cl, "--reps", reps, 1);
            return ExactLawBench.run(scheme(cl, scheme.id), size.vocab, size.k, reps, seed.seed, Machine.describe());
        }

        @Override
        void print(PrintWriter out, ExactLawBench.Result r) {
            out.printf(java.util.Locale.ROOT, "exact conditional law of %s, V = %d, K = %d, %d reps, seed %d (%s)%n",
                r.scheme(), r.vocab(), r.k(), r.reps(), seed.seed, r.machine());
            out.printf(java.util.Locale.ROOT, "  drafts from q:       median %.1f ms, max %.1f ms%n",
                r.medianMillis(), r.maxMillis());
            out.printf(java.util.Locale.ROOT, "  every test a branch: median %.1f ms, max %.1f ms (%d leaves)%n",
                r.hardMedianMillis(), r.hardMaxMillis(), r.hardLeaves());
        }
    }

    /** {@code bench optimum}: α* by the double ratio-prefix algorithm against a plain sort of |V| doubles. */
    @Command(name = "optimum", mixinStandardHelpOptions = true,
        description = "Time the optimal acceptance α* of iid drafts (double ratio-prefix algorithm) on an LLM-like"
            + " random instance, and in the same run a plain sort of |V| doubles as the baseline. Goal at"
            + " V = 128256, K = 8: α* in at most 3x the sort.")
    static final class OptimumCommand extends SizedBench<OptimumBench.Result> {
        @Option(names = "--reps", paramLabel = "N", description = "Timed repetitions after warm-up, at least 1"
            + " (default: ${DEFAULT-VALUE}).")
        int reps = 21;

        OptimumCommand() {
            super(new Mixins.Size(128_256, 1, OptimumBench.MAX_VOCAB, 8, 1, Integer.MAX_VALUE),
                OptimumBench.Result::toJson);
        }

        @Override
        OptimumBench.Result run(CommandLine cl) {
            requireAtLeast(cl, "--reps", reps, 1);
            // refused (exit code 2) before anything is allocated when it cannot fit in the JVM's max heap
            OptimumBench.requireFitsInHeap(size.vocab, reps, Runtime.getRuntime().maxMemory());
            return OptimumBench.run(size.vocab, size.k, seed.seed, reps);
        }

        @Override
        void print(PrintWriter out, OptimumBench.Result r) {
            out.printf(java.util.Locale.ROOT, "alpha* of iid drafts, V = %d, K = %d, seed %d, %d reps (%s)%n",
                r.vocab(), r.k(), r.seed(), r.reps(), Machine.describe());
            out.printf(java.util.Locale.ROOT, "  ratio prefix  median %.3f ms   alpha* = %.12f (error bound %.1e)%n",
                r.medianMillis(), r.alpha(), r.errorBound());
            out.printf(java.util.Locale.ROOT, "  sort of V     median %.3f ms%n", r.sortBaselineMillis());
            out.printf(java.util.Locale.ROOT, "  ratio         %.2fx the sort%n", r.ratioToSort());
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

        @Mixin
        Mixins.Seed seed = new Mixins.Seed(1);

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
            out.println("LP-scale benchmark, seed " + seed.seed + " (" + Machine.describe() + ")");
            out.println(LpScale.markdownHeader());
            out.flush();
            java.util.List<LpScale.Size> sizes = LpScale.defaultSizes().stream()
                .filter(s -> s.variables() <= maxVariables).toList();
            // the largest sizes take minutes each: say which one is running (on standard error, on a terminal)
            Progress progress = new Progress(cl.getErr(), System.console() != null, 2_000);
            try {
                for (int i = 0; i < sizes.size(); i++) {
                    LpScale.Size s = sizes.get(i);
                    progress.step("bench lp: size " + (i + 1) + " of " + sizes.size() + ", " + s.variables()
                        + " variables", i, sizes.size());
                    out.println(LpScale.markdownRow(LpScale.measure(s, seed.seed, pdlpFrom >= 0 && s.variables() >= pdlpFrom,
                        pdlpTimeLimit, pdlpThreads)));
                    out.flush();
                }
            } finally {
                progress.finished();
            }
            return ExitCodes.OK;
        }
    }

    /**
     * A timed benchmark on a seeded instance of |V| tokens and K drafts: refuses the size out of range, then the
     * benchmark's own options (usage errors, exit code 2), runs it and prints the result, as one JSON object with
     * {@code --json}, else as lines of text.
     *
     * @param <R> the benchmark's result
     */
    abstract static class SizedBench<R> implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Mixins.Size size;

        @Mixin
        Mixins.Seed seed = new Mixins.Seed(1);

        @Mixin
        Mixins.Json json = new Mixins.Json();

        private final Function<R, String> toJson;

        SizedBench(Mixins.Size size, Function<R, String> toJson) {
            this.size = size;
            this.toJson = toJson;
        }

        /** Refuses the benchmark's own options (checked after the size), then runs it. */
        abstract R run(CommandLine cl);

        /** The result as lines of text. */
        abstract void print(PrintWriter out, R r);

        @Override
        public final Integer call() {
            CommandLine cl = spec.commandLine();
            size.check(cl);
            R r = run(cl);
            PrintWriter out = cl.getOut();
            if (json.json) {
                out.println(toJson.apply(r));
            } else {
                print(out, r);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** A benchmark on seeded LLM-like float32 rows of a reference scheme (|V| up to {@link #MAX_ROW_VOCAB}). */
    abstract static class RowBench<R> extends SizedBench<R> {
        @Mixin
        Mixins.Scheme scheme = new Mixins.Scheme("rrs");

        RowBench(int defaultK, Function<R, String> toJson) {
            super(new Mixins.Size(128_256, 2, MAX_ROW_VOCAB, defaultK, 1, MAX_ROW_K), toJson);
        }
    }
}
