package org.specverify.lp.solver;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;
import java.util.function.Supplier;

/**
 * Loads the OR-Tools native libraries once per JVM and proves that they work.
 *
 * <p>{@link Loader#loadNativeLibraries()} can return normally although the libraries are unusable (it swallows some link
 * errors), so loading is followed by a smoke check: a GLOP solver is created, must not be null, and is released again.
 * On failure an {@link OrToolsUnavailableException} names the platform ({@code os.name}/{@code os.arch}, Java version)
 * and the cause. The outcome is cached: a second call after a failure throws again with the same message, without
 * retrying.
 *
 * <p>Thread-safe; every LP class calls {@link #ensureLoaded()} before creating a solver.
 */
public final class OrTools {
    private static final Object LOCK = new Object();
    private static boolean loaded;
    private static OrToolsUnavailableException failure;

    private OrTools() {
    }

    /**
     * Loads the natives and runs the GLOP smoke check, once per JVM.
     *
     * @throws OrToolsUnavailableException when loading or the smoke check fails (now or at an earlier call)
     */
    public static void ensureLoaded() {
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (failure != null) {
                throw failure;
            }
            try {
                loadAndCheck(Loader::loadNativeLibraries, () -> MPSolver.createSolver("GLOP"));
                loaded = true;
            } catch (OrToolsUnavailableException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * The load-and-smoke-check procedure with its two steps supplied; {@link #ensureLoaded()} passes the real ones.
     * Package-private so that the error paths can be tested without breaking the real natives.
     *
     * @param loader loads the native libraries (may throw any error)
     * @param glopFactory creates a GLOP solver (may return null or throw)
     * @throws OrToolsUnavailableException naming the platform and the cause when a step fails
     */
    static void loadAndCheck(Runnable loader, Supplier<MPSolver> glopFactory) {
        try {
            loader.run();
        } catch (RuntimeException | LinkageError e) {
            throw new OrToolsUnavailableException("loading the OR-Tools native libraries failed on " + platform()
                + ": " + describe(e), e);
        }
        MPSolver smoke;
        try {
            smoke = glopFactory.get();
        } catch (RuntimeException | LinkageError e) {
            throw new OrToolsUnavailableException("the OR-Tools native libraries loaded on " + platform()
                + " but creating a GLOP solver failed: " + describe(e), e);
        }
        if (smoke == null) {
            throw new OrToolsUnavailableException("the OR-Tools native libraries loaded on " + platform()
                + " but MPSolver.createSolver(\"GLOP\") returned null (GLOP is not available in this build of the"
                + " natives, or a link error was swallowed while loading)", null);
        }
        smoke.delete();
    }

    /** "Linux/amd64, Java 17.0.15": what a bug report about the natives needs. */
    static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ", Java "
            + System.getProperty("java.version");
    }

    private static String describe(Throwable e) {
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
