package org.specverify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.properties.engine.Cases;
import org.specverify.properties.engine.EngineCheck;
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
        + " lines {\"case\": id, \"output\": token, \"drafts\": [...], \"engine\": \"name\"} (engine optional, other"
        + " fields ignored), grouped by engine and case, streamed and counted.",
        "Per group: (1) every sample's output must be possible given its drafts (a failure names the line);"
            + " (2) a G-test of the output law against p, with its p-value and the smallest total-variation bias it"
            + " detects with power 0.9; (3) with --scheme, a G-test of the outputs given each draft tuple against"
            + " the scheme's exact conditional law; (4) the acceptance estimate with its interval, against the"
            + " scheme's exact acceptance and alpha*."},
    footer = {"", "Exit codes: 0 every group passes; 1 a group fails; 2 bad input (a malformed",
        "line, an unknown case, a token out of range, a wrong number of drafts: the",
        "message names the line); 3 internal error."})
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
        description = "The scheme the engine implements: possibility and conformance under its exact conditional law.")
    String schemeId;

    @Option(names = "--alpha", paramLabel = "A", description = "Significance level of every test (default:"
        + " ${DEFAULT-VALUE}).")
    double alpha = 0.001;

    @Option(names = "--uniform-model", paramLabel = "M", description = "The engine's uniforms (ideal, float32-closed-open,"
        + " float32-open-closed, bfloat16, float16): an impossible output that the model makes possible at a boundary"
        + " uniform (u = 0 or u = 1) is named so (it still fails); needs --scheme.")
    String uniformModelId;

    @Option(names = "--json", description = "Print the report as one JSON document.")
    boolean json;

    @Mixin
    Plugins plugins = new Plugins();

    CheckCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (!(alpha > 0 && alpha < 1)) {
            throw new ParameterException(spec.commandLine(), "--alpha must lie in (0, 1), got " + alpha);
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
        List<Cases.Case> cases = Cases.read(context.resolve(casesFile), casesFile);
        EngineCheck check = new EngineCheck(cases, scheme, alpha).uniformModel(model);
        long start = System.nanoTime();
        if (samplesFile.equals("-")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
            check.read(in, "standard input");
        } else {
            try (BufferedReader in = Files.newBufferedReader(context.resolve(samplesFile), StandardCharsets.UTF_8)) {
                check.read(in, samplesFile);
            } catch (NoSuchFileException e) {
                throw new InvalidInputException(samplesFile + ": no such file");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (check.samples() == 0) {
            throw new InvalidInputException(samplesFile + ": no samples");
        }
        EngineCheck.Report r = check.report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(toJson(r, seconds, check.casesWithoutSamples())));
        } else {
            print(out, r, seconds, check.casesWithoutSamples());
        }
        out.flush();
        return r.failed() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    static ObjectNode toJson(EngineCheck.Report r, double seconds, List<String> unsampled) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("samples", r.samples());
        root.put("alpha", r.alpha());
        if (r.scheme() == null) {
            root.putNull("scheme");
        } else {
            root.put("scheme", r.scheme());
        }
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        root.put("samplesPerSecond", Math.round(r.samples() / Math.max(seconds, 1e-9)));
        root.put("failed", r.failed());
        ArrayNode none = root.putArray("casesWithoutSamples");
        unsampled.forEach(none::add);
        ArrayNode groups = root.putArray("groups");
        for (EngineCheck.GroupReport g : r.groups()) {
            ObjectNode o = groups.addObject();
            o.put("engine", g.engine());
            o.put("case", g.caseId());
            o.put("n", g.n());
            o.put("failed", g.failed());
            o.put("impossibleOutputs", g.impossibleOutputs());
            ArrayNode ol = o.putArray("impossibleOutputLines");
            g.outputLines().forEach(ol::add);
            o.put("impossibleDrafts", g.impossibleDrafts());
            ArrayNode dl = o.putArray("impossibleDraftLines");
            g.draftLines().forEach(dl::add);
            GoodnessOfFit.Result l = g.lossless();
            ObjectNode lo = o.putObject("lossless");
            lo.put("test", "G");
            lo.put("statistic", l.statistic());
            lo.put("cells", l.cells());
            lo.put("pValue", l.pValue());
            lo.put("rejected", l.rejected());
            lo.put("detectableBias", l.detectableBias());
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
            a.put("level", 1 - r.alpha());
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
        }
        return root;
    }

    private void print(PrintWriter out, EngineCheck.Report r, double seconds, List<String> unsampled) {
        out.printf(Locale.ROOT, "check: %,d samples, %d groups (engine x case), scheme %s, alpha %s; read in %.1f s"
                + " (%,d samples/s)%n%n", r.samples(), r.groups().size(), r.scheme() == null ? "none" : r.scheme(),
            r.alpha(), seconds, Math.round(r.samples() / Math.max(seconds, 1e-9)));
        TextTable t = new TextTable("engine", "case", "n", "impossible", "lossless p", "detects TV >=",
            "conformance", "acceptance [interval]", "exact", "alpha*", "verdict");
        for (EngineCheck.GroupReport g : r.groups()) {
            EngineCheck.Conformance c = g.conformance();
            String conf = c == null ? "-" : c.skipped() ? "skipped" : c.tuplesRejected() + "/" + c.tuplesTested()
                + " rejected";
            t.row(g.engine().isEmpty() ? "(unnamed)" : g.engine(), g.caseId(), Long.toString(g.n()),
                Long.toString(g.impossibleOutputs() + g.impossibleDrafts()),
                String.format(Locale.ROOT, "%.3g", g.lossless().pValue()),
                String.format(Locale.ROOT, "%.3g", g.lossless().detectableBias()), conf,
                String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", g.acceptance(), g.acceptanceLow(),
                    g.acceptanceHigh()),
                g.exactAcceptance() == null ? "-" : String.format(Locale.ROOT, "%.4f",
                    g.exactAcceptance().doubleValue()),
                g.optimum() == null ? "-" : String.format(Locale.ROOT, "%.4f", g.optimum().doubleValue()),
                g.failed() ? "FAIL" : "ok");
        }
        out.print(t.render());
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
        if (!unsampled.isEmpty()) {
            out.println();
            out.println("cases without samples (not checked): " + String.join(", ", unsampled));
        }
        out.println();
        out.println(r.failed() ? "FAIL" : "every group passes");
    }

    private static String indent(String table) {
        StringBuilder sb = new StringBuilder();
        for (String line : table.split("\n")) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }
}
