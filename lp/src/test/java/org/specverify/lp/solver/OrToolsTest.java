package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.ortools.linearsolver.MPSolver;
import org.junit.jupiter.api.Test;

class OrToolsTest {
    /** On this platform the natives load and a GLOP solver can be created (the smoke check passes). */
    @Test
    void loadsAndCreatesGlop() {
        OrTools.ensureLoaded();
        OrTools.ensureLoaded();
        MPSolver s = MPSolver.createSolver("GLOP");
        assertNotNull(s, "GLOP solver after a successful load");
        s.delete();
    }

    /** A loader that throws a link error gives a clear error naming the platform and the cause. */
    @Test
    void loaderFailureNamesPlatformAndCause() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("no jniortools in java.library.path");
        OrToolsUnavailableException e = assertThrows(OrToolsUnavailableException.class,
            () -> OrTools.loadAndCheck(() -> {
                throw cause;
            }, () -> null));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains(System.getProperty("os.name") + "/" + System.getProperty("os.arch")),
            e.getMessage());
        assertTrue(e.getMessage().contains("UnsatisfiedLinkError: no jniortools"), e.getMessage());
    }

    /** A load that "succeeds" but leaves GLOP unusable (createSolver returns null) is caught by the smoke check. */
    @Test
    void swallowedLinkErrorIsCaughtBySmokeCheck() {
        OrToolsUnavailableException e = assertThrows(OrToolsUnavailableException.class,
            () -> OrTools.loadAndCheck(() -> { }, () -> null));
        assertTrue(e.getMessage().contains("returned null"), e.getMessage());
        assertTrue(e.getMessage().contains(System.getProperty("os.arch")), e.getMessage());
    }

    /** A smoke check that throws (e.g. a missing symbol at first use) is reported with its cause. */
    @Test
    void throwingSmokeCheckIsReported() {
        OrToolsUnavailableException e = assertThrows(OrToolsUnavailableException.class,
            () -> OrTools.loadAndCheck(() -> { }, () -> {
                throw new UnsatisfiedLinkError("undefined symbol: new_MPSolver");
            }));
        assertTrue(e.getMessage().contains("creating a GLOP solver failed")
            && e.getMessage().contains("undefined symbol"), e.getMessage());
    }
}
