package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.ExponentialRaces;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.Uniform;

/**
 * The exact depth-first replay of a program over {@link Draws}: every path of positive probability is run once, and
 * each leaf is handed over with its exact probability. The one exact interpreter of the project: the
 * {@link ExactEnumerator} (laws of arbitrary programs, draft processes) and the {@link ConditionalLaw} (verifiers)
 * both run on it.
 *
 * <p><b>Interval splitting.</b> Each uniform identity ({@link DrawId}) has a current exact interval [lo, hi) inside
 * (0, 1), the whole interval until the uniform is first compared. A comparison u &lt; t (t clamped to the interval;
 * u·q &lt; p is u &lt; p/q) is certain when t ≤ lo or t ≥ hi, and otherwise branches into [lo, t) and [t, hi) with
 * conditional probabilities (t − lo)/(hi − lo) and (hi − t)/(hi − lo). A categorical draw (F_{i-1} ≤ u·W &lt; F_i)
 * branches over the cells [F_{i-1}/W, F_i/W) that meet the interval in a set of positive length, with probability the
 * overlap over hi − lo, and the uniform's interval becomes the overlap. Branches of probability zero are never run,
 * so a program never reaches a state of probability zero (an empty residual behind a certain acceptance).
 *
 * <p>With a fresh uniform per draw (every ordinary draw of {@link Draws}) this is a Bernoulli(min(1, p/q)) per accept
 * test and a categorical over the positive weights per choice, in index order: the law of independent draws. When a
 * program compares one uniform several times (its identity asked again), the path probability is still the product of
 * the interval ratios, which is the exact joint law of the comparisons: the set of u that follows a path is the
 * intersection of the half-lines and cells met along it, one interval per identity, and the uniforms are independent
 * across identities. Every use
 * of a uniform is a comparison with a threshold, so every program over {@link Draws} that is a function of its draws
 * is within reach; a uniform handle kept from an earlier path is refused, and so is a program whose branch count at a
 * point changes between two runs of the same prefix (not a function of its draws). A caller that already conditions
 * a stream (the verifier given its drafts) names it, and a program touching it raises {@link SharedStreamException}
 * (proofs-notes/shared-uniforms.md). Discrete uniform models have their own replay, {@link GridReplay}.
 *
 * <p>Branches are explored by re-execution: each run follows a recorded prefix of branch positions and then takes the
 * first branch at every new point. Cost: (number of leaves) × (cost of one run). Accept probabilities of fresh
 * uniforms are remembered by the identity of (q, p) across runs ({@link Memo}), so a verifier that passes the same
 * value objects computes each ratio once per enumeration.
 */
public final class Replay {
    private Replay() {
    }

    /**
     * Accept probabilities min(1, p/q) remembered by the identity of the two values: programs that pass the same value
     * objects (the measures remember their probabilities) have each ratio computed once for all runs and all tuples of
     * an {@link ExactLaw}. Not thread-safe: one per enumeration.
     */
    static final class Memo {
        private final IdentityHashMap<Object, IdentityHashMap<Object, BigFraction>> byQ = new IdentityHashMap<>();
        /** The exact joint laws of exponential races (block functions remembered). */
        final ExponentialRaces races = new ExponentialRaces();
        /** The conditional law of a race's winner given the races before it on its stream, by (before, weights). */
        private final Map<List<Object>, BigFraction[]> raceLaws = new HashMap<>();
        /** The joint law of a race's winner with the races before it, by (before, weights). */
        private final Map<List<Object>, BigFraction[]> raceJoints = new HashMap<>();
        /** Race weight lists already validated, by identity (immutable lists only: see {@link Path#race}). */
        private final IdentityHashMap<List<BigFraction>, Boolean> checkedWeights = new IdentityHashMap<>();

        /**
         * P(race(weights) = x | the races {@code before} returned their winners) for every x; {@code before} has
         * positive probability {@code given}.
         */
        BigFraction[] raceLaw(List<ExponentialRaces.Race> before, BigFraction given, List<BigFraction> weights) {
            List<Object> key = raceKey(before, weights);
            BigFraction[] law = raceLaws.get(key);
            if (law == null) {
                law = raceJoint(key, before, weights).clone();
                for (int x = 0; x < law.length; x++) {
                    law[x] = law[x].divide(given);
                }
                raceLaws.put(key, law);
            }
            return law;
        }

