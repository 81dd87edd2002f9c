package org.specverify.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.properties.engine.Cases;
import org.specverify.properties.engine.EngineCheck;
import org.specverify.properties.engine.SampleInput;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code specverify check}: another engine's samples against test vectors ({@link EngineCheck}). */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check another engine's samples against the vectors of 'specverify vectors'. Samples are JSON"
        + " lines {\"case\": id, \"output\": token, \"drafts\": [...], \"engine\": \"name\", \"accepted\": ...,"
        + " \"count\": n} (engine, accepted and count optional, other fields ignored), UTF-8, gzip read"
        + " transparently (by its magic bytes), grouped by engine and case, streamed and counted. \"count\": n makes"
        + " the line stand for n identical samples. \"accepted\" is the engine's own decision: true, false, the index"
        + " of the accepted draft, or null.",
        "Per group: (1) every sample's output must be possible given its drafts (a failure names the line);"
            + " (2) a G-test of the output law against p, with its p-value and the smallest total-variation bias it"
            + " detects with power 0.9; (3) with --scheme, a G-test of the outputs given each draft tuple against"
            + " the scheme's exact conditional law; (4) the acceptance estimate with its interval, against the"
            + " scheme's exact acceptance and alpha*; (5) where samples give \"accepted\", the engine's own acceptance"
            + " beside it: a sample called accepted whose output is not the accepted draft fails its group, one"
            + " called rejected whose output is a draft is flagged.",
        "Groups are listed by engine, then in the order of the cases file. A case without samples, or a group too"
            + " small to detect any bias (the smallest detectable total variation would be 1 or more), was not"
            + " checked: the run fails (exit 1) unless --allow-unchecked, which only warns.",
        "Sequence cases ('vectors --level sequence', {\"instances\": [...]}) are recognised by their form and take"
            + " engine traces, one line per verification step: {\"case\": id, \"drafts\": [x_1, ..., x_gamma],"
            + " \"emitted\": [y_1, ..., y_L], \"accepted\": n, \"engine\": \"name\"}, or \"tree\": {\"tokens\":"
            + " [...], \"parents\": [...]} instead of \"drafts\" (depth-first order, parent -1 for the root's"
            + " children). Per group: (a) every drafted tree and emitted block must be possible (the line that fails);"
            + " (b) accepted n must mean y_1..y_n = x_1..x_n and L = n + 1; (c) a G-test of the stream to depth"
            + " gamma + 1 (each block continued by the target, seeded by --seed) against the target's law; with"
            + " --scheme (a sequence scheme) (d) a G-test of the blocks given each drafted tree against the scheme's"
            + " exact conditional law and (e) a G-test of the accepted lengths against its exact law; each test with"
            + " its detectable total-variation bias at power 0.9."},
    footer = {"", "Exit codes: 0 every group passes and every case was checked; 1 a group fails,",
        "or a case was not checked (without --allow-unchecked); 2 bad input (a malformed",
        "line, invalid UTF-8, an unknown case, a token out of range, a wrong number of",
        "drafts: the message names the line); 3 internal error. With --json, exit 2",
        "and 3 also print {\"error\": {\"code\": ..., \"message\": ...}} on standard output."})
final class CheckCommand implements Callable<Integer> {
    private final Cli.Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--cases", paramLabel = "FILE", required = true, description = "The vectors file.")
    String casesFile;

    @Option(names = "--samples", paramLabel = "FILE", required = true,
        description = "The samples, JSON lines ('-' for standard input).")
    String samplesFile;

    @Option(names = "--scheme", paramLabel = "ID",
        description = "The scheme the engine implements: possibility and conformance under its exact conditional law"
            + " (a sequence scheme for sequence cases).")
    String schemeId;

    @Option(names = "--alpha", paramLabel = "A", description = "Significance level of every test (default:"
        + " ${DEFAULT-VALUE}).")
    double alpha = 0.001;

    @Mixin
    Mixins.Json json = new Mixins.Json();

    @Option(names = "--allow-unchecked", description = "Only warn about cases without samples and groups too small to"
        + " detect any bias (default: they fail the run).")
    boolean allowUnchecked;

    @Option(names = "--uniform-model", paramLabel = "M", description = "The engine's uniforms (ideal, float32-closed-open,"
        + " float32-open-closed, float32-open, bfloat16, float16): an impossible output that the model makes possible"
        + " at a boundary"
        + " uniform (u = 0 or u = 1) is named so (it still fails); needs --scheme.")
    String uniformModelId;

