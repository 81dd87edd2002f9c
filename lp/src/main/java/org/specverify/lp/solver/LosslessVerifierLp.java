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

    /** One variable w(t, b): its tree row, |b| - 1, and the exact coefficients in the losslessness rows. */
    private record Var(int tree, int accepted, int[] yRows, BigFraction[] coefs, boolean fixedZero) {
    }

    /** The model with exact data. */
    private record Model(List<BigFraction> treeMass, List<BigFraction> yMass, List<Var> vars) {
    }

    private static Model build(SequenceInstance inst, LpSettings settings) {
        int h = inst.gamma() + 1;
        ContextModel p = inst.target();
        int v = p.vocab();
        long estimate = DraftTrees.sizeEstimate(inst).min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        long nodes = inst.nodeCount().longValueExact();
        if (estimate > settings.variableLimit() / Math.max(1, (nodes + 1) * v)) {
            throw new InvalidInputException(NAME + ": up to " + estimate + " trees x " + (nodes + 1) * v
                + " blocks, above the limit of " + settings.variableLimit() + " variables");
        }
        Map<DraftTree, BigFraction> trees = DraftTrees.law(inst, new int[0], settings.variableLimit());
        SequenceLaw target = SequenceLaw.target(p, new int[0], h);
        Map<List<Integer>, Integer> yIndex = new HashMap<>();
        List<BigFraction> yMass = new ArrayList<>();
        for (Map.Entry<List<Integer>, BigFraction> e : target.masses().entrySet()) {
            yIndex.put(e.getKey(), yMass.size());
            yMass.add(e.getValue());
        }
        List<BigFraction> treeMass = new ArrayList<>();
        List<Var> vars = new ArrayList<>();
        for (Map.Entry<DraftTree, BigFraction> e : trees.entrySet()) {
            DraftTree t = e.getKey();
            int ti = treeMass.size();
            treeMass.add(e.getValue());
            Set<List<Integer>> seen = new HashSet<>();
            for (int n = -1; n < t.size(); n++) {
                int[] path = n < 0 ? new int[0] : t.path(n);
                for (int z = 0; z < v; z++) {
                    int[] b = Arrays.copyOf(path, path.length + 1);
                    b[path.length] = z;
                    if (!seen.add(Arrays.stream(b).boxed().toList())) {
                        continue;
                    }
                    Map<List<Integer>, BigFraction> cont = new HashMap<>();
                    continuations(p, b, h, BigFraction.ONE, cont);
                    List<Integer> rows = new ArrayList<>();
                    List<BigFraction> coefs = new ArrayList<>();
                    boolean impossible = false;
                    for (Map.Entry<List<Integer>, BigFraction> c : cont.entrySet()) {
                        Integer yi = yIndex.get(c.getKey());
                        if (yi == null) {
                            impossible = true;
                        } else {
                            rows.add(yi);
                            coefs.add(c.getValue());
                        }
                    }
                    vars.add(new Var(ti, path.length, rows.stream().mapToInt(Integer::intValue).toArray(),
                        coefs.toArray(new BigFraction[0]), impossible));
                    if (vars.size() > settings.variableLimit()) {
                        throw new InvalidInputException(NAME + ": more than " + settings.variableLimit()
                            + " variables");
                    }
                }
            }
        }
        return new Model(treeMass, yMass, vars);
    }

    /** GLOP's result and its row duals (losslessness rows first, then tree rows). */
    private record Solved(LpResult result, double[] yDuals, double[] treeDuals) {
    }

    /**
     * Builds and solves the LP at the empty context.
     *
     * @throws InvalidInputException when above the variable limit
     * @throws org.specverify.reference.TooLargeException when the trees or sequences are too many to enumerate
     * @throws LpSolveException when not OPTIMAL or the solution fails verification
     */
    public static LpResult solve(SequenceInstance inst, LpSettings settings) {
        return solveModel(build(inst, settings), settings).result();
    }

    private static Solved solveModel(Model model, LpSettings settings) {
        long buildStart = System.nanoTime();
        MPSolver solver = LpRun.newSolver(settings);
        try {
            double inf = MPSolver.infinity();
            int ny = model.yMass().size();
            int nt = model.treeMass().size();
            MPConstraint[] yRows = new MPConstraint[ny];
            MPConstraint[] tRows = new MPConstraint[nt];
            double[] yb = new double[ny];
            double[] tb = new double[nt];
            for (int i = 0; i < ny; i++) {
                yb[i] = model.yMass().get(i).doubleValue();
                yRows[i] = solver.makeConstraint(yb[i], yb[i], "");
            }
            for (int t = 0; t < nt; t++) {
                tb[t] = model.treeMass().get(t).doubleValue();
                tRows[t] = solver.makeConstraint(tb[t], tb[t], "");
            }
            MPObjective objective = solver.objective();
            List<MPVariable> vars = new ArrayList<>();
            for (Var var : model.vars()) {
                MPVariable w = solver.makeNumVar(0, var.fixedZero() ? 0 : inf, "");
                tRows[var.tree()].setCoefficient(w, 1);
                for (int a = 0; a < var.yRows().length; a++) {
                    yRows[var.yRows()[a]].setCoefficient(w, var.coefs()[a].doubleValue());
                }
                if (var.accepted() > 0) {
                    objective.setCoefficient(w, var.accepted());
                }
                vars.add(w);
            }
            objective.setMaximization();
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            LpRun.Timing timing = LpRun.solveOptimal(solver, settings, NAME);
            double primal = objective.value();
            double[] yd = new double[ny];
            double[] td = new double[nt];
            DualBound bound = new DualBound();
            for (int i = 0; i < ny; i++) {
                yd[i] = yRows[i].dualValue();
                bound.row(yb[i], yb[i], yd[i]);
            }
            for (int t = 0; t < nt; t++) {
                td[t] = tRows[t].dualValue();
                bound.row(tb[t], tb[t], td[t]);
            }
            for (int k = 0; k < vars.size(); k++) {
                Var var = model.vars().get(k);
                double reduced = var.accepted() - td[var.tree()];
                for (int a = 0; a < var.yRows().length; a++) {
                    reduced -= yd[var.yRows()[a]] * var.coefs()[a].doubleValue();
                }
                bound.column(0, var.fixedZero() ? 0 : inf, reduced);
            }
            LpResult result = new LpResult(NAME, settings.algorithm(), primal, bound.value(), bound.maxInfeasibility(),
                vars.size(), solver.numConstraints(), "none", buildSeconds, timing.wallSeconds(), timing.cpuSeconds(),
                solver.iterations());
            return new Solved(result, yd, td);
        } finally {
            solver.delete();
        }
    }

    /**
     * An exact upper bound on V*, proved by an exact dual certificate built from GLOP's duals.
     *
     * <p>The dual of the LP is: minimise Σ_t P(t) u_t + Σ_y P_h(y) v_y subject to u_t + Σ_y C(b, y) v_y &gt;= |b| - 1
     * for every variable w(t, b) that is not fixed at zero. GLOP's duals are rounded to the simplest rationals within
     * {@link #DUAL_ROUNDING} (continued fractions); then every u_t is raised, exactly, by the largest violation among
     * its tree's variables (each variable sits in exactly one tree row with coefficient 1), which makes the dual
     * feasible in exact arithmetic whatever the rounding did. By weak duality the dual objective, computed exactly, is
     * at least the value of every lossless verifier. When the duals round to an optimal rational dual the bound equals
     * V* exactly; combined with a verifier that reaches it (block verification on chains) it proves V*.
     */
    public static BigFraction certifiedUpperBound(SequenceInstance inst, LpSettings settings) {
        Model model = build(inst, settings);
        Solved solved = solveModel(model, settings);
        int ny = model.yMass().size();
        int nt = model.treeMass().size();
        BigFraction[] vy = new BigFraction[ny];
        BigFraction[] ut = new BigFraction[nt];
        for (int i = 0; i < ny; i++) {
            vy[i] = simplest(solved.yDuals()[i]);
        }
        for (int t = 0; t < nt; t++) {
            ut[t] = simplest(solved.treeDuals()[t]);
        }
        BigFraction[] raise = new BigFraction[nt];
        Arrays.fill(raise, BigFraction.ZERO);
        for (Var var : model.vars()) {
            if (var.fixedZero()) {
                continue;
            }
            BigFraction lhs = ut[var.tree()];
            for (int a = 0; a < var.yRows().length; a++) {
                lhs = lhs.add(var.coefs()[a].multiply(vy[var.yRows()[a]]));
            }
            BigFraction violation = BigFraction.of(var.accepted()).subtract(lhs);
            if (violation.compareTo(raise[var.tree()]) > 0) {
                raise[var.tree()] = violation;
            }
        }
        BigFraction bound = BigFraction.ZERO;
        for (int t = 0; t < nt; t++) {
            bound = bound.add(model.treeMass().get(t).multiply(ut[t].add(raise[t])));
        }
        for (int i = 0; i < ny; i++) {
            bound = bound.add(model.yMass().get(i).multiply(vy[i]));
        }
        return org.specverify.reference.Fractions.canonical(bound);
    }

    /** Dual values are rounded to the simplest rational within this distance: 1e-9. */
    public static final double DUAL_ROUNDING = 1e-9;

    /** The simplest rational (smallest denominator) within {@link #DUAL_ROUNDING} of x, by continued fractions. */
    static BigFraction simplest(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalStateException("non-finite dual " + x);
        }
        long floor = (long) Math.floor(x);
        double frac = x - floor;
        long p0 = 1;
        long q0 = 0;
        long p1 = floor;
        long q1 = 1;
        double rest = frac;
        for (int k = 0; k < 40; k++) {
            if (Math.abs((double) p1 / q1 - x) <= DUAL_ROUNDING || rest < 1e-15) {
                break;
            }
            double inv = 1 / rest;
            long a = (long) Math.floor(inv);
            rest = inv - a;
            long p2 = a * p1 + p0;
            long q2 = a * q1 + q0;
            if (q2 <= 0 || q2 > 1_000_000_000L || Math.abs(p2) > 1_000_000_000_000L) {
                return org.specverify.reference.Fractions.ofDouble(x);
            }
            p0 = p1;
            q0 = q1;
            p1 = p2;
            q1 = q2;
        }
        return BigFraction.of(p1, q1);
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
