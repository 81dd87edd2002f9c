package org.specverify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import org.specverify.audit.ExitCodes;
import org.specverify.report.AtomicFile;
import org.specverify.report.DumpAudit;
import org.specverify.report.DumpReport;
import org.specverify.report.Page;
import org.specverify.report.safetensors.SafetensorsFile;
import picocli.CommandLine.Option;

/** {@code specverify audit --input FILE.safetensors}: renders a {@link DumpAudit}. */
final class InputAudit {
    /** The options of real-data audits. */
    static final class Options {
        @Option(names = "--input", paramLabel = "FILE.safetensors", description = "A safetensors"
            + " file with tensors target [N, V] and draft [N, V] (K iid draws of each row, --k) or [N, K, V] (one"
            + " law per draft), F32, F16 or BF16; or a chain dump: target [N, gamma + 1, V], draft [N, gamma, V],"
            + " draft_tokens [N, gamma], optionally the engine's accepted [N] and emitted [N, gamma + 1], judged under"
            + " --scheme tokenwise (default) or block.")
        String file;

        @Option(names = "--logits", description = "The rows are logits: apply --temperature, --top-k, --top-p and the"
            + " softmax to target and draft alike.")
        boolean logits;

        @Option(names = "--temperature", paramLabel = "T", description = "Temperature for --logits (required with it).")
        Double temperature;

        @Option(names = "--top-k", paramLabel = "K", description = "Keep the K largest logits (with --logits).")
        int topK;

        @Option(names = "--top-p", paramLabel = "P", description = "Keep the smallest set of tokens of mass >= P"
            + " (with --logits).")
        double topP = 1;

        @Option(names = "--k", paramLabel = "K", description = "Drafts per position for draft [N, V]: K iid draws of"
            + " the row (default: 1; 1 to 64). With draft [N, K, V] the tensor gives K.")
        Integer k;

        @Option(names = "--sum-tolerance", paramLabel = "EPS", description = "How far a probability row's sum may be"
            + " from 1 (default: 2u + |V|*eta + 1e-6 for the dtype, printed).")
        Double sumTolerance;

        @Option(names = "--optimum-without-replacement", description = "Also alpha* for drafts without replacement"
            + " (at |V| = 128k about ten times the cost of everything else).")
        boolean withoutReplacement;

        @Option(names = "--optimum-independent", description = "Also the alpha* bracket for draft [N, K, V] with"
            + " different rows (at |V| = 128k about a second per position).")
        boolean independent;