    /** Sequence cases only: the seed of the target continuations of the stream test (refused with token cases). */
    @Mixin
    Mixins.Seed seedOption = new Mixins.Seed();

    @Mixin
    Plugins plugins = new Plugins();

    /** The --seed the user gave, or null when none was given. */
    Long seedGiven() {
        return spec.commandLine().getParseResult() != null
            && spec.commandLine().getParseResult().hasMatchedOption("--seed") ? seedOption.seed : null;
    }

    CheckCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        try {
            return check();
        } catch (InvalidInputException | org.specverify.reference.TooLargeException | ParameterException e) {
            errorDocument(ExitCodes.BAD_INPUT, e.getMessage());
            throw e;
        } catch (PluginFailureException e) {
            errorDocument(ExitCodes.FAILURE, e.getMessage());
            throw e;
        } catch (RuntimeException | Error e) {
            errorDocument(ExitCodes.INTERNAL_ERROR, "internal error (a bug in specverify): " + e);
            throw e;
        }
    }

    /** With --json, the error as one JSON document on standard output; the exit code is mapped centrally. */
    private void errorDocument(int code, String message) {
        if (!json.json) {
            return;
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("code", code);
        e.put("message", message);
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(Json.PRETTY.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
            out.println("{\"error\": {\"code\": " + code + "}}");
        }
        out.flush();
    }

    Cli.Context context() {
        return context;
    }

    /** A file argument as a path; a name the platform's file-name encoding cannot hold is bad input, named. */
    Path path(String option, String value) {
        try {
            return context.resolve(value);
        } catch (InvalidPathException e) {
            throw new InvalidInputException(option + " " + value + ": not a valid file name here (" + e.getReason()
                + "); the JVM's file-name encoding is " + System.getProperty("sun.jnu.encoding")
                + ", from the locale: run under a UTF-8 locale (e.g. LC_ALL=C.UTF-8) for non-ASCII names");
        }
    }

    private Integer check() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new ParameterException(spec.commandLine(), "--alpha must lie in (0, 1), got " + alpha);
        }
        if (SequenceCheck.isSequenceCases(path("--cases", casesFile))) {
            return SequenceCheck.run(this);
        }
        if (seedGiven() != null) {
            throw new ParameterException(spec.commandLine(), "--seed is for sequence cases (the stream test's target"
                + " continuations); " + casesFile + " holds token cases");
        }
        Scheme scheme = null;
        if (schemeId != null) {
            try {
                scheme = plugins.extend(context.registry(), context).get(schemeId);
            } catch (InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--scheme: " + e.getMessage());
            }
        }
        org.specverify.reference.random.UniformModel model;
        try {
            model = uniformModelId == null ? org.specverify.reference.random.UniformModel.IDEAL
                : org.specverify.reference.random.UniformModel.of(uniformModelId);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), "--uniform-model: " + e.getMessage());
        }
        if (model.discrete() && scheme == null) {
            throw new ParameterException(spec.commandLine(), "--uniform-model needs --scheme (the classification"
                + " replays the scheme's verifier under the model)");
        }
        List<Cases.Case> cases = Cases.read(path("--cases", casesFile), casesFile);
        EngineCheck check = new EngineCheck(cases, scheme, alpha).uniformModel(model);
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (SampleInput in = openSamples()) {
            check.read(in);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuEnd = threads.getCurrentThreadCpuTime();
        // the reading thread's CPU time: the read rate per core, whatever else the machine runs (-1: not measurable)
        double cpuSeconds = cpuStart < 0 || cpuEnd < 0 ? -1 : (cpuEnd - cpuStart) / 1e9;
        if (check.samples() == 0) {
            throw new InvalidInputException(samplesFile + ": no samples");
        }
        EngineCheck.Report r = check.report();
        List<String> unsampled = check.casesWithoutSamples();
        long tooSmall = r.groups().stream().filter(EngineCheck.GroupReport::tooSmall).count();
        boolean unchecked = !unsampled.isEmpty() || tooSmall > 0;
        boolean failed = r.failed() || (unchecked && !allowUnchecked);
        PrintWriter out = spec.commandLine().getOut();
        if (json.json) {
            ObjectNode root = toJson(r, seconds, unsampled);
            root.put("readCpuSeconds", Math.round(cpuSeconds * 1000) / 1000.0);
            root.put("groupsTooSmall", tooSmall);
            root.put("allowUnchecked", allowUnchecked);
            root.put("failed", failed);
            writeStreaming(out, root, r);
        } else {
            print(out, r, seconds, unsampled, tooSmall, failed);
        }
        out.flush();
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * Writes the document with its groups one at a time (a run over many engines keeps one group's tree in memory, not
     * all of them).
     */
    private static void writeStreaming(PrintWriter out, ObjectNode root, EngineCheck.Report r) throws IOException {
        JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out);
        gen.useDefaultPrettyPrinter();
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            gen.writeFieldName(e.getKey());
            gen.writeTree(e.getValue());
        }
        gen.writeArrayFieldStart("groups");
        for (EngineCheck.GroupReport g : r.groups()) {
            gen.writeTree(groupJson(g, r.alpha()));
        }
        gen.writeEndArray();
        gen.writeEndObject();
        gen.flush();
        out.println();
    }

    /** Opens {@code --samples} ({@code -}: standard input). */
    SampleInput openSamples() throws IOException {
        return samplesFile.equals("-") ? SampleInput.of(System.in, "standard input")
            : SampleInput.open(path("--samples", samplesFile), samplesFile);
    }

    /** The fields a check document starts with, token or sequence level: level, samples, alpha, scheme (or null). */
    static ObjectNode jsonHead(String level, long samples, double alpha, String scheme) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("level", level);
        root.put("samples", samples);
        root.put("alpha", alpha);
        if (scheme == null) {
            root.putNull("scheme");
        } else {
            root.put("scheme", scheme);
        }
        return root;
    }

    /** The report without its groups ({@link #groupJson} gives each). */
    static ObjectNode toJson(EngineCheck.Report r, double seconds, List<String> unsampled) {
        ObjectNode root = jsonHead("token", r.samples(), r.alpha(), r.scheme());
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        root.put("samplesPerSecond", Math.round(r.samples() / Math.max(seconds, 1e-9)));
        root.put("failed", r.failed());
        ArrayNode none = root.putArray("casesWithoutSamples");
        unsampled.forEach(none::add);
        return root;
    }

    /** One group as JSON. */
    static ObjectNode groupJson(EngineCheck.GroupReport g, double alpha) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        {
            o.put("engine", g.engine());
            o.put("case", g.caseId());
            o.put("n", g.n());
            o.put("failed", g.failed());
            o.put("tooSmall", g.tooSmall());
            o.put("impossibleOutputs", g.impossibleOutputs());
            ArrayNode ol = o.putArray("impossibleOutputLines");
            g.outputLines().forEach(ol::add);
            o.put("impossibleDrafts", g.impossibleDrafts());
            ArrayNode dl = o.putArray("impossibleDraftLines");
            g.draftLines().forEach(dl::add);
            GoodnessOfFit.Result l = g.lossless();
            ObjectNode lo = o.putObject("lossless");
            lo.put("test", l.test());
            lo.put("statistic", l.statistic());
            lo.put("cells", l.cells());
            lo.put("pValue", l.pValue());
            lo.put("rejected", l.rejected());
            if (g.tooSmall()) {
                lo.putNull("detectableBias");
                lo.put("note", "the sample is too small to detect any bias: losslessness was not tested");
            } else {
                lo.put("detectableBias", l.detectableBias());
            }
            lo.put("power", GoodnessOfFit.POWER);
            if (l.rejected()) {
                lo.put("table", l.table());
            }
            EngineCheck.Conformance c = g.conformance();
            if (c == null) {
                o.putNull("conformance");
            } else {
                ObjectNode co = o.putObject("conformance");
                co.put("tuplesTested", c.tuplesTested());
                co.put("tuplesRejected", c.tuplesRejected());
                co.put("alphaPerTuple", c.alphaPerTuple());
                co.put("skipped", c.skipped());
                if (c.worstTuple() != null) {
                    co.put("worstTuple", c.worstTuple());
                    co.put("worstPValue", c.worstPValue());
                }
                if (c.tuplesRejected() > 0) {
                    co.put("worstTable", c.worstTable());
                }
                if (c.note() != null) {
                    co.put("note", c.note());
                }
            }
            ObjectNode a = o.putObject("acceptance");
            a.put("estimate", g.acceptance());
            a.put("low", g.acceptanceLow());
            a.put("high", g.acceptanceHigh());
            a.put("level", 1 - alpha);
            if (g.exactAcceptance() == null) {
                a.putNull("exact");
            } else {
                a.put("exact", Fractions.format(g.exactAcceptance()));
            }
            if (g.optimum() == null) {
                a.putNull("optimum");
            } else {
                a.put("optimum", Fractions.format(g.optimum()));
            }
            a.put("mismatch", g.acceptanceMismatch());
            a.put("aboveOptimum", g.aboveOptimum());
            a.put("meaning", "P(output in drafts)");
            EngineCheck.SeedReplay sr = g.seedReplay();
            if (sr.samples() == 0) {
                o.putNull("seedReplay");
            } else {
                ObjectNode so = o.putObject("seedReplay");
                so.put("meaning", "decisions replayed from the line's seed and position (Philox4x32-10, the layout of"
                    + " docs/randomness.md)");
                so.put("samples", sr.samples());
                so.put("mismatches", sr.mismatches());
                ArrayNode sl = so.putArray("mismatchLines");
                sr.lines().forEach(sl::add);
            }
            EngineCheck.EngineAcceptance e = g.engineAcceptance();
            if (e.samples() == 0) {
                o.putNull("engineAcceptance");
            } else {
                ObjectNode ea = o.putObject("engineAcceptance");
                ea.put("meaning", "the engine's own accepted field");
                ea.put("samples", e.samples());
                ea.put("accepted", e.accepted());
                ea.put("estimate", e.estimate());
                ea.put("low", e.low());
                ea.put("high", e.high());
                ea.put("acceptedButOutputDiffers", e.acceptedButDiffers());
                ArrayNode al = ea.putArray("acceptedButOutputDiffersLines");
                e.acceptedLines().forEach(al::add);
                ea.put("rejectedButOutputIsADraft", e.rejectedButDrafted());
                ArrayNode rl = ea.putArray("rejectedButOutputIsADraftLines");
                e.rejectedLines().forEach(rl::add);
            }
        }
        return o;
    }

    private void print(PrintWriter out, EngineCheck.Report r, double seconds, List<String> unsampled, long tooSmall,
                       boolean failed) {
        out.printf(Locale.ROOT, "check: %,d samples, %d groups (engine x case), scheme %s, alpha %s; read in %.1f s"
                + " (%,d samples/s)%n%n", r.samples(), r.groups().size(), r.scheme() == null ? "none" : r.scheme(),
            r.alpha(), seconds, Math.round(r.samples() / Math.max(seconds, 1e-9)));
        boolean engineSays = r.groups().stream().anyMatch(g -> g.engineAcceptance().samples() > 0);
        TextTable t = engineSays
            ? new TextTable("engine", "case", "n", "impossible", "lossless p", "detects TV >=", "conformance",
                "P(out in drafts) [interval]", "engine says accepted", "exact", "alpha*", "verdict")
            : new TextTable("engine", "case", "n", "impossible", "lossless p", "detects TV >=", "conformance",
                "P(out in drafts) [interval]", "exact", "alpha*", "verdict");
        for (EngineCheck.GroupReport g : r.groups()) {
            EngineCheck.Conformance c = g.conformance();
            String conf = c == null ? "-" : c.skipped() ? "skipped" : c.tuplesRejected() + "/" + c.tuplesTested()
                + " rejected";
            List<String> row = new java.util.ArrayList<>(List.of(g.engine().isEmpty() ? "(unnamed)" : g.engine(),
                g.caseId(), Long.toString(g.n()), Long.toString(g.impossibleOutputs() + g.impossibleDrafts()),
                String.format(Locale.ROOT, "%.3g", g.lossless().pValue()),
                g.tooSmall() ? "none (n too small)" : String.format(Locale.ROOT, "%.3g", g.lossless().detectableBias()),
                conf, String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", g.acceptance(), g.acceptanceLow(),
                    g.acceptanceHigh())));
            if (engineSays) {
                EngineCheck.EngineAcceptance e = g.engineAcceptance();
                row.add(e.samples() == 0 ? "-" : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", e.estimate(), e.low(),
                    e.high()));
            }
            row.add(g.exactAcceptance() == null ? "-" : String.format(Locale.ROOT, "%.4f",
                g.exactAcceptance().doubleValue()));
            row.add(g.optimum() == null ? "-" : String.format(Locale.ROOT, "%.4f", g.optimum().doubleValue()));
            row.add(g.failed() ? "FAIL" : g.tooSmall() ? "not tested" : "ok");
            t.row(row.toArray(String[]::new));
        }
        out.print(t.render());
        long replayed = r.groups().stream().mapToLong(g -> g.seedReplay().samples()).sum();
        if (replayed > 0) {
            out.printf(Locale.ROOT, "%nseed replay: %,d decisions replayed from the engine's seed and position"
                + " (Philox4x32-10), %,d differ from the reference's%n", replayed,
                r.groups().stream().mapToLong(g -> g.seedReplay().mismatches()).sum());
        }
        for (EngineCheck.GroupReport g : r.groups()) {
            if (!g.failed()) {
                continue;
            }
            String who = (g.engine().isEmpty() ? "" : g.engine() + ", ") + g.caseId();
            out.println();
            out.println("FAIL " + who + ":");
            for (String l : g.draftLines()) {
                out.println("  impossible drafts, " + l);
            }
            for (String l : g.outputLines()) {
                out.println("  impossible output, " + l);
            }
            for (String l : g.engineAcceptance().acceptedLines()) {
                out.println("  accepted but the output is not the accepted draft, " + l);
            }
            for (String l : g.seedReplay().lines()) {
                out.println("  replayed from the seed, the decision differs, " + l);
            }
            if (g.lossless().rejected()) {
                out.println("  output law vs p: " + g.lossless());
                out.print(indent(g.lossless().table()));
            }
            EngineCheck.Conformance c = g.conformance();
            if (c != null && c.tuplesRejected() > 0) {
                out.printf(Locale.ROOT, "  conformance: %d of %d draft tuples rejected at alpha %.3g each; worst"
                    + " drafts %s (p-value %.3g):%n", c.tuplesRejected(), c.tuplesTested(), c.alphaPerTuple(),
                    c.worstTuple(), c.worstPValue());
                out.print(indent(c.worstTable()));
            }
            if (g.acceptanceMismatch()) {
                out.println("  acceptance interval excludes the exact acceptance " + Fractions.format(
                    g.exactAcceptance()));
            }
            if (g.aboveOptimum()) {
                out.println("  acceptance interval lies above alpha* = " + Fractions.format(g.optimum())
                    + ": no lossless engine accepts that much");
            }
        }
        for (EngineCheck.GroupReport g : r.groups()) {
            EngineCheck.EngineAcceptance e = g.engineAcceptance();
            if (e.rejectedButDrafted() > 0) {
                out.println();
                out.println("flag " + (g.engine().isEmpty() ? "" : g.engine() + ", ") + g.caseId() + ": "
                    + e.rejectedButDrafted() + " samples the engine calls rejected output one of their drafts (a"
                    + " residual law may emit a drafted token; check the engine's acceptance statistics):");
                for (String l : e.rejectedLines()) {
                    out.println("  " + l);
                }
            }
        }
        String level = allowUnchecked ? "warning" : "FAIL";
        printUnsampled(out, level, unsampled);
        if (tooSmall > 0) {
            out.println();
            out.println(level + ": " + tooSmall + " group" + (tooSmall == 1 ? " is" : "s are") + " too small to detect"
                + " any bias (the smallest detectable total variation would be 1 or more): losslessness not tested");
        }
        printVerdict(out, failed, !unsampled.isEmpty() || tooSmall > 0);
    }

    /** The cases without samples, if any, as a {@code level} ("warning" or "FAIL") line after a blank one. */
    static void printUnsampled(PrintWriter out, String level, List<String> unsampled) {
        if (!unsampled.isEmpty()) {
            out.println();
            out.println(level + ": cases without samples (not checked): " + String.join(", ", unsampled));
        }
    }

    /** The last line of the text output, after a blank one. */
    static void printVerdict(PrintWriter out, boolean failed, boolean someUnchecked) {
        out.println();
        out.println(failed ? "FAIL" : someUnchecked ? "every group checked passes; some were not checked"
            + " (--allow-unchecked)" : "every group passes");
    }

    /** A table indented by four spaces, line by line. */
    static String indent(String table) {
        StringBuilder sb = new StringBuilder();
        for (String line : table.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }
}
