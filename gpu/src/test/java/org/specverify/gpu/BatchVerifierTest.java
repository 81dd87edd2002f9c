package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.Conformance.Position;

/** The host side: compile errors carry the compiler's log, buffers are reused, bad shapes are refused by name. */
class BatchVerifierTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<OpenCl.Device> devices() {
        return OpenClDevices.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void compileErrorShowsTheBuildLog(OpenCl.Device d) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new BatchVerifier(d, "-DSV_BROKEN_BUILD"));
        assertTrue(e.getMessage().contains("the compiler's log"), e.getMessage());
        assertTrue(e.getMessage().contains("a build failure on purpose"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void buffersAreReusedAcrossBatches(OpenCl.Device d) {
        try (BatchVerifier v = new BatchVerifier(d)) {
            List<Position> ps = Workloads.llmLike(KernelScheme.RRS, 1000, 2, false, 16, 5);
            BatchVerifier.Batch b = Conformance.batch(KernelScheme.RRS, 1000, 2, false, ps);
            v.verify(b, new BatchVerifier.Philox(1, 0));
            long held = v.bufferBytes();
            BatchVerifier.Result r2 = v.verify(b, new BatchVerifier.Philox(1, 16));
            assertEquals(held, v.bufferBytes(), "a batch of the same shape must not allocate");
            BatchVerifier.Batch small = Conformance.batch(KernelScheme.RRS, 1000, 2, false, ps.subList(0, 4));
            v.verify(small, new BatchVerifier.Philox(1, 0));
            assertEquals(held, v.bufferBytes(), "a smaller batch must reuse the buffers");
            assertEquals(16, r2.token().length);
        }
    }

    @Test
    void badShapesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new BatchVerifier.Batch(KernelScheme.RRS, 2, 4, 2, false, new float[8], new float[7], new int[4],
                null));
        assertTrue(e.getMessage().startsWith("draft has 7 entries, expected 8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new BatchVerifier.Batch(KernelScheme.SD, 1, 4, 2, false, new float[4], new float[4], new int[2],
                null));
        assertTrue(e.getMessage().contains("sd has exactly one draft"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KernelScheme.of("typical"));
        assertTrue(e.getMessage().contains("no GPU kernel for scheme 'typical'"), e.getMessage());
    }
}
