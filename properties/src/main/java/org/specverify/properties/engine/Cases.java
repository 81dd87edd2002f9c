package org.specverify.properties.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IndependentDraft;

/**
 * Test vectors for other engines: {@code {"cases": [{"id", "target", "draft" | "drafts", "k", "draftProcess"}]}},
 * masses as exact fraction strings. The instance fields are read by {@link InstanceReader} (so every error names the
 * case, the field and the token); {@code draftProcess} is one of iid, independent, without-replacement, hub, greedy,
 * deterministic. An optional {@code note} (any JSON value, as in instance files) is ignored.
 */
public final class Cases {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("id", "target", "draft", "drafts", "k", "draftProcess", "note");

    /** The draft process names a case may give, as listed in messages. */
    public static final String PROCESSES = "iid, independent, without-replacement, hub, greedy, deterministic";

    private Cases() {
    }

    /** One case: an id, the instance and the name of its draft process. */
    public record Case(String id, Instance instance, String draftProcess) {
        /** The draft process named by {@link #draftProcess()}, built on the instance's laws. */
        public DraftProcess process() {
            return Cases.process(id, instance, draftProcess);
        }
    }

    /** The draft process of a case. */
    static DraftProcess process(String id, Instance inst, String name) {
        String where = "case '" + id + "': draftProcess '" + name + "': ";
        if (!inst.identicalDrafts()) {
            if (!name.equals("independent")) {
                throw new InvalidInputException(where + "one law per draft ('drafts') needs draftProcess"
                    + " 'independent'");
            }
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < inst.k(); i++) {
                rows.add(inst.draft(i));
            }
            return new IndependentDraft(rows);
        }
        Distribution q = inst.draft();
        int k = inst.k();
        try {
            if (name.equals("independent")) {
                throw new InvalidInputException("'independent' needs one law per draft ('drafts'), the case gives one"
                    + " shared 'draft'");
            }
            DraftKind kind = DraftKind.ofId(name).orElseThrow(
                () -> new InvalidInputException("unknown draft process; known: " + PROCESSES));
            Optional<String> why = kind.notApplicable(q, k);
            if (why.isPresent()) {
                throw new InvalidInputException(why.get());
            }
            return kind.build(q, k);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + e.getMessage(), e);
        }
    }

    /** The vectors document. */
    public static String json(List<Case> cases) {
        StringBuilder sb = new StringBuilder("{\"cases\": [\n");
        for (int c = 0; c < cases.size(); c++) {
            Case cs = cases.get(c);
            Instance i = cs.instance();
            sb.append("  {\"id\": ").append(MAPPER.getNodeFactory().textNode(cs.id()).toString())
                .append(", \"target\": ");
            row(sb, i.target());
            if (i.identicalDrafts()) {
                sb.append(", \"draft\": ");
                row(sb, i.draft());
            } else {
                sb.append(", \"drafts\": [");
                for (int r = 0; r < i.k(); r++) {
                    sb.append(r == 0 ? "" : ", ");
                    row(sb, i.draft(r));
                }
                sb.append(']');
            }
            sb.append(", \"k\": ").append(i.k()).append(", \"draftProcess\": \"").append(cs.draftProcess())
                .append("\"}").append(c + 1 < cases.size() ? ",\n" : "\n");
        }
        return sb.append("]}\n").toString();
    }

    private static void row(StringBuilder sb, Distribution d) {
        sb.append('[');
        for (int x = 0; x < d.size(); x++) {
            sb.append(x == 0 ? "" : ", ").append('"').append(Fractions.format(d.p(x))).append('"');
        }
        sb.append(']');
    }

    /** Reads a vectors file; {@code shown} names it in messages. */
    public static List<Case> read(Path file, String shown) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(shown + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(shown + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, shown);
    }

    /** Parses a vectors document. */
    public static List<Case> parse(String text, String shown) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(shown + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.has("cases") || !root.get("cases").isArray()) {
            throw new InvalidInputException(shown + ": expected {\"cases\": [...]}");
        }
        List<Case> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode c : root.get("cases")) {
            String where = shown + ": case " + index;
            if (!c.isObject()) {
                throw new InvalidInputException(where + ": expected an object");
            }
            for (Iterator<String> it = c.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new InvalidInputException(where + ": unknown field '" + f + "' (known: id, target, draft"
                        + " or drafts, k, draftProcess, note)");
                }
            }
            JsonNode id = c.get("id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw new InvalidInputException(where + ": id: expected a non-empty string");
            }
            if (!ids.add(id.asText())) {
                throw new InvalidInputException(where + ": id '" + id.asText() + "' is used twice");
            }
            JsonNode dp = c.get("draftProcess");
            if (dp == null || dp.isNull()) {
                throw new InvalidInputException(where + " ('" + id.asText() + "'): draftProcess is missing; give one"
                    + " of " + PROCESSES);
            }
            if (!dp.isTextual()) {
                throw new InvalidInputException(where + " ('" + id.asText() + "'): draftProcess: expected a string,"
                    + " one of " + PROCESSES + ", got " + dp);
            }
            ObjectNode inst = ((ObjectNode) c.deepCopy());
            inst.remove("id");
            inst.remove("draftProcess");
            inst.put("name", id.asText());
            Instance instance = InstanceReader.parse(inst.toString(), where).get(0);
            Case cs = new Case(id.asText(), instance, dp.asText());
            cs.process();
            out.add(cs);
            index++;
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(shown + ": no cases");
        }
        return out;
    }
}
