package org.specverify.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of an audit: one scheme on one instance.
 *
 * @param id             the scheme id
 * @param draftProcess   the draft process the scheme ran with on this instance ("iid", "independent", "hub", ...); for a
 *                       scheme that did not run, the processes it declares ("iid|independent")
 * @param claimsLossless whether the scheme claims losslessness
 * @param verdict        the conclusion
 * @param measured       the exact results, present exactly when {@link AuditVerdict#isChecked()}
 * @param reason         why it was not applicable, too large or failed; present for those verdicts only
 * @param extras         further named fields added by {@link AuditExtension}s, in insertion order (see
 *                       {@link AuditJson} for the value types allowed)
 * @param level          {@link #TOKEN} (one position, a token scheme) or {@link #SEQUENCE} (one step of a sequence
 *                       verifier over a drafted chain or tree)
 * @param sequence       the exact results of a sequence row, present exactly when the row is checked and its level
 *                       is {@link #SEQUENCE} (a checked token row has {@code measured} instead)
 */
public record SchemeAudit(String id, String draftProcess, boolean claimsLossless, AuditVerdict verdict,
                          Optional<Measured> measured, Optional<String> reason, Map<String, Object> extras,
                          String level, Optional<SequenceMeasured> sequence) {
    /** The level of a token scheme's row. */
    public static final String TOKEN = "token";
    /** The level of a sequence scheme's row. */
    public static final String SEQUENCE = "sequence";

    public SchemeAudit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(draftProcess, "draftProcess");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sequence, "sequence");
        if (!TOKEN.equals(level) && !SEQUENCE.equals(level)) {
            throw new IllegalArgumentException("scheme " + id + ": level must be token or sequence, got " + level);
        }
        Optional<?> results = TOKEN.equals(level) ? measured : sequence;
        Optional<?> none = TOKEN.equals(level) ? sequence : measured;
        if (results.isPresent() != verdict.isChecked() || none.isPresent()) {
            throw new IllegalArgumentException("scheme " + id + " (" + level + "): verdict " + verdict
                + " with measured = " + measured + ", sequence = " + sequence);
        }
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** A token row. */
    public SchemeAudit(String id, String draftProcess, boolean claimsLossless, AuditVerdict verdict,
                       Optional<Measured> measured, Optional<String> reason, Map<String, Object> extras) {
        this(id, draftProcess, claimsLossless, verdict, measured, reason, extras, TOKEN, Optional.empty());
    }

    /** A sequence row. */
    public static SchemeAudit sequence(String id, String appliesTo, boolean claimsLossless, AuditVerdict verdict,
                                       Optional<SequenceMeasured> sequence, Optional<String> reason,
                                       Map<String, Object> extras) {
        return new SchemeAudit(id, appliesTo, claimsLossless, verdict, Optional.empty(), reason, extras, SEQUENCE,
            sequence);
    }

    /** Whether this is a sequence row. */
    public boolean isSequence() {
        return SEQUENCE.equals(level);
    }

    /** This row with one more extra field (kept in insertion order; an existing name is replaced). */
    public SchemeAudit withExtra(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extras);
        m.put(name, value);
        return new SchemeAudit(id, draftProcess, claimsLossless, verdict, measured, reason, m, level, sequence);
    }
}