        @Option(names = "--per-position", paramLabel = "FILE.csv", description = "Where the per-position CSV goes"
            + " (default: positions.csv in the report directory; '-' for none).")
        String perPosition;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: the processors).")
        int threads = Runtime.getRuntime().availableProcessors();
    }

    private InputAudit() {
    }

    /** The largest K of draft [N, V] (K iid draws per position). */
    static final int MAX_K = 64;

    static int run(Options o, PrintWriter out, PrintWriter err, Cli.Context context, Path reportDir,
                   String reportShown, boolean json, boolean quiet) {
        if (o.logits && o.temperature == null) {
            throw new org.specverify.reference.InvalidInputException("--logits needs --temperature T (use 1 for the"
                + " raw logits)");
        }
        if (o.threads < 1) {
            throw new org.specverify.reference.InvalidInputException("--threads must be at least 1, got "
                + o.threads);
        }
        if (o.k != null && (o.k < 1 || o.k > MAX_K)) {
            throw new org.specverify.reference.InvalidInputException("--k must be between 1 and " + MAX_K + ", got "
                + o.k);
        }
        if (o.sumTolerance != null && !(o.sumTolerance >= 0 && o.sumTolerance < 1)) {
            throw new org.specverify.reference.InvalidInputException("--sum-tolerance must be a number in [0, 1),"
                + " got " + o.sumTolerance);
        }
        Path csv = csvPath(o, context, reportDir, reportShown, "positions.csv");
        Progress progress = new Progress(err, context.terminal() && !quiet, quiet ? Long.MAX_VALUE / 4 : 2_000);
        DumpAudit.Result r;
        Interruptible partial = null;
        try (SafetensorsFile f = SafetensorsFile.open(context.resolve(o.file), o.file)) {
            checkDraftLaws(f, o);
            DumpAudit.Settings s = new DumpAudit.Settings(o.logits,
                o.temperature == null ? Double.NaN : o.temperature, o.topK, o.topP, o.k == null ? 1 : o.k,
                o.sumTolerance == null ? Double.NaN : o.sumTolerance, o.withoutReplacement, o.independent, o.threads);
            try (AtomicFile file = csv == null ? null : AtomicFile.create(csv)) {
                partial = new Interruptible(file, out, err, o.file, csv);
                partial.write(DumpAudit.POSITION_CSV_HEADER + "\n");
                boolean hooked = context.closeOutputOnInterrupt();
                Thread hook = new Thread(partial::interrupted, "specverify-input-interrupt");
                if (hooked) {
                    Runtime.getRuntime().addShutdownHook(hook);
                }
                Interruptible p = partial;
                try {
                    r = DumpAudit.run(f, s, p, (done, total) -> {
                        p.done = done;
                        progress.step("audit --input: positions", done, total);
                    });
                } catch (IllegalStateException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        p.interrupted();
                        return ExitCodes.INTERRUPTED;
                    }
                    throw e;
                } finally {
                    progress.finished();
                    if (hooked) {
                        try {
                            Runtime.getRuntime().removeShutdownHook(hook);
                        } catch (IllegalStateException shuttingDown) {
                            // the hook is running or has run
                        }
                    }
                }
                p.complete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        printWarnings(err, r.warnings());
        if (reportDir != null) {
            writePage(DumpReport.page(o.file, r, Machine.describe(), csvLink(reportDir, csv)), reportDir, csv);
        }
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = DumpReport.json(om, o.file, r);
            try {
                out.println(om.writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (quiet) {
            out.println(String.format(Locale.ROOT, "%s: %d positions audited in %.2f s", o.file, r.positions(),
                r.seconds()));
        } else {
            out.print(table(o.file, r, reportDir, csv));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * --k belongs to draft [N, V] (K iid draws of each row); with draft [N, K, V] the tensor fixes K, and a --k that
     * says otherwise is refused rather than ignored.
     */
    private static void checkDraftLaws(SafetensorsFile f, Options o) {
        SafetensorsFile.Tensor draft = f.require("draft");
        if (o.k != null && draft.shape().length == 3 && draft.shape()[1] != o.k) {
            throw new org.specverify.reference.InvalidInputException(o.file + ": tensor 'draft' has shape "
                + draft.shapeText() + ", one law per draft, so K = " + draft.shape()[1] + "; --k " + o.k
                + " contradicts it (leave --k out: it is for draft [N, V])");
        }
    }

    /**
     * The per-position CSV as it is written: whole lines, synchronized so that an interrupt (Ctrl-C, from a shutdown
     * hook) can commit the positions finished so far while the audit still runs; the file appears only when
     * committed, so a rejected input leaves an existing file as it was.
     */
    static final class Interruptible extends Writer {
        private final AtomicFile file;
        private final PrintWriter out;
        private final PrintWriter err;
        private final String input;
        private final Path csv;
        volatile long done;
        private boolean closed;

        Interruptible(AtomicFile file, PrintWriter out, PrintWriter err, String input, Path csv) {
            this.file = file;
            this.out = out;
            this.err = err;
            this.input = input;
            this.csv = csv;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) throws IOException {
            if (!closed && file != null) {
                file.writer().write(buf, off, len);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            if (!closed && file != null) {
                file.writer().flush();
            }
        }

        @Override
        public synchronized void close() {
            // committed or abandoned by its owner
        }

        /** The run finished: the CSV replaces the target. */
        synchronized void complete() throws IOException {
            if (!closed) {
                closed = true;
                if (file != null) {
                    file.commit();
                }
            }
        }

        /** The run was interrupted: keep the positions finished so far, and say so. */
        synchronized void interrupted() {
            if (closed) {
                return;
            }
            closed = true;
            String kept = "";
            if (file != null) {
                try {
                    file.commit();
                    kept = "; the per-position CSV " + csv + " keeps the positions finished";
                } catch (IOException e) {
                    kept = "; the per-position CSV could not be kept: " + e.getMessage();
                }
            }
            out.println("INTERRUPTED: audit --input " + input + " stopped after " + done + " positions" + kept
                + ". No aggregate is printed for a partial run.");
            out.flush();
            err.flush();
        }
    }

    /**
     * Where the per-position (or per-step) CSV goes: {@code --per-position}, else {@code defaultName} in the report
     * directory; null for none ({@code -}, or no report and no {@code --per-position}). The report directory and the
     * CSV are checked writable before any work.
     */
    static Path csvPath(Options o, Cli.Context context, Path reportDir, String reportShown, String defaultName) {
        Path csv = o.perPosition == null ? (reportDir == null ? null : reportDir.resolve(defaultName))
            : o.perPosition.equals("-") ? null : context.resolve(o.perPosition);
        if (reportDir != null) {
            AtomicFile.checkDirectory(reportDir, "--report " + reportShown);
        }
        if (csv != null) {
            AtomicFile.checkWritable(csv, "--per-position " + (o.perPosition == null
                ? context.workingDirectory().relativize(csv.toAbsolutePath()) : o.perPosition));
        }
        return csv;
    }

    /** The CSV as the report page links it (relative to the report directory), or null when there is none. */
    static String csvLink(Path reportDir, Path csv) {
        return csv == null ? null : reportDir.relativize(csv.toAbsolutePath()).toString();
    }

    /** Writes the report page, naming the CSV when it sits in the report directory. */
    static void writePage(Page page, Path reportDir, Path csv) {
        if (csv != null && reportDir.equals(csv.getParent())) {
            page.write(reportDir, csv.getFileName().toString());
        } else {
            page.write(reportDir);
        }
    }

    /** The audit's warnings on standard error, one a line. */
    static void printWarnings(PrintWriter err, java.util.List<String> warnings) {
        for (String warning : warnings) {
            err.println("warning: " + warning);
        }
        err.flush();
    }

    /** The table's lines on the rows (probabilities and their tolerance, or logits) and on synthetic data. */
    static void appendRows(StringBuilder sb, double tolerance, String rule, java.util.Map<String, String> metadata) {
        sb.append(AuditCommand.wrap(Double.isNaN(tolerance) ? "Rows: logits, processed here (" + rule + ")."
            : String.format(Locale.ROOT, "Rows: probabilities, each summing to 1 within %.2e (%s).", tolerance, rule),
            AuditCommand.WIDTH, "  ").substring(2)).append('\n');
        if ("true".equalsIgnoreCase(metadata.getOrDefault("synthetic", ""))) {
            sb.append("Synthetic data (the file's metadata says so).\n");
        }
    }

    static String table(String file, DumpAudit.Result r, Path reportDir, Path csv) {
        StringBuilder sb = new StringBuilder();
        sb.append(AuditCommand.wrap(String.format(Locale.ROOT, "Audit of %s: %d positions, |V| = %d, K = %d, drafts:"
            + " %s", file, r.positions(), r.vocab(), r.k(), r.draftLaws()), AuditCommand.WIDTH, "  ").substring(2))
            .append('\n');
        appendRows(sb, r.tolerance(), r.toleranceRule(), r.metadata());
        sb.append(String.format(Locale.ROOT, "%.2f s, %.0f positions/s; %.1f ms of CPU per position (all threads).%n%n",
            r.seconds(), r.positions() / Math.max(1e-9, r.seconds()), 1000 * r.cpuSeconds() / r.positions()));
        TextTable t = new TextTable("quantity", "draft law", "mean", "p5", "median", "p95", "min", "max", "bound",
            "gap").alignRight(2, 3, 4, 5, 6, 7, 8, 9);
        for (DumpAudit.Aggregate a : r.aggregates()) {
            var m = a.measurement();
            t.row(m.quantity(), m.law(), f4(m.figure().value()), f4(a.quantiles()[0]), f4(a.quantiles()[2]),
                f4(a.quantiles()[4]), f4(m.min()), f4(m.max()), m.figure().boundText(),
                Double.isNaN(m.gap()) ? "-" : f4(m.gap()));
        }
        sb.append(t.render());
        sb.append("Acceptance = P(Y in drafts) per position (kseq: test acceptance); floating, each within its bound."
            + "\ngap = alpha* of the same draft law - acceptance (mean). Quantiles exact (nearest rank: each is the"
            + " value of one position).\n");
        if (csv != null) {
            sb.append("Per position: ").append(csv).append('\n');
        }
        if (reportDir != null) {
            sb.append("Report: ").append(reportDir.resolve("index.html")).append('\n');
        }
        return sb.toString();
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
