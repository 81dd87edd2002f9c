package org.specverify.reference.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The uniform mappings from Philox words, as specified in {@link CounterUniforms}. */
class UniformMappingTest {
    @Test
    void floatMappingIsOpenExactAndUses23Bits() {
        assertEquals(0x1.0p-24f, CounterUniforms.fromWordFloat(0));
        assertEquals(0x1.0p-24f, CounterUniforms.fromWordFloat(511), "the low 9 bits are ignored");
        assertEquals(3 * 0x1.0p-24f, CounterUniforms.fromWordFloat(512));
        assertEquals(1 - 0x1.0p-24f, CounterUniforms.fromWordFloat(-1));
        assertEquals(0.5f + 0x1.0p-24f, CounterUniforms.fromWordFloat(Integer.MIN_VALUE));
        for (int w = Integer.MIN_VALUE; w < Integer.MAX_VALUE - (1 << 20); w += (1 << 20) + 7) {
            float u = CounterUniforms.fromWordFloat(w);
            assertTrue(u > 0 && u < 1, "u = " + u);
            assertEquals(2 * (w >>> 9) + 1, Math.round(u * 0x1.0p24f), "exact (2m + 1)/2^24");
        }
    }

    @Test
    void doubleMappingIsOpenAndExact() {
        assertEquals(0x1.0p-53, CounterUniforms.fromWords(0, 0));
        assertEquals(1 - 0x1.0p-53, CounterUniforms.fromWords(-1, -1));
        assertEquals(0x1.0p-53, CounterUniforms.fromWords(0, 4095), "the low 12 bits of word 1 are ignored");
        assertEquals(3 * 0x1.0p-53, CounterUniforms.fromWords(0, 4096));
    }

    @Test
    void boundaryMappingsReachZeroAndOne() {
        assertEquals(0f, CounterUniforms.floatClosedBelow(255));
        assertEquals(0x1.0p-24f, CounterUniforms.floatClosedBelow(256));
        assertEquals(1 - 0x1.0p-24f, CounterUniforms.floatClosedBelow(-1));
        assertEquals(1f, CounterUniforms.floatClosedAbove(-1));
        assertEquals(1f, CounterUniforms.floatClosedAbove(-256));
        assertEquals(0x1.0p-24f, CounterUniforms.floatClosedAbove(0));
    }

    @Test
    void uniformFloatUsesWordZeroOfTheBlock() {
        int[] w = Philox4x32.block(7, 0, 3, 11, 0, CounterUniforms.VERIFY_STREAM);
        assertEquals(CounterUniforms.fromWordFloat(w[0]),
            CounterUniforms.uniformFloat(7, 11, CounterUniforms.VERIFY_STREAM, 3));
    }
}
