package org.specverify.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;


/**
 * The audit's JSON form:
 * <pre>
 * {"instances": [{"name", "vocab", "k", "identicalDrafts", ...instance extras, "schemes": [
 *     {"id", "level": "token", "draftProcess", "claimsLossless", "verdict",
 *      "lossless", "maxLawError": {"exact", "value"}, "worstToken" (when lossy), "acceptance": {"exact", "value"},
 *      "testAcceptance": {"exact", "value"},
 *      ...scheme extras}
 *   or {"id", "draftProcess", "claimsLossless", "verdict", "notApplicable": "reason"}
 *   or {"id", "draftProcess", "claimsLossless", "verdict", "error": "message"}]}],
 *   or, for a sequence row, {"id", "level": "sequence", "draftProcess" (chain or the sibling process),
 *      "claimsLossless", "verdict", "lossless", "maxLawError", "worstSequence", "worstSequenceProbability",
 *      "targetProbability" (these three when lossy), "expectedAccepted": {"exact", "value"},
 *      "acceptedLengthLaw": [{"exact", "value"} for tau = 0..gamma], "optimum", "gap", ...}
 *  "summary": {...}, "ok": true|false}
 * </pre>
 * Extra values may be {@link ExactValue} (as {"exact", "value"}), String, Boolean, Integer, Long, BigInteger,
 * BigDecimal, Double, {@link JsonNode}, a Map with String keys, or a List, of these, nested.
 */
public final class AuditJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AuditJson() {
    }

    public static ObjectNode of(AuditResult result) {
        ObjectNode root = F.objectNode();
        ArrayNode instances = root.putArray("instances");
        for (InstanceAudit i : result.instances()) {
            instances.add(of(i));
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("instances", result.instances().size());
        result.counts().forEach((v, n) -> summary.put(v.id(), n));
        summary.put("failures", result.failures().size());
        root.put("ok", result.exitCode() == ExitCodes.OK);
        return root;
    }

    public static ObjectNode of(InstanceAudit i) {
        ObjectNode o = F.objectNode();
        o.put("name", i.name());
        o.put("vocab", i.vocab());
        o.put("k", i.k());
        o.put("identicalDrafts", i.identicalDrafts());
        o.put("level", String.valueOf(i.extras().getOrDefault("level", SchemeAudit.TOKEN)));
        i.extras().forEach((name, value) -> o.set(name, value(value)));
        ArrayNode schemes = o.putArray("schemes");
        for (SchemeAudit s : i.schemes()) {
            schemes.add(of(s));
        }
        return o;
    }

    public static ObjectNode of(SchemeAudit s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.id());
        o.put("level", s.level());
        o.put("draftProcess", s.draftProcess());
        o.put("claimsLossless", s.claimsLossless());
        o.put("verdict", s.verdict().id());
        s.measured().ifPresent(m -> {
            o.put("lossless", m.lossless());
            o.set("maxLawError", exact(m.maxLawError()));
            if (!m.lossless()) {
                o.put("worstToken", m.worstToken());
            }
            o.set("acceptance", exact(m.acceptance()));
            o.set("testAcceptance", exact(m.testAcceptance()));
        });
        s.sequence().ifPresent(m -> {
            o.put("lossless", m.lossless());
            o.set("maxLawError", exact(m.maxLawError()));
            if (!m.lossless()) {
                ArrayNode worst = o.putArray("worstSequence");
                m.worstSequence().forEach(worst::add);
                o.set("worstSequenceProbability", exact(m.observed()));
                o.set("targetProbability", exact(m.expected()));
            }
            o.set("expectedAccepted", exact(m.expectedAccepted()));
            ArrayNode law = o.putArray("acceptedLengthLaw");
            m.acceptedLengthLaw().forEach(v -> law.add(exact(v)));
        });
        s.extras().forEach((name, value) -> o.set(name, value(value)));
        s.reason().ifPresent(r -> o.put(s.verdict() == AuditVerdict.NOT_APPLICABLE ? "notApplicable" : "error", r));
        return o;
    }

    /** {"exact": "a/b", "value": 0.73}. */
    public static ObjectNode exact(ExactValue v) {
        ObjectNode o = F.objectNode();
        o.put("exact", v.fraction());
        o.put("value", v.value());
        return o;
    }

    /** The JSON form of an extra value (see the class comment for the types allowed). */
    public static JsonNode value(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof ExactValue e) {
            return exact(e);
        }
        if (v instanceof JsonNode n) {
            return n;
        }
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Integer n) {
            return F.numberNode(n);
        }
        if (v instanceof Long n) {
            return F.numberNode(n);
        }
        if (v instanceof Double n) {
            return F.numberNode(n);
        }
        if (v instanceof BigInteger n) {
            return F.numberNode(n);
        }
        if (v instanceof BigDecimal n) {
            return F.numberNode(n);
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = F.objectNode();
            m.forEach((k, x) -> {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("audit extra: map key " + k + " is not a String");
                }
                o.set(key, value(x));
            });
            return o;
        }
        if (v instanceof List<?> l) {
            ArrayNode a = F.arrayNode();
            l.forEach(x -> a.add(value(x)));
            return a;
        }
        throw new IllegalArgumentException("audit extra of unsupported type " + v.getClass().getName()
            + " (use ExactValue, String, Boolean, a number, JsonNode, Map or List)");
    }
}
