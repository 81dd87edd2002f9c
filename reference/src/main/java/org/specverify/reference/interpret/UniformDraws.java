package org.specverify.reference.interpret;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Cell;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.Uniform;

/**
 * Draws decided by given uniforms, in any arithmetic: exactly (with the margin of every draw, and a trace when asked)
 * or certified (where a comparison the balls cannot prove throws {@link org.specverify.reference.arith.Undecided}).
 * The uniforms come from a source that maps each {@link DrawId} to a double (given arrays, Philox counters): the same
 * identity always gets the same uniform, and every identity asked for is checked against the {@link Uniforms} policy.
 * Views in other streams ({@link #inStream}) share the source, the counters, the margin and the trace.
 *
 * @param <S> the scalar type of the arithmetic
 */
public final class UniformDraws<S> implements Draws<S> {
    /** What every view of one run shares. */
    private static final class Shared<S> {
        final Arithmetic<S> ar;
        final ToDoubleFunction<DrawId> source;
        final Uniforms policy;
        final List<Draw> trace;
        final boolean margins;
        final Map<String, long[]> counters = new HashMap<>(4);
        final Map<String, long[]> used = new HashMap<>(4);
        BigFraction margin;

        Shared(Arithmetic<S> ar, ToDoubleFunction<DrawId> source, Uniforms policy, List<Draw> trace,
               boolean margins) {
            this.ar = ar;
            this.source = source;
            this.policy = policy;
            this.trace = trace;
            this.margins = margins && ar.isExact();
        }
    }

    private final Shared<S> shared;
    private final String stream;
    private final long[] counter;
    private final long[] used;

    private UniformDraws(Shared<S> shared, String stream) {
        this.shared = shared;
        this.stream = stream;
        this.counter = shared.counters.computeIfAbsent(stream, s -> new long[1]);
        this.used = shared.used.computeIfAbsent(stream, s -> new long[1]);
    }

    private long[] counterUsed() {
        return used;
    }

    /**
     * Draws whose ordinary draws are in {@code stream}, with uniforms from {@code source}.
     *
     * @param source  the uniform of each identity; throws {@link InvalidInputException} for an identity it lacks
     * @param trace   where to record the draws (exact arithmetic only), or null
     * @param margins whether to track the smallest relative margin (exact arithmetic only; costs exact arithmetic)
     */
    UniformDraws(Arithmetic<S> ar, ToDoubleFunction<DrawId> source, String stream, Uniforms policy, List<Draw> trace,
                 boolean margins) {
        this(new Shared<>(ar, source, policy, checkTrace(ar, trace), margins), stream);
    }

    private static List<Draw> checkTrace(Arithmetic<?> ar, List<Draw> trace) {
        if (trace != null && !ar.isExact()) {
            throw new IllegalArgumentException("traces are recorded in the exact arithmetic only");
        }
        return trace;
    }

    /**
     * Exact draws in {@code stream} consuming {@code uniforms} in order (uniform i for index i of the stream), in the
     * open interval (0, 1); asking for more, or for another stream, is an {@link InvalidInputException}. For running a
     * draft process or a verifier by hand.
     */
    public static UniformDraws<BigFraction> exact(double[] uniforms, String stream) {
        return exact(i -> uniforms[i], uniforms.length, stream, Uniforms.OPEN);
    }

    /** Exact draws in {@code stream} consuming uniformAt(0), uniformAt(1), ... up to {@code available} of them. */
    public static UniformDraws<BigFraction> exact(IntToDoubleFunction uniformAt, int available, String stream,
                                                  Uniforms policy) {
        return new UniformDraws<>(Exact.INSTANCE, indexed(stream, uniformAt, available), stream, policy, null, true);
    }

    /** Exact draws in {@code stream} with the uniform of every identity from {@code source}. */
    public static UniformDraws<BigFraction> exact(ToDoubleFunction<DrawId> source, String stream, Uniforms policy) {
        return new UniformDraws<>(Exact.INSTANCE, source, stream, policy, null, true);
    }

    /**
     * Draws in {@code stream} in any arithmetic, with the uniform of every identity from {@code source}, no trace and
     * no margins: how a fast path runs a program in the certified arithmetic and hands an {@code Undecided} comparison
     * to the exact one.
     */
    public static <S> UniformDraws<S> of(Arithmetic<S> ar, ToDoubleFunction<DrawId> source, String stream,
                                         Uniforms policy) {
        return new UniformDraws<>(ar, source, stream, policy, null, false);
    }

