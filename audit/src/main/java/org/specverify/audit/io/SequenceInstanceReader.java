package org.specverify.audit.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * Reads sequence instances (one verification step over a drafted chain or tree) from JSON.
 *
 * <p>A file holds one instance or {@code {"instances": [...]}}. An instance is an object with the fields
 * <ul>
 *   <li>{@code name} (required): a non-empty one-line string, unique in the file;</li>
 *   <li>{@code vocab} (required): V &gt;= 1, the length of every row;</li>
 *   <li>{@code gamma} (required): the drafted depth, &gt;= 1 (the field that makes an instance a sequence instance);</li>
 *   <li>{@code target} (required): a model, either one row (the same law after every prefix) or an object from
 *       prefixes (token ids joined by ",", {@code ""} for the empty prefix, which is required) to rows; the law after a
 *       prefix is the row of its longest suffix that has a key ({@link ContextModel});</li>
 *   <li>{@code draft}: one model in the same form, or {@code drafts}: an array of models, one per draft model (child
 *       j of every node is drawn from model j; iid siblings only, as many models as the largest entry of the tree);
 *       exactly one of the two;</li>
 *   <li>{@code tree} (optional): children per depth, gamma entries &gt;= 1, e.g. {@code [2, 2, 1]}; default the chain
 *       {@code [1, ..., 1]}; not allowed with dynamic siblings;</li>
 *   <li>{@code siblings} (optional, default {@code "iid"}): {@code "iid"}, {@code "without-replacement"},
 *       {@code "top-k"} or {@code "dynamic"} ({@link SiblingProcess});</li>
 *   <li>{@code nodeBudget}: required with {@code "dynamic"} and only there: the number of tree nodes B &gt;= 1 of the
 *       EAGLE-2-style tree (the root not counted; see {@link SiblingProcess#DYNAMIC} for the exact rule);</li>
 *   <li>{@code note} (optional): free text.</li>
 * </ul>
 * Masses are JSON numbers read exactly as written (0.05 is 1/20) or strings "1/3", "0.05", "1e-3", exactly as
 * {@link InstanceReader} reads token instances (the same number parsing, the same limits).
 *
 * <p>Every error is an {@link InvalidInputException} naming the source, the instance (index and name), the field, the
 * prefix and the token, e.g. {@code seq.json: instance 0 ('markov'): target: prefix "0,1": token 2: negative mass
 * -1/10}. Refused: unknown fields, duplicate fields, two keys naming one prefix ("0,1" and "0, 1"), tokens out of
 * range in a prefix, rows of the wrong length, NaN, negative masses, sums other than 1 (with the difference).
 */
public final class SequenceInstanceReader {
    private static final Set<String> FIELDS = Set.of("name", "vocab", "gamma", "target", "draft", "drafts", "tree",
        "siblings", "nodeBudget", "note");
    private static final String FIELD_LIST = "name, vocab, gamma, target, draft or drafts, tree, siblings, nodeBudget,"
        + " note";

    private static final ObjectMapper MAPPER = InstanceReader.MAPPER;

    private SequenceInstanceReader() {
    }

    /** Reads a file; {@code displayName} names it in messages. */
    public static List<SequenceInstance> read(Path file, String displayName) {
        return parse(InstanceReader.text(file, displayName), displayName);
    }

    /** Whether a parsed instance object is a sequence instance (it has {@code gamma}). */
    public static boolean isSequenceInstance(JsonNode node) {
        return node != null && node.isObject() && node.has("gamma");
    }

    /** Parses JSON text; {@code source} names it in messages. */
    public static List<SequenceInstance> parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            throw new InvalidInputException(source + ": starts with a UTF-8 byte-order mark; JSON has none: save the"
                + " file as UTF-8 without BOM");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidInputException(source + ": " + where + "not valid JSON: " + InstanceReader.explain(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException(source + ": empty file; expected one sequence instance or"
                + " {\"instances\": [...]}");
        }
        if (!root.isObject()) {
            throw new InvalidInputException(source + ": expected a JSON object, got " + InstanceReader.describe(root));
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (root.has("instances")) {
            InstanceReader.checkFields(root, Set.of("instances", "note"), "instances, note", source + ": ");
            JsonNode list = root.get("instances");
            if (!list.isArray() || list.isEmpty()) {
                throw new InvalidInputException(source + ": instances: expected a non-empty array of instances, got "
                    + InstanceReader.describe(list) + (list.isArray() ? " that is empty" : ""));
            }
            list.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<SequenceInstance> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            SequenceInstance inst = instance(nodes.get(i), source, i);
            Integer before = names.putIfAbsent(inst.name(), i);
            if (before != null) {
                throw new InvalidInputException(InstanceReader.where(source, i, inst.name()) + "name: '" + inst.name()
                    + "' is already used by instance " + before + "; names must be unique");
            }
            out.add(inst);
        }
        return out;
    }

    /**
     * One instance object.
     *
     * @param index its 0-based index in the file, for messages
     */
    public static SequenceInstance instance(JsonNode node, String source, int index) {
        String prefix = source + ": instance " + index + ": ";
        if (!node.isObject()) {
            throw new InvalidInputException(prefix + "expected an object with name, vocab, gamma, target and draft;"
                + " got " + InstanceReader.describe(node));
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || nameNode.isNull()) {
            throw new InvalidInputException(prefix + "name: missing (every instance needs a \"name\")");
        }
        if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw new InvalidInputException(prefix + "name: expected a non-empty string, got "
                + InstanceReader.describe(nameNode));
        }
        String name = nameNode.asText();
        for (int c = 0; c < name.length(); c++) {
            char ch = name.charAt(c);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                throw new InvalidInputException(prefix + "name: contains the control character U+"
                    + String.format("%04X", (int) ch) + " at position " + c + " (names are one line of text)");
            }
        }
        String at = InstanceReader.where(source, index, name);
        InstanceReader.checkFields(node, FIELDS, FIELD_LIST, at);
        JsonNode note = node.get("note");
        if (note != null && !note.isTextual()) {
            throw new InvalidInputException(at + "note: expected a string, got " + InstanceReader.describe(note));
        }
        int vocab = positiveInt(require(node, "vocab", at, "the vocabulary size V"), at + "vocab: ");
        int gamma = positiveInt(require(node, "gamma", at, "the drafted depth"), at + "gamma: ");
        ContextModel target = model(require(node, "target", at, "the target model: one row or {prefix: row}"), vocab,
            at + "target: ");

        JsonNode draft = node.get("draft");
        JsonNode drafts = node.get("drafts");
        if (draft != null && drafts != null) {
            throw new InvalidInputException(at + "give either 'draft' (one draft model) or 'drafts' (one model per"
                + " draft model), not both");
        }
        if (draft == null && drafts == null) {
            throw new InvalidInputException(at + "draft: missing: give 'draft' (one draft model) or 'drafts' (one"
                + " model per draft model)");
        }
        List<ContextModel> models = new ArrayList<>();
        if (draft != null) {
            models.add(model(draft, vocab, at + "draft: "));
        } else {
            if (!drafts.isArray() || drafts.isEmpty()) {
                throw new InvalidInputException(at + "drafts: expected a non-empty array of models, got "
                    + InstanceReader.describe(drafts));
            }
            for (int j = 0; j < drafts.size(); j++) {
                models.add(model(drafts.get(j), vocab, at + "drafts: model " + j + ": "));
            }
        }

        SiblingProcess siblings = SiblingProcess.IID;
        JsonNode sib = node.get("siblings");
        if (sib != null) {
            if (!sib.isTextual()) {
                throw new InvalidInputException(at + "siblings: expected one of \"iid\", \"without-replacement\","
                    + " \"top-k\", \"dynamic\"; got " + InstanceReader.describe(sib));
            }
            try {
                siblings = SiblingProcess.parse(sib.asText());
            } catch (InvalidInputException e) {
                throw e.at(at + "siblings");
            }
        }
        int[] shape = null;
        JsonNode tree = node.get("tree");
        if (tree != null) {
            if (!tree.isArray() || tree.isEmpty()) {
                throw new InvalidInputException(at + "tree: expected an array of children per depth such as [2, 2, 1],"
                    + " got " + InstanceReader.describe(tree));
            }
            shape = new int[tree.size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = positiveInt(tree.get(d), at + "tree: depth " + d + ": ");
            }
        }
        int budget = 0;
        JsonNode budgetNode = node.get("nodeBudget");
        if (budgetNode != null) {
            if (siblings != SiblingProcess.DYNAMIC) {
                throw new InvalidInputException(at + "nodeBudget: only a dynamic tree (\"siblings\": \"dynamic\") has a"
                    + " node budget; siblings are " + siblings.id());
            }
            budget = positiveInt(budgetNode, at + "nodeBudget: ");
        } else if (siblings == SiblingProcess.DYNAMIC) {
            throw new InvalidInputException(at + "nodeBudget: missing: a dynamic tree needs its node budget (the"
                + " number of tree nodes, the root not counted)");
        }
        if (siblings == SiblingProcess.DYNAMIC && shape != null) {
            throw new InvalidInputException(at + "tree: a dynamic tree is grown up to its nodeBudget and has no fixed"
                + " shape; remove 'tree'");
        }
        int[] s = shape;
        SiblingProcess sp = siblings;
        int b = budget;
        try {
            return SequenceInstance.of(name, gamma, target, models, s, sp, b, note == null ? null : note.asText());
        } catch (InvalidInputException e) {
            throw new InvalidInputException(at + e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode node, String field, String at, String what) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidInputException(at + field + ": missing (" + what + ")");
        }
        return n;
    }

    /** A model: one row, or an object from prefix texts to rows. */
    static ContextModel model(JsonNode node, int vocab, String at) {
        if (node.isArray()) {
            return ContextModel.constant(row(node, vocab, at));
        }
        if (!node.isObject()) {
            throw new InvalidInputException(at + "expected one row (an array of masses) or an object from prefixes"
                + " (token ids joined by \",\", \"\" for the empty prefix) to rows; got " + InstanceReader.describe(node));
        }
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        Map<List<Integer>, String> texts = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = e.getKey();
            List<Integer> key;
            try {
                key = ContextModel.parsePrefix(text);
            } catch (InvalidInputException ex) {
                throw new InvalidInputException(at + ex.getMessage(), ex);
            }
            String keyAt = at + ContextModel.describePrefix(key) + ": ";
            for (int i = 0; i < key.size(); i++) {
                if (key.get(i) >= vocab) {
                    throw new InvalidInputException(keyAt + "token " + key.get(i) + " at position " + i
                        + " is out of range 0.." + (vocab - 1));
                }
            }
            String before = texts.putIfAbsent(key, text);
            if (before != null) {
                throw new InvalidInputException(keyAt + "duplicate prefix: the keys \"" + before + "\" and \"" + text
                    + "\" name the same prefix");
            }
            rows.put(key, row(e.getValue(), vocab, keyAt));
        }
        if (!rows.containsKey(List.of())) {
            throw new InvalidInputException(at + "the empty prefix \"\" is missing: every model needs the row used"
                + " where no longer suffix has a key");
        }
        try {
            return ContextModel.of(vocab, rows);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(at + e.getMessage(), e);
        }
    }

    private static Distribution row(JsonNode node, int vocab, String at) {
        if (!node.isArray()) {
            throw new InvalidInputException(at + "expected an array of " + vocab + " token masses, got "
                + InstanceReader.describe(node));
        }
        if (node.size() != vocab) {
            throw new InvalidInputException(at + "has " + node.size() + " masses but vocab is " + vocab);
        }
        BigFraction[] masses = new BigFraction[vocab];
        for (int t = 0; t < vocab; t++) {
            masses[t] = InstanceReader.mass(node.get(t), at + "token " + t + ": ");
        }
        try {
            return Distribution.of(masses);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(at + e.getMessage(), e);
        }
    }

    private static int positiveInt(JsonNode node, String at) {
        if (!node.isIntegralNumber() || node.bigIntegerValue().signum() < 1) {
            throw new InvalidInputException(at + "expected a whole number >= 1, got " + InstanceReader.describe(node));
        }
        if (!node.canConvertToInt()) {
            throw new InvalidInputException(at + node.asText() + " is beyond any exact enumeration");
        }
        return node.intValue();
    }

}
