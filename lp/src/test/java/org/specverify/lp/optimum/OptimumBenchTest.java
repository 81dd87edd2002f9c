package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.reference.InvalidInputException;

/** The benchmark's API: a small run, its JSON, its instances and its argument checks (no timing assertions). */
class OptimumBenchTest {
    @Test
    void smallRunReportsBothMediansAndTheOptimum() {
        OptimumBench.Result r = OptimumBench.run(2_000, 4, 7, 3, 0.1);
        assertTrue(r.medianMillis() > 0 && r.sortBaselineMillis() > 0, r.toJson());
        assertEquals(RatioPrefix.iid(OptimumBench.llmLike(2_000, 7)[0], OptimumBench.llmLike(2_000, 7)[1], 4).value(),
            r.alpha());
        String json = r.toJson();
        for (String key : new String[] {"\"medianMillis\"", "\"sortBaselineMillis\"", "\"vocab\": 2000", "\"k\": 4",
            "\"seed\": 7", "\"alpha\""}) {
            assertTrue(json.contains(key), () -> key + " missing from " + json);
        }
    }

    @Test
    void instancesAreValidDistributionsAndPureFunctionsOfTheSeed() {
        double[][] a = OptimumBench.llmLike(5_000, 11);
        double[][] b = OptimumBench.llmLike(5_000, 11);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertTrue(Math.abs(Masses.sum(a[0]) - 1) <= Masses.sumTolerance(5_000));
        assertTrue(Math.abs(Masses.sum(a[1]) - 1) <= Masses.sumTolerance(5_000));
    }

    @Test
    void refusesBadArguments() {
        InvalidInputException v = assertThrows(InvalidInputException.class, () -> OptimumBench.run(0, 2, 1, 1));
        assertTrue(v.getMessage().contains("got 0"), v.getMessage());
        assertThrows(InvalidInputException.class, () -> OptimumBench.run(10, 0, 1, 1));
        assertThrows(InvalidInputException.class, () -> OptimumBench.run(10, 2, 1, 0));
        assertThrows(InvalidInputException.class, () -> OptimumBench.run(10, 2, 1, 1, -1));
        InvalidInputException big = assertThrows(InvalidInputException.class,
            () -> OptimumBench.run(Integer.MAX_VALUE, 2, 1, 1));
        assertTrue(big.getMessage().contains("between 1 and " + OptimumBench.MAX_VOCAB + ", got 2147483647"),
            big.getMessage());
    }

    /** The heap estimate: 64 bytes per token, 16 per repetition, 64 MiB fixed; no overflow at the largest sizes. */
    @Test
    void heapEstimate() {
        assertEquals(64L * 128_256 + 16 * 21 + (64L << 20), OptimumBench.heapBytesNeeded(128_256, 21));
        assertEquals(64L * OptimumBench.MAX_VOCAB + 16L * Integer.MAX_VALUE + (64L << 20),
            OptimumBench.heapBytesNeeded(OptimumBench.MAX_VOCAB, Integer.MAX_VALUE));
    }

    /** A run larger than the max heap is refused before anything is allocated, with both numbers in the message. */
    @Test
    void refusesRunsLargerThanTheHeap() {
        long heap = 6L << 30;
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> OptimumBench.requireFitsInHeap(100_000_000, 21, heap));
        String m = e.getMessage();
        long need = OptimumBench.heapBytesNeeded(100_000_000, 21);
        assertTrue(m.contains("vocabulary 100000000 with 21 repetitions needs about " + need + " bytes ("
            + (need >> 20) + " MiB)"), m);
        assertTrue(m.contains("the JVM's max heap is " + heap + " bytes (6144 MiB)"), m);
        OptimumBench.requireFitsInHeap(80_000_000, 21, heap);
        OptimumBench.requireFitsInHeap(OptimumBench.MAX_VOCAB, Integer.MAX_VALUE, Long.MAX_VALUE);
        assertThrows(InvalidInputException.class, () -> OptimumBench.requireFitsInHeap(1, 1, 1L << 20));
    }
}
