package org.specverify.reference.random;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The grid {@link UniformModel#FLOAT32_OPEN} of the Philox kernels' uniforms: its values are the kernel mapping's, its
 * cut counts are what counting the 2^24 indices gives, its resolution is 2^-24 (proofs-notes/uniform-models.md).
 */
class KernelGridModelTest {
    private static final long N = UniformModel.N;

    @Test
    void floatOfWordIsEachModelsGeneratorMappingBitForBit() {
        long seed = 20_261_207L;
        System.out.println("KernelGridModelTest seed " + seed);
        SplittableRandom r = new SplittableRandom(seed);
        int[] edge = {0, 1, 255, 256, 511, 512, -1, -256, -512, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int i = 0; i < 200_000 + edge.length; i++) {
            int w = i < edge.length ? edge[i] : r.nextInt();
            assertEquals(Float.floatToIntBits(CounterUniforms.fromWordFloat(w)),
                Float.floatToIntBits(UniformModel.FLOAT32_OPEN.floatOfWord(w)), "word " + w);
            assertEquals(Float.floatToIntBits(CounterUniforms.floatClosedBelow(w)),
                Float.floatToIntBits(UniformModel.FLOAT32_CLOSED_OPEN.floatOfWord(w)), "word " + w);
            assertEquals(Float.floatToIntBits(CounterUniforms.floatClosedAbove(w)),
                Float.floatToIntBits(UniformModel.FLOAT32_OPEN_CLOSED.floatOfWord(w)), "word " + w);
        }
    }

    @Test
    void theOddGridCountsWhatItsDefinitionSays() {
        UniformModel m = UniformModel.FLOAT32_OPEN;
        assertEquals(m, UniformModel.of("float32-open"));
        BigFraction[] probes = {BigFraction.ZERO, BigFraction.of(1, 1 << 24), BigFraction.of(3, 1 << 25),
            BigFraction.of(2, 1 << 24), BigFraction.of(3, 1 << 24), BigFraction.of(1, 3), BigFraction.of(1, 2),
            BigFraction.of((1 << 24) - 1, 1 << 24), BigFraction.ONE};
        long[] below = new long[probes.length];
        long[] atMost = new long[probes.length];
        for (long k = 0; k < N; k++) {
            long mk = m.m(k);
            assertEquals(k | 1, mk);
            for (int i = 0; i < probes.length; i++) {
                long a = probes[i].getNumeratorAsLong();
                long d = probes[i].getDenominatorAsLong();
                below[i] += mk * d < a * N ? 1 : 0;
                atMost[i] += mk * d <= a * N ? 1 : 0;
            }
        }
        for (int i = 0; i < probes.length; i++) {
            assertEquals(below[i], m.countBelow(probes[i]), "below " + probes[i]);
            assertEquals(atMost[i], m.countAtMost(probes[i]), "at most " + probes[i]);
        }
        // neither 0 nor 1 is drawn; 2^-24 and 1 − 2^-24 each with probability 2^-23
        assertEquals(0, m.countAtMost(BigFraction.ZERO));
        assertEquals(N, m.countBelow(BigFraction.ONE));
        assertEquals(2, m.countAtMost(BigFraction.of(1, 1 << 24)));
        assertEquals(N - 2, m.countBelow(BigFraction.of((1 << 24) - 1, 1 << 24)));
    }

    @Test
    void theOddGridsResolutionIsTheLargestDisagreementUnderTheCoupling() {
        // as UniformModelTest does for the other grids: c(t) is constant between consecutive grid values v_j < t <=
        // v_(j+1), equal to C_j = #{k : m(k) <= v_j}; the supremum of |C_j/N − t| there is max(|C_j − v_j|,
        // |C_j − v_(j+1)|)/N, and below the first value it is v_0/N
        UniformModel m = UniformModel.FLOAT32_OPEN;
        long sup = m.m(0);
        long count = 0;
        long previous = -1;
        long k = 0;
        while (k < N) {
            long v = m.m(k);
            long end = k;
            while (end < N && m.m(end) == v) {
                end++;
            }
            if (previous >= 0) {
                sup = Math.max(sup, Math.max(Math.abs(count - previous), Math.abs(count - v)));
            }
            count = end;
            previous = v;
            k = end;
        }
        sup = Math.max(sup, Math.max(Math.abs(count - previous), Math.abs(count - N)));
        assertEquals(m.sliver(), BigFraction.of(sup, N));
        assertEquals(BigFraction.of(1, 1 << 24), m.sliver());
    }
}
