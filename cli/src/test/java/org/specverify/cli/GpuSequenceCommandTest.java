package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.specverify.gpu.OpenCl;

/** {@code specverify gpu conformance|bench --scheme block|tree-*}: the sequence kernels from the command line. */
class GpuSequenceCommandTest {
    /** block and a tree scheme conform on a small run; the JSON names the scheme and counts the mismatches. */
    @Test
    void sequenceConformanceJson() throws Exception {
        Assumptions.assumeTrue(OpenCl.probe().available() || System.getenv("CI") != null, "no OpenCL device");
        for (String[] args : new String[][] {{"--scheme", "block", "--gamma", "3"},
            {"--scheme", "tree-rrs", "--shape", "2,1"}}) {
            String[] all = new String[args.length + 7];
            all[0] = "gpu";
            all[1] = "conformance";
            System.arraycopy(args, 0, all, 2, args.length);
            System.arraycopy(new String[] {"--vocab", "6", "--positions", "40", "--json"}, 0, all, 2 + args.length, 5);
            CliRun r = CliRun.atRoot(all);
            assertEquals(0, r.code(), r.toString());
            JsonNode j = Json.MAPPER.readTree(r.out().strip());
            assertEquals(args[1], j.get("scheme").asText(), r.out());
            assertEquals(0, j.get("mismatches").asInt(), r.out());
            assertEquals(40, j.get("requests").asInt(), r.out());
            assertTrue(j.get("passed").asBoolean(), r.out());
        }
    }

    /** A sequence scheme without a kernel is refused with the reason its row declares; sizes are range-checked. */
    @Test
    void refusals() {
        CliRun r = CliRun.atRoot("gpu", "bench", "--scheme", "tokenwise", "--vocab", "8", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("no GPU sequence kernel for scheme 'tokenwise': verify.cl's chain mode"),
            r.toString());
        r = CliRun.atRoot("gpu", "bench", "--scheme", "tree-rrs", "--shape", "2,9", "--vocab", "8", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--shape: depth 2 has 9 children; each depth takes 1..8"), r.toString());
        r = CliRun.atRoot("gpu", "bench", "--scheme", "block", "--gamma", "33", "--vocab", "8", "--batch", "1");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--gamma"), r.toString());
        r = CliRun.atRoot("gpu", "bench", "--scheme", "block", "--vocab", "128256", "--batch", "2000000000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--batch 2000000000 does not fit"), r.toString());
    }
}
