package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The devices GPU tests run on. In CI (environment variable CI set) a missing OpenCL runtime fails the suite: GPU tests
 * must never be skipped there. On a developer machine without OpenCL they are skipped with the reason and the install
 * hint.
 */
final class OpenClDevices {
    private static final OpenCl.Probe PROBE = OpenCl.probe();

    private OpenClDevices() {
    }

    static List<OpenCl.Device> all() {
        if (!PROBE.available()) {
            if (System.getenv("CI") != null) {
                fail("CI requires an OpenCL device for the GPU tests, but: " + PROBE.unavailableReason());
            }
            String why = "GPU tests skipped (not in CI): " + PROBE.unavailableReason();
            System.err.println(why);
            Assumptions.abort(why);
        }
        return PROBE.devices();
    }

    /** The arguments (device, value) for every device and every one of {@code values}, device by device. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> withEach(Object[] values) {
        List<org.junit.jupiter.params.provider.Arguments> a = new java.util.ArrayList<>();
        for (OpenCl.Device d : all()) {
            for (Object v : values) {
                a.add(org.junit.jupiter.params.provider.Arguments.of(d, v));
            }
        }
        return a.stream();
    }
}
