package org.specverify.audit.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;

/**
 * Writes sequence instances in the JSON format {@link SequenceInstanceReader} reads: masses as exact fraction strings
 * "a/b", an order-0 model as one row and any other as an object from prefixes to rows, the tree shape and the sibling
 * process always written out (and the node budget for dynamic trees), the note when there is one. Reading the output
 * gives an equal instance ({@code SequenceInstanceRoundTripTest}).
 */
public final class SequenceInstanceWriter {
    private SequenceInstanceWriter() {
    }

    /** One instance as a JSON object on one line. */
    public static String json(SequenceInstance inst) {
        StringBuilder sb = new StringBuilder("{\"name\": ").append(InstanceWriter.quote(inst.name()))
            .append(", \"vocab\": ").append(inst.vocab())
            .append(", \"gamma\": ").append(inst.gamma())
            .append(", \"target\": ");
        model(sb, inst.target());
        if (inst.drafts().size() == 1) {
            sb.append(", \"draft\": ");
            model(sb, inst.drafts().get(0));
        } else {
            sb.append(", \"drafts\": [");
            for (int j = 0; j < inst.drafts().size(); j++) {
                sb.append(j == 0 ? "" : ", ");
                model(sb, inst.drafts().get(j));
            }
            sb.append(']');
        }
        if (inst.isDynamic()) {
            sb.append(", \"siblings\": \"dynamic\", \"nodeBudget\": ").append(inst.nodeBudget());
        } else {
            sb.append(", \"tree\": [");
            int[] shape = inst.shape();
            for (int d = 0; d < shape.length; d++) {
                sb.append(d == 0 ? "" : ", ").append(shape[d]);
            }
            sb.append("], \"siblings\": \"").append(inst.siblings().id()).append('"');
        }
        inst.note().ifPresent(n -> sb.append(", \"note\": ").append(InstanceWriter.quote(n)));
        return sb.append('}').toString();
    }

    /** Instances as {@code {"instances": [...]}}, one per line. */
    public static String json(List<SequenceInstance> instances) {
        StringBuilder sb = new StringBuilder("{\"instances\": [\n");
        for (int i = 0; i < instances.size(); i++) {
            sb.append("  ").append(json(instances.get(i))).append(i + 1 < instances.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    /** Writes {@link #json(List)} to a file (UTF-8). */
    public static void write(Path file, List<SequenceInstance> instances) {
        try {
            Files.writeString(file, json(instances), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void model(StringBuilder sb, ContextModel m) {
        if (m.isConstant()) {
            row(sb, m.lawAfter());
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<List<Integer>, Distribution> e : m.rows().entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(ContextModel.prefixText(e.getKey())).append("\": ");
            row(sb, e.getValue());
            first = false;
        }
        sb.append('}');
    }

    private static void row(StringBuilder sb, Distribution d) {
        sb.append('[');
        for (int x = 0; x < d.size(); x++) {
            sb.append(x == 0 ? "" : ", ").append('"').append(Fractions.format(d.p(x))).append('"');
        }
        sb.append(']');
    }
}
