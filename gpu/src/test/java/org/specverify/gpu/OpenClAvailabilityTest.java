package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class OpenClAvailabilityTest {
    /** In CI there must be at least one OpenCL device (PoCL); elsewhere this test is skipped with the reason. */
    @Test
    void atLeastOneDeviceOrSkippedWithReason() {
        assertFalse(OpenClDevices.all().isEmpty());
        OpenClDevices.all().forEach(d -> System.out.println("OpenCL device: " + d));
    }
}
