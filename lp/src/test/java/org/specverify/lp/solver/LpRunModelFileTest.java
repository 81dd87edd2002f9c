package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;

/**
 * The model of a failed solve too large to print inline (here 13^2 tuples × 13 tokens = 2197 variables): written only
 * into the settings' model directory, to the file the message names; never to the system's temporary folder; nothing
 * written by a successful solve.
 */
class LpRunModelFileTest {
    private static final Pattern WRITTEN_TO = Pattern.compile("written to (\\S+\\.lp)");

    private static Distribution weights(int... w) {
        BigFraction[] m = new BigFraction[w.length];
        for (int i = 0; i < w.length; i++) {
            m[i] = BigFraction.of(w[i]);
        }
        return Distribution.normalize(m);
    }

    private static final Distribution P = weights(13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    private static final DraftProcess DRAFTS = new IidDraft(weights(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13), 2);

    private static Set<Path> lpFilesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".lp")).collect(Collectors.toSet());
        }
    }

    @Test
    void theCaseIsBetweenTheInlineAndTheFileLimits() {
        long variables = LpSize.transportVariables(DRAFTS);
        assertEquals(2197, variables);
        assertTrue(variables > LpRun.INLINE_MODEL_LIMIT && variables <= LpRun.FILE_MODEL_LIMIT);
    }

    /** Without a model directory nothing is written, not even to java.io.tmpdir, and the message says so. */
    @Test
    void withoutAModelDirectoryNoFileIsWritten() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = lpFilesIn(tmp);
        LpSolveException e = assertThrows(LpSolveException.class,
            () -> TransportLp.solve(P, DRAFTS, LpSettings.glop().withIterationLimit(1)));
        Set<Path> after = lpFilesIn(tmp);
        after.removeAll(before);
        assertEquals(Set.of(), after, "a failed solve left .lp files in " + tmp);
        assertTrue(e.getMessage().contains("model in LP format (2197 variables) not written: no model directory is set"),
            e.getMessage());
        assertTrue(!WRITTEN_TO.matcher(e.getMessage()).find(), e.getMessage());
    }

    /** With a model directory the failure message names the one file written there, which holds the model. */
    @Test
    void aFailedSolveWritesTheModelWhereTheMessagePoints(@TempDir Path dir) throws IOException {
        LpSolveException e = assertThrows(LpSolveException.class,
            () -> TransportLp.solve(P, DRAFTS, LpSettings.glop().withIterationLimit(1).withModelDirectory(dir)));
        Matcher m = WRITTEN_TO.matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        Path file = Path.of(m.group(1));
        assertEquals(dir.toAbsolutePath(), file.getParent());
        assertEquals(Set.of(file), lpFilesIn(dir));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertTrue(lines.stream().anyMatch(l -> l.contains("pi_0_0_0")), "model file " + file + " lacks pi_0_0_0");
    }

    /** A successful solve writes nothing, with or without a model directory. */
    @Test
    void aSuccessfulSolveWritesNothing(@TempDir Path dir) throws IOException {
        LpResult r = TransportLp.solve(P, DRAFTS, LpSettings.glop().withModelDirectory(dir));
        double exact = AcceptanceFlow.of(P, DRAFTS).value().doubleValue();
        assertTrue(GLOP_VS_EXACT.test(r.primalObjective(), exact),
            () -> GLOP_VS_EXACT.describe("OT LP optimum vs exact α*", r.primalObjective(), exact));
        assertEquals(Set.of(), lpFilesIn(dir));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count(), "files left in " + dir);
        }
    }
}
