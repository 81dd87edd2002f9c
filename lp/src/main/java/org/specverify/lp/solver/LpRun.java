package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The part of a solve shared by the LPs of this package: create the solver (natives loaded and smoke-checked first),
 * set the tolerances explicitly, solve, require OPTIMAL, verify the solution, and on failure describe the model in LP
 * format. The caller owns the solver and releases it with {@code delete()} in a finally block.
 */
final class LpRun {
    /** Models up to this many variables are printed inside the failure message. */
    static final long INLINE_MODEL_LIMIT = 2_000;
    /**
     * Models up to this many variables are written to a new .lp file named in the failure message, in the settings'
     * {@link LpSettings#modelDirectory() model directory} when one is set (never anywhere else).
     */
    static final long FILE_MODEL_LIMIT = 200_000;

    private LpRun() {
    }

    /**
     * A fresh solver for the settings' algorithm.
     *
     * @throws OrToolsUnavailableException when the natives cannot be loaded or the solver cannot be created
     */
    static MPSolver newSolver(LpSettings settings) {
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(settings.algorithm().solverId());
        if (solver == null) {
            throw new OrToolsUnavailableException("MPSolver.createSolver(\"" + settings.algorithm().solverId()
                + "\") returned null on " + OrTools.platform() + ": this OR-Tools build lacks the solver", null);
        }
        return solver;
    }

    /**
     * Sets parameters, solves, checks status and solution; returns the wall and calling-thread CPU seconds spent in
     * {@code solve} (CPU NaN where the JVM cannot measure thread CPU time).
     *
     * @throws LpSolveException when the status is not OPTIMAL or verifySolution rejects the solution
     */
    static Timing solveOptimal(MPSolver solver, LpSettings settings, String lp) {
        String specific = settings.solverSpecificParameters();
        if (!solver.setSolverSpecificParametersAsString(specific)) {
            throw new IllegalStateException(lp + ": " + settings.algorithm() + " rejected the solver-specific parameters "
                + specific.replace('\n', ' '));
        }
        MPSolverParameters params = new MPSolverParameters();
        try {
            if (settings.algorithm() == LpSettings.Algorithm.GLOP) {
                params.setDoubleParam(MPSolverParameters.DoubleParam.PRIMAL_TOLERANCE, settings.primalTolerance());
                params.setDoubleParam(MPSolverParameters.DoubleParam.DUAL_TOLERANCE, settings.dualTolerance());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            boolean cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
            long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long start = System.nanoTime();
            MPSolver.ResultStatus status = solver.solve(params);
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
            if (status != MPSolver.ResultStatus.OPTIMAL) {
                throw new LpSolveException(lp + ": solver status " + status + " (OPTIMAL required) after " + seconds
                    + " s and " + solver.iterations() + " iterations, settings " + settings + "\n" + model(solver, lp, settings),
                    status);
            }
            if (!solver.verifySolution(settings.verifyTolerance(), false)) {
                throw new LpSolveException(lp + ": status OPTIMAL but verifySolution rejected the solution at tolerance "
                    + settings.verifyTolerance() + " (a bound or constraint is violated by more), settings " + settings
                    + "\n" + model(solver, lp, settings), status);
            }
            return new Timing(seconds, cpuSeconds);
        } finally {
            params.delete();
        }
    }

    /** Wall and calling-thread CPU seconds of one solve. */
    record Timing(double wallSeconds, double cpuSeconds) {
    }

    /**
     * The model in LP format: inline up to {@link #INLINE_MODEL_LIMIT} variables; up to {@link #FILE_MODEL_LIMIT} in a
     * new file of the settings' model directory, or a note that it was not written when none is set; else a note why
     * it is omitted. No file is written anywhere but that directory.
     */
    static String model(MPSolver solver, String lp, LpSettings settings) {
        long n = solver.numVariables();
        if (n <= INLINE_MODEL_LIMIT) {
            return "model in LP format:\n" + solver.exportModelAsLpFormat(false);
        }
        if (n > FILE_MODEL_LIMIT) {
            return "model in LP format omitted: " + n + " variables, above the export limit of " + FILE_MODEL_LIMIT;
        }
        Path dir = settings.modelDirectory();
        if (dir == null) {
            return "model in LP format (" + n + " variables) not written: no model directory is set (above "
                + INLINE_MODEL_LIMIT + " variables a model is written only to LpSettings.withModelDirectory)";
        }
        Path file = null;
        try {
            file = Files.createTempFile(dir, "specverify-" + lp.replaceAll("[^A-Za-z0-9]+", "-") + "-", ".lp");
            Files.writeString(file, solver.exportModelAsLpFormat(false), StandardCharsets.UTF_8);
            return "model in LP format (" + n + " variables) written to " + file.toAbsolutePath();
        } catch (IOException e) {
            String removed = "";
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                    removed = " (the partial file was removed)";
                } catch (IOException again) {
                    removed = " (the partial file " + file.toAbsolutePath() + " could not be removed: " + again + ")";
                }
            }
            return "model in LP format (" + n + " variables) could not be written to " + dir.toAbsolutePath() + ": "
                + e + removed;
        }
    }
}
