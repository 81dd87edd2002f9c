package org.specverify.gpu;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.reference.scheme.CapabilityTable;
import org.specverify.reference.scheme.CapabilityTable.Entry;

/**
 * The gpu module's one table keyed by the scheme registry: for each scheme its OpenCL kernel ({@link KernelScheme}), or
 * the reason it has none. The command line's {@code gpu} commands and {@code schemes --json} read it; the registry
 * test in cli checks that every scheme of the registry has a row.
 */
public final class GpuSchemes {
    /** The capability name. */
    public static final String KERNEL = "gpu";

    /**
     * One scheme's row.
     *
     * @param kernel its kernel
     */
    public record Row(Entry<KernelScheme> kernel) implements CapabilityTable.Row {
        @Override
        public Map<String, Entry<?>> capabilities() {
            Map<String, Entry<?>> m = new LinkedHashMap<>();
            m.put(KERNEL, kernel);
            return m;
        }
    }

    /** The table: the schemes with a kernel (in {@link KernelScheme}'s order), then those without, with the reason. */
    public static final CapabilityTable<Row> TABLE = table();

    private static CapabilityTable<Row> table() {
        CapabilityTable.Builder<Row> b = CapabilityTable.builder("gpu", KERNEL);
        for (KernelScheme k : KernelScheme.values()) {
            b.put(k.id(), new Row(Entry.of(k)));
        }
        return b
            .put("spechub", new Row(Entry.absent("not written yet: its hub draft process (second draft the argmax of"
                + " q unless the first is) is not in verify.cl")))
            .put("equality-match", new Row(Entry.absent("an exact-match baseline (one target sample, compared"
                + " with the drafts), which engines do not verify with")))
            .put("typical", new Row(Entry.absent("not written: lossy by design (Medusa's thresholds), outside the"
                + " exact-conformance scope of verify.cl")))
            .put("canonical-is", new Row(Entry.absent("needs per-instance importance weights (optimal ones"
                + " from an LP solve)")))
            .put("ot-plan", new Row(Entry.absent("needs a per-instance transport plan (an LP solve)")))
            .put("gumbel", new Row(Entry.absent("the verifier reads the draft's |V| exponentials per position (shared"
                + " race noise), not accept-test uniforms")))
            .put("gls", new Row(Entry.absent("the verifier reads the drafts' K x |V| exponentials per position (shared"
                + " race noise), not accept-test uniforms")))
            .build();
    }

    private GpuSchemes() {
    }

    /**
     * The kernel of a scheme id.
     *
     * @throws IllegalArgumentException naming why the scheme has none, or the ids that have one
     */
    static KernelScheme kernel(String id) {
        Row r = TABLE.row(id).orElse(null);
        if (r != null && !r.kernel().isPresent()) {
            throw new IllegalArgumentException("no GPU kernel for scheme '" + id + "': "
                + r.kernel().reason().orElseThrow() + "; kernels exist for " + ids());
        }
        if (r == null) {
            throw new IllegalArgumentException("no GPU kernel for scheme '" + id + "'; kernels exist for " + ids());
        }
        return r.kernel().value().orElseThrow();
    }

    private static java.util.List<String> ids() {
        return Arrays.stream(KernelScheme.values()).map(KernelScheme::id).toList();
    }
}
