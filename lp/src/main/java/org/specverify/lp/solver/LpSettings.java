package org.specverify.lp.solver;

import java.nio.file.Path;
import java.util.Objects;
import org.specverify.reference.InvalidInputException;

/**
 * How an LP of this package is solved: the algorithm, its tolerances, the size limit, and resource limits. Immutable;
 * the {@code with...} methods return modified copies.
 *
 * <p>Defaults ({@link #glop()}): GLOP primal simplex tolerances primal and dual feasibility 1e-10, verifySolution
 * tolerance 1e-7, at most {@value #DEFAULT_VARIABLE_LIMIT} variables, no iteration limit, 600 s time limit.
 * {@link #pdlp()}: PDLP (first-order primal-dual hybrid gradient) with absolute and relative optimality tolerance 1e-8,
 * GLOP's presolve applied first (on the 10^6-variable K = 3 benchmark LP it cut PDLP's time from 80 s to 61-66 s,
 * lp/BENCHMARKS.md), verifySolution tolerance 1e-6, {@value #DEFAULT_PDLP_THREADS} thread
 * ({@link #DEFAULT_PDLP_THREADS}; more with {@link #withThreads}). Both: no model directory, so a failed solve whose
 * model is too large to print inline writes no file ({@link #withModelDirectory}).
 *
 * <p>The tolerances are solver parameters, set explicitly on every solve (never the solver's silent defaults); they are
 * also printed in every failure message through {@link #toString()}.
 */
public final class LpSettings {
    /** The default limit on the number of LP variables: 5·10^6. */
    public static final long DEFAULT_VARIABLE_LIMIT = 5_000_000L;

    /**
     * PDLP's default thread count, 1. A solve takes one core unless the caller asks for more with
     * {@link #withThreads}: a library call, a test fork or a benchmark never competes for every processor of the
     * machine behind its caller's back, and a solve does the same work, with the same threads, on any machine. (The
     * LP-scale numbers in lp/BENCHMARKS.md state the thread count they were measured with.)
     */
    public static final int DEFAULT_PDLP_THREADS = 1;

    /** The LP algorithms this package drives through OR-Tools' MPSolver. */
    public enum Algorithm {
        /** GLOP, Google's simplex solver: a vertex solution and exact complementary slackness up to its tolerances. */
        GLOP("GLOP"),
        /** PDLP, first-order: cheap iterations, converges to the tolerances only (no vertex). */
        PDLP("PDLP");

        private final String solverId;

        Algorithm(String solverId) {
            this.solverId = solverId;
        }

        /** The id handed to {@code MPSolver.createSolver}. */
        public String solverId() {
            return solverId;
        }
    }

    private final Algorithm algorithm;
    private final double primalTolerance;
    private final double dualTolerance;
    private final double verifyTolerance;
    private final long variableLimit;
    private final long iterationLimit;
    private final double timeLimitSeconds;
    private final int threads;
    private final Path modelDirectory;

    private LpSettings(Algorithm algorithm, double primalTolerance, double dualTolerance, double verifyTolerance,
                       long variableLimit, long iterationLimit, double timeLimitSeconds, int threads,
                       Path modelDirectory) {
        this.algorithm = algorithm;
        this.primalTolerance = primalTolerance;
        this.dualTolerance = dualTolerance;
        this.verifyTolerance = verifyTolerance;
        this.variableLimit = variableLimit;
        this.iterationLimit = iterationLimit;
        this.timeLimitSeconds = timeLimitSeconds;
        this.threads = threads;
        this.modelDirectory = modelDirectory;
    }

    /** GLOP with the defaults listed in the class comment. */
    public static LpSettings glop() {
        return new LpSettings(Algorithm.GLOP, 1e-10, 1e-10, 1e-7, DEFAULT_VARIABLE_LIMIT, 0, 600, 1, null);
    }

    /** PDLP with the defaults listed in the class comment. */
    public static LpSettings pdlp() {
        return new LpSettings(Algorithm.PDLP, 1e-8, 1e-8, 1e-6, DEFAULT_VARIABLE_LIMIT, 0, 600,
            DEFAULT_PDLP_THREADS, null);
    }

    /**
     * A copy with another limit on the number of variables; larger LPs are refused before anything is built.
     *
     * @throws InvalidInputException when the limit is below one
     */
    public LpSettings withVariableLimit(long limit) {
        if (limit < 1) {
            throw new InvalidInputException("LP variable limit must be at least 1, got " + limit);
        }
        return new LpSettings(algorithm, primalTolerance, dualTolerance, verifyTolerance, limit, iterationLimit,
            timeLimitSeconds, threads, modelDirectory);
    }

    /**
     * A copy with other solver tolerances: GLOP's primal and dual feasibility tolerances, or PDLP's absolute and
     * relative optimality tolerances (primal and dual respectively).
     *
     * @throws InvalidInputException when a tolerance is not a positive finite number
     */
    public LpSettings withTolerances(double primal, double dual) {
        requirePositive("primal tolerance", primal);
        requirePositive("dual tolerance", dual);
        return new LpSettings(algorithm, primal, dual, verifyTolerance, variableLimit, iterationLimit,
            timeLimitSeconds, threads, modelDirectory);
    }

    /**
     * A copy with another tolerance for {@code MPSolver.verifySolution} (largest accepted bound or constraint violation).
     *
     * @throws InvalidInputException when it is not a positive finite number
     */
    public LpSettings withVerifyTolerance(double tolerance) {
        requirePositive("verify tolerance", tolerance);
        return new LpSettings(algorithm, primalTolerance, dualTolerance, tolerance, variableLimit, iterationLimit,
            timeLimitSeconds, threads, modelDirectory);
    }

