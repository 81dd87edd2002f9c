package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.reference.random.CounterUniforms;

class UniformKernelTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<OpenCl.Device> devices() {
        return OpenClDevices.all().stream();
    }

    /**
     * The OpenCL float and double uniform mappings equal the Java ones bit for bit, on the extreme words (0, 1, 2^8 - 1,
     * 2^9 - 1, 2^31, 2^32 - 1) and 65536 random word pairs.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void uniformKernel_vs_counterUniforms(OpenCl.Device device) {
        long seed = 0x11F0A7L;
        SplittableRandom rng = new SplittableRandom(seed);
        int[] edges = {0, 1, 255, 511, 512, Integer.MIN_VALUE, -256, -257, -1};
        int n = edges.length * edges.length + 65536;
        int[] words = new int[2 * n];
        int i = 0;
        for (int a : edges) {
            for (int b : edges) {
                words[i++] = a;
                words[i++] = b;
            }
        }
        while (i < words.length) {
            words[i++] = rng.nextInt();
        }
        System.out.println("uniform mappings on " + device + ", seed " + seed);
        try (UniformKernel kernel = new UniformKernel(device)) {
            UniformKernel.Mapped m = kernel.map(words);
            for (int j = 0; j < n; j++) {
                int w0 = words[2 * j];
                int w1 = words[2 * j + 1];
                String where = "pair " + j + " (" + Integer.toHexString(w0) + ", " + Integer.toHexString(w1) + ") on "
                    + device;
                assertEquals(Float.floatToRawIntBits(CounterUniforms.fromWordFloat(w0)),
                    Float.floatToRawIntBits(m.open()[j]), "float, " + where);
                assertEquals(Float.floatToRawIntBits(CounterUniforms.floatClosedBelow(w0)),
                    Float.floatToRawIntBits(m.closedBelow()[j]), "closed below, " + where);
                assertEquals(Float.floatToRawIntBits(CounterUniforms.floatClosedAbove(w0)),
                    Float.floatToRawIntBits(m.closedAbove()[j]), "closed above, " + where);
                assertEquals(Double.doubleToRawLongBits(CounterUniforms.fromWords(w0, w1)),
                    Double.doubleToRawLongBits(m.doubles()[j]), "double, " + where);
            }
        }
    }
}
