package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.specverify.reference.InvalidInputException;

/** The settings' thread count and model directory: explicit defaults, handed to the solver, refused when invalid. */
class LpSettingsTest {
    /** PDLP runs on one thread unless asked for more, whatever the machine's processor count. */
    @Test
    void pdlpUsesOneThreadByDefault() {
        assertEquals(1, LpSettings.DEFAULT_PDLP_THREADS);
        LpSettings pdlp = LpSettings.pdlp();
        assertEquals(LpSettings.DEFAULT_PDLP_THREADS, pdlp.threads());
        assertTrue(pdlp.solverSpecificParameters().contains("num_threads: 1"), pdlp.solverSpecificParameters());
        assertTrue(pdlp.toString().contains("threads 1"), pdlp.toString());
    }

    /** A chosen thread count reaches PDLP's parameters; below one is refused. */
    @Test
    void threadCountIsConfigurable() {
        LpSettings four = LpSettings.pdlp().withThreads(4);
        assertEquals(4, four.threads());
        assertTrue(four.solverSpecificParameters().contains("num_threads: 4"), four.solverSpecificParameters());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LpSettings.pdlp().withThreads(0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }

    /** No model directory by default; a directory must exist; every copy keeps it. */
    @Test
    void modelDirectoryIsUnsetByDefaultAndMustExist(@TempDir Path dir) {
        assertNull(LpSettings.glop().modelDirectory());
        assertNull(LpSettings.pdlp().modelDirectory());
        LpSettings s = LpSettings.glop().withModelDirectory(dir).withIterationLimit(3).withVariableLimit(10)
            .withTolerances(1e-9, 1e-9).withVerifyTolerance(1e-6).withTimeLimitSeconds(5).withThreads(2);
        assertEquals(dir, s.modelDirectory());
        assertTrue(s.toString().contains("model directory " + dir.toAbsolutePath()), s.toString());
        Path missing = dir.resolve("missing");
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> LpSettings.glop().withModelDirectory(missing));
        assertTrue(e.getMessage().contains(missing.toAbsolutePath() + " is not an existing directory"), e.getMessage());
        assertTrue(Files.notExists(missing));
    }
}
