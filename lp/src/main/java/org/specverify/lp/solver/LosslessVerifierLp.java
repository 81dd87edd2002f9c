package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;

/**
 * The best expected number of accepted draft tokens of any lossless verifier of one sequence step, as an LP over the
 * verifier itself (no coupling), solved by OR-Tools.
 *
 * <pre>
 *   variables  w(t, b) &gt;= 0: P(draft tree t, emitted block b), for every block b = (a root path of t of length
 *              k &lt;= gamma, then any token z)
 *   maximise   Σ w(t, b) (|b| - 1)
 *   subject to Σ_b w(t, b) = P(T = t)                                     for every tree t
 *              Σ_(t, b) w(t, b) C(b, y) = prod_i p(y_i | c, y_&lt;i)          for every y of h = gamma + 1 tokens
 * </pre>
 * where C(b, y) = 1[b is a prefix of y] prod_(|b| &lt; i &lt;= h) p(y_i | c, y_&lt;i) is "b continued by the target"
 * (for sequences y of target probability 0 the row is w = 0 for every block leading there). The second family is
 * exactly the losslessness condition of {@code BlockLaw} (proofs-notes/sequence-losslessness.md), so the optimum is by
 * definition the best lossless verifier. It is at most the coupling optimum of {@code SequenceOptimum} and can be
 * strictly below it (proofs-notes/sequence-optimum.md); on chains it equals block verification (Sun et al.'s
 * optimality theorem, checked by {@code VerifierLpTest}).
 *
 * <p>Size: trees × (nodes + 1) × V variables and trees + V^h constraints; refused above the settings' variable limit
 * before the model is built. Status OPTIMAL and verifySolution are required; the result carries the dual objective
 * (Lagrangian bound, {@link LpResult}).
 */
public final class LosslessVerifierLp {
    /** Shown in results and messages. */
    public static final String NAME = "lossless sequence verifier LP";

    private LosslessVerifierLp() {
    }

