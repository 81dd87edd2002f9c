package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.GpuSequenceSchemes.SequenceKernel;
import org.specverify.gpu.SequenceBatchVerifier.Status;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * The sequence kernel table against the sequence registry, and the sequence kernel's codes against the Java enums.
 * Runs without an OpenCL device.
 */
class GpuSequenceSchemesTest {
    /** Every sequence scheme of the registry has a row (a kernel or a reason), and no row is stale. */
    @Test
    void everySequenceSchemeHasARow() {
        assertEquals(List.of(), GpuSequenceSchemes.problems(SequenceSchemes.reference()));
    }

    /** The test can fail: a registry without tree-rrs leaves its row stale, by name. */
    @Test
    void aStaleRowIsNamed() {
        SequenceSchemes some = SequenceSchemes.of(SequenceSchemes.reference().get("block"));
        List<String> p = GpuSequenceSchemes.problems(some);
        assertTrue(p.contains("GpuSequenceSchemes has a row for 'tree-rrs', which the sequence registry does not"
            + " have"), p.toString());
    }

    /** The kernels' ids are registry ids, tree kernels name their token scheme; an id without a kernel says why. */
    @Test
    void kernelsAndRefusals() {
        for (SequenceKernel k : SequenceKernel.values()) {
            assertEquals(k, GpuSequenceSchemes.kernel(k.id()));
            SequenceSchemes.reference().get(k.id());
            if (k.tree() != null) {
                assertEquals(k.id(), k.tree().id());
            }
        }
        for (TreeScheme t : TreeScheme.values()) {
            assertEquals(t, GpuSequenceSchemes.kernel(t.id()).tree());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> GpuSequenceSchemes.kernel("tokenwise"));
        assertTrue(e.getMessage().contains("chain mode"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GpuSequenceSchemes.kernel("nope"));
        assertTrue(e.getMessage().contains("kernels exist for [block, tree-rrs"), e.getMessage());
    }

    /**
     * sequence.cl's own status (SQST_BAD_PARENT) follows verify.cl's ST_* codes: Status is BatchVerifier.Status then
     * BAD_PARENT, ordinal = code.
     */
    @Test
    void statusCodesAreTheKernels() throws IOException {
        String src;
        try (InputStream in = BatchVerifier.class.getResourceAsStream("kernels/sequence.cl")) {
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("(?m)^#define\\s+SQST_(\\w+)\\s+(\\d+)\\s*$").matcher(src);
        int found = 0;
        while (m.find()) {
            assertEquals(Integer.parseInt(m.group(2)), Status.valueOf(m.group(1)).ordinal(), m.group());
            found++;
        }
        assertEquals(1, found, "sequence.cl defines one status of its own");
        BatchVerifier.Status[] token = BatchVerifier.Status.values();
        for (int i = 0; i < token.length; i++) {
            assertEquals(token[i].name(), Status.values()[i].name(), "status " + i);
        }
        assertEquals(token.length + 1, Status.values().length);
    }
}
