package org.specverify.lp.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.lp.solver.ScoredTransportLp;
import org.specverify.reference.Tolerance;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;

/**
 * The sequence optimum: the largest expected number of accepted draft tokens of any lossless verifier of one step.
 *
 * <p><b>Problem.</b> Maximise E[score(T, Y)] over couplings of the draft tree T (its law fixed by the draft process:
 * {@link DraftTrees}) and the target block Y = y_1..y_h, h = gamma + 1 (law prod p(y_i | c, y_&lt;i)), where
 * score(T, Y) is the length of the longest prefix of Y that is a root path of T, capped at gamma. For a chain T is the
 * drafted path. proofs-notes/sequence-optimum.md proves that every coupling gives a lossless verifier with that
 * acceptance and every lossless verifier gives such a coupling.
 *
 * <p><b>Exact reductions</b> ({@link #problem}), each leaving the optimum unchanged: (1) y_h never counts (paths have
 * at most gamma tokens and the score is capped at gamma), so the columns are the target's prefixes y_1..y_gamma with
 * their probabilities (a coupling with them extends to Y by drawing y_h from p(.|y_1..y_gamma)); (2) trees with the
 * same score against every column are merged into one row with their total probability, and (3) columns with the same
 * score against every row likewise (in a transportation problem, a plan for merged rows or columns splits in
 * proportion to the masses into a plan for the originals with the same value, and any plan for the originals sums to
 * one for the merged problem).
 *
 * <p><b>Routes.</b> {@link #exact}: {@link ExactTransport}, exact rationals with a checked dual certificate.
 * {@link #glop}: OR-Tools GLOP on the same reduced problem ({@link ScoredTransportLp}: OPTIMAL, verifySolution, duals).
 * {@link #both} runs the two and compares them with {@link #glopAgreement}.
 *
 * <p><b>Size.</b> The draft trees are streamed ({@link DraftTrees#forEach}, refused above its limit before any work) and
 * the target prefixes enumerated (refused above {@link SequenceLaw#MAX_SEQUENCES}); each tree costs one match per
 * target prefix. Either refusal is a {@link TooLargeException}.
 */
public final class SequenceOptimum {
    /**
     * GLOP's feasibility tolerance is applied to its internally scaled problem; on the unscaled problem a row or column
     * sum was measured off by up to about ten times that tolerance (see {@link #glopAgreement}).
     */
    public static final double GLOP_UNSCALED_FACTOR = 10;

    /**
     * How far GLOP's primal optimum may be from the exact one on a reduced problem with m rows and n columns solved at
     * primal feasibility tolerance eps: absolute(2·gamma·(m + n)·{@value #GLOP_UNSCALED_FACTOR}·eps).
     *
     * <p>Reasoning: GLOP meets each of the m + n equality rows only up to a residual r_i; a feasible plan x' with
     * ||x - x'||_1 &lt;= 2 Σ|r_i| exists (move the surplus of over-full rows to under-full columns); each unit of mass
     * moved changes the objective by at most gamma; x' scores at most the optimum. From below, the optimum is at most
     * GLOP's dual objective, which callers compare with the primal ({@link LpResult#dualityGap()}). The residuals are
     * bounded by GLOP's tolerance on its scaled problem, not on ours, hence the factor: with a bare 2·gamma·(m + n)·eps
     * a 2 x 2 problem whose masses differ by 2^-30 (below GLOP's tolerances, so GLOP took them as equal) failed by
     * 1.9e-9 against a tolerance of 8e-10, and a fixed 1e-9 failed on a tree with 85 row classes (2.9e-9). This is a
     * cross-check that both routes solve the same problem, not a proof of GLOP's digits; the exact route is the
     * answer.
     */
    public static Tolerance glopAgreement(SequenceTransportProblem problem, LpSettings settings) {
        return Tolerance.absolute(2.0 * problem.gamma() * (problem.rows() + problem.columns())
            * GLOP_UNSCALED_FACTOR * settings.primalTolerance());
    }

    private SequenceOptimum() {
    }

    /** {@link #problem(SequenceInstance, int[], long)} at the empty context with the default tree limit. */
    public static SequenceTransportProblem problem(SequenceInstance inst) {
        return problem(inst, new int[0], DraftTrees.DEFAULT_STREAM_LIMIT);
    }

