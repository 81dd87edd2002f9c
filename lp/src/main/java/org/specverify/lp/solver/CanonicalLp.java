package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;

/**
 * The LP of Khisti et al.'s canonical two-step scheme (2410.18234) over the step-1 weights, in mass variables
 * m(x̄, y) = Q(x̄) β_y(x̄), solved in floating point by OR-Tools.
 *
 * <pre>
 *   maximise   Σ_y t_y
 *   subject to Σ_{y ∈ set(x̄)} m(x̄, y) = Q(x̄)      for every tuple x̄ with Q(x̄) &gt; 0     (dual u(x̄))
 *              t_y - Σ_{x̄ ∋ y} m(x̄, y) ≤ 0         for every token y: t_y ≤ r(y)        (dual w(y) ≥ 0)
 *              0 ≤ t_y ≤ p(y),  m(x̄, y) ≥ 0
 * </pre>
 *
 * where set(x̄) is the set of distinct drafts (a repeated draft has one variable) and r(y) = Σ_x̄ m(x̄, y) is the law
 * step 1 induces. At the optimum t_y = min(p(y), r(y)), so the optimum is max over weights of Σ_y min(p(y), r(y)), the
 * acceptance of step 2 (speculative sampling from r to p). By the decomposition theorem it equals the optimum of
 * {@link TransportLp}. No row is redundant here (the r-rows are inequalities), so none is dropped.
 *
 * <p>Dual objective: Σ Q(x̄)u(x̄) + Σ_y p(y)·(1 - w(y))+ with reduced costs w(y) - u(x̄) for m and 1 - w(y) for t; see
 * {@link LpResult}. Size: Σ_x̄ |set(x̄)| + |V| variables, refused above {@link LpSettings#variableLimit()} (checked
 * against the bound tuples × min(K, |V|) + |V| before the law is enumerated).
 */
public final class CanonicalLp {
    /** Shown in results and messages. */
    public static final String NAME = "canonical importance-sampling LP";

    private CanonicalLp() {
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
        LpSize.requireWithinLimit(NAME, LpSize.canonicalVariablesBound(process), process, settings.variableLimit());
        long buildStart = System.nanoTime();
        Map<DraftTuple, BigFraction> law = process.law();
        List<DraftTuple> tuples = new ArrayList<>(law.keySet());
        List<int[]> sets = new ArrayList<>(tuples.size());
        long variables = n;
        for (DraftTuple x : tuples) {
            int[] s = Arrays.stream(x.tokens()).distinct().toArray();
            sets.add(s);
            variables += s.length;
        }
        boolean named = variables <= LpRun.FILE_MODEL_LIMIT;
        double[] pd = p.toDoubles();

        MPSolver solver = LpRun.newSolver(settings);
        try {
            double inf = MPSolver.infinity();
            MPObjective objective = solver.objective();
            MPConstraint[] rRows = new MPConstraint[n];
            for (int y = 0; y < n; y++) {
                MPVariable t = solver.makeNumVar(0, pd[y], named ? "t_" + y : "");
                objective.setCoefficient(t, 1);
                rRows[y] = solver.makeConstraint(-inf, 0, named ? "t_le_r_" + y : "");
                rRows[y].setCoefficient(t, 1);
            }
            MPConstraint[] rows = new MPConstraint[tuples.size()];
            double[] qd = new double[tuples.size()];
            for (int i = 0; i < rows.length; i++) {
                String label = TransportLp.label(tuples.get(i));
                qd[i] = law.get(tuples.get(i)).doubleValue();
                rows[i] = solver.makeConstraint(qd[i], qd[i], named ? "row_" + label : "");
                for (int y : sets.get(i)) {
                    MPVariable m = solver.makeNumVar(0, inf, named ? "m_" + label + "_" + y : "");
                    rows[i].setCoefficient(m, 1);
                    rRows[y].setCoefficient(m, -1);
                }
            }
            objective.setMaximization();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

            LpRun.Timing timing = LpRun.solveOptimal(solver, settings, NAME);
            double primal = objective.value();
            double[] w = new double[n];
            DualBound bound = new DualBound();
            for (int y = 0; y < n; y++) {
                w[y] = rRows[y].dualValue();
                bound.row(-inf, 0, w[y]);
                bound.column(0, pd[y], 1 - w[y]);
            }
            for (int i = 0; i < rows.length; i++) {
                double u = rows[i].dualValue();
                bound.row(qd[i], qd[i], u);
                for (int y : sets.get(i)) {
                    bound.column(0, inf, w[y] - u);
                }
            }
            return new LpResult(NAME, settings.algorithm(), primal, bound.value(), bound.maxInfeasibility(), variables,
                solver.numConstraints(), "none", buildSeconds, timing.wallSeconds(), timing.cpuSeconds(), solver.iterations());
        } finally {
            solver.delete();
        }
    }
}
