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

    // ------------------------------------------------------------------------------ sizes, refused before allocating

    /** B x V past a Java array: refused at once (it ran out of memory with exit 3), with the limit and the estimate. */
    @Test
    void benchBatchPastAJavaArrayIsRefused() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "rrs", "--vocab", "128256", "--batch", "2000000000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--batch 2000000000 does not fit: it needs a Java array of 256512000000000"
            + " elements, above the limit of 2147483639"), r.toString());
        assertTrue(r.err().contains("of host memory in all") && r.err().contains("the largest --batch that fits is"),
            r.toString());
    }

    /** A million conformance positions ran out of memory: refused with the limit and the memory it would take. */
    @Test
    void conformanceMillionPositionsIsRefused() {
        CliRun r = CliRun.atRoot("gpu", "conformance", "--positions", "1000000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--positions must be at most 65536, got 1000000 (it would need about 16.3 GB of"
            + " host memory and 8.0 GB of device memory)"), r.toString());
    }

    /** 2e9 positions overflowed an int and exited 0 having checked nothing. */
    @Test
    void conformancePositionsPastAnIntProductIsRefused() {
        CliRun r = CliRun.atRoot("gpu", "conformance", "--positions", "2000000000", "--vocab", "128256");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--positions must be at most 65536, got 2000000000 (it would need about"),
            r.toString());
        assertTrue(r.out().isEmpty(), "nothing checked, nothing reported: " + r);
    }

    @Test
    void chainLengthIsRangeChecked() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "sd", "--vocab", "8", "--batch", "4", "--chain",
            "2000000000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--chain must be at most 1024, got 2000000000 (it would need about"), r.toString());
        r = CliRun.atRoot("gpu", "bench", "--scheme", "sd", "--vocab", "8", "--batch", "4", "--chain", "-1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--chain must be at least 0, got -1"), r.toString());
    }

    @Test
    void chainBatchPastTheDeviceCopiesIsRefused() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "sd", "--vocab", "8", "--batch", "2000000000",
            "--chain", "1024");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--batch 2000000000 does not fit: it needs a Java array of"), r.toString());
        // one request's rows past a Java array: --chain is named, with the largest that fits
        r = CliRun.atRoot("gpu", "bench", "--scheme", "sd", "--vocab", "4000000", "--batch", "1", "--chain", "1024");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--chain 1024 does not fit: it needs a Java array of 4100000000 elements")
            && r.err().contains("the largest --chain that fits is "), r.toString());
    }

    @Test
    void vocabAndKAreRangeChecked() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "rrs", "--vocab", "2000000000", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--vocab must be at most 4000000, got 2000000000"), r.toString());
        r = CliRun.atRoot("gpu", "bench", "--scheme", "rrs", "--vocab", "8", "--k", "2000000000", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--k must be at most 8, got 2000000000"), r.toString());
        r = CliRun.atRoot("gpu", "conformance", "--scheme", "rrs", "--k", "9");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--k must be at most 8, got 9"), r.toString());
    }

    /** A scheme without a kernel is refused with the reason its row declares. */
    @Test
    void aSchemeWithoutAKernelSaysWhy() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "spechub", "--vocab", "8", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no GPU kernel for scheme 'spechub': not written yet: its hub draft process"),
            r.toString());
    }
}
