package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Decision;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;

/**
 * The verifier's decision on one draft tuple as a partition of its grid: under a discrete {@link UniformModel} the
 * exact replay ({@link GridReplay}) splits the grid indices of the verifying uniforms 0..width−1 into boxes, each a
 * product of index ranges on which the decision is constant. A final draw kept as a law is split at its own cuts on
 * the uniform that makes it. A box whose decision is an error path (u = 1 past the last cell, a final draw from an
 * empty law) has token −1.
 *
 * <p>The probabilities of the cells of one tuple sum to 1 and equal the counts of their boxes over N^(uniforms
 * compared); the law of {@link UniformModelLaw} on the tuple is their sum by token. A verifier implementation that
 * compares each uniform with thresholds fixed by the drafts and rows (and draws categoricals by a scan in token order)
 * decides exactly like the reference on every grid point when it does at the two ends of each range of each box
 * (proofs-notes/uniform-models.md, "The kernel's grid"): that is what the GPU conformance probes.
 */
public final class GridCells {
    private GridCells() {
    }

    /**
     * One box.
     *
     * @param lo            the first grid index of each verifying uniform's range
     * @param hi            one past the last (a uniform the path never compared has [0, N))
     * @param token         the output, −1 on an error path
     * @param acceptedDraft the draft accepted by a test (the first draft holding the token for a final draw by
     *                      membership), −1 for a residual draw
     * @param probability   the probability of the box given the drafts
     */
    public record Cell(long[] lo, long[] hi, int token, int acceptedDraft, BigFraction probability) {
        /** Whether this box is an error path. */
        public boolean error() {
            return token < 0;
        }
    }

    /**
     * The boxes of {@code bound}'s verifier on {@code drafts} under {@code model}, over the verifying uniforms
     * 0..width−1.
     *
     * @throws IllegalArgumentException when the model is the ideal one, or a path draws more than {@code width}
     *     verifying uniforms
     * @throws UnsupportedOperationException when the verifier reads the draft stream
     * @throws TooLargeException past the replay's leaf limit
     */
    public static List<Cell> of(Scheme.Bound bound, int[] drafts, UniformModel model, int width) {
        if (!model.discrete()) {
            throw new IllegalArgumentException("grid cells need a discrete uniform model, not " + model.id());
        }
        int[] x = drafts.clone();
        Program<BigFraction> program = bound.hasProgram() ? bound.program(Exact.INSTANCE) : null;
        List<Cell> cells = new ArrayList<>();
        record Leaf(Object outcome, long[][] ranges, long drawn) {
        }
        long[][][] last = {null};
        try {
            GridReplay.forEachLeaf(d -> {
                Object o;
                try {
                    o = program == null ? bound.decide(x, d) : UniformModelLaw.end(program.run(d, x), d, x);
                } finally {
                    // kept for an error path, whose leaf the replay reports without the run's result
                    last[0] = GridReplay.ranges(d, Draws.VERIFY, width);
                }
                long drawn = GridReplay.drawn(d, Draws.VERIFY);
                if (drawn > width) {
                    throw new IllegalArgumentException(bound.scheme().id() + " drew " + drawn
                        + " verifying uniforms on drafts " + java.util.Arrays.toString(x) + ", more than " + width);
                }
                return new Leaf(o, last[0], drawn);
            }, Draws.VERIFY, ExactEnumerator.DEFAULT_MAX_LEAVES, new GridReplay.Memo(model),
                java.util.Set.of(Draws.DRAFT), null, (leaf, pr) -> add(cells, leaf.outcome(), leaf.ranges(), leaf.drawn(), pr, x, model),
                (message, pr) -> add(cells, null, last[0], 0, pr, x, model));
        } catch (SharedStreamException shared) {
            throw new UnsupportedOperationException(bound.scheme().id() + ": " + shared.getMessage() + "; the grid"
                + " cells need a verifier that does not read the draft stream", shared);
        }
        return cells;
    }

    private static void add(List<Cell> cells, Object o, long[][] ranges, long drawn, BigFraction pr, int[] x,
                            UniformModel model) {
        int width = ranges.length;
        long[] lo = new long[width];
        long[] hi = new long[width];
        for (int j = 0; j < width; j++) {
            lo[j] = ranges[j][0];
            hi[j] = ranges[j][1];
        }
        if (o == null) {
            cells.add(new Cell(lo, hi, -1, -1, pr));
        } else if (o instanceof Decision v) {
            cells.add(new Cell(lo, hi, v.output(), v.acceptedDraft(), pr));
        } else if (o instanceof Outcome.Accept<?> a) {
            cells.add(new Cell(lo, hi, a.token(), a.draft(), pr));
        } else if (o instanceof Outcome.Token<?> t) {
            cells.add(new Cell(lo, hi, t.token(), -1, pr));
        } else {
            @SuppressWarnings("unchecked")
            Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
            if (e.law().total().signum() == 0) {
                cells.add(new Cell(lo, hi, -1, -1, pr));
                return;
            }
            // the final draw's fresh uniform is the last one drawn (UniformModelLaw.end took its identity)
            int j = (int) drawn - 1;
            Measure<BigFraction> law = e.law();
            BigFraction total = law.total();
            BigFraction below = BigFraction.ZERO;
            long start = 0;
            for (int y = 0; y < law.size(); y++) {
                BigFraction m = law.at(y);
                if (m.signum() == 0) {
                    continue;
                }
                below = below.add(m);
                long end = model.countBelow(below.divide(total));
                if (end > start) {
                    cells.add(new Cell(lo, with(hi, j, end), y, e.byMembership() ? firstDraft(x, y) : -1,
                        pr.multiply(BigFraction.of(end - start, UniformModel.N))));
                    lo = with(lo, j, end);
                }
                start = end;
            }
            if (start < UniformModel.N) {
                cells.add(new Cell(with(lo, j, start), with(hi, j, UniformModel.N), -1, -1,
                    pr.multiply(BigFraction.of(UniformModel.N - start, UniformModel.N))));
            }
        }
    }

    private static long[] with(long[] a, int j, long v) {
        long[] c = a.clone();
        c[j] = v;
        return c;
    }

    private static int firstDraft(int[] x, int y) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == y) {
                return i;
            }
        }
        return -1;
    }
}
