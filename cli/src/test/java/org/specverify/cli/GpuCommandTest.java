package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.OpenCl;

/** {@code specverify gpu}: usage errors, and a small conformance run on the default device where one exists. */
class GpuCommandTest {
    @Test
    void unknownSchemeIsAUsageError() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "nope", "--vocab", "8", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no GPU kernel for scheme 'nope'"), r.toString());
    }

    @Test
    void unknownDeviceIsAUsageErrorListingTheDevices() {
        Assumptions.assumeTrue(OpenCl.probe().available() || System.getenv("CI") != null, "no OpenCL device");
        CliRun r = CliRun.atRoot("gpu", "conformance", "--device", "no-such-device", "--vocab", "8");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no-such-device"), r.toString());
    }

    /** The JSON of the issue: device, scheme, positions, mismatches, excusedNearTies, statistical {pValue, ...}. */
    @Test
    void conformanceJsonHasTheIssuesFields() throws Exception {
        Assumptions.assumeTrue(OpenCl.probe().available() || System.getenv("CI") != null, "no OpenCL device");
        CliRun r = CliRun.atRoot("gpu", "conformance", "--scheme", "rrs", "--vocab", "8", "--k", "2", "--positions",
            "16", "--samples", "2000", "--json");
        assertEquals(0, r.code(), r.toString());
        JsonNode j = Json.MAPPER.readTree(r.out().strip());
        for (String f : new String[] {"device", "scheme", "positions", "mismatches", "excusedNearTies"}) {
            assertTrue(j.has(f), f + " missing: " + r.out());
        }
        assertEquals(0, j.get("mismatches").asInt());
        assertTrue(j.get("statistical").has("pValue") && j.get("statistical").has("detectableBias"), r.out());
    }
}
