package org.specverify.audit.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;

/**
 * Reads verification instances from JSON.
 *
 * <p>A file holds one instance or {@code {"instances": [...]}}. An instance is
 * {@code {"name": "...", "target": [...], "draft": [...], "k": K}} (K drafts from one draft law) or
 * {@code {"name": "...", "target": [...], "drafts": [[...], ...]}} (one row per draft model; K is the number of rows, and a
 * "k" that disagrees is an error). An optional "note" holds free text. Masses are JSON numbers, read exactly as written
 * (0.05 is 1/20, never the nearest double), or strings: "1/3", "0.05", "1e-3".
 *
 * <p>The test vectors that {@code specverify vectors} writes are read too: {@code {"cases": [...]}}, each case named by
 * "id" instead of "name", with its "draftProcess" (which the audit does not use: every scheme runs with its own draft
 * process). A file is read up to {@link #MAX_BYTES} bytes.
 *
 * <p>Every error is an {@link InvalidInputException} whose message names the source, the instance (0-based index and
 * name), the field, the row and the token, e.g. {@code cases.json: instance 2 ('zero-mass'): target: token 3: negative
 * mass -1/10}.
 */
public final class InstanceReader {
    /** Name of the built-in cases resource (beside this class's package, in org/specverify/cli). */
    public static final String BUILTIN_RESOURCE = "/org/specverify/audit/builtin-cases.json";

    /** Largest decimal exponent accepted in a number (guards against 1e-999999999 exhausting memory). */
    static final int MAX_DECIMAL_SCALE = 10_000;

    /** The largest instance file read (a larger one, or an endless stream such as /dev/zero, is refused). */
    public static final int MAX_BYTES = 256 << 20;

    private static final Set<String> INSTANCE_FIELDS = Set.of("name", "note", "target", "draft", "drafts", "k");
    private static final Set<String> CASE_FIELDS = Set.of("id", "note", "target", "draft", "drafts", "k",
        "draftProcess");
    private static final String CASE_FIELD_LIST = "id, target, draft or drafts, k, draftProcess, note";
    private static final String INSTANCE_FIELD_LIST = "name, target, draft or drafts, k, note";

    /**
     * The strict mapper of every instance reader (exact numbers, duplicate fields refused, nothing after the document);
     * {@link SequenceInstanceReader} and {@link AnyInstanceReader} read with it too.
     */
    static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private InstanceReader() {
    }

    /**
     * Reads a file.
     *
     * @param file        the file
     * @param displayName how the file is named in messages (as the user wrote it)
     */
    public static List<Instance> read(Path file, String displayName) {
        return parse(text(file, displayName), displayName);
    }

