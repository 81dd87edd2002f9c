package org.specverify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.specverify.audit.ExitCodes;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.InvalidInputException;
import org.specverify.report.AtomicFile;
import org.specverify.report.ChainDumpAudit;
import org.specverify.report.ChainStepLaw;
import org.specverify.report.Figure;
import org.specverify.report.Measurement;
import org.specverify.report.Page;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * {@code specverify audit --input CHAIN.safetensors}: a chain dump ({@link ChainDumpAudit}), rendered as a table, JSON
 * or a report page, and the engine's trace (where the file has {@code accepted} and {@code emitted}) put through two
 * G-tests of the project's statistics ({@link GoodnessOfFit}): the calibration of the accept decisions over steps and
 * depths, and the histogram of accepted lengths against the law the dump predicts. Each test runs at level
 * {@link #ALPHA}/2 (Bonferroni), so the trace is rejected at level {@link #ALPHA} overall; an impossible step rejects it
 * whatever the tests say. A rejected trace is a failed check (exit code 1); bad input exits 2. A trace that is not
 * rejected but too small for a test to detect any shift (its smallest detectable total variation is 1 or more, the rule
 * of {@code check}) is "not checked", never "passed": also exit code 1.
 */
final class ChainInputAudit {
    /** The level of the trace's rejection (the two tests together), as check's default --alpha. */
    static final double ALPHA = 0.001;

    private ChainInputAudit() {
    }

    /** Whether {@code o.file} is a chain dump; false when it cannot be opened (the token path then says why). */
    static boolean isChain(Cli.Context context, InputAudit.Options o) {
        if (o == null || o.file == null) {
            return false;
        }
        try (SafetensorsFile f = SafetensorsFile.open(context.resolve(o.file), o.file)) {
            return ChainDumpAudit.isChainDump(f);
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /** One G-test of the trace, named. */
    record Test(String name, String what, GoodnessOfFit.Result result) {
    }

    static int run(InputAudit.Options o, List<String> schemeIds, PrintWriter out, PrintWriter err,
                   Cli.Context context, Path reportDir, String reportShown, boolean json, boolean quiet) {
        if (o.logits && o.temperature == null) {
            throw new InvalidInputException("--logits needs --temperature T (use 1 for the raw logits)");
        }
        if (o.k != null || o.withoutReplacement || o.independent) {
            throw new InvalidInputException(o.file + " is a chain dump (it has draft_tokens): --k,"
                + " --optimum-without-replacement and --optimum-independent belong to token dumps");
        }
        if (o.sumTolerance != null && !(o.sumTolerance >= 0 && o.sumTolerance < 1)) {
            throw new InvalidInputException("--sum-tolerance must be a number in [0, 1), got " + o.sumTolerance);
        }
        if (o.threads < 1) {
            throw new InvalidInputException("--threads must be at least 1, got " + o.threads);
        }
        if (schemeIds.size() > 1) {
            throw new InvalidInputException("--scheme with a chain dump names the one scheme the engine claims to run"
                + " (tokenwise or block), got " + schemeIds);
        }
        ChainStepLaw.Scheme scheme = schemeIds.isEmpty() ? ChainStepLaw.Scheme.TOKENWISE
            : ChainStepLaw.Scheme.parse(schemeIds.get(0));
        Path csv = InputAudit.csvPath(o, context, reportDir, reportShown, "steps.csv");
        Progress progress = new Progress(err, context.terminal() && !quiet, quiet ? Long.MAX_VALUE / 4 : 2_000);
        ChainDumpAudit.Settings s = new ChainDumpAudit.Settings(o.logits,
            o.temperature == null ? Double.NaN : o.temperature, o.topK, o.topP,
            o.sumTolerance == null ? Double.NaN : o.sumTolerance, scheme, o.threads);
        ChainDumpAudit.Result r;
        try (SafetensorsFile f = SafetensorsFile.open(context.resolve(o.file), o.file);
             AtomicFile file = csv == null ? null : AtomicFile.create(csv)) {
            try {
                r = ChainDumpAudit.run(f, s, file == null ? null : file.writer(),
                    (done, total) -> progress.step("audit --input: steps", done, total));
            } finally {
                progress.finished();
            }
            if (file != null) {
                file.commit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Test> tests = tests(r.trace());
        boolean rejected = rejected(r.trace(), tests);
        InputAudit.printWarnings(err, r.warnings());
        if (reportDir != null) {
            InputAudit.writePage(page(o.file, r, tests, rejected, InputAudit.csvLink(reportDir, csv)), reportDir, csv);
        }
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            try {
                out.println(om.writeValueAsString(json(om, o.file, r, tests, rejected)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (quiet) {
            out.println(String.format(Locale.ROOT, "%s: %d steps audited in %.2f s%s", o.file, r.steps(),
                r.seconds(), r.trace() == null ? "" : rejected ? "; engine trace REJECTED" : unchecked(r.trace(), tests) != null
                ? "; engine trace NOT CHECKED (too small)" : "; engine trace passed"));
        } else {
            out.print(table(o.file, r, tests, rejected, reportDir, csv));
        }
        out.flush();
        return rejected || unchecked(r.trace(), tests) != null ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * Why a trace that is not rejected was not checked (null when it was, when it is rejected, or without a trace): a
     * test missing, or one too small to detect any shift (detectable total variation 1 or more, as in {@code check}).
     */
    static String unchecked(ChainDumpAudit.Trace t, List<Test> tests) {
        if (t == null || rejected(t, tests)) {
            return null;
        }
        List<String> why = new ArrayList<>();
        for (String name : List.of("calibration", "lengths")) {
            Test test = tests.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (test == null) {
                why.add(name + ": no observations");
            } else if (Double.isInfinite(test.result().detectableBias())) {
                why.add(name + ": the sample is too small to compare anything (its cells pool into one)");
            } else if (!(test.result().detectableBias() < 1)) {
                why.add(String.format(Locale.ROOT, "%s: the sample is too small to detect any shift (the smallest"
                    + " detectable total variation would be %.3g)", name, test.result().detectableBias()));
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** The two G-tests of a trace (none without a trace, or for a test without observations). */
    static List<Test> tests(ChainDumpAudit.Trace t) {
        List<Test> tests = new ArrayList<>();
        if (t == null) {
            return tests;
        }
        double alpha = ALPHA / 2;
        long trials = 0;
        for (long c : t.calibrationTrials()) {
            trials += c;
        }
        int bins = t.calibrationTrials().length;
        if (trials > 0) {
            double[] expected = new double[2 * bins];
            long[] observed = new long[2 * bins];
            String[] labels = new String[2 * bins];
            for (int b = 0; b < bins; b++) {
                double e = Math.max(0, Math.min(t.calibrationTrials()[b], t.calibrationExpected()[b]));
                expected[2 * b] = e / trials;
                expected[2 * b + 1] = (t.calibrationTrials()[b] - e) / trials;
                observed[2 * b] = t.calibrationAccepts()[b];
                observed[2 * b + 1] = t.calibrationTrials()[b] - t.calibrationAccepts()[b];
                String range = String.format(Locale.ROOT, "c in [%.1f,%.1f%s", (double) b / bins,
                    (double) (b + 1) / bins, b == bins - 1 ? "]" : ")");
                labels[2 * b] = range + " accept";
                labels[2 * b + 1] = range + " reject";
            }
            tests.add(new Test("calibration", "accept decisions over steps and depths, binned by their exact"
                + " probability c = P(tau >= j | tau >= j - 1, drafts), against c",
                GoodnessOfFit.gTest(expected, observed, labels, alpha)));
        }
        long steps = 0;
        for (long c : t.observedLengths()) {
            steps += c;
        }
        if (steps > 0) {
            double[] expected = new double[t.expectedLengths().length];
            String[] labels = new String[expected.length];
            double total = 0;
            for (double e : t.expectedLengths()) {
                total += e;
            }
            for (int n = 0; n < expected.length; n++) {
                expected[n] = Math.max(0, t.expectedLengths()[n]) / total;
                labels[n] = "tau = " + n;
            }
            tests.add(new Test("lengths", "histogram of accepted lengths against the sum over steps of each step's"
                + " law of tau given its drafts", GoodnessOfFit.gTest(expected, t.observedLengths(), labels, alpha)));
        }
        return tests;
    }

    static boolean rejected(ChainDumpAudit.Trace t, List<Test> tests) {
        if (t == null) {
            return false;
        }
        boolean r = t.impossibleCount() > 0;
        for (Test test : tests) {
            r |= test.result().rejected();
        }
        return r;
    }

    /** The Bonferroni p-value of the two tests: min(1, 2 · the smaller p-value); 1 without tests. */
    static double pValue(List<Test> tests) {
        double p = 1;
        for (Test t : tests) {
            p = Math.min(p, t.result().pValue());
        }
        return tests.isEmpty() ? 1 : Math.min(1, tests.size() * p);
    }

    private static Measurement measurement(String file, ChainDumpAudit.Result r, ChainDumpAudit.Summary s) {
        return new Measurement("input", file, r.vocab(), 1, s.scheme().id(), "chain", s.mean(), Double.NaN, s.min(),
            s.max(), (int) Math.min(Integer.MAX_VALUE, r.steps()), "expected accepted draft tokens per step given its"
            + " drafts, E[tau | drafts], gamma = " + r.gamma());
    }

    static ObjectNode json(ObjectMapper om, String file, ChainDumpAudit.Result r, List<Test> tests,
                           boolean rejected) {
        ObjectNode root = om.createObjectNode();
        root.put("file", file);
        root.put("layout", "chain");
        root.put("steps", r.steps());
        root.put("gamma", r.gamma());
        root.put("vocab", r.vocab());
        if (!Double.isNaN(r.tolerance())) {
            root.put("sum_tolerance", r.tolerance());
        }
        root.put("sum_tolerance_rule", r.toleranceRule());
        root.put("seconds", r.seconds());
        ObjectNode meta = root.putObject("metadata");
        r.metadata().forEach(meta::put);
        ArrayNode w = root.putArray("warnings");
        r.warnings().forEach(w::add);
        root.put("quantile_method", "grid of " + ChainDumpAudit.FINE_BINS + " bins over [0, gamma]: each quantile is"
            + " the upper edge of the bin holding the value of rank ceil(q * N), within gamma / "
            + ChainDumpAudit.FINE_BINS + " of it");
        ArrayNode arr = root.putArray("quantities");
        for (ChainDumpAudit.Summary s : List.of(r.tokenwise(), r.block())) {
            ObjectNode o = Page.measurementJson(om, measurement(file, r, s));
            ObjectNode q = o.putObject("quantiles");
            String[] names = {"p5", "p25", "p50", "p75", "p95"};
            for (int i = 0; i < names.length; i++) {
                q.put(names[i], s.quantiles()[i]);
            }
            ArrayNode d = o.putArray("acceptanceByDepth");
            for (double v : s.acceptanceByDepth()) {
                d.add(v);
            }
            ArrayNode l = o.putArray("lengthLaw");
            for (double v : s.lengthLaw()) {
                l.add(v);
            }
            ArrayNode h = o.putArray("histogram");
            for (long c : s.histogram()) {
                h.add(c);
            }
            arr.add(o);
        }
        ObjectNode gain = root.putObject("gain");
        gain.put("quantity", "block - tokenwise");
        gain.put("value", r.gain().value());
        gain.put("bound", r.gain().bound());
        gain.put("relative", r.gain().value() / r.tokenwise().mean().value());
        ChainDumpAudit.Trace t = r.trace();
        if (t != null) {
            ObjectNode e = root.putObject("engineTrace");
            e.put("scheme", t.scheme().id());
            e.put("steps", t.steps());
            ArrayNode imp = e.putArray("impossibleSteps");
            t.impossibleSteps().forEach(imp::add);
            e.put("impossibleCount", t.impossibleCount());
            ArrayNode reasons = e.putArray("reasons");
            t.reasons().forEach(reasons::add);
            e.put("pValue", pValue(tests));
            ObjectNode shift = e.putObject("detectableShift");
            for (Test test : tests) {
                shift.put(test.name(), test.result().detectableBias());
            }
            shift.put("power", GoodnessOfFit.POWER);
            shift.put("measure", "total variation between the observed and predicted laws of each test's cells");
            e.put("rejected", rejected);
            e.put("unchecked", unchecked(r.trace(), tests));
            e.put("alpha", ALPHA);
            e.put("observedMean", t.observedMean());
            e.put("predictedMean", t.predictedMean());
            ArrayNode ts = e.putArray("tests");
            for (Test test : tests) {
                ObjectNode o = ts.addObject();
                GoodnessOfFit.Result g = test.result();
                o.put("name", test.name());
                o.put("what", test.what());
                o.put("n", g.n());
                o.put("cells", g.cells());
                o.put("test", g.test());
                o.put("statistic", g.statistic());
                o.put("pValue", g.pValue());
                o.put("alpha", g.alpha());
                o.put("rejected", g.rejected());
                o.put("detectableShift", g.detectableBias());
                o.put("power", GoodnessOfFit.POWER);
                o.put("table", g.table());
            }
        }
        return root;
    }

    static String table(String file, ChainDumpAudit.Result r, List<Test> tests, boolean rejected, Path reportDir,
                        Path csv) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Audit of %s: chain dump, %d steps, gamma = %d, |V| = %d%n", file,
            r.steps(), r.gamma(), r.vocab()));
        InputAudit.appendRows(sb, r.tolerance(), r.toleranceRule(), r.metadata());
        sb.append(String.format(Locale.ROOT, "%.2f s.%n%n", r.seconds()));
        TextTable t = new TextTable("scheme", "mean E[tau]", "p5", "median", "p95", "min", "max", "bound")
            .alignRight(1, 2, 3, 4, 5, 6, 7);
        for (ChainDumpAudit.Summary s : List.of(r.tokenwise(), r.block())) {
            t.row(s.scheme().id(), f4(s.mean().value()), f4(s.quantiles()[0]), f4(s.quantiles()[2]),
                f4(s.quantiles()[4]), f4(s.min()), f4(s.max()), s.mean().boundText());
        }
        sb.append(t.render());
        sb.append("E[tau] = expected accepted draft tokens of a step given its drafts; floating, each within its bound."
            + "\nQuantiles on a grid of " + ChainDumpAudit.FINE_BINS + " bins over [0, gamma] (upper bin edges).\n\n");
        TextTable d = new TextTable(header(r.gamma())).alignRight(range(1, r.gamma()));
        for (ChainDumpAudit.Summary s : List.of(r.tokenwise(), r.block())) {
            List<String> row = new ArrayList<>();
            row.add(s.scheme().id());
            for (double v : s.acceptanceByDepth()) {
                row.add(f4(v));
            }
            d.row(row.toArray(String[]::new));
        }
        sb.append("Acceptance at each depth, P(tau >= j), mean over steps:\n").append(d.render());
        sb.append(String.format(Locale.ROOT, "Block over tokenwise: %+.4f accepted tokens per step (%+.1f%%), within"
            + " %s.%n", r.gain().value(), 100 * r.gain().value() / r.tokenwise().mean().value(), r.gain().boundText()));
        ChainDumpAudit.Trace tr = r.trace();
        if (tr != null) {
            sb.append(String.format(Locale.ROOT, "%nEngine trace under %s: %d steps, mean accepted %.4f (predicted"
                + " %.4f)%s.%n", tr.scheme().id(), tr.steps(), tr.observedMean(), tr.predictedMean(),
                tr.impossibleCount() == 0 ? "" : ", both over the " + (tr.steps() - tr.impossibleCount())
                + " possible steps"));
            sb.append(tr.impossibleCount() == 0 ? "  impossible steps: none\n"
                : "  impossible steps: " + tr.impossibleCount() + " (first: " + tr.impossibleSteps().subList(0,
                Math.min(10, tr.impossibleSteps().size())) + ")\n");
            for (String why : tr.reasons().subList(0, Math.min(5, tr.reasons().size()))) {
                sb.append(AuditCommand.wrap(why, AuditCommand.WIDTH, "    ")).append('\n');
            }
            for (Test test : tests) {
                GoodnessOfFit.Result g = test.result();
                // G >= 0; a last-place negative value from rounding is shown as 0
                sb.append(AuditCommand.wrap(String.format(Locale.ROOT, "%s: %s = %.4g, %d cells, n = %d, p-value"
                    + " %.4g at alpha %.2g (%s); detects a shift of TV >= %.4g with power %.2f", test.name(),
                    GoodnessOfFit.G.equals(g.test()) ? "G" : "exact binomial test, remainder count",
                    Math.max(0, g.statistic()), g.cells(), g.n(), g.pValue(), g.alpha(), g.rejected() ? "REJECTED"
                    : "not rejected", g.detectableBias(), GoodnessOfFit.POWER), AuditCommand.WIDTH, "  "))
                    .append('\n');
                if (g.rejected()) {
                    sb.append(g.table().indent(4));
                }
            }
            String unchecked = unchecked(tr, tests);
            sb.append(rejected ? "  FAILED: the engine's trace is not what " + tr.scheme().id() + " does on these"
                + " drafts and laws.\n" : unchecked != null ? AuditCommand.wrap("NOT CHECKED: " + unchecked
                + "; no impossible step, but the trace is not judged (exit 1).", AuditCommand.WIDTH, "  ") + "\n"
                : "  passed (each test at alpha " + plain(ALPHA / 2) + ", " + plain(ALPHA) + " together).\n");
        }
        if (csv != null) {
            sb.append("Per step: ").append(csv).append('\n');
        }
        if (reportDir != null) {
            sb.append("Report: ").append(reportDir.resolve("index.html")).append('\n');
        }
        return sb.toString();
    }

    private static String[] header(int g) {
        String[] h = new String[g + 1];
        h[0] = "scheme";
        for (int j = 1; j <= g; j++) {
            h[j] = "j = " + j;
        }
        return h;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from + 1];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    static Page page(String file, ChainDumpAudit.Result r, List<Test> tests, boolean rejected, String csv) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode extra = json(om, file, r, tests, rejected);
        extra.remove("quantities");
        Page page = new Page("specverify audit --input " + file, String.format(Locale.ROOT,
            "chain dump: %d steps, gamma = %d, |V| = %d; %.2f s.", r.steps(), r.gamma(), r.vocab(), r.seconds()),
            extra);
        page.measurements(List.of(measurement(file, r, r.tokenwise()), measurement(file, r, r.block())));
        List<Page.Block> blocks = new ArrayList<>();
        blocks.add(new Page.Text("Per step, given its drafts: the law of the number of accepted draft tokens under"
            + " tokenwise and block verification, floating, each within its error bound; then aggregated."));
        List<List<String>> rows = new ArrayList<>();
        for (ChainDumpAudit.Summary s : List.of(r.tokenwise(), r.block())) {
            rows.add(List.of(s.scheme().id(), d6(s.mean().value()), d6(s.quantiles()[0]),
                d6(s.quantiles()[2]), d6(s.quantiles()[4]), d6(s.min()), d6(s.max()),
                s.mean().boundText()));
        }
        blocks.add(new Page.Table("E[tau | drafts] over the steps", List.of("scheme", "mean", "p5", "median", "p95",
            "min", "max", "bound"), rows, null));
        Figure gain = r.gain();
        blocks.add(new Page.Text(String.format(Locale.ROOT, "Block over tokenwise: %+.6f accepted tokens per step,"
            + " within %s.", gain.value(), gain.boundText())));
        if (r.trace() != null) {
            List<List<String>> trows = new ArrayList<>();
            for (Test t : tests) {
                GoodnessOfFit.Result g = t.result();
                trows.add(List.of(t.name(), Long.toString(g.n()), String.format(Locale.ROOT, "%.4g", g.pValue()),
                    String.format(Locale.ROOT, "%.4g", g.detectableBias()), g.rejected() ? "rejected" : "not rejected"));
            }
            blocks.add(new Page.Text("Engine trace under " + r.trace().scheme().id() + ": "
                + r.trace().impossibleCount() + " impossible steps; " + (rejected ? "FAILED." : unchecked(r.trace(), tests)
                != null ? "NOT CHECKED: " + unchecked(r.trace(), tests) + "." : "passed.")));
            blocks.add(new Page.Table("tests of the engine's trace (each at alpha " + plain(ALPHA / 2) + ")",
                List.of("test", "n", "p-value", "detectable TV shift (power 0.9)", "verdict"), trows, null));
        }
        if (csv != null) {
            blocks.add(new Page.Text("Every step: " + csv + "."));
        }
        page.section(new Page.Section("input", "Steps of " + file, blocks));
        return page;
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String d6(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
