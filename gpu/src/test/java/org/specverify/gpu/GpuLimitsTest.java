package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.GpuLimits.Budget;
import org.specverify.gpu.GpuLimits.Need;

/** Size arithmetic of GPU runs: exact in long, overflow as "too large", each limit named. No device needed. */
class GpuLimitsTest {
    private static final Budget ROOMY = new Budget(1L << 40, 1L << 40, 1L << 40);

    @Test
    void productsOverflowToTooLargeNeverWrap() {
        assertEquals(Long.MAX_VALUE, GpuLimits.times(2_000_000_000L, 2_000_000_000L, 2_000_000_000L));
        assertEquals(Long.MAX_VALUE, GpuLimits.plus(Long.MAX_VALUE - 1, 2));
        Need n = GpuLimits.bench(Integer.MAX_VALUE, Integer.MAX_VALUE, 8, true);
        assertEquals(Long.MAX_VALUE, n.hostBytes());
        assertTrue(GpuLimits.refusal(n, ROOMY).orElseThrow().contains("more than"), n.toString());
    }

    /** gpu bench --batch 2000000000 at V = 128256: the target rows alone are 2.6e14 floats. */
    @Test
    void aBatchPastAJavaArrayIsRefused() {
        Need n = GpuLimits.bench(2_000_000_000L, 128_256, 1, false);
        assertEquals(256_512_000_000_000L, n.largestArray());
        Optional<String> why = GpuLimits.refusal(n, ROOMY);
        assertTrue(why.orElseThrow().contains("above the limit of " + GpuLimits.MAX_ARRAY), why.toString());
        long fits = GpuLimits.largestFitting(b -> GpuLimits.bench(b, 128_256, 1, false), ROOMY, 2_000_000_000L);
        assertEquals(GpuLimits.MAX_ARRAY / 128_256, fits);
    }

    @Test
    void heapDeviceBufferAndDeviceMemoryAreEachNamed() {
        Need n = GpuLimits.bench(1024, 128_256, 4, true);
        assertTrue(GpuLimits.refusal(n, new Budget(1_000_000, 1L << 40, 1L << 40)).orElseThrow()
            .contains("of host memory, and the JVM has 1.0 MB free"));
        assertTrue(GpuLimits.refusal(n, new Budget(1L << 40, 1L << 40, 1_000_000)).orElseThrow()
            .contains("a device buffer of 2.1 GB, and the device allocates at most 1.0 MB in one buffer"));
        assertTrue(GpuLimits.refusal(n, new Budget(1L << 40, 1_000_000, 1L << 40)).orElseThrow()
            .contains("of device memory, and the device has 1.0 MB"));
        assertEquals(Optional.empty(), GpuLimits.refusal(n, ROOMY));
    }

    /**
     * The README's chain bench (B = 256, G = 4, V = 128256) held every request's rows on the host as well as on the
     * device (3.1 GB in all); the host now holds one set of rows.
     */
    @Test
    void chainBenchHoldsOneSetOfRowsOnTheHost() {
        Need n = GpuLimits.chain(256, 4, 128_256);
        assertTrue(n.hostBytes() < 5_000_000, n.toString());
        assertEquals(4L * 256 * 5 * 128_256 + 4L * 256 * 4 * 128_256 + 4L * 256 * 9 + 16L * 256, n.deviceBytes());
        ChainWorkload w = ChainWorkload.llmLike(256, 4, 1000, 7, false);
        assertTrue(w.shared);
        assertEquals(5 * 1000, w.target.length);
        assertEquals(4 * 1000, w.draft.length);
        assertEquals(256 * 4, w.tokens.length);
    }

    @Test
    void largestFittingIsTheBoundary() {
        Budget b = new Budget(1L << 40, 1L << 40, 4_000_000);
        long fits = GpuLimits.largestFitting(x -> GpuLimits.bench(x, 1000, 1, false), b, 1_000_000);
        assertEquals(1000, fits);
        assertEquals(0, GpuLimits.largestFitting(x -> GpuLimits.bench(x, 2_000_000, 1, false), b, 10));
    }
}
