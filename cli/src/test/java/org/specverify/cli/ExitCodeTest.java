package org.specverify.cli;

import org.specverify.audit.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.scheme.Schemes;

/** Exit codes ({@link ExitCodes}): 0 all lossless claims hold, 1 a claim fails, 2 a refusal, 3 a bug, 130 interrupted. */
class ExitCodeTest {
    @Test
    void builtinAuditSucceeds() {
        CliRun r = CliRun.atRoot("audit", "--cases");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("OK: every lossless claim holds exactly."), r.out());
        assertFalse(r.out().contains("LOSSY (claims lossless!)"), r.out());
    }

    @Test
    void aFalseLosslessClaimExitsOne() {
        Schemes withBroken = Schemes.reference().replacing(new BrokenScheme());
        CliRun r = CliRun.run(CliRun.repositoryRoot(), withBroken, "audit", "--cases");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("LOSSY (claims lossless!)"), r.out());
        assertTrue(r.out().contains("FAILED: "), r.out());
        assertTrue(r.out().contains(BrokenScheme.ID + " on instance 3 'zero-mass-tokens'"), r.out());
    }

    @Test
    void aFalseLosslessClaimInJsonIsNotOk() throws Exception {
        Schemes withBroken = Schemes.reference().replacing(new BrokenScheme());
        CliRun r = CliRun.run(CliRun.repositoryRoot(), withBroken, "audit", "--json", "--scheme", BrokenScheme.ID);
        assertEquals(1, r.code(), r.toString());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertFalse(root.get("ok").booleanValue());
        assertTrue(root.get("summary").get("failures").intValue() > 0);
        assertEquals("claim-fails",
            root.get("instances").get(3).get("schemes").get(0).get("verdict").asText(), r.out());
    }

    @Test
    void onlyTheBrokenSchemeCanFail() {
        // the same registry without the broken scheme passes: the failure comes from the false claim, not the cases.
        CliRun r = CliRun.run(CliRun.repositoryRoot(), Schemes.reference().replacing(new BrokenScheme()), "audit",
            "--scheme", "typical");
        assertEquals(0, r.code(), r.toString());
    }

    @Test
    void badInputExitsTwo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"target\": [0.5, 0.6], \"draft\": [1, 0], \"k\": 1}");
        CliRun r = CliRun.run(dir, "audit", "--instance", "bad.json");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.out().isEmpty(), "nothing on stdout for bad input: " + r);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, CliRun.atRoot().code(), "no command");
        assertEquals(2, CliRun.atRoot("frobnicate").code(), "unknown command");
        assertEquals(2, CliRun.atRoot("audit", "--frobnicate").code(), "unknown option");
        assertEquals(2, CliRun.atRoot("audit", "--instance").code(), "missing option value");
        assertEquals(2, CliRun.atRoot("schemes", "--json", "--markdown").code(), "exclusive options");
        assertEquals(2, CliRun.atRoot("audit", "--scheme", "nope").code(), "unknown scheme");
    }

    /** README's "Exit codes" table lists exactly the codes of {@link ExitCodes}, in order. */
    @Test
    void readmeTableListsTheDefinedCodes() throws Exception {
        String readme = ReadmeExamples.readme();
        int at = readme.indexOf("### Exit codes");
        assertTrue(at >= 0, "README.md needs a section '### Exit codes'");
        int end = readme.indexOf("\n#", at + 1);
        String section = readme.substring(at, end < 0 ? readme.length() : end);
        List<Integer> codes = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\|").matcher(section);
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.BAD_INPUT, ExitCodes.INTERNAL_ERROR,
            ExitCodes.INTERRUPTED), codes, "README exit-code table vs ExitCodes");
        assertEquals(List.of(0, 1, 2, 3, 130), codes);
    }

    @Test
    void helpAndVersionExitZero() {
        CliRun help = CliRun.atRoot("--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("audit") && help.out().contains("schemes"), help.out());
        CliRun auditHelp = CliRun.atRoot("audit", "--help");
        assertEquals(0, auditHelp.code());
        assertTrue(auditHelp.out().contains("--instance"), auditHelp.out());
        CliRun version = CliRun.atRoot("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("specverify "), version.out());
    }
}