    /**
     * Builds and solves the LP at the empty context.
     *
     * @throws InvalidInputException when above the variable limit
     * @throws org.specverify.reference.TooLargeException when the trees or sequences are too many to enumerate
     * @throws LpSolveException when not OPTIMAL or the solution fails verification
     */
    public static LpResult solve(SequenceInstance inst, LpSettings settings) {
        int h = inst.gamma() + 1;
        ContextModel p = inst.target();
        int v = p.vocab();
        long estimate = DraftTrees.sizeEstimate(inst).min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        long nodes = inst.nodeCount().longValueExact();
        if (estimate > settings.variableLimit() / Math.max(1, (nodes + 1) * v)) {
            throw new InvalidInputException(NAME + ": up to " + estimate + " trees x " + (nodes + 1) * v
                + " blocks, above the limit of " + settings.variableLimit() + " variables");
        }
        long buildStart = System.nanoTime();
        Map<DraftTree, BigFraction> trees = DraftTrees.law(inst, new int[0], settings.variableLimit());
        SequenceLaw target = SequenceLaw.target(p, new int[0], h);
        Map<List<Integer>, Integer> yIndex = new HashMap<>();
        List<List<Integer>> ys = new ArrayList<>(target.masses().keySet());
        for (int i = 0; i < ys.size(); i++) {
            yIndex.put(ys.get(i), i);
        }
        MPSolver solver = LpRun.newSolver(settings);
        try {
            double inf = MPSolver.infinity();
            List<double[]> rowBounds = new ArrayList<>();
            List<MPConstraint> rows = new ArrayList<>();
            MPConstraint[] lossless = new MPConstraint[ys.size()];
            for (int i = 0; i < ys.size(); i++) {
                double m = target.mass(ys.get(i)).doubleValue();
                lossless[i] = solver.makeConstraint(m, m, "");
                rows.add(lossless[i]);
                rowBounds.add(new double[] {m});
            }
            MPObjective objective = solver.objective();
            List<MPVariable> vars = new ArrayList<>();
            List<Double> costs = new ArrayList<>();
            List<int[]> varRows = new ArrayList<>();
            List<double[]> varCoefs = new ArrayList<>();
            for (Map.Entry<DraftTree, BigFraction> e : trees.entrySet()) {
                DraftTree t = e.getKey();
                double pt = e.getValue().doubleValue();
                MPConstraint treeRow = solver.makeConstraint(pt, pt, "");
                int treeRowIndex = rows.size();
                rows.add(treeRow);
                rowBounds.add(new double[] {pt});
                Set<List<Integer>> seen = new HashSet<>();
                for (int n = -1; n < t.size(); n++) {
                    int[] path = n < 0 ? new int[0] : t.path(n);
                    for (int z = 0; z < v; z++) {
                        int[] b = Arrays.copyOf(path, path.length + 1);
                        b[path.length] = z;
                        if (!seen.add(Arrays.stream(b).boxed().toList())) {
                            continue;
                        }
                        MPVariable w = solver.makeNumVar(0, inf, "");
                        treeRow.setCoefficient(w, 1);
                        if (path.length > 0) {
                            objective.setCoefficient(w, path.length);
                        }
                        Map<List<Integer>, BigFraction> cont = new HashMap<>();
                        continuations(p, b, h, BigFraction.ONE, cont);
                        List<Integer> rIdx = new ArrayList<>();
                        List<Double> rCoef = new ArrayList<>();
                        rIdx.add(treeRowIndex);
                        rCoef.add(1.0);
                        boolean impossible = false;
                        for (Map.Entry<List<Integer>, BigFraction> c : cont.entrySet()) {
                            Integer yi = yIndex.get(c.getKey());
                            if (yi == null) {
                                impossible = true;
                            } else {
                                double coef = c.getValue().doubleValue();
                                lossless[yi].setCoefficient(w, coef);
                                rIdx.add(yi);
                                rCoef.add(coef);
                            }
                        }
                        if (impossible) {
                            w.setUb(0);
                        }
                        vars.add(w);
                        costs.add((double) path.length);
                        varRows.add(rIdx.stream().mapToInt(Integer::intValue).toArray());
                        varCoefs.add(rCoef.stream().mapToDouble(Double::doubleValue).toArray());
                    }
                }
            }
            if (vars.size() > settings.variableLimit()) {
                throw new InvalidInputException(NAME + ": " + vars.size() + " variables, above the limit of "
                    + settings.variableLimit());
            }
            objective.setMaximization();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            LpRun.Timing timing = LpRun.solveOptimal(solver, settings, NAME);
            double primal = objective.value();
            double[] duals = new double[rows.size()];
            DualBound bound = new DualBound();
            for (int r = 0; r < rows.size(); r++) {
                duals[r] = rows.get(r).dualValue();
                bound.row(rowBounds.get(r)[0], rowBounds.get(r)[0], duals[r]);
            }
            for (int k = 0; k < vars.size(); k++) {
                double reduced = costs.get(k);
                int[] ri = varRows.get(k);
                double[] rc = varCoefs.get(k);
                for (int a = 0; a < ri.length; a++) {
                    reduced -= duals[ri[a]] * rc[a];
                }
                bound.column(0, vars.get(k).ub(), reduced);
            }
            return new LpResult(NAME, settings.algorithm(), primal, bound.value(), bound.maxInfeasibility(),
                vars.size(), solver.numConstraints(), "none", buildSeconds, timing.wallSeconds(), timing.cpuSeconds(),
                solver.iterations());
        } finally {
            solver.delete();
        }
    }

    /** Adds w·prod p(continuation) for every continuation of b to h tokens (b truncated when it reaches h). */
    private static void continuations(ContextModel p, int[] b, int h, BigFraction w,
                                      Map<List<Integer>, BigFraction> out) {
        if (b.length >= h) {
            out.merge(Arrays.stream(b, 0, h).boxed().toList(), w, BigFraction::add);
            return;
        }
        Distribution next = p.lawAfter(b);
        for (int y = 0; y < next.size(); y++) {
            if (next.positive(y)) {
                int[] c = Arrays.copyOf(b, b.length + 1);
                c[b.length] = y;
                continuations(p, c, h, w.multiply(next.p(y)), out);
            }
        }
    }
}
