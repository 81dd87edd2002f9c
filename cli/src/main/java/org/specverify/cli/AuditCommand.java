package org.specverify.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditJson;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.io.JsonSinks;
import org.specverify.audit.AuditResult;
import org.specverify.audit.ExactValue;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.Measured;
import org.specverify.audit.OptimalityExtension;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.AuditVerdict;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.report.Studies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code specverify audit}: for each instance and scheme, the exact losslessness verdict and acceptance. Renders the
 * {@link AuditResult} of an {@link Audit}; computes nothing itself.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = SpecverifyCommand.Version.class,
    description = {"Audit the draft selection schemes of speculative decoding.",
        "",
        "Without --cases, --instance, --scheme, --jsonl, --plugin and --input: the built-in studies (the |V| = 3,"
            + " K = 2 simplex with exact values at named points;"
            + " LLM-like synthetic families at |V| = 1000, 32000 and 128256 with K = 1, 2, 4, 8; acceptance against K"
            + " with the gap to alpha*; the sequence study: tokenwise, block, V* and the coupling bound C* against"
            + " gamma, tree shapes at equal node budgets, tokenwise against block at |V| = 32000 and 128256) and the"
            + " exact audit of the built-in cases; a summary table here, the report"
            + " (HTML with charts, CSV and JSON of every number) in --report DIR.",
        "",
        "--cases or --instance FILE: the exact audit, table of every scheme on every instance: is its output law"
            + " exactly the target law, and what is its acceptance alpha = P(Y in drafts)?",
        "",
        "--input FILE.safetensors: per-position acceptance of every closed-form scheme and the optima on dumped"
            + " target/draft probabilities (or logits with --logits). A chain dump (with draft_tokens): each step's"
            + " expected accepted tokens under tokenwise and block given its drafts, and the engine's accepted/emitted"
            + " trace judged under --scheme tokenwise|block (exit 1 when it is not what the scheme does).",
        "",
        "--json prints the studies' numbers, the --input aggregates, or the exact audit (written instance by"
            + " instance and closed with \"interrupted\": true if the run is stopped).", ""},
    footer = {"", "Examples:",
        "  specverify audit                         built-in studies, report in ./audit-report",
        "  specverify audit --report /tmp/r --quiet  the same, one line of output",
        "  specverify audit --cases                 exact audit of the built-in cases, every row",
        "  specverify audit --instance my.json --scheme rrs,kseq --json",
        "  specverify audit --input dump.safetensors --per-position positions.csv",
        "  specverify audit --input logits.safetensors --logits --temperature 0.8 --top-p 0.95",
        "  specverify audit --input examples/chain-dump.safetensors --scheme tokenwise",
        "",
        "Instance file: one instance or {\"instances\": [...]}; an instance is",
        "  {\"name\": \"...\", \"target\": [...], \"draft\": [...], \"k\": K}",
        "or, with one row per draft model (K = number of rows),",
        "  {\"name\": \"...\", \"target\": [...], \"drafts\": [[...], ...]}",
        "Masses are JSON numbers, read exactly as written (0.05 is 1/20), or",
        "strings such as \"1/3\" or \"0.05\".",
        "An instance with \"gamma\" is a sequence instance, audited by the sequence",
        "schemes: {\"name\", \"vocab\", \"gamma\", \"target\", \"draft\" or \"drafts\",",
        "\"tree\", \"siblings\", \"nodeBudget\"}; a file may mix both kinds.", "",
        "Exit codes: 0 every lossless claim holds; 1 a lossless claim fails (or a",
        "scheme failed to run, or --compare-to found a changed verdict); 2 bad input",
        "or usage, an output that cannot be written, or an instance too large for",
        "exact enumeration; 3 internal error; 130 interrupted (never OK)."})
final class AuditCommand implements Callable<Integer> {
    /** Fractions longer than this are abbreviated in the table (the JSON always has them whole). */
    static final int MAX_FRACTION_WIDTH = 12;

