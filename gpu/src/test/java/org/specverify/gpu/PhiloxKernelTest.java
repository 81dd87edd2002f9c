package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.reference.random.Philox4x32;

class PhiloxKernelTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<OpenCl.Device> devices() {
        return OpenClDevices.all().stream();
    }

    /** The OpenCL Philox equals the Java reference bit for bit on the known-answer inputs and 4096 random ones. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void philoxKernel_vs_philox4x32(OpenCl.Device device) {
        long seed = 0xC0FFEEL;
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 4096 + 2;
        int[] in = new int[6 * n];
        for (int i = 0; i < 6; i++) {
            in[6 + i] = -1;
        }
        for (int i = 12; i < in.length; i++) {
            in[i] = rng.nextInt();
        }
        System.out.println("Philox kernel on " + device + ", seed " + seed);
        try (PhiloxKernel kernel = new PhiloxKernel(device)) {
            int[] out = kernel.blocks(in);
            for (int i = 0; i < n; i++) {
                int[] ref = Philox4x32.block(in[6 * i], in[6 * i + 1], in[6 * i + 2], in[6 * i + 3], in[6 * i + 4],
                    in[6 * i + 5]);
                for (int w = 0; w < 4; w++) {
                    assertEquals(ref[w], out[4 * i + w], "item " + i + " word " + w + " on " + device);
                }
            }
        }
    }
}
