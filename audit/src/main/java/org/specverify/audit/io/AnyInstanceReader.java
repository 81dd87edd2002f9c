package org.specverify.audit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.specverify.audit.SequenceAudit;
import org.specverify.reference.InvalidInputException;

/**
 * Reads an audit input that may hold token instances, sequence instances (those with {@code gamma}) or both, in one
 * instance object or {@code {"instances": [...]}}: the items keep the file's order. A file without a sequence
 * instance is read by {@link InstanceReader} and one with only sequence instances by {@link SequenceInstanceReader},
 * with their messages; a mixed file reads each instance with its own kind's reader, naming the file and the instance's
 * index in the file, and requires names unique across both kinds.
 */
public final class AnyInstanceReader {
    /** The built-in sequence cases (also in examples/sequence-cases.json). */
    public static final String BUILTIN_SEQUENCE_RESOURCE = "/org/specverify/audit/sequence-cases.json";

    private static final ObjectMapper MAPPER = InstanceReader.MAPPER;

    private AnyInstanceReader() {
    }

    /** Reads a file; {@code displayName} names it in messages. */
    public static List<SequenceAudit.Item> read(Path file, String displayName) {
        return parse(InstanceReader.text(file, displayName), displayName);
    }

    /** Whether the JSON text holds at least one sequence instance (false for text that is not valid JSON). */
    public static boolean hasSequenceInstance(String text) {
        JsonNode root = tree(text);
        return root != null && nodes(root).stream().anyMatch(SequenceInstanceReader::isSequenceInstance);
    }

    /** Parses JSON text; {@code source} names it in messages. */
    public static List<SequenceAudit.Item> parse(String text, String source) {
        JsonNode root = tree(text);
        List<JsonNode> nodes = root == null ? List.of() : nodes(root);
        long sequences = nodes.stream().filter(SequenceInstanceReader::isSequenceInstance).count();
        List<SequenceAudit.Item> out = new ArrayList<>();
        if (sequences == 0) {
            InstanceReader.parse(text, source).forEach(i -> out.add(new SequenceAudit.Token(i)));
            return out;
        }
        if (sequences == nodes.size()) {
            SequenceInstanceReader.parse(text, source).forEach(i -> out.add(new SequenceAudit.Sequence(i)));
            return out;
        }
        // a mixed file: the root's own fields were checked by neither reader yet
        root.fieldNames().forEachRemaining(f -> {
            if (!f.equals("instances") && !f.equals("note")) {
                throw new InvalidInputException(source + ": unknown field '" + f + "' (known: instances, note)");
            }
        });
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            SequenceAudit.Item item = SequenceInstanceReader.isSequenceInstance(node)
                ? new SequenceAudit.Sequence(SequenceInstanceReader.instance(node, source, i))
                : new SequenceAudit.Token(InstanceReader.instance(node, source, i, false));
            Integer before = names.putIfAbsent(item.name(), i);
            if (before != null) {
                throw new InvalidInputException(source + ": instance " + i + " ('" + item.name() + "'): name: '"
                    + item.name() + "' is already used by instance " + before + "; names must be unique");
            }
            out.add(item);
        }
        return out;
    }

    /** The built-in sequence cases. */
    public static List<SequenceAudit.Item> builtinSequences() {
        return parse(builtinSequenceText(), "sequence-cases.json");
    }

    /** The text of the built-in sequence cases resource. */
    public static String builtinSequenceText() {
        try (InputStream in = AnyInstanceReader.class.getResourceAsStream(BUILTIN_SEQUENCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN_SEQUENCE_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + BUILTIN_SEQUENCE_RESOURCE, e);
        }
    }

    /** The parsed root, or null when the text is not one JSON object (the kind's own reader then says why). */
    private static JsonNode tree(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The instance objects of a root: its "instances" array, or the root itself. */
    private static List<JsonNode> nodes(JsonNode root) {
        List<JsonNode> nodes = new ArrayList<>();
        if (root.has("instances")) {
            if (root.get("instances").isArray()) {
                root.get("instances").forEach(nodes::add);
            }
        } else {
            nodes.add(root);
        }
        return nodes;
    }
}