    private final Cli.Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--instance", paramLabel = "FILE",
        description = "JSON file with one instance or {\"instances\": [...]}, or the test vectors of 'specverify"
            + " vectors' (default: the built-in cases).")
    String instanceFile;

    @picocli.CommandLine.Mixin
    Mixins.Json jsonOption = new Mixins.Json();

    @Option(names = "--jsonl", description = "Print JSON lines instead: one per finished row, one per finished"
        + " instance, and a summary line at the end.")
    boolean jsonl;

    @picocli.CommandLine.Mixin
    Plugins plugins = new Plugins();

    @Option(names = "--uniform-model", paramLabel = "M", description = "The uniforms the verifier draws: ideal"
        + " (default), float32-closed-open, float32-open-closed, float32-open, bfloat16 or float16; a discrete model"
        + " runs the exact"
        + " audit (of the built-in cases unless --instance) and judges each row against its resolution bound.")
    String uniformModelId;

    @Option(names = "--max-seconds", paramLabel = "S", description = "Refuse, with the estimate, any row whose exact"
        + " enumeration is estimated above S seconds (default: ${DEFAULT-VALUE}).")
    double maxSeconds = org.specverify.audit.AuditCost.DEFAULT_MAX_SECONDS;

    @picocli.CommandLine.Mixin
    Mixins.SchemeList schemeList = new Mixins.SchemeList();

    @Option(names = "--cases", description = "The exact audit of the built-in cases (examples/builtin-cases.json,"
        + " then the sequence cases of examples/sequence-cases.json), every row (also what --scheme, --jsonl or"
        + " --plugin alone run); with --scheme, the cases of the levels it names a scheme of; without any of them and"
        + " without --instance, audit runs the built-in studies.")
    boolean cases;

    @Option(names = "--report", paramLabel = "DIR", description = "Where the built-in studies (or --input) write"
        + " index.html, the charts' PNG files, measurements.csv and measurements.json (default: ${DEFAULT-VALUE}).")
    String reportDir = "audit-report";

    @Option(names = "--compare-to", paramLabel = "PREVIOUS.json", description = "Compare this exact audit's rows with"
        + " a previous 'audit --json' output: changed verdicts, changed exact acceptances, rows on one side only;"
        + " exit 1 on a changed verdict.")
    String compareTo;

    @Option(names = "--no-report", description = "Write no report files.")
    boolean noReport;

    @Option(names = "--positions", paramLabel = "N", description = "Synthetic positions averaged per draft family and"
        + " vocabulary in the built-in studies (default: ${DEFAULT-VALUE}).")
    int positions = Studies.POSITIONS;

    @Option(names = {"-q", "--quiet"}, description = "No progress and no table: one line of verdict (errors still go"
        + " to standard error).")
    boolean quiet;

    @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nReal data (safetensors):%n")
    InputAudit.Options input;

    AuditCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        boolean json = jsonOption.json;
        List<String> schemeIds = schemeList.ids;
        if (json && jsonl) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json and --jsonl exclude each other");
        }
        if (!(maxSeconds > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "--max-seconds must be positive, got " + maxSeconds);
        }
        if (input != null && input.file == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--k, --logits, --temperature,"
                + " --top-k, --top-p, --sum-tolerance, --per-position, --threads and the --optimum options belong to"
                + " --input FILE.safetensors" + (instanceFile != null || cases ? "; the exact audit (--instance,"
                + " --cases) takes K from each instance" : "; add --input"));
        }
        if (compareTo != null && (input != null || json || jsonl)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--compare-to compares the exact"
                + " audit's rows in text; it excludes --input, --json and --jsonl");
        }
        org.specverify.reference.random.UniformModel uniformModel;
        try {
            uniformModel = uniformModelId == null ? org.specverify.reference.random.UniformModel.IDEAL
                : org.specverify.reference.random.UniformModel.of(uniformModelId);
        } catch (org.specverify.reference.InvalidInputException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uniform-model: " + e.getMessage());
        }
        if (input != null && uniformModel.discrete()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uniform-model applies to the exact"
                + " audit (--cases, --instance, --scheme), not to --input");
        }
        if (input != null) {
            if (input.file != null && ChainInputAudit.isChain(context, input) && !cases && instanceFile == null
                && !jsonl && plugins.jars.isEmpty()) {
                return ChainInputAudit.run(input, schemeIds, spec.commandLine().getOut(),
                    spec.commandLine().getErr(), context, noReport ? null : context.resolve(reportDir), reportDir,
                    json, quiet);
            }
            if (cases || instanceFile != null || jsonl || !schemeIds.isEmpty() || !plugins.jars.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--input audits a safetensors file with every closed-form scheme; it excludes --cases, --instance,"
                        + " --jsonl, --scheme and --plugin (those belong to the exact audit)");
            }
            return InputAudit.run(input, spec.commandLine().getOut(), spec.commandLine().getErr(), context,
                noReport ? null : context.resolve(reportDir), reportDir, json, quiet);
        }
        List<Scheme> schemes = selectedSchemes();
        if (!cases && instanceFile == null && schemeIds.isEmpty() && !jsonl && plugins.jars.isEmpty()
            && !uniformModel.discrete()) {
            if (positions < 1 || positions > 1000) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--positions must be between 1 and 1000, got " + positions);
            }
            if (compareTo != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--compare-to compares the"
                    + " exact audit's rows: add --cases or --instance FILE");
            }
            if (!noReport) {
                org.specverify.report.AtomicFile.checkDirectory(context.resolve(reportDir), "--report " + reportDir);
            }
            return StudiesRun.run(spec.commandLine().getOut(), spec.commandLine().getErr(), context.terminal(),
                schemes, noReport ? null : context.resolve(reportDir), positions, json, quiet, maxSeconds);
        }
        String source = instanceFile == null ? "the built-in cases" : instanceFile;
        AuditComparison comparison = compareTo == null ? null
            : AuditComparison.read(context.resolve(compareTo), compareTo);
        // token and sequence instances, in order (the sequence cases follow the token cases)
        org.specverify.reference.sequence.scheme.SequenceSchemes sequenceRegistry =
            plugins.extendSequence(extended, context);
        MixedInput mixed = MixedInput.read(context, instanceFile, !schemes.isEmpty(),
            MixedInput.sequenceIds(schemeIds, extended, sequenceRegistry), !schemeIds.isEmpty(), sequenceRegistry);
        if (uniformModel.discrete() && mixed.hasSequences()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--uniform-model applies to token"
                + " instances; the run has sequence instances (select token schemes with --scheme, or give a file of"
                + " token instances)");
        }
        List<Instance> instances = mixed.tokens();
        instances.forEach(org.specverify.audit.AuditCost::checkInstance);
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = quiet ? new Progress(spec.commandLine().getErr(), false, Long.MAX_VALUE / 4)
            : new Progress(spec.commandLine().getErr(), context.terminal());
        AuditSink output = json ? JsonSinks.document(out) : jsonl ? JsonSinks.lines(out)
            : quiet ? new QuietSink(out, schemes)
            : new TableSink(out, source, mixed.size(), schemes, mixed.sequenceSchemes().size());
        java.util.concurrent.atomic.AtomicBoolean compared = new java.util.concurrent.atomic.AtomicBoolean();
        AuditSink sink = comparison == null ? output : new AuditSink() {
            @Override
            public void row(int index, String instanceName, SchemeAudit row) {
                output.row(index, instanceName, row);
            }

            @Override
            public void instance(InstanceAudit instance) {
                comparison.instance(instance);
                output.instance(instance);
            }

            @Override
            public void finish(AuditSummary summary, boolean interrupted) {
                output.finish(summary, interrupted);
                if (compared.compareAndSet(false, true)) {
                    out.print(comparison.text(interrupted));
                    out.flush();
                }
            }
        };
        Audit audit = schemes.isEmpty() ? null
            : Audit.of(schemes).with(new OptimalityExtension()).withMaxSeconds(maxSeconds);
        if (audit != null && uniformModel.discrete()) {
            audit = audit.with(new org.specverify.audit.UniformModelExtension(uniformModel));
        }
        AuditSummary summary = new AuditSummary();
        // on Ctrl-C the output is closed with what has finished (the sinks ignore writes after finishing)
        Thread onInterrupt = new Thread(() -> {
            summary.markInterrupted();
            sink.finish(summary, true);
        }, "specverify-audit-interrupt");
        boolean hooked = context.closeOutputOnInterrupt();
        if (hooked) {
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
        try {
            if (mixed.hasSequences()) {
                mixed.run(audit, maxSeconds, sink, progress, summary);
            } else {
                audit.run(instances, instances.size(), sink, progress, summary);
            }
        } finally {
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(onInterrupt);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run
                }
            }
        }
        out.flush();
        int code = summary.exitCode();
        if (comparison != null && comparison.verdictChanged() && code == org.specverify.audit.ExitCodes.OK) {
            return org.specverify.audit.ExitCodes.FAILURE;
        }
        return code;
    }

    /** The table, printed one instance at a time as instances finish. */
    static final class TableSink extends org.specverify.audit.io.WritingSink {
        private final Map<String, String> parameters;
        private boolean abbreviated;

        TableSink(PrintWriter out, String source, int instances, List<Scheme> schemes) {
            this(out, source, instances, schemes, 0);
        }

        /** With {@code sequenceSchemes} sequence schemes audited beside the token schemes. */
        TableSink(PrintWriter out, String source, int instances, List<Scheme> schemes, int sequenceSchemes) {
            super(out);
            this.parameters = parameters(schemes);
            out.print(prelude(instances, source, schemes.size() + sequenceSchemes));
            if (sequenceSchemes > 0) {
                out.print(SequenceTable.PRELUDE);
            }
            out.flush();
        }

        @Override
        protected void writeInstance(InstanceAudit instance) {
            out.print(block(instance, parameters));
            abbreviated |= abbreviates(instance);
        }

        @Override
        protected void writeFinish(AuditSummary summary, boolean interrupted) {
            out.print(tail(abbreviated, summary, parameters, interrupted));
        }
    }

    /** --quiet: only the verdict lines at the end. */
    static final class QuietSink extends org.specverify.audit.io.WritingSink {
        private final Map<String, String> parameters;

        QuietSink(PrintWriter out, List<Scheme> schemes) {
            super(out);
            this.parameters = parameters(schemes);
        }

        @Override
        protected void writeInstance(InstanceAudit instance) {
        }

        @Override
        protected void writeFinish(AuditSummary summary, boolean interrupted) {
            out.print(summary(summary, parameters));
        }
    }

    /** The token registry with the --plugin schemes, as {@link #selectedSchemes} built it. */
    private org.specverify.reference.scheme.Schemes extended;

    /** The token schemes selected (--scheme ids that name sequence schemes are audited on the sequence instances). */
    private List<Scheme> selectedSchemes() {
        List<String> schemeIds = schemeList.ids;
        org.specverify.reference.scheme.Schemes registry = plugins.extend(context.registry(), context);
        extended = registry;
        if (schemeIds.isEmpty()) {
            return registry.all();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : schemeIds) {
            if (!id.isBlank()) {
                ids.add(id.trim());
            }
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException("--scheme: no scheme id given");
        }
        List<Scheme> schemes = new ArrayList<>();
        ids.removeAll(MixedInput.sequenceIds(List.copyOf(ids), registry, plugins.extendSequence(registry, context)));
        for (String id : ids) {
            try {
                schemes.add(registry.get(id));
            } catch (InvalidInputException e) {
                throw new InvalidInputException("--scheme: " + e.getMessage(), e);
            }
        }
        return schemes;
    }

    /** The whole table of a finished audit (as the streaming table prints it). */
    static String table(AuditResult result, String source, List<Scheme> schemes) {
        Map<String, String> parameters = parameters(schemes);
        StringBuilder sb = new StringBuilder(prelude(result.instances().size(), source, schemes.size()));
        AuditSummary summary = new AuditSummary();
        boolean abbreviated = false;
        for (InstanceAudit i : result.instances()) {
            sb.append(block(i, parameters));
            summary.add(i);
            abbreviated |= abbreviates(i);
        }
        return sb.append(tail(abbreviated, summary, parameters, false)).toString();
    }

    static String prelude(int instances, String source, int schemeCount) {
        return "Exact audit of " + plural(instances, "instance") + " (" + source + ") against "
            + plural(schemeCount, "scheme") + ": exact output law by rational enumeration.\n"
            + "acceptance = P(Y in drafts), an exact fraction, and its decimal; optimum = alpha* of the scheme's own"
            + " draft law (exact);\ngap = optimum - acceptance; a note under a row says why a scheme does not apply,"
            + " its parameters, or its error.\n";
    }

    /** The widest line of the exact-audit table (notes and the optima line are wrapped to it). */
    static final int WIDTH = 120;

    /**
     * One instance: a heading line, its rows as a table (a row's note on indented lines below it, wrapped to
     * {@link #WIDTH} columns), then its instance fields (the optima of every applicable law) right under them.
     */
    static String block(InstanceAudit i, Map<String, String> parameters) {
        if (SequenceTable.isSequence(i)) {
            return SequenceTable.block(i);
        }
        String withColumns = block(i, parameters, true);
        if (withColumns.lines().allMatch(l -> l.length() <= WIDTH)) {
            return withColumns;
        }
        // too wide (many extra columns, a long scheme id): every extra field goes to the notes, wrapped
        return block(i, parameters, false);
    }

    private static String block(InstanceAudit i, Map<String, String> parameters, boolean columns) {
        // exact values get a column (short cells); anything else (a reason, a map) goes to the row's note, wrapped,
        // so that no cell can push a line past WIDTH
        List<String> extraColumns = new ArrayList<>();
        for (SchemeAudit s : i.schemes()) {
            for (Map.Entry<String, Object> e : s.extras().entrySet()) {
                if (columns && e.getValue() instanceof ExactValue && !extraColumns.contains(e.getKey())) {
                    extraColumns.add(e.getKey());
                }
            }
        }
        List<String> headers = new ArrayList<>(List.of("scheme", "verdict", "acceptance", "decimal"));
        headers.addAll(extraColumns);
        int[] right = new int[2 + extraColumns.size()];
        for (int c = 0; c < right.length; c++) {
            right[c] = 2 + c;
        }
        TextTable t = new TextTable(headers.toArray(String[]::new)).alignRight(right);
        List<String> notes = new ArrayList<>();
        for (SchemeAudit s : i.schemes()) {
            List<String> cells = new ArrayList<>();
            cells.add(s.id());
            cells.add(s.verdict().label());
            Measured m = s.measured().orElse(null);
            cells.add(m == null ? "" : fraction(m.acceptance()));
            cells.add(m == null ? "" : decimal(m.acceptance()));
            for (String c : extraColumns) {
                Object v = s.extras().get(c);
                cells.add(v == null ? "" : cell(v));
            }
            String note = note(s, parameters);
            for (Map.Entry<String, Object> e : s.extras().entrySet()) {
                if (!extraColumns.contains(e.getKey())) {
                    note = (note.isEmpty() ? s.id() + ": " : note + "; ") + e.getKey() + ": " + cell(e.getValue());
                }
            }
            notes.add(note);
            t.row(cells.toArray(String[]::new));
        }
        String[] lines = t.render().split("\n");
        StringBuilder sb = new StringBuilder("\n").append(wrap(i.name() + " (|V| = " + i.vocab() + ", K = " + i.k()
            + (i.identicalDrafts() ? ", one draft law" : ", one law per draft") + ")", WIDTH, "  ").substring(2))
            .append('\n');
        for (int l = 0; l < lines.length; l++) {
            sb.append(lines[l]).append('\n');
            int row = l - 2;
            if (row >= 0 && row < notes.size() && !notes.get(row).isEmpty()) {
                sb.append(wrap(notes.get(row), WIDTH, "    ")).append('\n');
            }
        }
        if (!i.extras().isEmpty()) {
            sb.append(wrap(i.name() + ": " + i.extras().entrySet().stream()
                .map(e -> e.getKey() + " = " + cell(e.getValue())).collect(Collectors.joining("; ")), WIDTH, "  ")
                .substring(2)).append('\n');
        }
        return sb.toString();
    }

    /** Words of {@code text} in lines of at most {@code width} columns, each starting with {@code indent}. */
    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder(indent);
        List<String> words = new ArrayList<>();
        int longest = Math.max(8, width - indent.length() - 1);
        for (String w : text.split(" ")) {
            // a word longer than a line (a long name, an exact fraction) is cut into pieces that fit
            if (w.isEmpty()) {
                words.add(w);
            }
            for (int at = 0; at < w.length(); at += longest) {
                words.add(w.substring(at, Math.min(w.length(), at + longest)));
            }
        }
        for (String w : words) {
            if (line.length() + w.length() + 1 > width && line.length() > indent.length()) {
                out.append(line.toString().stripTrailing()).append('\n');
                line = new StringBuilder(indent);
            }
            line.append(w).append(' ');
        }
        out.append(line.toString().stripTrailing());
        return out.toString();
    }

    static boolean abbreviates(InstanceAudit i) {
        return i.schemes().stream().anyMatch(s -> s.measured()
            .map(m -> m.acceptance().fraction().length() > MAX_FRACTION_WIDTH
                || m.maxLawError().fraction().length() > MAX_FRACTION_WIDTH).orElse(false));
    }

    static String tail(boolean abbreviated, AuditSummary summary, Map<String, String> parameters,
                       boolean interrupted) {
        StringBuilder sb = new StringBuilder();
        if (abbreviated) {
            sb.append("\n(long): an exact fraction of more than " + MAX_FRACTION_WIDTH + " characters; the decimal beside"
                + " it rounds it, --json prints it whole.\n");
        }
        if (interrupted) {
            sb.append("\nINTERRUPTED after ").append(plural(summary.instances(), "instance"))
                .append("; the rows above are complete.\n");
        }
        return sb.append('\n').append(summary(summary, parameters)).toString();
    }

    private static String note(SchemeAudit s, Map<String, String> parameters) {
        if (s.isSequence()) {
            return SequenceTable.note(s);
        }
        if (s.reason().isPresent()) {
            String r = s.reason().get();
            return r.startsWith(s.id() + " ") ? r : s.id() + ": " + r;
        }
        Measured m = s.measured().orElseThrow();
        List<String> parts = new ArrayList<>();
        if (!m.lossless()) {
            parts.add("max |P(Y=y) - p(y)| = " + fraction(m.maxLawError()) + " (" + decimal(m.maxLawError())
                + ") at token " + m.worstToken());
        }
        String p = parameters.getOrDefault(s.id(), "");
        if (!p.isEmpty()) {
            parts.add(p);
        }
        return String.join("; ", parts);
    }

    /** The typed parameters each scheme runs with, as "name=value, ..." (so a reader sees, for example, the plan). */
    static Map<String, String> parameters(List<Scheme> schemes) {
        Map<String, String> m = new java.util.HashMap<>();
        for (Scheme s : schemes) {
            if (!s.parameters().isEmpty()) {
                m.put(s.id(), s.parameters().toString());
            }
        }
        return m;
    }

    static String summary(AuditSummary result, Map<String, String> parameters) {
        Map<AuditVerdict, Integer> n = result.counts();
        List<String> parts = new ArrayList<>();
        parts.add(n.get(AuditVerdict.LOSSLESS) + " lossless as claimed");
        parts.add(n.get(AuditVerdict.LOSSY_AS_DECLARED) + " lossy as declared");
        if (n.get(AuditVerdict.LOSSLESS_NOT_CLAIMED) > 0) {
            parts.add(n.get(AuditVerdict.LOSSLESS_NOT_CLAIMED) + " lossless though not claimed");
        }
        parts.add(n.get(AuditVerdict.NOT_APPLICABLE) + " not applicable");
        if (n.get(AuditVerdict.TOO_LARGE) > 0) {
            parts.add(n.get(AuditVerdict.TOO_LARGE) + " too large for exact enumeration");
        }
        if (n.get(AuditVerdict.ERROR) > 0) {
            parts.add(n.get(AuditVerdict.ERROR) + " failed to run");
        }
        if (n.get(AuditVerdict.CLAIM_FAILS) > 0) {
            parts.add(n.get(AuditVerdict.CLAIM_FAILS) + " LOSSLESS CLAIMS FAIL");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(plural(result.rows(), "check")).append(": ").append(String.join(", ", parts)).append(".\n");
        List<AuditSummary.Failure> failures = result.failures();
        if (!failures.isEmpty()) {
            sb.append("FAILED: ").append(plural(failures.size(), "failure")).append(":\n");
            for (AuditSummary.Failure r : failures) {
                sb.append("  ").append(r.row().id()).append(" on instance ").append(r.instanceIndex())
                    .append(" '").append(r.instanceName()).append("': ").append(r.row().verdict().label())
                    .append("; ").append(note(r.row(), parameters)).append('\n');
            }
        } else if (result.interrupted()) {
            sb.append("INTERRUPTED: no lossless claim failed on the ").append(plural(result.instances(), "instance"))
                .append(" that finished; the rest were not checked.\n");
        } else if (n.get(AuditVerdict.TOO_LARGE) > 0) {
            sb.append("UNDECIDED: some instances are too large for the exact reference (see the notes); no lossless"
                + " claim failed on the rest.\n");
        } else {
            sb.append("OK: every lossless claim holds exactly.\n");
        }
        return sb.toString();
    }

    /** The fraction, or "(long)" when too long for a table cell (the decimal column rounds it). */
    static String fraction(ExactValue v) {
        String f = v.fraction();
        return f.length() <= MAX_FRACTION_WIDTH ? f : "(long)";
    }

    /**
     * The decimal of an exact value: six places, or, for a nonzero value below 10^-4 in magnitude (a small law error),
     * three significant digits, so that 1e-9 never reads as 0.000000.
     */
    static String decimal(ExactValue v) {
        double x = v.value();
        if (x != 0 && Math.abs(x) < 1e-4) {
            return String.format(Locale.ROOT, "%.3g", x);
        }
        return String.format(Locale.ROOT, "%.6f", x);
    }

    private static String cell(Object v) {
        if (v instanceof ExactValue e) {
            String f = e.fraction();
            return f.length() <= 8 ? f + " (" + decimal(e) + ")" : decimal(e);
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + cell(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(v);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