    /**
     * Builds the reduced transportation problem (see the class comment).
     *
     * @param treeLimit the largest draft-tree count estimate accepted
     * @throws TooLargeException when the trees or the target prefixes are too many (before the work)
     */
    public static SequenceTransportProblem problem(SequenceInstance inst, int[] context, long treeLimit) {
        int gamma = inst.gamma();
        if (gamma > Byte.MAX_VALUE) {
            throw new TooLargeException("sequence optimum: gamma " + gamma + " is above " + Byte.MAX_VALUE);
        }
        DraftTrees.requireWithin(inst, treeLimit);
        SequenceLaw prefixes = SequenceLaw.target(inst.target(), context, gamma);
        List<int[]> cols = new ArrayList<>();
        List<BigFraction> colMass = new ArrayList<>();
        prefixes.masses().forEach((y, m) -> {
            cols.add(y.stream().mapToInt(Integer::intValue).toArray());
            colMass.add(m);
        });
        int n = cols.size();
        Map<ScoreKey, BigFraction> rows = new LinkedHashMap<>();
        long[] trees = {0};
        DraftTrees.forEach(inst, context, treeLimit, (DraftTree t, BigFraction prob) -> {
            byte[] s = new byte[n];
            for (int j = 0; j < n; j++) {
                s[j] = (byte) t.matchedPrefix(cols.get(j), gamma);
            }
            rows.merge(new ScoreKey(s), prob, BigFraction::add);
            trees[0]++;
        });
        List<ScoreKey> rowKeys = new ArrayList<>(rows.keySet());
        int m = rowKeys.size();
        // merge columns with identical score columns
        Map<ScoreKey, Integer> colClass = new LinkedHashMap<>();
        List<BigFraction> demand = new ArrayList<>();
        List<Integer> representative = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            byte[] c = new byte[m];
            for (int i = 0; i < m; i++) {
                c[i] = rowKeys.get(i).scores[j];
            }
            ScoreKey key = new ScoreKey(c);
            Integer k = colClass.get(key);
            if (k == null) {
                colClass.put(key, demand.size());
                demand.add(colMass.get(j));
                representative.add(j);
            } else {
                demand.set(k, demand.get(k).add(colMass.get(j)));
            }
        }
        int[][] score = new int[m][representative.size()];
        BigFraction[] supply = new BigFraction[m];
        for (int i = 0; i < m; i++) {
            supply[i] = rows.get(rowKeys.get(i));
            for (int k = 0; k < representative.size(); k++) {
                score[i][k] = rowKeys.get(i).scores[representative.get(k)];
            }
        }
        return new SequenceTransportProblem(supply, demand.toArray(new BigFraction[0]), score, gamma, trees[0], n);
    }

    /** The exact optimum of an instance (empty context). */
    public static BigFraction exact(SequenceInstance inst) {
        return exact(problem(inst)).value();
    }

    /** The exact optimum of a reduced problem, with its certified plan. */
    public static ExactTransport.Solution exact(SequenceTransportProblem problem) {
        return ExactTransport.solve(problem.supply(), problem.demand(), problem.score());
    }

    /** The GLOP optimum of a reduced problem. */
    public static LpResult glop(SequenceTransportProblem problem, LpSettings settings) {
        return ScoredTransportLp.solve("sequence optimum LP", problem.supplyDoubles(), problem.demandDoubles(),
            problem.scoreDoubles(), settings);
    }

    /**
     * Both routes on one instance.
     *
     * @param problem       the reduced problem
     * @param exact         the exact optimum
     * @param glop          GLOP's result
     * @param difference    GLOP primal - exact
     * @param agree         whether they agree within {@code tolerance}
     * @param tolerance     {@link #glopAgreement} of the problem
     * @param buildSeconds  seconds to build the reduced problem
     * @param exactSeconds  seconds of the exact route (after the build)
     */
    public record Both(SequenceTransportProblem problem, BigFraction exact, LpResult glop, double difference,
                       boolean agree, Tolerance tolerance, double buildSeconds, double exactSeconds) {
        @Override
        public String toString() {
            return "sequence optimum " + exact + " = " + exact.doubleValue() + " (exact, " + exactSeconds + " s); GLOP "
                + glop.primalObjective() + " (dual " + glop.dualObjective() + ", " + glop.solveSeconds() + " s); "
                + "difference " + difference + (agree ? " within " : " OUTSIDE ") + tolerance + "; " + problem
                + ", build " + buildSeconds + " s";
        }
    }

    /** Runs the exact route and GLOP on the same reduced problem. */
    public static Both both(SequenceInstance inst, LpSettings settings) {
        long t0 = System.nanoTime();
        SequenceTransportProblem problem = problem(inst);
        long t1 = System.nanoTime();
        BigFraction value = exact(problem).value();
        long t2 = System.nanoTime();
        LpResult lp = glop(problem, settings);
        double diff = lp.primalObjective() - value.doubleValue();
        Tolerance tolerance = glopAgreement(problem, settings);
        return new Both(problem, value, lp, diff, tolerance.test(lp.primalObjective(), value.doubleValue()), tolerance,
            (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    }

    /** A score vector as a hash key. */
    private static final class ScoreKey {
        final byte[] scores;
        final int hash;

        ScoreKey(byte[] scores) {
            this.scores = scores;
            this.hash = Arrays.hashCode(scores);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ScoreKey k && Arrays.equals(k.scores, scores);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
