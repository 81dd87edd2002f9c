package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.numeric.TopK;

/**
 * The optimal-transport LP of multi-draft speculative sampling (SpecTr OTM 2310.15141; Khisti et al. 2410.18234; Hu et
 * al. 2502.18779), for any finite draft law Q, solved in floating point by OR-Tools.
 *
 * <pre>
 *   maximise   Σ_{x̄, y} 1[y ∈ x̄] π(x̄, y)
 *   subject to Σ_y π(x̄, y) = Q(x̄)        for every tuple x̄ with Q(x̄) &gt; 0       (dual u(x̄))
 *              Σ_x̄ π(x̄, y) = p(y)        for every token y except y₀ = |V| - 1    (dual v(y))
 *              π(x̄, y) ≥ 0
 * </pre>
 *
 * <p><b>The dropped row.</b> The column constraint of the token y₀ of largest target mass (the lowest index among
 * equal masses) is not handed to the solver. It is implied by the others: summing every row constraint gives
 * Σ π = Σ Q = 1 and subtracting the other column constraints leaves Σ_x̄ π(x̄, y₀) = 1 - Σ_{y≠y₀} p(y) = p(y₀). Keeping
 * it makes the equality system rank-deficient, and since the masses are rounded to doubles (Σ Q and Σ p then differ
 * from 1 by a few ulps) the full system can even be slightly inconsistent, which a solver may report as INFEASIBLE. In
 * the dual, dropping it fixes the free shift (u + c, v - c) by setting v(y₀) = 0. The dropped token is reported by
 * {@link LpResult#droppedConstraint()}.
 *
 * <p><b>Why the largest mass.</b> The implied constraint carries the rounding of every other one (a few ulps of one).
 * Against p(y₀) ≥ 1/|V| that is negligible. Dropped at a token of zero mass, as the last token once was, it becomes
 * Σ_x̄ π(x̄, y₀) = 0 up to that rounding, with every π(x̄, y₀) ≥ 0: a degenerate face that GLOP, with rows of masses
 * near 1e-9 against its feasibility tolerance of 1e-10, reported as INFEASIBLE although the product plan Q ⊗ p is an
 * exactly feasible point (p = (375/413, 1/826, 75/826, 0), q = (1/1004, 3/1004, 0, 250/251), iid K = 3:
 * {@code TransportLpTest#zeroMassLastTokenWithTinyTuplesIsFeasible}). Zero-mass tokens now keep their explicit
 * constraint Σ_x̄ π(x̄, y) = 0, which presolve resolves exactly by fixing those variables at zero.
 *
 * <p><b>Size.</b> Tuples × |V| variables (zero-mass tokens keep their variables; Q's zero-probability tuples have none).
 * The count is computed by {@link LpSize} from the draft process before its law is enumerated, and an LP above
 * {@link LpSettings#variableLimit()} is refused with an {@link InvalidInputException}.
 *
 * <p><b>Checks.</b> Status OPTIMAL is required and {@code verifySolution} must pass, otherwise an
 * {@link LpSolveException} carries the model in LP format. The dual objective Σ Q(x̄)u(x̄) + Σ p(y)v(y) is computed with
 * reduced costs d = 1[y ∈ x̄] - u(x̄) - v(y) derived here; see {@link LpResult}.
 *
 * <p>Edge behaviour: K = 1 is single-draft speculative sampling (optimum 1 - TV(p, q)); |V| = 1 has a single
 * variable and optimum 1.
 */
public final class TransportLp {
    /** Shown in results and messages. */
    public static final String NAME = "optimal-transport LP";

    private TransportLp() {
    }

    /** Solves with {@link LpSettings#glop()}. */
    public static LpResult solve(Distribution p, DraftProcess process) {
        return solve(p, process, LpSettings.glop());
    }