        /** P(the races {@code before} return their winners and race(weights) = x) for every x. */
        BigFraction[] raceJoint(List<ExponentialRaces.Race> before, List<BigFraction> weights) {
            return raceJoint(raceKey(before, weights), before, weights);
        }

        private BigFraction[] raceJoint(List<Object> key, List<ExponentialRaces.Race> before,
                                        List<BigFraction> weights) {
            BigFraction[] joint = raceJoints.get(key);
            if (joint == null) {
                joint = races.law(before, weights);
                raceJoints.put(key, joint);
            }
            return joint;
        }

        /**
         * The key of a race given the races before it: the identity of the (immutable) weight lists and the winners.
         * The replay re-runs every race of a path for each of its leaves, and hashing the lists' values each time cost
         * more than the law itself.
         */
        private static List<Object> raceKey(List<ExponentialRaces.Race> before, List<BigFraction> weights) {
            List<Object> key = new ArrayList<>(2 * before.size() + 1);
            for (ExponentialRaces.Race r : before) {
                key.add(new Identity(r.weights()));
                key.add(r.winner());
            }
            key.add(new Identity(weights));
            return key;
        }

        /** Validates race weights once per (immutable) list: {@link Draws#checkWeights} on the first sight. */
        void checkRaceWeights(String what, List<BigFraction> weights) {
            if (checkedWeights.put(weights, Boolean.TRUE) == null) {
                try {
                    Draws.checkWeights(what, weights);
                } catch (RuntimeException e) {
                    checkedWeights.remove(weights);
                    throw e;
                }
            }
        }

        /** A key compared by the identity of its object. */
        private record Identity(Object of) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Identity i && i.of == of;
            }

