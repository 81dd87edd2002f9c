package org.specverify.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditListener;
import org.specverify.audit.AuditSink;
import org.specverify.audit.AuditSummary;
import org.specverify.audit.SequenceAudit;
import org.specverify.audit.io.AnyInstanceReader;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * What the exact audit reads when its input may hold sequence instances: the instances of {@code --instance FILE} (token
 * and sequence instances in the file's order), or the built-in cases (the token cases, then the sequence cases), with
 * the sequence schemes selected. A file without a sequence instance is read exactly as before, by
 * {@link InstanceReader}.
 *
 * @param items           every instance, in order
 * @param tokens          the token instances, in order
 * @param sequenceSchemes the sequence schemes audited on the sequence instances (empty when there are none)
 */
record MixedInput(List<SequenceAudit.Item> items, List<Instance> tokens, List<SequenceScheme> sequenceSchemes) {
    /** Whether any sequence instance is audited. */
    boolean hasSequences() {
        return items.size() > tokens.size();
    }

    int size() {
        return items.size();
    }

    /** The sequence registry of a run: the reference's, with tree-&lt;id&gt; for every token scheme given. */
    static SequenceSchemes registry(Schemes tokens) {
        return SequenceSchemes.reference(tokens);
    }

    /** The ids of {@code ids} that name sequence schemes of {@code registry} and no token scheme of {@code tokens}. */
    static Set<String> sequenceIds(List<String> ids, Schemes tokens, SequenceSchemes registry) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : ids) {
            String id = raw.trim();
            if (id.isEmpty() || isTokenId(tokens, id)) {
                continue;
            }
            try {
                registry.get(id);
                out.add(id);
            } catch (InvalidInputException notSequence) {
                // the token registry reports the unknown id
            }
        }
        return out;
    }

    static boolean isTokenId(Schemes tokens, String id) {
        try {
            tokens.get(id);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Reads the input.
     *
     * @param file          the --instance file as the user wrote it, or null for the built-in cases
     * @param tokenSelected whether any token scheme is selected
     * @param selectedIds   the --scheme ids naming sequence schemes (empty: every sequence scheme when --scheme was
     *                      not given, none when it was)
     * @param schemeGiven   whether --scheme was given
     */
    static MixedInput read(Cli.Context context, String file, boolean tokenSelected, Set<String> selectedIds,
                           boolean schemeGiven, SequenceSchemes registry) {
        List<SequenceScheme> sequenceSchemes = new ArrayList<>();
        if (!schemeGiven) {
            sequenceSchemes.addAll(registry.all());
        } else {
            selectedIds.forEach(id -> sequenceSchemes.add(registry.get(id)));
        }
        List<SequenceAudit.Item> items = new ArrayList<>();
        if (file == null) {
            // the built-in cases of each level that has a selected scheme
            if (tokenSelected) {
                InstanceReader.builtin().forEach(i -> items.add(new SequenceAudit.Token(i)));
            }
            if (!sequenceSchemes.isEmpty()) {
                items.addAll(AnyInstanceReader.builtinSequences());
            }
        } else {
            items.addAll(AnyInstanceReader.read(context.resolve(file), file));
        }
        List<Instance> tokens = new ArrayList<>();
        int sequences = 0;
        for (SequenceAudit.Item item : items) {
            if (item instanceof SequenceAudit.Token t) {
                tokens.add(t.instance());
            } else {
                sequences++;
            }
        }
        if (file != null && sequences > 0 && sequenceSchemes.isEmpty()) {
            throw new InvalidInputException("--scheme selects no sequence scheme, but " + file + " holds " + sequences
                + " sequence instance" + (sequences == 1 ? "" : "s") + " (see 'specverify schemes' for the sequence"
                + " schemes)");
        }
        if (file != null && !tokens.isEmpty() && !tokenSelected) {
            throw new InvalidInputException("--scheme selects no token scheme, but " + file + " holds "
                + tokens.size() + " token instance" + (tokens.size() == 1 ? "" : "s"));
        }
        if (sequences == 0) {
            sequenceSchemes.clear();
        }
        return new MixedInput(items, tokens, sequenceSchemes);
    }

    /** Audits every item in order into the sink: token instances with {@code tokens}, sequences with their schemes. */
    AuditSummary run(Audit tokenAudit, double maxSeconds, AuditSink sink, AuditListener listener,
                     AuditSummary summary) {
        return SequenceAudit.of(sequenceSchemes).withMaxSeconds(maxSeconds).run(items, tokenAudit, sink, listener,
            summary);
    }
}