    /**
     * A copy that stops after {@code limit} iterations (0: no limit). A stopped solve is not OPTIMAL and fails.
     *
     * @throws InvalidInputException when negative
     */
    public LpSettings withIterationLimit(long limit) {
        if (limit < 0) {
            throw new InvalidInputException("iteration limit must be >= 0 (0: none), got " + limit);
        }
        return new LpSettings(algorithm, primalTolerance, dualTolerance, verifyTolerance, variableLimit, limit,
            timeLimitSeconds, threads, modelDirectory);
    }

    /**
     * A copy with another wall-clock limit; a solve that reaches it is not OPTIMAL and fails.
     *
     * @throws InvalidInputException when not a positive finite number
     */
    public LpSettings withTimeLimitSeconds(double seconds) {
        requirePositive("time limit", seconds);
        return new LpSettings(algorithm, primalTolerance, dualTolerance, verifyTolerance, variableLimit, iterationLimit,
            seconds, threads, modelDirectory);
    }

    /**
     * A copy with another thread count (used by PDLP; GLOP's simplex is sequential and ignores it).
     *
     * @throws InvalidInputException when below one
     */
    public LpSettings withThreads(int n) {
        if (n < 1) {
            throw new InvalidInputException("thread count must be at least 1, got " + n);
        }
        return new LpSettings(algorithm, primalTolerance, dualTolerance, verifyTolerance, variableLimit, iterationLimit,
            timeLimitSeconds, n, modelDirectory);
    }

    /**
     * A copy that writes the model of a failed solve, in LP format, to a new file in {@code directory} when the model
     * is too large to print inside the failure message (more than {@value LpRun#INLINE_MODEL_LIMIT} and at most
     * {@value LpRun#FILE_MODEL_LIMIT} variables); the message names the file, which is the caller's to keep or delete.
     * Without a directory (the default) nothing is ever written: the message says the model was not written and why.
     * A successful solve writes nothing in either case.
     *
     * @throws InvalidInputException when {@code directory} is not an existing directory
     */
    public LpSettings withModelDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (!java.nio.file.Files.isDirectory(directory)) {
            throw new InvalidInputException("LP model directory " + directory.toAbsolutePath()
                + " is not an existing directory");
        }
        return new LpSettings(algorithm, primalTolerance, dualTolerance, verifyTolerance, variableLimit, iterationLimit,
            timeLimitSeconds, threads, directory);
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public double primalTolerance() {
        return primalTolerance;
    }

    public double dualTolerance() {
        return dualTolerance;
    }

    public double verifyTolerance() {
        return verifyTolerance;
    }

    public long variableLimit() {
        return variableLimit;
    }

    public long iterationLimit() {
        return iterationLimit;
    }

    public double timeLimitSeconds() {
        return timeLimitSeconds;
    }

    public int threads() {
        return threads;
    }

    /** Where a failed solve writes its model when too large to print inline, or null: nowhere (the default). */
    public Path modelDirectory() {
        return modelDirectory;
    }

    /**
     * The solver-specific parameters in protobuf text format, as handed to
     * {@code MPSolver.setSolverSpecificParametersAsString}: GlopParameters or PrimalDualHybridGradientParams.
     */
    String solverSpecificParameters() {
        if (algorithm == Algorithm.GLOP) {
            com.google.ortools.glop.GlopParameters.Builder b = com.google.ortools.glop.GlopParameters.newBuilder()
                .setPrimalFeasibilityTolerance(primalTolerance)
                .setDualFeasibilityTolerance(dualTolerance)
                .setMaxTimeInSeconds(timeLimitSeconds);
            if (iterationLimit > 0) {
                b.setMaxNumberOfIterations(iterationLimit);
            }
            return b.build().toString();
        }
        com.google.ortools.pdlp.TerminationCriteria.Builder t = com.google.ortools.pdlp.TerminationCriteria.newBuilder()
            .setSimpleOptimalityCriteria(com.google.ortools.pdlp.TerminationCriteria.SimpleOptimalityCriteria.newBuilder()
                .setEpsOptimalAbsolute(primalTolerance)
                .setEpsOptimalRelative(dualTolerance))
            .setTimeSecLimit(timeLimitSeconds);
        if (iterationLimit > 0) {
            t.setIterationLimit((int) Math.min(Integer.MAX_VALUE, iterationLimit));
        }
        return com.google.ortools.pdlp.PrimalDualHybridGradientParams.newBuilder()
            .setTerminationCriteria(t)
            .setPresolveOptions(com.google.ortools.pdlp.PrimalDualHybridGradientParams.PresolveOptions.newBuilder()
                .setUseGlop(true))
            .setNumThreads(threads)
            .build().toString();
    }

    private static void requirePositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(what + " must be a positive finite number, got " + v);
        }
    }

    @Override
    public String toString() {
        String tol = algorithm == Algorithm.GLOP
            ? "primal feasibility " + primalTolerance + ", dual feasibility " + dualTolerance
            : "eps_optimal_absolute " + primalTolerance + ", eps_optimal_relative " + dualTolerance;
        return algorithm + " [" + tol + ", verifySolution " + verifyTolerance + ", variable limit " + variableLimit
            + (iterationLimit > 0 ? ", iteration limit " + iterationLimit : "") + ", time limit " + timeLimitSeconds
            + " s" + (algorithm == Algorithm.PDLP ? ", threads " + threads : "")
            + (modelDirectory != null ? ", model directory " + modelDirectory.toAbsolutePath() : "") + "]";
    }
}
