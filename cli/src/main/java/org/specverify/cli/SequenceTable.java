package org.specverify.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.specverify.audit.ExactValue;
import org.specverify.audit.InstanceAudit;
import org.specverify.audit.SchemeAudit;
import org.specverify.audit.SequenceMeasured;

/**
 * The exact audit's text for a sequence instance: one row per sequence scheme with its verdict, E[tau] (the expected
 * number of accepted draft tokens, exact and decimal), the instance's optimum and the gap; under each row the law of
 * tau and, for a lossy row, the worst sequence and its error.
 */
final class SequenceTable {
    /** What the sequence columns mean, printed under the token prelude when sequence instances are audited. */
    static final String PRELUDE = "A sequence instance (one verification step of a chain or tree): lossless = the emitted"
        + " block, continued by the\ntarget to gamma + 1 tokens, has exactly the target's law; E[accepted] = expected"
        + " accepted draft tokens (exact);\noptimum = the coupling bound C* (exact): no lossless verifier accepts more,"
        + " though the best may accept less\n(on chains the best lossless verifier is block verification); gap ="
        + " optimum - E[accepted].\n";

    private SequenceTable() {
    }

    /** Whether the instance is a sequence instance (its extras say so). */
    static boolean isSequence(InstanceAudit i) {
        return SchemeAudit.SEQUENCE.equals(i.extras().get("level"));
    }

    /** The heading, the rows with their notes, and the optimum line, as {@link AuditCommand#block} does for tokens. */
    static String block(InstanceAudit i) {
        TextTable t = new TextTable("scheme", "verdict", "E[accepted]", "decimal", "optimum", "gap")
            .alignRight(2, 3, 4, 5);
        List<String> notes = new ArrayList<>();
        for (SchemeAudit s : i.schemes()) {
            SequenceMeasured m = s.sequence().orElse(null);
            t.row(s.id(), s.verdict().label(), m == null ? "" : AuditCommand.fraction(m.expectedAccepted()),
                m == null ? "" : AuditCommand.decimal(m.expectedAccepted()), cell(s.extras().get("optimum")),
                cell(s.extras().get("gap")));
            notes.add(note(s));
        }
        String[] lines = t.render().split("\n");
        StringBuilder sb = new StringBuilder("\n").append(i.name()).append(" (sequence: |V| = ").append(i.vocab())
            .append(", gamma = ").append(i.extras().get("gamma")).append(", ").append(structure(i)).append(")\n");
        for (int l = 0; l < lines.length; l++) {
            sb.append(lines[l]).append('\n');
            int row = l - 2;
            if (row >= 0 && row < notes.size() && !notes.get(row).isEmpty()) {
                sb.append(AuditCommand.wrap(notes.get(row), AuditCommand.WIDTH, "    ")).append('\n');
            }
        }
        Object optimum = i.extras().get("optimum");
        if (optimum != null) {
            sb.append(i.name()).append(": coupling bound C* (no lossless verifier exceeds it) = ").append(cell(optimum))
                .append('\n');
        } else if (i.extras().get("optimumUnavailable") != null) {
            sb.append(AuditCommand.wrap(i.name() + ": optimum unavailable: " + i.extras().get("optimumUnavailable"),
                AuditCommand.WIDTH, "  ").substring(2)).append('\n');
        }
        return sb.toString();
    }

    /** "chain", "tree [2, 1], iid siblings" or "dynamic tree of 3 nodes". */
    private static String structure(InstanceAudit i) {
        String siblings = String.valueOf(i.extras().get("siblings"));
        if (i.extras().containsKey("nodeBudget")) {
            return "dynamic tree of " + i.extras().get("nodeBudget") + " nodes";
        }
        Object tree = i.extras().get("tree");
        boolean chain = tree instanceof List<?> l && l.stream().allMatch(k -> Integer.valueOf(1).equals(k));
        String drafts = i.k() > 1 ? ", " + i.k() + " draft models" : "";
        return chain ? "chain" + drafts : "tree " + tree + ", " + siblings + " siblings" + drafts;
    }

    /** The note under a sequence row: why it did not run, or tau's law and, when lossy, the worst sequence. */
    static String note(SchemeAudit s) {
        if (s.reason().isPresent()) {
            String r = s.reason().get();
            return r.startsWith(s.id() + " ") ? r : s.id() + ": " + r;
        }
        SequenceMeasured m = s.sequence().orElseThrow();
        List<String> parts = new ArrayList<>();
        if (!m.lossless()) {
            parts.add("max |P(Y=y) - p(y)| = " + AuditCommand.fraction(m.maxLawError()) + " ("
                + AuditCommand.decimal(m.maxLawError()) + ") at sequence " + m.worstSequence() + " (P = "
                + m.observed().fraction() + ", p = " + m.expected().fraction() + ")");
        }
        parts.add("P(tau = 0.." + (m.acceptedLengthLaw().size() - 1) + ") = " + m.acceptedLengthLaw().stream()
            .map(v -> v.fraction().length() <= AuditCommand.MAX_FRACTION_WIDTH ? v.fraction()
                : AuditCommand.decimal(v)).collect(Collectors.joining(", ")));
        if (s.extras().get("gapError") != null) {
            parts.add(String.valueOf(s.extras().get("gapError")));
        }
        return String.join("; ", parts);
    }

    private static String cell(Object v) {
        if (v instanceof ExactValue e) {
            String f = e.fraction();
            return f.length() <= 8 ? f + " (" + AuditCommand.decimal(e) + ")" : AuditCommand.decimal(e);
        }
        return v == null ? "" : String.valueOf(v);
    }
}
