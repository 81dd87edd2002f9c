package org.specverify.audit.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;

/**
 * Writes instances in the exact JSON format {@link InstanceReader} reads (and {@code specverify audit --instance}
 * takes): every mass as an exact fraction string "a/b", so a counterexample found by the library is written out and
 * read back unchanged ({@code InstanceRoundTripTest}).
 */
public final class InstanceWriter {
    private InstanceWriter() {
    }

    /** One instance as a JSON object. */
    public static String json(Instance instance) {
        StringBuilder sb = new StringBuilder("{\"name\": ").append(quote(instance.name())).append(", \"target\": ");
        row(sb, instance.target());
        if (instance.identicalDrafts()) {
            sb.append(", \"draft\": ");
            row(sb, instance.draft());
            sb.append(", \"k\": ").append(instance.k());
        } else {
            sb.append(", \"drafts\": [");
            for (int i = 0; i < instance.k(); i++) {
                sb.append(i == 0 ? "" : ", ");
                row(sb, instance.draft(i));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** Instances as {@code {"instances": [...]}}, one per line. */
    public static String json(List<Instance> instances) {
        StringBuilder sb = new StringBuilder("{\"instances\": [\n");
        for (int i = 0; i < instances.size(); i++) {
            sb.append("  ").append(json(instances.get(i))).append(i + 1 < instances.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    /** Writes {@link #json(List)} to a file (UTF-8). */
    public static void write(Path file, List<Instance> instances) {
        try {
            Files.writeString(file, json(instances), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void row(StringBuilder sb, Distribution d) {
        sb.append('[');
        for (int x = 0; x < d.size(); x++) {
            sb.append(x == 0 ? "" : ", ").append('"').append(Fractions.format(d.p(x))).append('"');
        }
        sb.append(']');
    }

    /** A JSON string literal (quotes, backslashes and control characters escaped). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
