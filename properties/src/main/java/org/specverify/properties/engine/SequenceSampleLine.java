package org.specverify.properties.engine;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.DraftTree;

/**
 * One sample line of a sequence-level engine trace: {@code {"case": id, "drafts": [x_1, ..., x_gamma], "emitted":
 * [y_1, ..., y_L], "accepted": n, "engine": "name", "count": c}} for a chain, or {@code "tree": {"tokens": [...],
 * "parents": [...]}} instead of {@code drafts} for a token tree (nodes in depth-first pre-order, parent -1 for the
 * root's children, the layout {@link DraftTree} reads). {@code case} and {@code emitted} are required, exactly one of
 * {@code drafts} and {@code tree}; {@code accepted} (the engine's own accepted count, an integer &gt;= 0),
 * {@code engine} (a string) and {@code count} (a positive integer: the line stands for that many identical samples) are
 * optional; other fields are ignored, except {@code seed} and {@code position} (the token-level seed replay, which
 * sequence lines do not have: refused rather than silently unused). A field given twice is refused. A token-level line (one with {@code output}) is refused, naming the line.
 *
 * <p>Every malformed line is an {@link InvalidInputException} naming the source and the line: not a JSON object, a
 * required field missing, a token that is not a non-negative integer, an invalid tree. An emitted block that is empty
 * or longer than gamma + 1 is not malformed: the check reports it as an impossible block.
 */
public final class SequenceSampleLine {
    /** {@link #accepted()} when the line does not give {@code accepted}. */
    public static final int NOT_SAID = -1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final String caseId;
    private final String engine;
    private final DraftTree tree;
    private final boolean chainLine;
    private final int[] emitted;
    private final int accepted;
    private final long count;

    private SequenceSampleLine(String caseId, String engine, DraftTree tree, boolean chainLine, int[] emitted,
                               int accepted, long count) {
        this.caseId = caseId;
        this.engine = engine;
        this.tree = tree;
        this.chainLine = chainLine;
        this.emitted = emitted;
        this.accepted = accepted;
        this.count = count;
    }

    /**
     * Parses one line.
     *
     * @param lineNo its 1-based number, for messages
     * @param source the input's name, for messages
     */
    public static SequenceSampleLine parse(String line, long lineNo, String source) {
        String where = source + ": line " + lineNo + ": ";
        JsonNode root;
        try {
            root = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(where + "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(where + "expected a JSON object {\"case\", \"drafts\" or \"tree\","
                + " \"emitted\", ...}");
        }
        if (root.has("output")) {
            throw new InvalidInputException(where + "a token-level sample (it gives \"output\"), but the cases are"
                + " sequence cases: give \"emitted\": [y_1, ..., y_L] and \"drafts\" or \"tree\"");
        }
        if (root.has("seed") || root.has("position")) {
            throw new InvalidInputException(where + "\"seed\" and \"position\" are replayed for token-level samples"
                + " only; a sequence-level line cannot have its decisions replayed: leave them out");
        }
        JsonNode c = root.get("case");
        if (c == null || !c.isTextual() || c.asText().isEmpty()) {
            throw new InvalidInputException(where + "\"case\": expected a non-empty string");
        }
        String engine = null;
        JsonNode e = root.get("engine");
        if (e != null && !e.isNull()) {
            if (!e.isTextual()) {
                throw new InvalidInputException(where + "\"engine\": expected a string, got " + e);
            }
            engine = e.asText();
        }
        JsonNode drafts = root.get("drafts");
        JsonNode treeNode = root.get("tree");
        if ((drafts == null) == (treeNode == null)) {
            throw new InvalidInputException(where + (drafts == null ? "neither \"drafts\" nor \"tree\": give one"
                : "both \"drafts\" and \"tree\": give one"));
        }
        DraftTree tree;
        boolean chainLine = drafts != null;
        if (chainLine) {
            int[] x = tokens(drafts, where + "\"drafts\"");
            if (x.length == 0) {
                throw new InvalidInputException(where + "\"drafts\": expected at least one drafted token");
            }
            tree = DraftTree.chain(x);
        } else {
            if (!treeNode.isObject() || !treeNode.has("tokens") || !treeNode.has("parents")) {
                throw new InvalidInputException(where + "\"tree\": expected {\"tokens\": [...], \"parents\": [...]}");
            }
            int[] tokens = tokens(treeNode.get("tokens"), where + "\"tree\".tokens");
            int[] parents = integers(treeNode.get("parents"), where + "\"tree\".parents", -1);
            if (tokens.length == 0) {
                throw new InvalidInputException(where + "\"tree\": expected at least one node");
            }
            try {
                tree = DraftTree.of(tokens, parents);
            } catch (InvalidInputException bad) {
                throw new InvalidInputException(where + "\"tree\": " + bad.getMessage());
            }
        }
        JsonNode y = root.get("emitted");
        if (y == null) {
            throw new InvalidInputException(where + "\"emitted\" is missing: the block the engine emitted, [y_1, ...,"
                + " y_L]");
        }
        int[] emitted = tokens(y, where + "\"emitted\"");
        int accepted = NOT_SAID;
        JsonNode a = root.get("accepted");
        if (a != null && !a.isNull()) {
            if (!a.canConvertToInt() || !a.isIntegralNumber() || a.asInt() < 0) {
                throw new InvalidInputException(where + "\"accepted\": expected the number of accepted drafted tokens,"
                    + " an integer >= 0, got " + a);
            }
            accepted = a.asInt();
        }
        long count = 1;
        JsonNode n = root.get("count");
        if (n != null) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
                throw new InvalidInputException(where + "\"count\": expected a positive integer, got " + n);
            }
            count = n.asLong();
        }
        return new SequenceSampleLine(c.asText(), engine, tree, chainLine, emitted, accepted, count);
    }

    private static int[] tokens(JsonNode node, String what) {
        return integers(node, what, 0);
    }

    private static int[] integers(JsonNode node, String what, int min) {
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(what + ": expected an array of integers, got " + node);
        }
        int[] out = new int[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode t = node.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.asInt() < min) {
                throw new InvalidInputException(what + ": entry " + i + ": expected an integer >= " + min + ", got "
                    + t);
            }
            out[i] = t.asInt();
        }
        return out;
    }

    /** The case id. */
    public String caseId() {
        return caseId;
    }

    /** The engine's name, or null when the line gives none. */
    public String engine() {
        return engine;
    }

    /** The drafted tree (a chain for a {@code drafts} line). */
    public DraftTree tree() {
        return tree;
    }

    /** Whether the line gave {@code drafts} (a chain) rather than {@code tree}. */
    public boolean chainLine() {
        return chainLine;
    }

    /** The emitted block (a copy). */
    public int[] emitted() {
        return emitted.clone();
    }

    /** The engine's accepted count, or {@link #NOT_SAID}. */
    public int accepted() {
        return accepted;
    }

    /** The number of identical samples the line stands for. */
    public long count() {
        return count;
    }
}
