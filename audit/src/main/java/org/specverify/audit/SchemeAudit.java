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
 */
public record SchemeAudit(String id, String draftProcess, boolean claimsLossless, AuditVerdict verdict,
                          Optional<Measured> measured, Optional<String> reason, Map<String, Object> extras) {
    public SchemeAudit {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(draftProcess, "draftProcess");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(reason, "reason");
        if (measured.isPresent() != verdict.isChecked()) {
            throw new IllegalArgumentException("scheme " + id + ": verdict " + verdict + " with measured = " + measured);
        }
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** This row with one more extra field (kept in insertion order; an existing name is replaced). */
    public SchemeAudit withExtra(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extras);
        m.put(name, value);
        return new SchemeAudit(id, draftProcess, claimsLossless, verdict, measured, reason, m);
    }
}
