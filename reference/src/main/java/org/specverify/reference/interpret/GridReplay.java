package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.Uniform;
import org.specverify.reference.random.UniformModel;

/**
 * The exact replay of a program whose uniforms follow a discrete {@link UniformModel}: the counterpart of
 * {@link Replay} on a grid. Each uniform identity is a range [lo, hi) of grid indices (all N = 2^24 until first
 * compared); a comparison u &lt; t keeps the indices below the model's cut {@link UniformModel#countBelow}(t) on one
 * branch and the rest on the other, with probabilities the counts over hi − lo; a categorical draw splits the range
 * at the cuts of the cumulative weights. Every probability is an exact rational (a product of count ratios).
 *
 * <p>Paths the ideal model never takes are error paths here: a categorical draw whose uniform is 1 (u·W = W, past the
 * last cell), or a program that reads a law of total zero ({@link org.specverify.reference.arith.EmptyLaw}: a residual
 * emptied by a rejection only a grid point allows). They are handed to {@code error} with their probability instead of a result. The replay also gathers
 * the thresholds the program compared each uniform with ({@link Thresholds}): the count behind the resolution bound
 * (proofs-notes/uniform-models.md).
 */
final class GridReplay {
    private GridReplay() {
    }

    /** Thrown inside a run that reaches an error path; caught by {@link #forEachLeaf}. */
    static final class ErrorPath extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErrorPath(String message) {
            super(message, null, false, false);
        }
    }

    /** The distinct thresholds compared with each uniform over all paths of one replay (for the resolution bound). */
    static final class Thresholds {
        private final Set<Object> seen = new HashSet<>();
        private long count;

        void add(DrawId id, Object threshold, int interior) {
            if (interior > 0 && seen.add(List.of(id, threshold))) {
                count += interior;
            }
        }

        /** The number of distinct (uniform, threshold) pairs met, a categorical draw counting its interior cuts. */
        long count() {
            return count;
        }
    }

    /** Fresh-uniform cut counts remembered by the identity of (q, p), as {@link Replay.Memo} does for ratios. */
    static final class Memo {
        final UniformModel model;
        private final IdentityHashMap<Object, IdentityHashMap<Object, Long>> byQ = new IdentityHashMap<>();

        Memo(UniformModel model) {
            this.model = model;
        }

        long cutBelow(BigFraction q, BigFraction p) {
            IdentityHashMap<Object, Long> byP = byQ.computeIfAbsent(q, k -> new IdentityHashMap<>());
            Long c = byP.get(p);
            if (c == null) {
                c = model.countBelow(p.divide(q));
                byP.put(p, c);
            }
            return c;
        }
    }

    /**
     * Runs {@code program} down every path of positive probability under the model; results go to {@code leaf},
     * error paths to {@code error} (message, probability).
     *
     * @throws TooLargeException when more than {@code maxLeaves} leaves would be run
     */
    static <R> long forEachLeaf(Function<? super Draws<BigFraction>, R> program, String stream, long maxLeaves,
                                Memo memo, Set<String> conditioned, Thresholds thresholds,
                                BiConsumer<R, BigFraction> leaf, BiConsumer<String, BigFraction> error) {
        int[] prefix = new int[0];
        int[] expected = new int[0];
        long leaves = 0;
        while (true) {
            Path path = new Path(prefix, expected, memo, conditioned, thresholds);
            R result = null;
            String failed = null;
            try {
                result = program.apply(new View(path, stream));
            } catch (ErrorPath e) {
                failed = e.getMessage();
            } catch (org.specverify.reference.arith.EmptyLaw e) {
                // a state the ideal model never reaches (a residual emptied at u = 0 or u = 1) read as a law
                failed = "the program reads an empty law: " + e.getMessage();
            }
            path.closed = true;
            if (++leaves > maxLeaves) {
                throw new TooLargeException("exact enumeration exceeds " + maxLeaves
                    + " leaves; the instance is too large for the exact reference");
            }
            if (failed != null) {
                error.accept(failed, path.probability);
            } else {
                leaf.accept(result, path.probability);
            }
            int j = path.size - 1;
            while (j >= 0 && path.positions[j] == path.options[j] - 1) {
                j--;
            }
            if (j < 0) {
                return leaves;
            }
            prefix = Arrays.copyOf(path.positions, j + 1);
            prefix[j]++;
            expected = Arrays.copyOf(path.options, j + 1);
        }
    }

    /** Whether {@code draws} (a view of a grid replay path) has already compared the uniform {@code id}. */
    static boolean touched(Draws<BigFraction> draws, DrawId id) {
        Stream s = ((View) draws).path.streams.get(id.stream());
        return s != null && s.ranges.containsKey(id.index());
    }

    /**
     * The index range [lo, hi) of each of the first {@code width} uniforms of {@code stream} on the path of
     * {@code draws} (a view of a grid replay path) so far; [0, N) for a uniform not yet compared.
     */
    static long[][] ranges(Draws<BigFraction> draws, String stream, int width) {
        Stream s = ((View) draws).path.streams.get(stream);
        long[][] out = new long[width][];
        for (int j = 0; j < width; j++) {
            long[] r = s == null ? null : s.ranges.get((long) j);
            out[j] = r == null ? new long[] {0, UniformModel.N} : r.clone();
        }
        return out;
    }

    /** The number of uniforms of {@code stream} drawn on the path of {@code draws} so far. */
    static long drawn(Draws<BigFraction> draws, String stream) {
        Stream s = ((View) draws).path.streams.get(stream);
        return s == null ? 0 : s.next;
    }

    /** One stream's counter and the index ranges of its uniforms compared so far (absent: all N indices). */
    private static final class Stream {
        long next;
        final Map<Long, long[]> ranges = new HashMap<>();
    }

    private static final class Path {
        private final int[] prefix;
        private final int[] expected;
        private final Memo memo;
        private final Set<String> conditioned;
        private final Thresholds thresholds;
        private final UniformModel model;
        private final Map<String, Stream> streams = new HashMap<>(4);
        int[] positions = new int[8];
        int[] options = new int[8];
        int size;
        BigFraction probability = BigFraction.ONE;
        boolean closed;

        Path(int[] prefix, int[] expected, Memo memo, Set<String> conditioned, Thresholds thresholds) {
            this.prefix = prefix;
            this.expected = expected;
            this.memo = memo;
            this.model = memo.model;
            this.conditioned = conditioned;
            this.thresholds = thresholds;
        }

        Stream stream(String name) {
            Stream s = streams.get(name);
            if (s == null) {
                if (conditioned != null && conditioned.contains(name)) {
                    throw new SharedStreamException(name);
                }
                s = new Stream();
                streams.put(name, s);
            }
            return s;
        }

        private int branch(int count) {
            if (size < expected.length && expected[size] != count) {
                throw new IllegalStateException("the program is not a function of its draws: branch point " + size
                    + " had " + expected[size] + " options on an earlier run of the same path and " + count
                    + " now; the exact replay needs a program that decides only through its draws");
            }
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, 2 * size);
                options = Arrays.copyOf(options, 2 * size);
            }
            int pos = size < prefix.length ? prefix[size] : 0;
            positions[size] = pos;
            options[size] = count;
            size++;
            return pos;
        }

        void checkOpen(DrawId id) {
            if (closed) {
                throw new IllegalStateException("uniform " + id + " belongs to an earlier path of the exact replay;"
                    + " a uniform handle cannot outlive the run that drew it");
            }
        }

        /** The indices below {@code cut} (true) or the rest (false) of the uniform's range. */
        boolean split(Stream s, DrawId id, long cut, Object threshold, boolean inside) {
            long[] r = s.ranges.get(id.index());
            long lo = r == null ? 0 : r[0];
            long hi = r == null ? UniformModel.N : r[1];
            if (thresholds != null && inside) {
                thresholds.add(id, threshold, 1);
            }
            if (cut <= lo) {
                return false;
            }
            if (cut >= hi) {
                return true;
            }
            long width = hi - lo;
            if (branch(2) == 0) {
                probability = probability.multiply(BigFraction.of(cut - lo, width));
                s.ranges.put(id.index(), new long[] {lo, cut});
                return true;
            }
            probability = probability.multiply(BigFraction.of(hi - cut, width));
            s.ranges.put(id.index(), new long[] {cut, hi});
            return false;
        }

        boolean timesLessThan(Stream s, DrawId id, BigFraction q, BigFraction p) {
            if (q.signum() < 0 || p.signum() < 0) {
                throw new IllegalArgumentException("accept test u*q < p with a negative mass: q = " + q + ", p = " + p);
            }
            if (q.signum() == 0) {
                return p.signum() > 0;
            }
            return split(s, id, memo.cutBelow(q, p), List.of(q, p), Fractions.compare(p, q) < 0 && p.signum() > 0);
        }

        int locate(Stream s, DrawId id, List<BigFraction> w, BigFraction total) {
            long[] r = s.ranges.get(id.index());
            long lo = r == null ? 0 : r[0];
            long hi = r == null ? UniformModel.N : r[1];
            List<long[]> cells = new ArrayList<>();
            BigFraction below = BigFraction.ZERO;
            long start = 0;
            int interior = -1;
            for (BigFraction wi : w) {
                interior += wi.signum() > 0 ? 1 : 0;
            }
            for (int i = 0; i < w.size(); i++) {
                BigFraction wi = w.get(i);
                if (wi.signum() == 0) {
                    continue;
                }
                below = below.add(wi);
                long end = model.countBelow(below.divide(total));
                long a = Math.max(lo, start);
                long b = Math.min(hi, end);
                if (a < b) {
                    cells.add(new long[] {i, a, b});
                }
                start = end;
                if (start >= hi) {
                    break;
                }
            }
            if (thresholds != null) {
                thresholds.add(id, w, Math.max(0, interior));
            }
            // indices past the last cut have u·W = W (u = 1): no cell holds them
            long beyond = Math.max(lo, start);
            int options = cells.size() + (beyond < hi ? 1 : 0);
            int pos = options == 1 ? 0 : branch(options);
            long width = hi - lo;
            if (pos == cells.size()) {
                if (options > 1) {
                    probability = probability.multiply(BigFraction.of(hi - beyond, width));
                }
                s.ranges.put(id.index(), new long[] {beyond, hi}); // the error box, for GridCells
                throw new ErrorPath("uniform " + id + " is 1 under the model: u*W = W falls past the last cell");
            }
            long[] c = cells.get(pos);
            if (options > 1) {
                probability = probability.multiply(BigFraction.of(c[2] - c[1], width));
            }
            s.ranges.put(id.index(), new long[] {c[1], c[2]});
            return (int) c[0];
        }
    }

    /** Whether 0 &lt; t &lt; 1: a comparison the ideal model decides by chance. */
    static boolean inside(BigFraction t) {
        return t.signum() > 0 && Fractions.compare(t, BigFraction.ONE) < 0;
    }

    private static final class View implements Draws<BigFraction> {
        private final Path path;
        private final String name;
        private final Stream stream;

        View(Path path, String name) {
            this.path = path;
            this.name = name;
            this.stream = path.stream(name);
        }

        @Override
        public String stream() {
            return name;
        }

        @Override
        public Draws<BigFraction> inStream(String other) {
            return new View(path, other);
        }

        @Override
        public DrawId next(String other) {
            Stream s = path.stream(other);
            return new DrawId(other, s.next++);
        }

        @Override
        public Uniform<BigFraction> uniform(DrawId id) {
            path.checkOpen(id);
            return new GridUniform(path, path.stream(id.stream()), id);
        }

        private DrawId nextId() {
            return new DrawId(name, stream.next++);
        }

        @Override
        public boolean accept(int draft, int token, BigFraction q, BigFraction p) {
            return path.timesLessThan(stream, nextId(), q, p);
        }

        @Override
        public boolean bernoulli(String what, BigFraction probability) {
            Draws.checkProbability(what, probability);
            return path.split(stream, nextId(), path.model.countBelow(probability), probability,
                inside(probability));
        }

        @Override
        public int choose(String what, List<BigFraction> weights) {
            BigFraction total = Draws.checkWeights(what, weights);
            return path.locate(stream, nextId(), weights, total);
        }

        @Override
        public int sample(String what, Measure<BigFraction> law) {
            return choose(what, Replay.weights(law));
        }

        @Override
        public int sample(String what, Distribution law) {
            return choose(what, Arrays.asList(law.masses()));
        }
    }

    private static final class GridUniform implements Uniform<BigFraction> {
        private final Path path;
        private final Stream stream;
        private final DrawId id;

        GridUniform(Path path, Stream stream, DrawId id) {
            this.path = path;
            this.stream = stream;
            this.id = id;
        }

        @Override
        public DrawId id() {
            return id;
        }

        @Override
        public boolean lessThan(BigFraction threshold) {
            path.checkOpen(id);
            return path.split(stream, id, path.model.countBelow(threshold), threshold, inside(threshold));
        }

        @Override
        public boolean atMost(BigFraction threshold) {
            path.checkOpen(id);
            return path.split(stream, id, path.model.countAtMost(threshold), List.of("at most", threshold),
                inside(threshold));
        }

        @Override
        public boolean timesLessThan(BigFraction q, BigFraction p) {
            path.checkOpen(id);
            return path.timesLessThan(stream, id, q, p);
        }

        @Override
        public int locate(List<BigFraction> weights) {
            path.checkOpen(id);
            BigFraction total = Draws.checkWeights("uniform " + id, weights);
            return path.locate(stream, id, weights, total);
        }

        @Override
        public int locate(Measure<BigFraction> law) {
            return locate(Replay.weights(law));
        }
    }

    /**
     * The law of a final draw u·W on {@code law} with a fresh uniform of the model: cell i holds the indices between
     * the cuts of F_(i−1)/W and F_i/W. The masses are counts over N; what they miss (u = 1, past the last cell) is the
     * error mass of the draw.
     */
    static Measure<BigFraction> finalDrawLaw(UniformModel model, Measure<BigFraction> law) {
        BigFraction total = law.total();
        List<BigFraction> masses = new ArrayList<>(law.size());
        BigFraction below = BigFraction.ZERO;
        long start = 0;
        for (int y = 0; y < law.size(); y++) {
            BigFraction m = law.at(y);
            if (m.signum() == 0) {
                masses.add(BigFraction.ZERO);
                continue;
            }
            below = below.add(m);
            long end = model.countBelow(below.divide(total));
            masses.add(end > start ? BigFraction.of(end - start, UniformModel.N) : BigFraction.ZERO);
            start = end;
        }
        return Exact.INSTANCE.measure(masses);
    }
}
