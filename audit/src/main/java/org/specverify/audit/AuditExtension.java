package org.specverify.audit;

import java.util.List;
import java.util.Map;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Scheme;

/**
 * Adds named fields to the audit without changing it (for example the optimal acceptance of a scheme's draft law and
 * its gap). Fields appear in the JSON output under their names, after the standard ones, and in the table as extra
 * columns. Allowed values are listed in {@link AuditJson}; {@link ExactValue} is the usual one.
 */
public interface AuditExtension {
    /**
     * Extra fields for one scheme whose exact law was computed.
     *
     * @param instance the instance
     * @param bound    the scheme bound to it (its draft process is the law to compare against)
     * @param law      the exact law the audit computed
     * @param row      the row so far (standard fields and the fields of earlier extensions)
     */
    default Map<String, Object> schemeFields(Instance instance, Scheme.Bound bound, ExactLaw law, SchemeAudit row) {
        return Map.of();
    }

    /** Extra fields for one instance, given all its rows. */
    default Map<String, Object> instanceFields(Instance instance, List<SchemeAudit> rows) {
        return Map.of();
    }
}