    /**
     * A source that serves the uniforms of one stream from uniformAt(0), ... up to {@code available}, and refuses any
     * other identity with an {@link InvalidInputException}.
     */
    public static ToDoubleFunction<DrawId> indexed(String stream, IntToDoubleFunction uniformAt, int available) {
        return id -> {
            if (!id.stream().equals(stream)) {
                throw new InvalidInputException("the program draws uniform " + id + ", but uniforms were given only"
                    + " for stream " + stream);
            }
            if (id.index() >= available) {
                throw new InvalidInputException("the " + label(stream) + " needs more than the " + available
                    + " uniforms given");
            }
            return uniformAt.applyAsDouble((int) id.index());
        };
    }

    /** How messages name a stream: "verifier" for {@link Draws#VERIFY}, the stream's name otherwise. */
    static String label(String stream) {
        return stream.equals(Draws.VERIFY) ? "verifier" : stream;
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public UniformDraws<S> inStream(String other) {
        return new UniformDraws<>(shared, other);
    }

    @Override
    public DrawId next(String other) {
        long[] c = shared.counters.computeIfAbsent(other, s -> new long[1]);
        return new DrawId(other, c[0]++);
    }

    private DrawId nextId() {
        return new DrawId(stream, counter[0]++);
    }

    /**
     * How many uniforms of this view's stream the run needed: one more than the largest index used (the number of
     * ordinary draws when the program draws no uniform by identity), 0 before any.
     */
    public int consumed() {
        long[] u = shared.used.get(stream);
        return u == null ? 0 : (int) Math.min(Integer.MAX_VALUE, u[0]);
    }

    /** The smallest relative margin of the draws so far (of every stream), 1 before any or when not tracked. */
    public BigFraction margin() {
        return shared.margin == null ? BigFraction.ONE : shared.margin;
    }

    private double value(DrawId id) {
        double u = shared.source.applyAsDouble(id);
        shared.policy.check(label(id.stream()), (int) Math.min(Integer.MAX_VALUE, id.index()), u);
        long[] used = id.stream().equals(stream) ? counterUsed() : shared.used.computeIfAbsent(id.stream(),
            s -> new long[1]);
        used[0] = Math.max(used[0], id.index() + 1);
        return u;
    }

    private BigFraction exact(S v) {
        return shared.ar.toExact(v);
    }

    private boolean tracking() {
        return shared.margins || shared.trace != null;
    }

    private void record(DrawId id, Draw.Kind kind, String what, double u, String comparison, S left, S right,
                        S target, int chosen, S absMargin, BigFraction relative) {
        if (shared.margin == null || Fractions.compare(relative, shared.margin) < 0) {
            shared.margin = relative;
        }
        if (shared.trace != null) {
            shared.trace.add(new Draw(id, kind, what, BigFraction.from(u), comparison, exact(left), exact(right),
                target == null ? null : exact(target), chosen, exact(absMargin), relative));
        }
    }

    private boolean timesLessThan(DrawId id, Draw.Kind kind, String what, S q, S p) {
        Arithmetic<S> ar = shared.ar;
        double u = value(id);
        // validated where signs are decidable (exact arithmetic); a certified mass that is exactly zero carries a ball
        // whose sign cannot be proved, and asking for it would hand a decidable comparison to the exact arithmetic
        if (ar.isExact() && (ar.signum(q) < 0 || ar.signum(p) < 0)) {
            throw new IllegalArgumentException(what + ": accept test u*q < p with a negative mass: q = "
                + ar.toDouble(q) + ", p = " + ar.toDouble(p));
        }
        S uq = ar.multiply(ar.ofDouble(u), q);
        boolean accepted = ar.compare(uq, p) < 0;
        if (tracking()) {
            BigFraction eq = exact(q);
            BigFraction rel = eq.signum() == 0 ? BigFraction.ONE
                : BigFraction.from(u).subtract(exact(p).divide(eq)).abs();
            record(id, kind, what, u, "u*q < p", uq, p, null, accepted ? 1 : 0,
                ar.max(ar.subtract(p, uq), ar.subtract(uq, p)), rel);
        }
        return accepted;
    }

    private boolean lessThan(DrawId id, Draw.Kind kind, String what, S threshold) {
        Arithmetic<S> ar = shared.ar;
        double u = value(id);
        S us = ar.ofDouble(u);
        boolean yes = ar.compare(us, threshold) < 0;
        if (tracking()) {
            BigFraction m = BigFraction.from(u).subtract(exact(threshold)).abs();
            record(id, kind, what, u, "u < t", us, threshold, null, yes ? 1 : 0,
                ar.max(ar.subtract(threshold, us), ar.subtract(us, threshold)), m);
        }
        return yes;
    }

    private int locate(DrawId id, Draw.Kind kind, String what, Measure<S> law) {
        Arithmetic<S> ar = shared.ar;
        double u = value(id);
        S total = law.total();
        if (ar.signum(total) <= 0) {
            throw new NoToken(what + ": the law of the draw is empty (total mass zero)");
        }
        S t = ar.multiply(ar.ofDouble(u), total);
        Cell<S> c;
        try {
            c = law.locate(t);
        } catch (IllegalArgumentException beyond) {
            throw new NoToken(what + ": uniform " + u + " puts u*W at the total mass, past the last cell");
        }
        if (tracking()) {
            S m = ar.min(ar.subtract(t, c.lower()), ar.subtract(c.upper(), t));
            record(id, kind, what, u, "F(i-1) <= u*W < F(i)", c.lower(), c.upper(), t, c.index(), m,
                exact(m).divide(exact(total)));
        }
        return c.index();
    }

    @Override
    public Uniform<S> uniform(DrawId id) {
        return new Uniform<>() {
            @Override
            public DrawId id() {
                return id;
            }

            @Override
            public boolean lessThan(S threshold) {
                return UniformDraws.this.lessThan(id, Draw.Kind.BERNOULLI, "uniform " + id, threshold);
            }

            @Override
            public boolean atMost(S threshold) {
                return shared.ar.compare(shared.ar.ofDouble(value(id)), threshold) <= 0;
            }

            @Override
            public boolean timesLessThan(S q, S p) {
                return UniformDraws.this.timesLessThan(id, Draw.Kind.ACCEPT_TEST, "uniform " + id, q, p);
            }

            @Override
            public int locate(List<S> weights) {
                return UniformDraws.this.locate(id, Draw.Kind.CHOICE, "uniform " + id, measure(weights));
            }

            @Override
            public int locate(Measure<S> law) {
                return UniformDraws.this.locate(id, Draw.Kind.SAMPLE, "uniform " + id, law);
            }
        };
    }

    private Measure<S> measure(List<S> weights) {
        return shared.ar.measure(weights);
    }

    @Override
    public boolean accept(int draft, int token, S q, S p) {
        return timesLessThan(nextId(), Draw.Kind.ACCEPT_TEST, "accept draft " + draft + " (token " + token + ")", q, p);
    }

    @Override
    public boolean bernoulli(String what, S probability) {
        DrawId id = nextId();
        Arithmetic<S> ar = shared.ar;
        double u = value(id);
        if (ar.isExact() && (ar.signum(probability) < 0 || ar.compare(probability, ar.one()) > 0)) {
            throw new IllegalArgumentException(what + ": bernoulli probability outside [0,1]: "
                + ar.toDouble(probability));
        }
        S us = ar.ofDouble(u);
        boolean yes = ar.compare(us, probability) < 0;
        if (tracking()) {
            BigFraction m = BigFraction.from(u).subtract(exact(probability)).abs();
            record(id, Draw.Kind.BERNOULLI, what, u, "u < pi", us, probability, null, yes ? 1 : 0,
                ar.max(ar.subtract(probability, us), ar.subtract(us, probability)), m);
        }
        return yes;
    }

    @Override
    public int choose(String what, List<S> weights) {
        return locate(nextId(), Draw.Kind.CHOICE, what, measure(weights));
    }

    @Override
    public int sample(String what, Measure<S> law) {
        return locate(nextId(), Draw.Kind.SAMPLE, what, law);
    }

    @Override
    public int sample(String what, Distribution law) {
        return locate(nextId(), Draw.Kind.SAMPLE, what, shared.ar.law(law));
    }

    /** The program's closing draw: the next uniform of this view's stream. */
    int finalDraw(String what, Measure<S> law) {
        return locate(nextId(), Draw.Kind.FINAL, what, law);
    }

    /**
     * The race argmin_x E_x / w(x) with E_x = −ln u_x, u_x the uniform of identity (stream, x); computed in double
     * (a tie or near tie is decided in floating point, the lowest index first). u = 0 gives E = ∞ (never wins),
     * u = 1 gives E = 0.
     */
    @Override
    public int race(String raceStream, List<S> weights) {
        Arithmetic<S> ar = shared.ar;
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        for (int x = 0; x < weights.size(); x++) {
            S w = weights.get(x);
            if (ar.signum(w) < 0) {
                throw new IllegalArgumentException("race on " + raceStream + ": weight " + x + " is negative");
            }
            if (ar.signum(w) == 0) {
                continue;
            }
            double u = value(new DrawId(raceStream, x));
            double score = -Math.log(u) / ar.toDouble(w);
            if (best < 0 || score < bestScore) {
                best = x;
                bestScore = score;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("race on " + raceStream + ": weights of total zero over "
                + weights.size() + " tokens");
        }
        return best;
    }

    /** Checks that the race on these uniforms returns {@code winner}. */
    @Override
    public void raceGiven(String raceStream, List<S> weights, int winner) {
        int x = race(raceStream, weights);
        if (x != winner) {
            throw new InvalidInputException("the race on stream " + raceStream + " returns token " + x
                + " on the given uniforms, but the drafts say " + winner + ": the drafts do not come from this noise");
        }
    }
}
