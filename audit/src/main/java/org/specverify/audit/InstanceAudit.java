package org.specverify.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of one instance: one row per scheme, in registry order.
 *
 * @param index           0-based position of the instance in its input
 * @param name            the instance's name
 * @param vocab           |V|
 * @param k               number of drafts K
 * @param identicalDrafts whether all drafts share one draft law (else one law per draft)
 * @param schemes         one row per audited scheme
 * @param extras          further named per-instance fields added by {@link AuditExtension}s, in insertion order
 */
public record InstanceAudit(int index, String name, int vocab, int k, boolean identicalDrafts,
                            List<SchemeAudit> schemes, Map<String, Object> extras) {
    public InstanceAudit {
        schemes = List.copyOf(schemes);
        extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
    }

    /** This instance with one more extra field (kept in insertion order; an existing name is replaced). */
    public InstanceAudit withExtra(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(extras);
        m.put(name, value);
        return new InstanceAudit(index, this.name, vocab, k, identicalDrafts, schemes, m);
    }
}
