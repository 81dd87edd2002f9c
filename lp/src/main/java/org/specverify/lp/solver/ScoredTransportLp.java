package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import org.specverify.reference.InvalidInputException;

/**
 * A transportation LP with a score per cell, solved in floating point by OR-Tools: the general form of
 * {@link TransportLp} for callers that build their own supplies, demands and scores (the sequence optimum of
 * {@code org.specverify.lp.sequence}).
 *
 * <pre>
 *   maximise   Σ_{i, j} s(i, j) π(i, j)
 *   subject to Σ_j π(i, j) = a(i)   for every row i            (dual u(i))
 *              Σ_i π(i, j) = b(j)   for every column j &lt; n - 1  (dual v(j))
 *              π(i, j) ≥ 0
 * </pre>
 *
 * <p>The last column constraint is dropped for the reason {@link TransportLp} gives (implied when Σ a = Σ b = 1, and
 * harmful when the rounded masses make the full system inconsistent); v(n - 1) = 0. Status OPTIMAL and
 * verifySolution are required ({@link LpSolveException} with the model otherwise); the dual objective is the
 * Lagrangian bound at the solver's duals with reduced costs computed here ({@link LpResult}).
 */
public final class ScoredTransportLp {
    private ScoredTransportLp() {
    }

    /**
     * Builds and solves the LP.
     *
     * @param name   the LP's name in results and messages
     * @param supply a(i), rows (summing to about 1)
     * @param demand b(j), columns (summing to about 1)
     * @param score  s(i, j)
     * @throws InvalidInputException when the sizes disagree or the LP has more variables than the settings' limit
     * @throws LpSolveException      when the solve is not OPTIMAL or fails verification
     */
    public static LpResult solve(String name, double[] supply, double[] demand, double[][] score, LpSettings settings) {
        int m = supply.length;
        int n = demand.length;
        if (m == 0 || n == 0 || score.length != m) {
            throw new InvalidInputException(name + ": " + m + " supplies, " + n + " demands and " + score.length
                + " score rows do not make a transportation problem");
        }
        long variables = (long) m * n;
        if (variables > settings.variableLimit()) {
            throw new InvalidInputException(name + ": " + variables + " variables (" + m + " x " + n
                + "), above the limit of " + settings.variableLimit());
        }
        long buildStart = System.nanoTime();
        boolean named = variables <= LpRun.FILE_MODEL_LIMIT;
        int dropped = n - 1;
        MPSolver solver = LpRun.newSolver(settings);
        try {
            double inf = MPSolver.infinity();
            MPConstraint[] rows = new MPConstraint[m];
            MPConstraint[] cols = new MPConstraint[n];
            for (int i = 0; i < m; i++) {
                if (score[i].length != n) {
                    throw new InvalidInputException(name + ": score row " + i + " has " + score[i].length
                        + " entries, expected " + n);
                }
                rows[i] = solver.makeConstraint(supply[i], supply[i], named ? "row_" + i : "");
            }
            for (int j = 0; j < n; j++) {
                if (j != dropped) {
                    cols[j] = solver.makeConstraint(demand[j], demand[j], named ? "col_" + j : "");
                }
            }
            MPObjective objective = solver.objective();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    MPVariable v = solver.makeNumVar(0, inf, named ? "pi_" + i + "_" + j : "");
                    rows[i].setCoefficient(v, 1);
                    if (j != dropped) {
                        cols[j].setCoefficient(v, 1);
                    }
                    if (score[i][j] != 0) {
                        objective.setCoefficient(v, score[i][j]);
                    }
                }
            }
            objective.setMaximization();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            LpRun.Timing timing = LpRun.solveOptimal(solver, settings, name);
            double primal = objective.value();
            double[] u = new double[m];
            double[] v = new double[n];
            for (int i = 0; i < m; i++) {
                u[i] = rows[i].dualValue();
            }
            for (int j = 0; j < n; j++) {
                v[j] = j == dropped ? 0 : cols[j].dualValue();
            }
            DualBound bound = new DualBound();
            for (int i = 0; i < m; i++) {
                bound.row(supply[i], supply[i], u[i]);
            }
            for (int j = 0; j < n; j++) {
                if (j != dropped) {
                    bound.row(demand[j], demand[j], v[j]);
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    bound.column(0, inf, score[i][j] - u[i] - v[j]);
                }
            }
            return new LpResult(name, settings.algorithm(), primal, bound.value(), bound.maxInfeasibility(), variables,
                solver.numConstraints(), "column constraint " + dropped + ", implied by the others since the supplies"
                    + " and the demands both sum to one", buildSeconds, timing.wallSeconds(), timing.cpuSeconds(),
                solver.iterations());
        } finally {
            solver.delete();
        }
    }
}
