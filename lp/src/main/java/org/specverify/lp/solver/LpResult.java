package org.specverify.lp.solver;

/**
 * The outcome of one OPTIMAL LP solve: primal objective, dual objective (a bound computed from the solver's duals, see
 * below), their difference, the largest dual infeasibility, the model size and the times.
 *
 * <p>The dual objective is the Lagrangian bound of the maximisation at the solver's row duals y: with reduced costs
 * d = c - Aᵀy (computed here from y, not read from the solver), every feasible x has
 * cᵀx = yᵀ(Ax) + dᵀx ≤ Σ_i sup_{a ∈ [L_i, U_i]} y_i a + Σ_j sup_{x_j ∈ [l_j, u_j]} d_j x_j. Terms whose supremum is
 * infinite (a dual of the wrong sign, or a positive reduced cost of a variable without upper bound) are dual
 * infeasibilities: they are left out of the sum and their largest magnitude is {@link #maxDualInfeasibility()}. With
 * zero dual infeasibility the dual objective is a true upper bound on the optimum.
 */
public final class LpResult {
    private final String lp;
    private final LpSettings.Algorithm algorithm;
    private final double primalObjective;
    private final double dualObjective;
    private final double maxDualInfeasibility;
    private final long variables;
    private final long constraints;
    private final String droppedConstraint;
    private final double buildSeconds;
    private final double solveSeconds;
    private final double solveCpuSeconds;
    private final long iterations;

    LpResult(String lp, LpSettings.Algorithm algorithm, double primalObjective, double dualObjective,
             double maxDualInfeasibility, long variables, long constraints, String droppedConstraint,
             double buildSeconds, double solveSeconds, double solveCpuSeconds, long iterations) {
        this.lp = lp;
        this.algorithm = algorithm;
        this.primalObjective = primalObjective;
        this.dualObjective = dualObjective;
        this.maxDualInfeasibility = maxDualInfeasibility;
        this.variables = variables;
        this.constraints = constraints;
        this.droppedConstraint = droppedConstraint;
        this.buildSeconds = buildSeconds;
        this.solveSeconds = solveSeconds;
        this.solveCpuSeconds = solveCpuSeconds;
        this.iterations = iterations;
    }

    /** Which LP ("optimal-transport LP", "canonical importance-sampling LP"). */
    public String lp() {
        return lp;
    }

    public LpSettings.Algorithm algorithm() {
        return algorithm;
    }

    /** The optimum as the solver reports it: the acceptance probability of the best plan or weights found. */
    public double primalObjective() {
        return primalObjective;
    }

    /** The Lagrangian bound at the solver's duals (see the class comment). */
    public double dualObjective() {
        return dualObjective;
    }

    /** dual objective - primal objective; about zero at an optimum, never much below zero for a feasible primal. */
    public double dualityGap() {
        return dualObjective - primalObjective;
    }

    /** The largest infinite-supremum coefficient left out of the dual objective; zero for dual-feasible duals. */
    public double maxDualInfeasibility() {
        return maxDualInfeasibility;
    }

    public long variables() {
        return variables;
    }

    /** Constraints handed to the solver (after the redundant one was dropped, where one is). */
    public long constraints() {
        return constraints;
    }

    /** Which constraint was dropped as redundant and why, or "none". */
    public String droppedConstraint() {
        return droppedConstraint;
    }

    /** Seconds spent computing the law and building the model. */
    public double buildSeconds() {
        return buildSeconds;
    }

    /** Seconds inside {@code MPSolver.solve}. */
    public double solveSeconds() {
        return solveSeconds;
    }

    /**
     * CPU seconds of the calling thread inside {@code MPSolver.solve}: all of GLOP's work (its simplex runs on the
     * calling thread), insensitive to other load on the machine; for PDLP only the calling thread's share (its worker
     * threads are not counted). NaN where the JVM cannot measure thread CPU time.
     */
    public double solveCpuSeconds() {
        return solveCpuSeconds;
    }

    /** Simplex or PDHG iterations reported by the solver. */
    public long iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return lp + " [" + algorithm + "]: primal " + primalObjective + ", dual " + dualObjective + ", gap "
            + dualityGap() + ", max dual infeasibility " + maxDualInfeasibility + ", " + variables + " variables, "
            + constraints + " constraints, dropped: " + droppedConstraint + ", build " + buildSeconds + " s, solve "
            + solveSeconds + " s (CPU " + solveCpuSeconds + " s), " + iterations + " iterations";
    }
}
