package org.specverify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit --compare-to PREVIOUS.json}: changed verdicts fail the run, changed acceptances are reported. */
class AuditCompareToTest {
    @TempDir
    Path dir;

    @Test
    void aChangedVerdictExitsOneAndAChangedAcceptanceIsListed() throws Exception {
        CliRun first = CliRun.run(dir, "audit", "--cases", "--scheme", "sd", "--json");
        assertEquals(0, first.code(), first.toString());
        Files.writeString(dir.resolve("same.json"), first.out());
        CliRun same = CliRun.run(dir, "audit", "--cases", "--scheme", "sd", "--compare-to", "same.json");
        assertEquals(0, same.code(), same.toString());
        assertTrue(same.out().contains("Compared with same.json: 0 changed verdicts, 0 changed acceptances"),
            same.out());

        // the previous run said single-draft/sd was lossy and accepted 1/2 (it is lossless and accepts 7/10)
        String edited = first.out().replaceFirst("\"verdict\" ?: ?\"lossless\"", "\"verdict\":\"claim-fails\"")
            .replaceFirst("\"acceptance\"\\s*:\\s*\\{\\s*\"exact\"\\s*:\\s*\"7/10\"",
                "\"acceptance\":{\"exact\":\"1/2\"");
        assertTrue(!edited.equals(first.out()), "the edit applies");
        Files.writeString(dir.resolve("before.json"), edited);
        CliRun r = CliRun.run(dir, "audit", "--cases", "--scheme", "sd", "--compare-to", "before.json");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("CHANGED 'single-draft' sd: verdict claim-fails -> lossless"), r.out());
        assertTrue(r.out().contains("changed 'single-draft' sd: acceptance 1/2 -> 7/10"), r.out());
    }

    @Test
    void aFileThatIsNoAuditIsRefused() throws Exception {
        Files.writeString(dir.resolve("x.json"), "{\"cases\": []}");
        CliRun r = CliRun.run(dir, "audit", "--cases", "--compare-to", "x.json");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("error: --compare-to x.json: no \"instances\" array"), r.toString());
        CliRun studies = CliRun.run(dir, "audit", "--compare-to", "x.json", "--no-report");
        assertEquals(2, studies.code(), studies.toString());
        assertTrue(studies.err().contains("add --cases or --instance FILE"), studies.toString());
    }
}