    /**
     * Builds and solves the LP.
     *
     * @throws InvalidInputException when p and the drafts have different vocabularies, or the LP is above the limit
     * @throws LpSolveException when the solve is not OPTIMAL or the solution fails verification
     * @throws OrToolsUnavailableException when the natives cannot be used
     */
    public static LpResult solve(Distribution p, DraftProcess process, LpSettings settings) {
        int n = p.size();
        process.requireVocabularyOf(NAME, p);
        LpSize.requireWithinLimit(NAME, LpSize.transportVariables(process), process, settings.variableLimit());
        long buildStart = System.nanoTime();
        Map<DraftTuple, BigFraction> law = process.law();
        List<DraftTuple> tuples = new ArrayList<>(law.keySet());
        long variables = (long) tuples.size() * n;
        LpSize.requireWithinLimit(NAME, variables, process, settings.variableLimit());
        boolean named = variables <= LpRun.FILE_MODEL_LIMIT;
        double[] pd = p.toDoubles();
        int dropped = TopK.indices(pd, 1)[0];

        MPSolver solver = LpRun.newSolver(settings);
        try {
            double inf = MPSolver.infinity();
            MPConstraint[] rows = new MPConstraint[tuples.size()];
            MPConstraint[] cols = new MPConstraint[n];
            double[] qd = new double[tuples.size()];
            for (int t = 0; t < rows.length; t++) {
                qd[t] = law.get(tuples.get(t)).doubleValue();
                rows[t] = solver.makeConstraint(qd[t], qd[t], named ? "row_" + label(tuples.get(t)) : "");
            }
            for (int y = 0; y < n; y++) {
                if (y != dropped) {
                    cols[y] = solver.makeConstraint(pd[y], pd[y], named ? "col_" + y : "");
                }
            }
            MPObjective objective = solver.objective();
            for (int t = 0; t < rows.length; t++) {
                DraftTuple x = tuples.get(t);
                for (int y = 0; y < n; y++) {
                    MPVariable v = solver.makeNumVar(0, inf, named ? "pi_" + label(x) + "_" + y : "");
                    rows[t].setCoefficient(v, 1);
                    if (y != dropped) {
                        cols[y].setCoefficient(v, 1);
                    }
                    if (x.contains(y)) {
                        objective.setCoefficient(v, 1);
                    }
                }
            }
            objective.setMaximization();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

            LpRun.Timing timing = LpRun.solveOptimal(solver, settings, NAME);
            double primal = objective.value();
            double[] u = new double[rows.length];
            for (int t = 0; t < rows.length; t++) {
                u[t] = rows[t].dualValue();
            }
            double[] v = new double[n];
            for (int y = 0; y < n; y++) {
                v[y] = y == dropped ? 0 : cols[y].dualValue();
            }
            DualBound bound = new DualBound();
            for (int t = 0; t < rows.length; t++) {
                bound.row(qd[t], qd[t], u[t]);
            }
            for (int y = 0; y < n; y++) {
                if (y != dropped) {
                    bound.row(pd[y], pd[y], v[y]);
                }
            }
            for (int t = 0; t < rows.length; t++) {
                DraftTuple x = tuples.get(t);
                for (int y = 0; y < n; y++) {
                    bound.column(0, inf, (x.contains(y) ? 1 : 0) - u[t] - v[y]);
                }
            }
            return new LpResult(NAME, settings.algorithm(), primal, bound.value(), bound.maxInfeasibility(), variables,
                solver.numConstraints(), "column (target marginal) constraint of token " + dropped
                    + ", implied by the others since the masses of Q and of p both sum to one",
                buildSeconds, timing.wallSeconds(), timing.cpuSeconds(), solver.iterations());
        } finally {
            solver.delete();
        }
    }

    /** "0_2_1" for the tuple (0, 2, 1): LP-format-safe. */
    static String label(DraftTuple x) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.k(); i++) {
            sb.append(i == 0 ? "" : "_").append(x.get(i));
        }
        return sb.toString();
    }
}
