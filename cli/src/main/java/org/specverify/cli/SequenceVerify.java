package org.specverify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.io.SequenceInstanceWriter;
import org.specverify.properties.exhaustive.SequenceExhaustiveCheck;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * {@code specverify verify --level sequence}: every sequence scheme, exactly, on every order-0 and order-1 model pair of
 * a small grid ({@link SequenceExhaustiveCheck}); a failing scheme's counterexample shrunk and printed as the sequence
 * instance JSON that {@code audit --instance} reads.
 */
final class SequenceVerify {
    private SequenceVerify() {
    }

    /**
     * Runs the check and prints it.
     *
     * @param schemeIds  the --scheme ids (sequence schemes), empty for all
     * @param maxChecks  the largest number of instances, decided before the work
     */
    static int run(PrintWriter out, SequenceSchemes registry, List<String> schemeIds,
                   SequenceExhaustiveCheck.Config config, long maxChecks, boolean json) throws Exception {
        List<SequenceScheme> schemes = new ArrayList<>();
        if (schemeIds.isEmpty()) {
            schemes.addAll(registry.all());
        } else {
            for (String id : new LinkedHashSet<>(schemeIds)) {
                try {
                    schemes.add(registry.get(id.trim()));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("--scheme: " + e.getMessage() + " (with --level sequence, --scheme"
                        + " names sequence schemes; see 'specverify schemes')", e);
                }
            }
        }
        SequenceExhaustiveCheck.Result r = SequenceExhaustiveCheck.run(config, schemes,
            new SequenceExhaustiveCheck.Limits(maxChecks));
        if (json) {
            out.println(Json.PRETTY.writeValueAsString(toJson(r, config)));
        } else {
            print(out, r, config);
        }
        out.flush();
        return r.failures() > 0 || r.errors() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    static ObjectNode toJson(SequenceExhaustiveCheck.Result r, SequenceExhaustiveCheck.Config c) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("level", "sequence");
        root.put("instances", r.instances());
        root.put("undrawable", r.undrawable());
        root.put("checks", r.checks());
        root.put("failures", r.failures());
        root.put("errors", r.errors());
        ArrayNode v = root.putArray("vocab");
        c.vocabs().forEach(v::add);
        ArrayNode g = root.putArray("gamma");
        c.gammas().forEach(g::add);
        ArrayNode o = root.putArray("order");
        c.orders().forEach(o::add);
        root.put("grid", c.grid());
        root.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        ArrayNode schemes = root.putArray("schemes");
        for (SequenceExhaustiveCheck.SchemeResult s : r.schemes()) {
            ObjectNode e = schemes.addObject();
            e.put("id", s.scheme().id());
            e.put("level", "sequence");
            e.put("claimsLossless", s.scheme().claimsLossless());
            e.put("lossless", s.lossless());
            e.put("checked", s.checked());
            e.put("failed", s.failed());
            e.put("maxLawError", Fractions.format(s.maxLawError()));
            if (s.shrunk().isPresent()) {
                e.set("counterexample", Json.MAPPER.readTree(SequenceInstanceWriter.json(s.shrunk().get())));
            } else {
                e.putNull("counterexample");
            }
            if (s.error().isPresent()) {
                e.put("error", s.error().get());
                e.put("errors", s.errors());
            }
        }
        return root;
    }

    private static void print(PrintWriter out, SequenceExhaustiveCheck.Result r, SequenceExhaustiveCheck.Config c) {
        out.printf(Locale.ROOT, "verify --level sequence: every target and draft model of order %s on the 1/%d grid,"
            + " |V| in %s, gamma in %s, as a chain and as [2, 1, ...] trees (iid, without-replacement, top-k):"
            + " %d instances (%d skipped: fewer draft tokens of positive mass than distinct siblings), %d checks in"
            + " %.1f s%n%n", c.orders(), c.grid(), c.vocabs(), c.gammas(), r.instances(), r.undrawable(), r.checks(),
            r.seconds());
        TextTable t = new TextTable("scheme", "claims lossless", "checked", "not lossless", "max law error",
            "verdict");
        for (SequenceExhaustiveCheck.SchemeResult s : r.schemes()) {
            String verdict = s.error().isPresent() ? "ERROR"
                : s.lossless() ? (s.checked() == 0 ? "not applicable" : "lossless")
                : s.scheme().claimsLossless() ? "FAILS" : "lossy (by design)";
            t.row(s.scheme().id(), s.scheme().claimsLossless() ? "yes" : "no", Long.toString(s.checked()),
                Long.toString(s.failed()), Fractions.format(s.maxLawError()), verdict);
        }
        out.print(t.render());
        for (SequenceExhaustiveCheck.SchemeResult s : r.schemes()) {
            if (s.error().isPresent()) {
                out.println();
                out.println(s.scheme().id() + " failed to run on " + s.errors() + " instance"
                    + (s.errors() == 1 ? "" : "s") + "; the first threw " + s.error().get());
            }
            if (s.shrunk().isPresent()) {
                out.println();
                out.println("counterexample for " + s.scheme().id()
                    + (s.scheme().claimsLossless() ? "" : " (lossy by design)") + ", shrunk:");
                out.println("  " + SequenceInstanceWriter.json(s.shrunk().get()));
            }
        }
        out.println();
        if (r.errors() > 0) {
            out.println(r.errors() + " checks threw (schemes that fail to run; not a verdict on losslessness)");
        }
        out.println(r.failures() == 0 ? (r.errors() == 0 ? "every lossless claim holds"
            : "no lossless claim fails where the schemes ran") : r.failures()
            + " failed checks of schemes that claim losslessness");
    }
}