    /**
     * The UTF-8 text of an instance file, read up to {@link #MAX_BYTES} bytes (an endless file is refused after reading
     * the limit): the one way every instance reader reads a file.
     *
     * @throws org.specverify.reference.TooLargeException above the limit
     * @throws InvalidInputException for a directory, a missing file, text that is not UTF-8, or a read error
     */
    static String text(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(displayName + ": is a directory, not a JSON file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new org.specverify.reference.TooLargeException(displayName + ": larger than the limit of "
                    + MAX_BYTES + " bytes for an instance file (split it into several files)");
            }
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(displayName + ": no such file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(displayName + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(displayName + ": cannot read: " + e.getMessage());
        }
    }

    /** The built-in cases shipped with the command (also in examples/builtin-cases.json). */
    public static List<Instance> builtin() {
        return parse(builtinText(), "builtin-cases.json");
    }

    /** The text of the built-in cases resource. */
    public static String builtinText() {
        try (InputStream in = InstanceReader.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUILTIN_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + BUILTIN_RESOURCE, e);
        }
    }

    /** Parses JSON text; {@code source} names it in messages. */
    public static List<Instance> parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            throw new InvalidInputException(source + ": starts with a UTF-8 byte-order mark (as Notepad and some"
                + " editors save); JSON has none: save the file as UTF-8 without BOM");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidInputException(source + ": " + where + "not valid JSON: " + explain(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException(source + ": empty file; expected one instance or {\"instances\": [...]}");
        }
        if (!root.isObject()) {
            throw new InvalidInputException(source + ": expected a JSON object (one instance, or {\"instances\": [...]}),"
                + " got " + describe(root));
        }
        List<JsonNode> nodes = new ArrayList<>();
        boolean vectors = root.has("cases") && !root.has("instances");
        if (vectors) {
            checkFields(root, Set.of("cases", "note"), "cases, note", source + ": ");
            JsonNode list = root.get("cases");
            if (!list.isArray() || list.isEmpty()) {
                throw new InvalidInputException(source + ": cases: expected a non-empty array of test vectors, got "
                    + describe(list));
            }
            list.forEach(nodes::add);
        } else if (root.has("instances")) {
            checkFields(root, Set.of("instances", "note"), "instances, note", source + ": ");
            JsonNode list = root.get("instances");
            if (!list.isArray()) {
                throw new InvalidInputException(source + ": instances: expected an array of instances, got "
                    + describe(list));
            }
            if (list.isEmpty()) {
                throw new InvalidInputException(source + ": instances: the list is empty, nothing to audit");
            }
            list.forEach(nodes::add);
        } else {
            nodes.add(root);
        }
        List<Instance> instances = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Instance inst = instance(nodes.get(i), source, i, vectors);
            Integer before = names.putIfAbsent(inst.name(), i);
            if (before != null) {
                throw new InvalidInputException(where(source, i, inst.name()) + "name: '" + inst.name()
                    + "' is already used by instance " + before + "; names must be unique");
            }
            instances.add(inst);
        }
        return instances;
    }

    static Instance instance(JsonNode node, String source, int index, boolean vectors) {
        String nameField = vectors ? "id" : "name";
        if (!node.isObject()) {
            throw new InvalidInputException(source + ": " + (vectors ? "case " : "instance ") + index
                + ": expected an object with " + nameField + ", target, draft or drafts, and k; got " + describe(node));
        }
        JsonNode nameNode = node.get(nameField);
        String prefix = source + ": " + (vectors ? "case " : "instance ") + index + ": ";
        if (nameNode == null || nameNode.isNull()) {
            throw new InvalidInputException(prefix + nameField + ": missing (every " + (vectors ? "case" : "instance")
                + " needs an \"" + nameField + "\")");
        }
        if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
            throw new InvalidInputException(prefix + nameField + ": expected a non-empty string, got "
                + describe(nameNode));
        }
        String name = nameNode.asText();
        for (int c = 0; c < name.length(); c++) {
            char ch = name.charAt(c);
            if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
                throw new InvalidInputException(prefix + "name: contains the control character U+"
                    + String.format("%04X", (int) ch) + " at position " + c + " (names are one line of printable"
                    + " text, so that tables and logs keep one row per instance)");
            }
        }
        String at = where(source, index, name);
        checkFields(node, vectors ? CASE_FIELDS : INSTANCE_FIELDS, vectors ? CASE_FIELD_LIST : INSTANCE_FIELD_LIST,
            at);
        JsonNode process = node.get("draftProcess");
        if (process != null && !process.isTextual()) {
            throw new InvalidInputException(at + "draftProcess: expected a string, got " + describe(process));
        }
        JsonNode note = node.get("note");
        if (note != null && !note.isTextual()) {
            throw new InvalidInputException(at + "note: expected a string, got " + describe(note));
        }

        JsonNode targetNode = node.get("target");
        if (targetNode == null) {
            throw new InvalidInputException(at + "target: missing (the target law p, one mass per token)");
        }
        Distribution target = distribution(targetNode, at + "target: ");

        JsonNode draft = node.get("draft");
        JsonNode drafts = node.get("drafts");
        JsonNode kNode = node.get("k");
        if (draft != null && drafts != null) {
            throw new InvalidInputException(at + "give either 'draft' (one law shared by the K drafts, with 'k') or"
                + " 'drafts' (one row per draft model), not both");
        }
        if (draft == null && drafts == null) {
            throw new InvalidInputException(at + "draft: missing: give 'draft' (one law shared by the K drafts, with"
                + " 'k') or 'drafts' (one row per draft model)");
        }
        if (draft != null) {
            Distribution q = distribution(draft, at + "draft: ");
            requireVocab(q, target, at + "draft: ");
            if (kNode == null) {
                throw new InvalidInputException(at + "k: missing: with a single 'draft' law, 'k' (the number of drafts)"
                    + " is required");
            }
            int k = positiveInt(kNode, at + "k: ");
            return wrap(() -> Instance.identical(name, target, q, k), at);
        }
        if (!drafts.isArray()) {
            throw new InvalidInputException(at + "drafts: expected an array of rows (one law per draft model), got "
                + describe(drafts));
        }
        if (drafts.isEmpty()) {
            throw new InvalidInputException(at + "drafts: needs at least one row (one law per draft model)");
        }
        List<Distribution> rows = new ArrayList<>();
        for (int r = 0; r < drafts.size(); r++) {
            String rowAt = at + "drafts: row " + r + ": ";
            Distribution q = distribution(drafts.get(r), rowAt);
            requireVocab(q, target, rowAt);
            rows.add(q);
        }
        if (kNode != null) {
            int k = positiveInt(kNode, at + "k: ");
            if (k != rows.size()) {
                throw new InvalidInputException(at + "k: " + k + " disagrees with the " + rows.size()
                    + " rows of 'drafts' (with 'drafts', K is the number of rows; omit 'k' or make it match)");
            }
        }
        if (rows.size() == 1) {
            // one row is one draft law with K = 1: independent and iid drafts coincide, so every K = 1 scheme applies
            Distribution only = rows.get(0);
            return wrap(() -> Instance.identical(name, target, only, 1), at);
        }
        return wrap(() -> Instance.independent(name, target, rows), at);
    }

    /** A parse error in the project's words (Jackson's own message only as a last resort). */
    static String explain(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("Trailing token")) {
            return "a second JSON value follows the first; a file holds one instance or one {\"instances\": [...]}"
                + " object (put several instances in that list)";
        }
        if (m.contains("maybe a (non-standard) comment")) {
            return "comments (// or /* */) are not JSON; remove them (a \"note\" field can carry text)";
        }
        if (m.contains("nesting depth")) {
            return "nested deeper than " + StreamReadConstraints.DEFAULT_MAX_DEPTH + " levels; an instance file needs"
                + " three (the list, an instance, a row)";
        }
        if (m.contains("String value length") || m.contains("Number value length") || m.contains("Name length")) {
            return (m.contains("Number") ? "a number" : m.contains("Name") ? "a field name" : "a string")
                + " is longer than the reader's limit of " + (m.contains("Number")
                ? StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits" : m.contains("Name")
                ? StreamReadConstraints.DEFAULT_MAX_NAME_LEN + " characters"
                : StreamReadConstraints.DEFAULT_MAX_STRING_LEN + " characters")
                + "; write masses as fractions such as \"1/3\" instead of very long decimals";
        }
        if (m.contains("ALLOW_NON_NUMERIC_NUMBERS") || m.contains("Non-standard token")) {
            int q = m.indexOf('\'');
            String token = q >= 0 && m.indexOf('\'', q + 1) > q ? m.substring(q + 1, m.indexOf('\'', q + 1)) : "NaN";
            return token + " is not a number in JSON, and a mass must be a finite number in [0, 1] (a number such as"
                + " 0.25, or a string such as \"1/4\")";
        }
        if (m.startsWith("Duplicate field")) {
            return "a field appears twice in one object (" + m.replaceFirst("Duplicate field ", "") + ")";
        }
        if (m.startsWith("Unexpected end-of-input")) {
            return "the file ends inside a value (an unclosed [ or {, or a cut-off file)";
        }
        if (m.startsWith("Unexpected character")) {
            int q = m.indexOf('\'');
            String ch = q >= 0 && m.indexOf('\'', q + 1) > q ? m.substring(q, m.indexOf('\'', q + 1) + 1) : "";
            return "unexpected character " + ch + " where a JSON value, comma or bracket should be";
        }
        int cut = m.indexOf(" (from `");
        return cut > 0 ? m.substring(0, cut) : m;
    }

    private static Instance wrap(java.util.function.Supplier<Instance> make, String at) {
        try {
            return make.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(at + e.getMessage(), e);
        }
    }

    private static void requireVocab(Distribution q, Distribution target, String at) {
        if (q.size() != target.size()) {
            throw new InvalidInputException(at + "has " + q.size() + " tokens but the target has " + target.size()
                + " (all laws of an instance share one vocabulary)");
        }
    }

    private static Distribution distribution(JsonNode node, String at) {
        if (!node.isArray()) {
            throw new InvalidInputException(at + "expected an array of token masses, got " + describe(node));
        }
        if (node.isEmpty()) {
            throw new InvalidInputException(at + "empty: a distribution needs at least one token");
        }
        BigFraction[] masses = new BigFraction[node.size()];
        for (int t = 0; t < masses.length; t++) {
            masses[t] = mass(node.get(t), at + "token " + t + ": ");
        }
        try {
            return Distribution.of(masses);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(at + e.getMessage(), e);
        }
    }

    /** One mass: a JSON number exactly as written, or a string "a/b" / "0.05". */
    static BigFraction mass(JsonNode node, String at) {
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            requireModestScale(d, node.asText(), at);
            return Fractions.of(d);
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.indexOf('/') < 0) {
                try {
                    requireModestScale(new BigDecimal(text.trim()), text, at);
                } catch (NumberFormatException e) {
                    // Fractions.parse gives the message
                }
            }
            try {
                return Fractions.parse(text);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(at + e.getMessage(), e);
            }
        }
        throw new InvalidInputException(at + "expected a number or a string such as \"1/3\" or \"0.05\", got "
            + describe(node));
    }

    private static void requireModestScale(BigDecimal d, String text, String at) {
        if (Math.abs((long) d.scale()) > MAX_DECIMAL_SCALE) {
            throw new InvalidInputException(at + "'" + text + "' has a decimal exponent beyond +-" + MAX_DECIMAL_SCALE
                + "; write it as a fraction a/b");
        }
    }

    private static int positiveInt(JsonNode node, String at) {
        if (!node.isIntegralNumber()) {
            throw new InvalidInputException(at + "expected a whole number >= 1, got " + describe(node));
        }
        if (node.bigIntegerValue().signum() < 1) {
            throw new InvalidInputException(at + "expected a whole number >= 1, got " + node.asText());
        }
        if (!node.canConvertToInt()) {
            throw new InvalidInputException(at + node.asText() + " drafts is beyond any exact enumeration (and beyond "
                + Integer.MAX_VALUE + ")");
        }
        return node.intValue();
    }

    /** Refuses a field of {@code node} not in {@code known}, naming it and the known ones. */
    static void checkFields(JsonNode node, Set<String> known, String knownList, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new InvalidInputException(at + "unknown field '" + f + "' (known: " + knownList + ")");
            }
        }
    }

    /** The prefix of a message about instance {@code index} of {@code source}. */
    static String where(String source, int index, String name) {
        return source + ": instance " + index + " ('" + name + "'): ";
    }

    /** A short description of a JSON value for messages: its type and, for short scalars, the value. */
    static String describe(JsonNode n) {
        if (n.isNull()) {
            return "null";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isTextual()) {
            String s = n.asText();
            return "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
