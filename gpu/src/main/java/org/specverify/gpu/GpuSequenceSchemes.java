package org.specverify.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.reference.scheme.CapabilityTable.Entry;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * The gpu module's table keyed by the sequence scheme registry ({@link SequenceSchemes#reference()}): for each sequence
 * scheme its kernel in {@link SequenceBatchVerifier} ({@link SequenceKernel}), or the reason it has none. The
 * command line's {@code gpu conformance --scheme} and {@code gpu bench --scheme} read it; GpuSequenceSchemesTest checks
 * that every sequence scheme of the registry has a row and that no row is stale.
 */
public final class GpuSequenceSchemes {
    /** The sequence kernels: block verification, and tree verification with a token scheme at each node. */
    public enum SequenceKernel {
        BLOCK("block", null),
        TREE_RRS("tree-rrs", TreeScheme.RRS),
        TREE_RRS_WOR("tree-rrs-wor", TreeScheme.RRS_WOR),
        TREE_DETERMINISTIC("tree-deterministic", TreeScheme.DETERMINISTIC);

        private final String id;
        private final TreeScheme tree;

        SequenceKernel(String id, TreeScheme tree) {
            this.id = id;
            this.tree = tree;
        }

        /** The sequence scheme id. */
        public String id() {
            return id;
        }

        /** The token scheme at each node, for the tree kernels; null for block. */
        public TreeScheme tree() {
            return tree;
        }
    }

    private static final Map<String, Entry<SequenceKernel>> TABLE = table();

    private static Map<String, Entry<SequenceKernel>> table() {
        Map<String, Entry<SequenceKernel>> m = new LinkedHashMap<>();
        for (SequenceKernel k : SequenceKernel.values()) {
            m.put(k.id(), Entry.of(k));
        }
        String chainMode = "verify.cl's chain mode (sd, B x G) runs it position by position; no sequence kernel of"
            + " its own";
        m.put("tokenwise", Entry.absent(chainMode));
        m.put("traversal", Entry.absent("not written: its walk revisits siblings' subtrees (Traversal Verification),"
            + " not in sequence.cl"));
        m.put("target-only", Entry.absent("not written: a tree-sampling baseline with one coin per level, which"
            + " engines do not verify with"));
        m.put("target-only-lossy", Entry.absent("a deliberately lossy fixture of the reference"));
        String noTree = " at each node: the tree kernel runs rrs, rrs-wor and deterministic only";
        for (String t : List.of("sd", "kseq", "equality-match", "typical", "canonical-is", "ot-plan")) {
            m.put("tree-" + t, Entry.absent("no tree kernel with " + t + noTree));
        }
        return m;
    }

    private GpuSequenceSchemes() {
    }

    /** The sequence scheme ids with a kernel. */
    public static List<String> ids() {
        return java.util.Arrays.stream(SequenceKernel.values()).map(SequenceKernel::id).toList();
    }

    /** Whether the id has a row (a kernel or a reason). */
    public static boolean hasRow(String id) {
        return TABLE.containsKey(id);
    }

    /**
     * The kernel of a sequence scheme id.
     *
     * @throws IllegalArgumentException naming why the scheme has none, or the ids that have one
     */
    public static SequenceKernel kernel(String id) {
        Entry<SequenceKernel> e = TABLE.get(id);
        if (e == null) {
            throw new IllegalArgumentException("no GPU sequence kernel for scheme '" + id + "'; kernels exist for "
                + ids());
        }
        if (!e.isPresent()) {
            throw new IllegalArgumentException("no GPU sequence kernel for scheme '" + id + "': "
                + e.reason().orElseThrow() + "; kernels exist for " + ids());
        }
        return e.value().orElseThrow();
    }

    /**
     * What is wrong with the table against a registry: a sequence scheme without a row, a row for an id the registry
     * does not have; empty when none.
     */
    public static List<String> problems(SequenceSchemes registry) {
        List<String> p = new ArrayList<>();
        List<String> ids = registry.all().stream().map(SequenceScheme::id).toList();
        for (String id : ids) {
            if (!TABLE.containsKey(id)) {
                p.add("sequence scheme '" + id + "' has no row in GpuSequenceSchemes: give it a kernel or declare it"
                    + " absent with a reason");
            }
        }
        for (String id : TABLE.keySet()) {
            if (!ids.contains(id)) {
                p.add("GpuSequenceSchemes has a row for '" + id + "', which the sequence registry does not have");
            }
        }
        return p;
    }
}