            @Override
            public int hashCode() {
                return System.identityHashCode(of);
            }
        }

                BigFraction acceptProbability(BigFraction q, BigFraction p) {
            IdentityHashMap<Object, BigFraction> byP = byQ.computeIfAbsent(q, k -> new IdentityHashMap<>());
            BigFraction pi = byP.get(p);
            if (pi == null) {
                pi = Draws.acceptProbability(q, p);
                byP.put(p, pi);
            }
            return pi;
        }
    }

    /**
     * Runs {@code program} down every path of positive probability, its ordinary draws in {@code stream}, and hands
     * each leaf's result and probability to {@code leaf}, in depth-first order (first branches first).
     *
     * @return the number of leaves
     * @throws TooLargeException ("exact enumeration exceeds ...") when more than {@code maxLeaves} leaves would be run
     */
    static <R> long forEachLeaf(Function<? super Draws<BigFraction>, R> program, String stream, long maxLeaves,
                                Memo memo, BiConsumer<R, BigFraction> leaf) {
        return forEachLeaf(program, stream, maxLeaves, memo, null, leaf);
    }

    /**
     * As {@link #forEachLeaf(Function, String, long, Memo, BiConsumer)}, where the program may not touch the streams
     * in {@code conditioned} (their uniforms are already conditioned on what the caller knows, e.g. the draft stream
     * when the drafts are given): touching one throws {@link SharedStreamException}.
     */
    static <R> long forEachLeaf(Function<? super Draws<BigFraction>, R> program, String stream, long maxLeaves,
                                Memo memo, java.util.Set<String> conditioned, BiConsumer<R, BigFraction> leaf) {
        int[] prefix = new int[0];
        int[] expected = new int[0];
        long leaves = 0;
        while (true) {
            Path path = new Path(prefix, memo);
            path.expected = expected;
            path.conditioned = conditioned;
            R result = program.apply(path.view(stream));
            path.closed = true;
            if (++leaves > maxLeaves) {
                throw new TooLargeException("exact enumeration exceeds " + maxLeaves
                    + " leaves; the instance is too large for the exact reference");
            }
            leaf.accept(result, path.probability);
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

    /** Whether {@code draws} (a view of a replay path) has already compared the uniform {@code id}. */
    static boolean touched(Draws<BigFraction> draws, DrawId id) {
        return ((View) draws).path.touched(id);
    }

    /**
     * A uniform's current interval [lo, hi). A categorical draw on a fresh uniform records its cell lazily (the
     * weights and the index), computed only if the uniform is compared again.
     */
    private static final class Span {
        private BigFraction lo;
        private BigFraction hi;
        private List<BigFraction> weights;
        private int cell;
        private BigFraction total;
        /**
         * n where the uniform's law is P(u &lt; t) = t^n: 1 for a fresh uniform, W/w(x) for the uniform of a race's
         * winner x (E_x = −ln u is Exp(W/w(x)) given that x won).
         */
        private int power = 1;

        /** P(u &lt; t) under the uniform's law. */
        BigFraction cdf(BigFraction t) {
            return power == 1 ? t : t.pow(power);
        }

        static Span of(BigFraction lo, BigFraction hi) {
            Span s = new Span();
            s.lo = lo;
            s.hi = hi;
            return s;
        }

        static Span of(BigFraction lo, BigFraction hi, int power) {
            Span s = of(lo, hi);
            s.power = power;
            return s;
        }

        static Span cell(List<BigFraction> weights, int cell, BigFraction total) {
            Span s = new Span();
            s.weights = weights;
            s.cell = cell;
            s.total = total;
            return s;
        }

        private void materialize() {
            if (lo == null) {
                BigFraction below = BigFraction.ZERO;
                for (int i = 0; i < cell; i++) {
                    below = below.add(weights.get(i));
                }
                lo = below.divide(total);
                hi = below.add(weights.get(cell)).divide(total);
                weights = null;
            }
        }

        BigFraction lo() {
            materialize();
            return lo;
        }

        BigFraction hi() {
            materialize();
            return hi;
        }
    }

    /** One stream's counter and the intervals of its uniforms compared so far (absent: still (0, 1)). */
    private static final class Stream {
        long next;
        final Map<Long, Span> spans = new HashMap<>();
        /** The races run on this stream so far, with their winners, and the probability of those outcomes. */
        final List<ExponentialRaces.Race> races = new ArrayList<>();
        BigFraction racesProbability = BigFraction.ONE;
    }

    /** One path of the replay: its branch positions, probability, and every uniform's interval. */
    private static final class Path {
        private final int[] prefix;
        private final Memo memo;
        private final Map<String, Stream> streams = new HashMap<>(4);
        int[] positions = new int[8];
        int[] options = new int[8];
        int size;
        BigFraction probability = BigFraction.ONE;
        boolean closed;
        int[] expected = new int[0];
        java.util.Set<String> conditioned;

        Path(int[] prefix, Memo memo) {
            this.prefix = prefix;
            this.memo = memo;
        }

        View view(String stream) {
            return new View(this, stream);
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

        boolean touched(DrawId id) {
            Stream s = streams.get(id.stream());
            return s != null && s.spans.containsKey(id.index());
        }

        /** The branch to take at a new point with {@code count} options. */
        private int branch(int count) {
            if (size == positions.length) {
                positions = Arrays.copyOf(positions, 2 * size);
                options = Arrays.copyOf(options, 2 * size);
            }
            if (size < expected.length && expected[size] != count) {
                throw new IllegalStateException("the program is not a function of its draws: branch point " + size
                    + " had " + expected[size] + " options on an earlier run of the same path and " + count
                    + " now; the exact replay needs a program that decides only through its draws");
            }
            int pos = size < prefix.length ? prefix[size] : 0;
            positions[size] = pos;
            options[size] = count;
            size++;
            return pos;
        }

        private void checkOpen(DrawId id) {
            if (closed) {
                throw new IllegalStateException("uniform " + id + " belongs to an earlier path of the exact replay;"
                    + " a uniform handle cannot outlive the run that drew it");
            }
        }

        /**
         * u &lt; t for the uniform (s, index). {@code freshProbability} is t clamped to [0, 1] when known (the memo's
         * accept probability), else null.
         */
        boolean lessThan(Stream s, long index, BigFraction t, BigFraction freshProbability) {
            Span span = spanOf(s, index);
            if (span == null) {
                BigFraction pi = freshProbability != null ? freshProbability : clamp01(t);
                if (pi.signum() == 0) {
                    return false;
                }
                if (pi.equals(BigFraction.ONE)) {
                    return true;
                }
                if (branch(2) == 0) {
                    probability = probability.multiply(pi);
                    s.spans.put(index, Span.of(BigFraction.ZERO, pi));
                    return true;
                }
                probability = probability.multiply(BigFraction.ONE.subtract(pi));
                s.spans.put(index, Span.of(pi, BigFraction.ONE));
                return false;
            }
            BigFraction lo = span.lo();
            BigFraction hi = span.hi();
            if (Fractions.compare(t, lo) <= 0) {
                return false;
            }
            if (Fractions.compare(t, hi) >= 0) {
                return true;
            }
            BigFraction flo = span.cdf(lo);
            BigFraction fhi = span.cdf(hi);
            BigFraction ft = span.cdf(t);
            BigFraction width = fhi.subtract(flo);
            if (branch(2) == 0) {
                probability = probability.multiply(ft.subtract(flo)).divide(width);
                s.spans.put(index, Span.of(lo, t, span.power));
                return true;
            }
            probability = probability.multiply(fhi.subtract(ft)).divide(width);
            s.spans.put(index, Span.of(t, hi, span.power));
            return false;
        }

        /** u·q &lt; p for the uniform (s, index). */
        boolean timesLessThan(Stream s, long index, BigFraction q, BigFraction p) {
            if (spanOf(s, index) == null) {
                BigFraction pi = memo.acceptProbability(q, p);
                return lessThan(s, index, pi, pi);
            }
            if (q.signum() < 0 || p.signum() < 0) {
                throw new IllegalArgumentException("accept test u*q < p with a negative mass: q = " + q + ", p = " + p);
            }
            if (q.signum() == 0) {
                return p.signum() > 0;
            }
            return lessThan(s, index, p.divide(q), null);
        }

        /** The cell F_{i-1} ≤ u·W &lt; F_i of the uniform (s, index) over checked weights of total {@code total}. */
        int locate(Stream s, long index, List<BigFraction> w, BigFraction total) {
            Span span = spanOf(s, index);
            if (span == null) {
                int positive = 0;
                int only = -1;
                for (int i = 0; i < w.size(); i++) {
                    if (w.get(i).signum() > 0) {
                        positive++;
                        only = i;
                    }
                }
                if (positive == 1) {
                    return only;
                }
                int pos = branch(positive);
                for (int i = 0; i < w.size(); i++) {
                    if (w.get(i).signum() > 0 && pos-- == 0) {
                        probability = probability.multiply(w.get(i)).divide(total);
                        s.spans.put(index, Span.cell(w, i, total));
                        return i;
                    }
                }
                throw new AssertionError("unreachable");
            }
            BigFraction lo = span.lo();
            BigFraction hi = span.hi();
            List<Integer> cells = new ArrayList<>();
            List<BigFraction[]> overlaps = new ArrayList<>();
            BigFraction below = BigFraction.ZERO;
            for (int i = 0; i < w.size(); i++) {
                BigFraction wi = w.get(i);
                if (wi.signum() == 0) {
                    continue;
                }
                BigFraction above = below.add(wi);
                BigFraction a = Fractions.max(lo, below.divide(total));
                BigFraction b = Fractions.min(hi, above.divide(total));
                if (Fractions.compare(a, b) < 0) {
                    cells.add(i);
                    overlaps.add(new BigFraction[] {a, b});
                }
                below = above;
                if (Fractions.compare(below.divide(total), hi) >= 0) {
                    break;
                }
            }
            if (cells.size() == 1) {
                BigFraction[] ab = overlaps.get(0);
                s.spans.put(index, Span.of(ab[0], ab[1], span.power));
                return cells.get(0);
            }
            int pos = branch(cells.size());
            BigFraction[] ab = overlaps.get(pos);
            probability = probability.multiply(span.cdf(ab[1]).subtract(span.cdf(ab[0])))
                .divide(span.cdf(hi).subtract(span.cdf(lo)));
            s.spans.put(index, Span.of(ab[0], ab[1], span.power));
            return cells.get(pos);
        }

        /**
         * The span of the uniform (s, index), or null for a fresh one. On a stream that has run races, the uniform of
         * the winner of its one race (W/w(x) an integer n) starts as (0, 1) under the law t^n; any other uniform of
         * such a stream is refused: its law given the races is not followed exactly.
         */
        private Span spanOf(Stream s, long index) {
            Span span = s.spans.get(index);
            if (span != null || s.races.isEmpty()) {
                return span;
            }
            DrawId id = new DrawId(streamName(s), index);
            if (s.races.size() != 1 || s.races.get(0).winner() != index) {
                throw new UnsupportedOperationException("the exact replay follows a uniform of a race stream only"
                    + " when it is the winner's of the stream's one race; uniform " + id + " is not");
            }
            ExponentialRaces.Race r = s.races.get(0);
            BigFraction n = Draws.checkWeights("race on " + id.stream(), r.weights())
                .divide(r.weights().get(r.winner()));
            if (n.getDenominatorAsLong() != 1 || n.getNumerator().bitLength() > 16) {
                throw new UnsupportedOperationException("uniform " + id + " of a race winner has the law t^" + n
                    + " given the race, not rational at rational thresholds; the exact replay needs an integer"
                    + " exponent");
            }
            span = Span.of(BigFraction.ZERO, BigFraction.ONE, n.intValue());
            s.spans.put(index, span);
            return span;
        }

        private String streamName(Stream s) {
            for (Map.Entry<String, Stream> e : streams.entrySet()) {
                if (e.getValue() == s) {
                    return e.getKey();
                }
            }
            return "?";
        }

        /** An exponential race on stream {@code name}, branching over its winners given the stream's races so far. */
        int race(String name, List<BigFraction> weights, int given) {
            Stream s = stream(name);
            if (!s.spans.isEmpty()) {
                throw new UnsupportedOperationException("the exact replay runs a race on stream " + name
                    + " only before any of its uniforms is compared; uniform " + name + "#"
                    + s.spans.keySet().iterator().next() + " was compared first");
            }
            // an immutable list is its own copy: the memo's identity keys then hold for every run of the program; a
            // mutable one is copied here, a new identity each time (correct, only not shared)
            weights = List.copyOf(weights);
            memo.checkRaceWeights("race on " + name, weights);
            List<ExponentialRaces.Race> before = List.copyOf(s.races);
            if (given >= 0) {
                ExponentialRaces.Race r = new ExponentialRaces.Race(weights, given);
                if (!s.races.contains(r)) {
                    s.races.add(r);
                    s.racesProbability = memo.races.probability(s.races);
                    if (s.racesProbability.signum() == 0) {
                        throw new IllegalArgumentException("race on " + name + ": the given winner " + given
                            + " has probability zero given the races before it");
                    }
                }
                return given;
            }
            // the joint law J(x) = P(before, x); the conditional law is J(x) / P(before), P(before) = racesProbability
            BigFraction[] joint = memo.raceJoint(before, weights);
            int positive = 0;
            int only = -1;
            for (int x = 0; x < joint.length; x++) {
                if (joint[x].signum() > 0) {
                    positive++;
                    only = x;
                }
            }
            int x = only;
            if (positive > 1) {
                int pos = branch(positive);
                for (x = 0; x < joint.length; x++) {
                    if (joint[x].signum() > 0 && pos-- == 0) {
                        break;
                    }
                }
                // a path whose probability is that of its races so far (every branch a race of this stream) moves
                // to J(x) itself: the same value as multiplying by J(x) / P(before), without the two big-number steps
                probability = probability.equals(s.racesProbability) ? joint[x]
                    : probability.multiply(memo.raceLaw(before, s.racesProbability, weights)[x]);
            }
            ExponentialRaces.Race r = new ExponentialRaces.Race(weights, x);
            if (!s.races.contains(r)) {
                s.races.add(r);
                // P(before) · J(x) / P(before)
                s.racesProbability = joint[x];
            }
            return x;
        }

        private static BigFraction clamp01(BigFraction t) {
            if (t.signum() <= 0) {
                return BigFraction.ZERO;
            }
            return Fractions.compare(t, BigFraction.ONE) >= 0 ? BigFraction.ONE : t;
        }
    }

    /** The masses of an exact measure as a list, token by token. */
    static List<BigFraction> weights(Measure<BigFraction> law) {
        List<BigFraction> w = new ArrayList<>(law.size());
        for (int x = 0; x < law.size(); x++) {
            w.add(law.at(x));
        }
        return w;
    }

    /** A view of a path whose ordinary draws take the next indices of one stream. */
    private static final class View implements Draws<BigFraction> {
        final Path path;
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
            return new ReplayUniform(path, path.stream(id.stream()), id);
        }

        @Override
        public boolean accept(int draft, int token, BigFraction q, BigFraction p) {
            return path.timesLessThan(stream, stream.next++, q, p);
        }

        @Override
        public boolean bernoulli(String what, BigFraction probability) {
            Draws.checkProbability(what, probability);
            return path.lessThan(stream, stream.next++, probability, probability);
        }

        @Override
        public int choose(String what, List<BigFraction> weights) {
            // a copy: the cell is recorded lazily and must not change if the caller reuses its list
            return located(what, List.copyOf(weights));
        }

        private int located(String what, List<BigFraction> weights) {
            BigFraction total = Draws.checkWeights(what, weights);
            return path.locate(stream, stream.next++, weights, total);
        }

        @Override
        public int sample(String what, Measure<BigFraction> law) {
            return located(what, weights(law));
        }

        @Override
        public int sample(String what, Distribution law) {
            return located(what, Arrays.asList(law.masses()));
        }

        /** The race, branching over its winners with their exact probabilities given the stream's earlier races. */
        @Override
        public int race(String raceStream, List<BigFraction> weights) {
            if (path.closed) {
                throw new IllegalStateException("a race on an earlier path of the exact replay");
            }
            return path.race(raceStream, List.copyOf(weights), -1);
        }

        /** Conditions the path on the race's outcome: later races and comparisons are given it. */
        @Override
        public void raceGiven(String raceStream, List<BigFraction> weights, int winner) {
            if (path.closed) {
                throw new IllegalStateException("a race on an earlier path of the exact replay");
            }
            if (winner < 0 || winner >= weights.size()) {
                throw new IllegalArgumentException("race on " + raceStream + ": given winner " + winner
                    + " outside 0.." + (weights.size() - 1));
            }
            path.race(raceStream, List.copyOf(weights), winner);
        }
    }

    /** A uniform of a path, compared by interval splitting. */
    private static final class ReplayUniform implements Uniform<BigFraction> {
        private final Path path;
        private final Stream stream;
        private final DrawId id;

        ReplayUniform(Path path, Stream stream, DrawId id) {
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
            return path.lessThan(stream, id.index(), threshold, null);
        }

        @Override
        public boolean atMost(BigFraction threshold) {
            // under the ideal model u = t has probability zero: u <= t splits the interval as u < t does
            path.checkOpen(id);
            return path.lessThan(stream, id.index(), threshold, null);
        }

        @Override
        public boolean timesLessThan(BigFraction q, BigFraction p) {
            path.checkOpen(id);
            return path.timesLessThan(stream, id.index(), q, p);
        }

        @Override
        public int locate(List<BigFraction> weights) {
            return located(List.copyOf(weights));
        }

        private int located(List<BigFraction> weights) {
            path.checkOpen(id);
            BigFraction total = Draws.checkWeights("uniform " + id, weights);
            return path.locate(stream, id.index(), weights, total);
        }

        @Override
        public int locate(Measure<BigFraction> law) {
            return located(weights(law));
        }
    }
}
