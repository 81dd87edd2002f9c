package org.specverify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.io.SequenceInstanceReader;
import org.specverify.properties.engine.SampleInput;
import org.specverify.properties.engine.SequenceEngineCheck;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import picocli.CommandLine.ParameterException;

/**
 * {@code specverify check} on sequence cases ({@link SequenceEngineCheck}): engine traces of chains and trees, checked
 * per (engine, case) by (a) possibility, (b) the engine's accepted field, (c) the stream law, (d) conformance and (e)
 * accepted lengths under a sequence scheme.
 */
final class SequenceCheck {
    /** The names of the checks, as JSON's {@code failedChecks} and the text output give them. */
    static final String POSSIBILITY = "possibility";
    static final String ACCEPTED = "acceptedField";
    static final String STREAM = "streamLaw";
    static final String CONFORMANCE = "conformance";
    static final String LENGTHS = "acceptedLength";

    private SequenceCheck() {
    }

    /**
     * Whether the cases file is a sequence vectors file: a JSON object whose first top-level field among these is
     * {@code instances} (or {@code gamma}: one sequence instance) rather than {@code cases}. The top level is scanned with a streaming parser that stops at the
     * first of them (the writers put it first), so a large token vectors file is not parsed twice. Anything else,
     * unreadable or malformed files included, goes to the token check, which names what is wrong.
     */
    static boolean isSequenceCases(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (name.equals("cases")) {
                    return false;
                }
                if (name.equals("instances") || name.equals("gamma")) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static int run(CheckCommand c) throws Exception {
        picocli.CommandLine cl = c.spec.commandLine();
        if (c.uniformModelId != null) {
            throw new ParameterException(cl, "--uniform-model is for token cases; " + c.casesFile + " holds sequence"
                + " cases");
        }
        SequenceScheme scheme = null;
        if (c.schemeId != null) {
            try {
                scheme = c.plugins.sequenceRegistry(c.context()).get(c.schemeId);
            } catch (InvalidInputException e) {
                throw new ParameterException(cl, "--scheme: " + e.getMessage() + " (the cases are sequence cases:"
                    + " --scheme names a sequence scheme)");
            }
        }
        long seed = c.seedGiven() == null ? 1 : c.seedGiven();
        List<SequenceInstance> cases = SequenceInstanceReader.read(c.path("--cases", c.casesFile), c.casesFile);
        SequenceEngineCheck check = new SequenceEngineCheck(cases, scheme, c.alpha, seed);
        long start = System.nanoTime();
        try (SampleInput in = c.openSamples()) {
            check.read(in);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (check.samples() == 0) {
            throw new InvalidInputException(c.samplesFile + ": no samples");
        }
        SequenceEngineCheck.Report r = check.report();
        List<String> unsampled = check.casesWithoutSamples();
        long unchecked = r.groups().stream().filter(SequenceEngineCheck.GroupReport::isUnchecked).count();
        boolean anyUnchecked = !unsampled.isEmpty() || unchecked > 0;
        boolean failed = r.failed() || (anyUnchecked && !c.allowUnchecked);
        PrintWriter out = cl.getOut();
        if (c.json.json) {
            out.println(Json.PRETTY.writeValueAsString(toJson(r, seconds, unsampled, unchecked, c.allowUnchecked,
                failed)));
        } else {
            print(out, r, seconds, unsampled, unchecked, c.allowUnchecked, failed);
        }
        out.flush();
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** The checks a group fails, by name. */
    static List<String> failedChecks(SequenceEngineCheck.GroupReport g) {
        List<String> f = new ArrayList<>();
        if (g.impossibleDrafts() + g.impossibleBlocks() > 0) {
            f.add(POSSIBILITY);
        }
        if (g.accepted().wrong() > 0) {
            f.add(ACCEPTED);
        }
        if (g.stream() != null && g.stream().rejected()) {
            f.add(STREAM);
        }
        if (g.conformance() != null && g.conformance().treesRejected() > 0) {
            f.add(CONFORMANCE);
        }
        if (g.length() != null && g.length().test() != null && g.length().test().rejected()) {
            f.add(LENGTHS);
        }
        return f;
    }

    static ObjectNode toJson(SequenceEngineCheck.Report r, double seconds, List<String> unsampled, long unchecked,
                             boolean allowUnchecked, boolean failed) {
        ObjectNode root = CheckCommand.jsonHead("sequence", r.samples(), r.alpha(), r.scheme());
        root.put("seed", r.seed());
        root.put("seconds", Math.round(seconds * 1000) / 1000.0);
        root.put("samplesPerSecond", Math.round(r.samples() / Math.max(seconds, 1e-9)));
        ArrayNode none = root.putArray("casesWithoutSamples");
        unsampled.forEach(none::add);
        root.put("groupsUnchecked", unchecked);
        root.put("allowUnchecked", allowUnchecked);
        root.put("failed", failed);
        ArrayNode groups = root.putArray("groups");
        for (SequenceEngineCheck.GroupReport g : r.groups()) {
            groups.add(groupJson(g));
        }
        return root;
    }

    static ObjectNode groupJson(SequenceEngineCheck.GroupReport g) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("engine", g.engine());
        o.put("case", g.caseId());
        o.put("gamma", g.gamma());
        o.put("n", g.n());
        o.put("failed", g.failed());
        ArrayNode fc = o.putArray("failedChecks");
        failedChecks(g).forEach(fc::add);
        if (g.unchecked() == null) {
            o.putNull("unchecked");
        } else {
            o.put("unchecked", g.unchecked());
        }
        ObjectNode p = o.putObject(POSSIBILITY);
        p.put("impossibleDrafts", g.impossibleDrafts());
        ArrayNode dl = p.putArray("impossibleDraftLines");
        g.draftLines().forEach(dl::add);
        p.put("impossibleBlocks", g.impossibleBlocks());
        ArrayNode bl = p.putArray("impossibleBlockLines");
        g.blockLines().forEach(bl::add);
        if (g.draftsNote() != null) {
            p.put("note", g.draftsNote());
        }
        SequenceEngineCheck.AcceptedField a = g.accepted();
        if (a.samples() == 0) {
            o.putNull(ACCEPTED);
        } else {
            ObjectNode ao = o.putObject(ACCEPTED);
            ao.put("samples", a.samples());
            ao.put("wrong", a.wrong());
            ArrayNode al = ao.putArray("lines");
            a.lines().forEach(al::add);
        }
        ObjectNode s = o.putObject(STREAM);
        s.put("depth", g.gamma() + 1);
        if (g.stream() == null) {
            s.put("note", g.streamNote());
        } else {
            test(s, g.stream());
        }
        SequenceEngineCheck.Conformance c = g.conformance();
        if (c == null) {
            o.putNull(CONFORMANCE);
        } else {
            ObjectNode co = o.putObject(CONFORMANCE);
            co.put("treesTested", c.treesTested());
            co.put("treesRejected", c.treesRejected());
            co.put("alphaPerTree", c.alphaPerTree());
            if (c.treesTested() > 0) {
                co.put("detectableBiasBestTree", c.detectableBiasBest());
                co.put("detectableBiasLeastSampledTree", c.detectableBiasWorst());
                co.put("power", GoodnessOfFit.POWER);
                co.put("worstTree", c.worstTree());
                co.put("worstPValue", c.worstPValue());
            }
            if (c.treesRejected() > 0) {
                co.put("worstTable", c.worstTable());
            }
            if (c.note() != null) {
                co.put("note", c.note());
            }
        }
        SequenceEngineCheck.LengthTest l = g.length();
        if (l == null) {
            o.putNull(LENGTHS);
        } else {
            ObjectNode lo = o.putObject(LENGTHS);
            ArrayNode obs = lo.putArray("observed");
            for (long x : l.observed()) {
                obs.add(x);
            }
            if (l.exact() != null) {
                ArrayNode ex = lo.putArray("exact");
                for (BigFraction x : l.exact()) {
                    ex.add(Fractions.format(x));
                }
                lo.put("exactMean", Fractions.format(l.exactMean()));
            }
            lo.put("observedMean", l.observedMean());
            if (l.test() != null) {
                test(lo, l.test());
            }
            if (l.note() != null) {
                lo.put("note", l.note());
            }
        }
        return o;
    }

    private static void test(ObjectNode o, GoodnessOfFit.Result r) {
        o.put("test", r.test());
        o.put("statistic", r.statistic());
        o.put("cells", r.cells());
        o.put("pValue", r.pValue());
        o.put("rejected", r.rejected());
        o.put("detectableBias", r.detectableBias());
        o.put("power", GoodnessOfFit.POWER);
        if (r.rejected()) {
            o.put("table", r.table());
        }
    }

    private static void print(PrintWriter out, SequenceEngineCheck.Report r, double seconds, List<String> unsampled,
                              long unchecked, boolean allowUnchecked, boolean failed) {
        out.printf(Locale.ROOT, "check (sequence level): %,d samples, %d group(s) (engine x case), scheme %s, alpha %s,"
                + " continuation seed %d; read in %.1f s%n%n", r.samples(), r.groups().size(),
            r.scheme() == null ? "none" : r.scheme(), r.alpha(), r.seed(), seconds);
        boolean withScheme = r.scheme() != null;
        TextTable t = withScheme
            ? new TextTable("engine", "case", "n", "(a) impossible", "(b) accepted wrong", "(c) stream p",
                "detects TV >=", "(d) conformance", "(e) lengths p", "detects TV >=", "E[tau] obs / exact", "verdict")
            : new TextTable("engine", "case", "n", "(a) impossible", "(b) accepted wrong", "(c) stream p",
                "detects TV >=", "verdict");
        for (SequenceEngineCheck.GroupReport g : r.groups()) {
            List<String> row = new ArrayList<>(List.of(g.engine().isEmpty() ? "(unnamed)" : g.engine(), g.caseId(),
                Long.toString(g.n()), Long.toString(g.impossibleDrafts() + g.impossibleBlocks()),
                g.accepted().samples() == 0 ? "-" : Long.toString(g.accepted().wrong()),
                ran(g.stream()) ? String.format(Locale.ROOT, "%.3g", g.stream().pValue()) : "-",
                ran(g.stream()) ? bias(g.stream().detectableBias()) : "not tested"));
            if (withScheme) {
                SequenceEngineCheck.Conformance c = g.conformance();
                row.add(c.treesTested() == 0 ? "not tested" : c.treesRejected() + "/" + c.treesTested()
                    + " rejected");
                SequenceEngineCheck.LengthTest l = g.length();
                row.add(ran(l.test()) ? String.format(Locale.ROOT, "%.3g", l.test().pValue()) : "-");
                row.add(ran(l.test()) ? bias(l.test().detectableBias()) : "not tested");
                row.add(l.exactMean() == null ? "-" : String.format(Locale.ROOT, "%.3f / %.3f", l.observedMean(),
                    l.exactMean().doubleValue()));
            }
            row.add(g.failed() ? "FAIL" : g.isUnchecked() ? "not checked" : "ok");
            t.row(row.toArray(String[]::new));
        }
        out.print(t.render());
        for (SequenceEngineCheck.GroupReport g : r.groups()) {
            if (!g.failed()) {
                continue;
            }
            out.println();
            out.println("FAIL " + (g.engine().isEmpty() ? "" : g.engine() + ", ") + g.caseId() + " ("
                + String.join(", ", failedChecks(g)) + "):");
            for (String l : g.draftLines()) {
                out.println("  (a) impossible drafts, " + l);
            }
            for (String l : g.blockLines()) {
                out.println("  (a) impossible block, " + l);
            }
            for (String l : g.accepted().lines()) {
                out.println("  (b) accepted field, " + l);
            }
            if (g.stream() != null && g.stream().rejected()) {
                out.println("  (c) stream law to depth " + (g.gamma() + 1) + " vs the target: " + g.stream());
                out.print(CheckCommand.indent(g.stream().table()));
            }
            SequenceEngineCheck.Conformance c = g.conformance();
            if (c != null && c.treesRejected() > 0) {
                out.printf(Locale.ROOT, "  (d) conformance: %d of %d drafted trees rejected at alpha %.3g each; worst"
                    + " drafts %s (p-value %.3g):%n", c.treesRejected(), c.treesTested(), c.alphaPerTree(),
                    c.worstTree(), c.worstPValue());
                out.print(CheckCommand.indent(c.worstTable()));
            }
            SequenceEngineCheck.LengthTest l = g.length();
            if (l != null && l.test() != null && l.test().rejected()) {
                out.println("  (e) accepted lengths vs the exact law (E[tau] = " + Fractions.format(l.exactMean())
                    + "): " + l.test());
                out.print(CheckCommand.indent(l.test().table()));
            }
        }
        String level = allowUnchecked ? "warning" : "FAIL";
        for (SequenceEngineCheck.GroupReport g : r.groups()) {
            if (g.isUnchecked() && !g.failed()) {
                out.println();
                out.println(level + ": " + (g.engine().isEmpty() ? "" : g.engine() + ", ") + g.caseId()
                    + " not checked: " + g.unchecked());
            }
        }
        CheckCommand.printUnsampled(out, level, unsampled);
        CheckCommand.printVerdict(out, failed, !unsampled.isEmpty() || unchecked > 0);
    }

    private static String bias(double b) {
        return b < 1 ? String.format(Locale.ROOT, "%.3g", b) : "none (n too small)";
    }

    /**
     * Whether a G-test ran and compared something: a test whose cells pool into one (detectable bias infinite) shows
     * no p-value, so that a test that compared nothing never reads as a pass.
     */
    private static boolean ran(GoodnessOfFit.Result r) {
        return r != null && Double.isFinite(r.detectableBias());
    }
}
