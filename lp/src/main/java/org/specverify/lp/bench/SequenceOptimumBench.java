package org.specverify.lp.bench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.sequence.ExactTransport;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.lp.sequence.SequenceTransportProblem;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.lp.solver.OrTools;
import org.specverify.reference.Distribution;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * Benchmark of the sequence optimum ({@link SequenceOptimum}) by both routes, exact and GLOP, on seeded order-1 models
 * with full-support small-denominator rows (weights 1..8 over V tokens: every drafted path and every target prefix has
 * positive probability, the worst case for the sizes). Each row times the build of the reduced problem (draft-tree
 * enumeration and matching), the exact transportation simplex and the GLOP solve separately.
 *
 * <p>{@code main} with no arguments runs the goal instance (V = 3, gamma = 3 chain, goal at most 10 s for both routes)
 * and then ladders of growing chains and trees, stopping a ladder after the first instance whose build plus solve
 * took more than {@link #MINUTE} seconds, so that the last row under it is the largest instance that route finishes
 * in a minute. Arguments {@code V gamma [shape...] [siblings]} run one instance.
 */
public final class SequenceOptimumBench {
    /** The time budget of "finishes in a minute". */
    public static final double MINUTE = 60;

    private SequenceOptimumBench() {
    }

    /**
     * One measured instance.
     *
     * @param label         what was run
     * @param trees         draft trees enumerated
     * @param rows          row classes after merging
     * @param columns       column classes after merging
     * @param buildSeconds  seconds to build the reduced problem
     * @param exactSeconds  seconds of the exact route, NaN when not run
     * @param glopSeconds   seconds of GLOP (build and solve), NaN when not run
     * @param exact         the exact optimum (null when not run)
     * @param glop          GLOP's optimum (NaN when not run)
     * @param pivots        simplex pivots of the exact route
     */
    public record Row(String label, long trees, int rows, int columns, double buildSeconds, double exactSeconds,
                      double glopSeconds, BigFraction exact, double glop, long pivots) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-36s trees %9d  classes %6d x %5d  build %8.3f s  exact %8.3f s  "
                    + "GLOP %8.3f s  optimum %s  GLOP %s  pivots %d", label, trees, rows, columns, buildSeconds,
                exactSeconds, glopSeconds, exact == null ? "-" : String.format(Locale.ROOT, "%.12f",
                    exact.doubleValue()), Double.isNaN(glop) ? "-" : String.format(Locale.ROOT, "%.12f", glop), pivots);
        }
    }

    /** A seeded order-1 model over v tokens with full-support rows (weights 1..8). */
    public static ContextModel model(SplittableRandom r, int v) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        rows.put(List.of(), row(r, v));
        for (int t = 0; t < v; t++) {
            rows.put(List.of(t), row(r, v));
        }
        return ContextModel.of(v, rows);
    }

    private static Distribution row(SplittableRandom r, int v) {
        BigFraction[] w = new BigFraction[v];
        for (int i = 0; i < v; i++) {
            w[i] = BigFraction.of(1 + r.nextInt(8));
        }
        return Distribution.normalize(w);
    }

    /** The benchmark instance: target and draft order-1 models from the seed. */
    public static SequenceInstance instance(int v, int[] shape, SiblingProcess siblings, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ContextModel p = model(r, v);
        ContextModel q = model(r, v);
        return SequenceInstance.tree("bench", p, q, shape, siblings);
    }

    /** Builds and solves one instance by the routes asked for. */
    public static Row run(SequenceInstance inst, boolean exactRoute, boolean glopRoute) {
        String label = "V=" + inst.vocab() + " gamma=" + inst.gamma() + " " + java.util.Arrays.toString(inst.shape())
            + " " + inst.siblings().id();
        long t0 = System.nanoTime();
        SequenceTransportProblem problem = SequenceOptimum.problem(inst, new int[0], Long.MAX_VALUE);
        double build = (System.nanoTime() - t0) / 1e9;
        BigFraction exact = null;
        long pivots = 0;
        double exactSeconds = Double.NaN;
        if (exactRoute) {
            long t1 = System.nanoTime();
            ExactTransport.Solution s = SequenceOptimum.exact(problem);
            exactSeconds = (System.nanoTime() - t1) / 1e9;
            exact = s.value();
            pivots = s.pivots();
        }
        double glop = Double.NaN;
        double glopSeconds = Double.NaN;
        if (glopRoute) {
            long t2 = System.nanoTime();
            LpResult lp = SequenceOptimum.glop(problem, LpSettings.glop());
            glopSeconds = (System.nanoTime() - t2) / 1e9;
            glop = lp.primalObjective();
        }
        return new Row(label, problem.trees(), problem.rows(), problem.columns(), build, exactSeconds, glopSeconds,
            exact, glop, pivots);
    }

    /** Runs the goal instance and the ladders; see the class comment. */
    public static void main(String[] args) {
        long seed = 20261207L;
        long load = System.nanoTime();
        OrTools.ensureLoaded();
        System.out.printf(Locale.ROOT, "OR-Tools natives loaded and smoke-checked in %.3f s (not counted below)%n",
            (System.nanoTime() - load) / 1e9);
        if (args.length >= 2) {
            int v = Integer.parseInt(args[0]);
            int gamma = Integer.parseInt(args[1]);
            int[] shape = new int[gamma];
            java.util.Arrays.fill(shape, 1);
            SiblingProcess s = SiblingProcess.IID;
            for (int i = 2; i < args.length; i++) {
                if (Character.isDigit(args[i].charAt(0))) {
                    shape[i - 2] = Integer.parseInt(args[i]);
                } else {
                    s = SiblingProcess.parse(args[i]);
                }
            }
            System.out.println(run(instance(v, shape, s, seed), true, true));
            return;
        }
        System.out.println("goal: V = 3, gamma = 3 chain (both routes at most 10 s)");
        System.out.println(run(instance(3, new int[] {1, 1, 1}, SiblingProcess.IID, seed), true, true));
        System.out.println(run(instance(3, new int[] {2, 2, 1}, SiblingProcess.IID, seed), true, true));
        List<int[]> chains = new ArrayList<>();
        for (int g = 3; g <= 12; g++) {
            int[] c = new int[g];
            java.util.Arrays.fill(c, 1);
            chains.add(c);
        }
        for (int v : new int[] {3, 4, 8}) {
            ladder("chains, V = " + v, v, chains, SiblingProcess.IID, seed);
        }
        List<int[]> trees = List.of(new int[] {2, 1}, new int[] {2, 2}, new int[] {2, 2, 1}, new int[] {3, 2, 1},
            new int[] {2, 2, 2}, new int[] {3, 3, 1}, new int[] {2, 2, 2, 1});
        ladder("iid trees, V = 3", 3, trees, SiblingProcess.IID, seed);
    }

    private static void ladder(String title, int v, List<int[]> shapes, SiblingProcess s, long seed) {
        System.out.println(title + ":");
        boolean exactOn = true;
        boolean glopOn = true;
        for (int[] shape : shapes) {
            SequenceInstance inst = instance(v, shape, s, seed);
            BigInteger estimate = DraftTrees.sizeEstimate(inst);
            if (estimate.compareTo(BigInteger.valueOf(DraftTrees.DEFAULT_STREAM_LIMIT)) > 0
                || Math.pow(v, shape.length) > 4e6) {
                System.out.println("  stop: " + estimate + " trees or " + (long) Math.pow(v, shape.length)
                    + " target prefixes, above the enumeration limits");
                return;
            }
            Row row = run(inst, exactOn, glopOn);
            System.out.println("  " + row);
            if (exactOn && row.buildSeconds() + row.exactSeconds() > MINUTE) {
                exactOn = false;
            }
            if (glopOn && row.buildSeconds() + row.glopSeconds() > MINUTE) {
                glopOn = false;
            }
            if (!exactOn && !glopOn) {
                return;
            }
        }
    }
}
