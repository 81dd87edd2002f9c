package org.specverify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditResult;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.ExactValue;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.Measured;
import org.specverify.audit.OptimalityExtension;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.report.Measurement;
import org.specverify.report.Page;
import org.specverify.report.ReportSchemes;
import org.specverify.report.SequenceStudy;
import org.specverify.report.StudyReport;
import org.specverify.report.Studies;
import org.specverify.report.SyntheticRows;

/**
 * {@code specverify audit} without arguments: the built-in studies ({@link Studies}) and the exact audit of the
 * built-in cases, as a terminal summary, the HTML report, and CSV and JSON of every number.
 */
final class StudiesRun {
    private StudiesRun() {
    }

    /** The run; returns the exit code of the exact audit of the built-in cases. */
    static int run(PrintWriter out, PrintWriter err, boolean terminal, List<Scheme> schemes, Path reportDir,
                   int positions, boolean json, boolean quiet, double maxSeconds) {
        long t0 = System.nanoTime();
        Progress progress = new Progress(err, terminal && !quiet, quiet ? Long.MAX_VALUE / 4 : 2_000);
        Studies.Result studies;
        AuditSummary summary = new AuditSummary();
        AuditSink.Collecting collected = new AuditSink.Collecting();
        try {
            studies = Studies.run(positions, Runtime.getRuntime().availableProcessors(),
                (what, done, total) -> progress.step(what, done, total));
            List<Instance> cases = InstanceReader.builtin();
            progress.step("exact audit of the built-in cases", 0, cases.size());
            Audit.of(schemes).with(new OptimalityExtension()).withMaxSeconds(maxSeconds)
                .run(cases, cases.size(), collected, org.specverify.audit.AuditListener.NONE, summary);
        } finally {
            progress.finished();
        }
        AuditResult result = collected.result();
        String caseSummary = AuditCommand.summary(summary, AuditCommand.parameters(schemes)).trim();
        String machine = Machine.describe();
        Page page = StudyReport.page(studies, cases(result, caseSummary), machine);
        if (reportDir != null) {
            page.write(reportDir);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (json) {
            ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode root = page.jsonNode(om);
            root.put("ok", summary.exitCode() == 0);
            root.put("report", reportDir == null ? null : reportDir.resolve("index.html").toString());
            try {
                out.println(om.writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (quiet) {
            out.println(caseSummary.lines().reduce((a, b) -> b).orElse("") + (reportDir == null ? ""
                : " Report: " + reportDir.resolve("index.html")));
        } else {
            out.print(table(studies, caseSummary, result.instances().size(), seconds, machine, reportDir));
        }
        out.flush();
        return summary.exitCode();
    }

    private static StudyReport.Cases cases(AuditResult result, String summary) {
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> titles = new ArrayList<>();
        for (InstanceAudit i : result.instances()) {
            for (SchemeAudit s : i.schemes()) {
                Measured m = s.measured().orElse(null);
                String exact = m == null ? "" : m.acceptance().fraction();
                rows.add(List.of(i.name(), Integer.toString(i.vocab()), Integer.toString(i.k()), s.id(),
                    s.verdict().label(), exact.length() <= 24 ? exact : "(long)",
                    m == null ? "" : String.format(Locale.ROOT, "%.6f", m.acceptance().value()),
                    s.reason().orElse("")));
                titles.add(java.util.Arrays.asList("", "", "", "", "", exact, "", ""));
            }
        }
        return new StudyReport.Cases(summary, List.of("instance", "|V|", "K", "scheme", "verdict", "acceptance (exact)",
            "decimal", "note"), rows, titles);
    }

    /** The terminal summary: at most 120 columns. */
    static String table(Studies.Result r, String caseSummary, int caseCount, double seconds, String machine,
                        Path reportDir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "specverify audit: built-in studies (%.1f s; %s)%n", seconds, machine));
        sb.append("Acceptance = P(Y in drafts); alpha* = the best any lossless verifier reaches on the same draft law.\n");
        sb.append("\n(a) |V| = 3, K = 2, target p uniform, draft q over the simplex: exact values at named points\n");
        // the named points' columns in the order the studies give them; headers from the report's table
        List<String> cols = new ArrayList<>();
        for (Studies.NamedPoint np : r.named()) {
            for (String c : np.values().keySet()) {
                if (!cols.contains(c)) {
                    cols.add(c);
                }
            }
        }
        List<String> h = new ArrayList<>(List.of("draft q"));
        for (String c : cols) {
            h.add(c.equals("alpha* (iid)") ? "a* iid" : c.equals("alpha* (without-replacement)") ? "a* wor"
                : header(c));
        }
        TextTable t = new TextTable(h.toArray(String[]::new)).alignRight(rightAligned(h.size()));
        for (Studies.NamedPoint np : r.named()) {
            List<String> row = new ArrayList<>();
            StringBuilder q = new StringBuilder("(");
            for (int i = 0; i < 3; i++) {
                q.append(i == 0 ? "" : ", ").append(ExactValue.of(np.q()[i]).fraction());
            }
            row.add(q.append(')').toString());
            for (String c : cols) {
                BigFraction f = np.values().get(c);
                row.add(f == null ? "n/a" : exactCell(f));
            }
            t.row(row.toArray(String[]::new));
        }
        sb.append(t.render());
        sb.append("Exact rationals; a decimal ending in ~ is a longer fraction rounded (--json and the report have it"
            + " whole).\nkseq*: test acceptance at the rational rho it runs with. Charts over the whole simplex: the"
            + " report.\n");
        sb.append("\n(b, c) LLM-like synthetic families (seeded Zipf-like target, float32), |V| = 128256: mean over ")
            .append(r.positions()).append(" positions\n");
        double maxBound = 0;
        for (Measurement m : r.llm()) {
            maxBound = Math.max(maxBound, m.figure().bound());
        }
        List<ReportSchemes.Column> curves = ReportSchemes.curves();
        List<ReportSchemes.Column> gaps = StudyReport.gapCharted();
        List<String> lh = new ArrayList<>(List.of("draft family", "K"));
        curves.forEach(c -> lh.add(header(c.id())));
        lh.addAll(List.of("a* iid", "a* wor"));
        gaps.forEach(c -> lh.add(ReportSchemes.shortName(c.id()) + " gap"));
        TextTable l = new TextTable(lh.toArray(String[]::new)).alignRight(rightAligned(lh.size()));
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            for (int k : Studies.KS) {
                Map<String, Measurement> m = StudyReport.index(r.llm(), f.id(), 128256, k);
                List<String> row = new ArrayList<>(List.of(f.id(), Integer.toString(k)));
                curves.forEach(c -> row.add(v(m, c.key())));
                row.add(v(m, "alpha*|iid"));
                row.add(v(m, "alpha*|without-replacement"));
                gaps.forEach(c -> row.add(gap(m, c.key())));
                l.row(row.toArray(String[]::new));
            }
        }
        sb.append(l.render());
        sb.append(AuditCommand.wrap(String.format(Locale.ROOT, "Floating-point closed forms and fast optima; every error"
            + " bound is below %.0e. gap = alpha* (iid) - acceptance. rrs-wor: closed form for K <= 2 only.",
            Math.pow(10, Math.ceil(Math.log10(maxBound)))), 120, "")).append('\n');
        List<String> fams = new ArrayList<>();
        for (SyntheticRows.Family f : SyntheticRows.Family.values()) {
            fams.add(f.id() + " = " + f.description());
        }
        sb.append(AuditCommand.wrap("Draft families: " + String.join("; ", fams) + ". |V| = 1000 and 32000: the report.",
            120, "")).append('\n');
        sb.append(sequence(r.sequence()));
        sb.append("\nExact audit of the ").append(caseCount).append(" built-in cases (every scheme, rational"
            + " enumeration; the rows: audit --cases):\n");
        sb.append(caseSummary).append('\n');
        if (reportDir != null) {
            sb.append("\nReport: ").append(reportDir.resolve("index.html")).append('\n')
                .append("  (charts and every table; every number in measurements.csv and measurements.json beside it)\n");
        }
        return sb.toString();
    }

    /** The sequence study's lines: the chains at the largest gamma, exact; the rest is in the report. */
    static String sequence(SequenceStudy.Result r) {
        int g = SequenceStudy.MAX_GAMMA;
        StringBuilder sb = new StringBuilder();
        sb.append("\n(d) Sequence level, exact: expected accepted draft tokens per step, chains of gamma = ").append(g)
            .append(", |V| = ").append(SequenceStudy.VOCAB).append("\n");
        TextTable t = new TextTable("model pair", "tokenwise", "block", "C* (bound)", "block - tokenwise")
            .alignRight(1, 2, 3, 4);
        for (SequenceStudy.ModelPair m : r.models()) {
            Map<String, Measurement> row = new java.util.LinkedHashMap<>();
            for (Measurement x : r.chain()) {
                if (x.setting().equals(m.id()) && x.k() == g) {
                    row.put(x.quantity(), x);
                }
            }
            double tw = row.get("tokenwise").figure().value();
            double bl = row.get("block").figure().value();
            t.row(m.id(), String.format(Locale.ROOT, "%.4f", tw), String.format(Locale.ROOT, "%.4f", bl),
                String.format(Locale.ROOT, "%.4f", row.get(SequenceStudy.C_STAR).figure().value()),
                String.format(Locale.ROOT, "%.4f", bl - tw));
        }
        sb.append(t.render());
        boolean vStarProved = r.chain().stream().filter(x -> x.quantity().equals(SequenceStudy.V_STAR))
            .allMatch(x -> x.figure().isExact());
        String vStar = r.vStarUnavailable() != null ? "V* not computed: " + r.vStarUnavailable() + ". "
            : vStarProved ? "The best lossless verifier V* equals block on every chain up to gamma = "
            + SequenceStudy.MAX_GAMMA_VSTAR + " (proved by an exact LP certificate). "
            : "The best lossless verifier V*: the report (not proved equal to block on every chain). ";
        sb.append(AuditCommand.wrap("Seeded context-dependent model pairs. C* = the coupling bound: no lossless"
            + " verifier exceeds it, the best need not reach it. " + vStar + "Gamma 1.." + g + ", tree shapes at equal"
            + " node budgets and tokenwise against block at |V| = 32000 and 128256: the report.", 120, ""))
            .append('\n');
        return sb.toString();
    }

    /** A scheme's column header: its short name, with "*" where its figure is test acceptance (see the footnote). */
    static String header(String schemeId) {
        boolean test = ReportSchemes.closedForm(schemeId).map(ReportSchemes.ClosedForm::testAcceptance).orElse(false);
        return ReportSchemes.shortName(schemeId) + (test ? "*" : "");
    }

    /** Columns 1 .. n - 1 (every column but the first). */
    private static int[] rightAligned(int n) {
        int[] a = new int[n - 1];
        for (int i = 0; i < a.length; i++) {
            a[i] = i + 1;
        }
        return a;
    }

    /** A short exact cell: the fraction when short, otherwise six decimals and "~". */
    static String exactCell(BigFraction f) {
        String s = ExactValue.of(f).fraction();
        return s.length() <= 8 ? s : String.format(Locale.ROOT, "%.6f~", f.doubleValue());
    }

    private static String v(Map<String, Measurement> m, String key) {
        Measurement x = m.get(key);
        return x == null ? "-" : String.format(Locale.ROOT, "%.4f", x.figure().value());
    }

    private static String gap(Map<String, Measurement> m, String key) {
        Measurement x = m.get(key);
        return x == null || Double.isNaN(x.gap()) ? "-" : String.format(Locale.ROOT, "%.4f", x.gap());
    }
}
