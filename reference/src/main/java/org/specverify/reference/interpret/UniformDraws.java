package org.specverify.reference.interpret;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Cell;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.scheme.Draws;

/**
 * Draws decided by given uniforms, in any arithmetic: exactly (with a trace of every draw) or certified (where a
 * comparison the balls cannot prove throws {@link org.specverify.reference.arith.Undecided}). One uniform per draw.
 */
final class UniformDraws<S> implements Draws<S> {
    private final Arithmetic<S> ar;
    private final IntToDoubleFunction uniformAt;
    private final int available;
    private final String stream;
    private final Uniforms policy;
    private final List<Draw> trace;
    private int next;
    private BigFraction margin;

    /**
     * @param trace where to record the draws (exact arithmetic only), or null
     */
    UniformDraws(Arithmetic<S> ar, IntToDoubleFunction uniformAt, int available, String stream, Uniforms policy,
                 List<Draw> trace) {
        if (trace != null && !ar.isExact()) {
            throw new IllegalArgumentException("traces are recorded in the exact arithmetic only");
        }
        this.ar = ar;
        this.uniformAt = uniformAt;
        this.available = available;
        this.stream = stream;
        this.policy = policy;
        this.trace = trace;
    }

    int consumed() {
        return next;
    }

    /** The smallest relative margin of the draws so far, 1 before any (exact arithmetic with a trace only). */
    BigFraction margin() {
        return margin == null ? BigFraction.ONE : margin;
    }

    private double nextUniform() {
        if (next >= available) {
            throw new InvalidInputException("the " + stream + " needs more than the " + available + " uniforms given");
        }
        double u = uniformAt.applyAsDouble(next);
        policy.check(stream, next, u);
        next++;
        return u;
    }

    private BigFraction exact(S v) {
        return ar.toExact(v);
    }

    private void record(Draw.Kind kind, String what, double u, String comparison, S left, S right, S target,
                        int chosen, S absMargin, BigFraction relative) {
        if (trace == null) {
            return;
        }
        if (margin == null || Fractions.compare(relative, margin) < 0) {
            margin = relative;
        }
        trace.add(new Draw(next - 1, kind, what, BigFraction.from(u), comparison, exact(left), exact(right),
            target == null ? null : exact(target), chosen, exact(absMargin), relative));
    }

    @Override
    public boolean accept(int draft, int token, S q, S p) {
        double u = nextUniform();
        if (ar.signum(q) <= 0) {
            throw Draws.zeroDraftMass(draft, token);
        }
        S uq = ar.multiply(ar.ofDouble(u), q);
        boolean accepted = ar.compare(uq, p) < 0;
        if (trace != null) {
            BigFraction rel = BigFraction.from(u).subtract(exact(p).divide(exact(q))).abs();
            record(Draw.Kind.ACCEPT_TEST, "accept draft " + draft + " (token " + token + ")", u, "u*q < p", uq, p,
                null, accepted ? 1 : 0, ar.max(ar.subtract(p, uq), ar.subtract(uq, p)), rel);
        }
        return accepted;
    }

    @Override
    public boolean bernoulli(String what, S probability) {
        double u = nextUniform();
        if (ar.signum(probability) < 0 || ar.compare(probability, ar.one()) > 0) {
            throw new IllegalArgumentException(what + ": bernoulli probability outside [0,1]: "
                + ar.toDouble(probability));
        }
        S us = ar.ofDouble(u);
        boolean yes = ar.compare(us, probability) < 0;
        if (trace != null) {
            BigFraction m = BigFraction.from(u).subtract(exact(probability)).abs();
            record(Draw.Kind.BERNOULLI, what, u, "u < pi", us, probability, null, yes ? 1 : 0,
                ar.max(ar.subtract(probability, us), ar.subtract(us, probability)), m);
        }
        return yes;
    }

    @Override
    public int choose(String what, List<S> weights) {
        return categorical(Draw.Kind.CHOICE, what, ar.measure(weights));
    }

    @Override
    public int sample(String what, Measure<S> law) {
        return categorical(Draw.Kind.SAMPLE, what, law);
    }

    /** The program's closing draw. */
    int finalDraw(String what, Measure<S> law) {
        return categorical(Draw.Kind.FINAL, what, law);
    }

    private int categorical(Draw.Kind kind, String what, Measure<S> law) {
        double u = nextUniform();
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
        if (trace != null) {
            S m = ar.min(ar.subtract(t, c.lower()), ar.subtract(c.upper(), t));
            record(kind, what, u, "F(i-1) <= u*W < F(i)", c.lower(), c.upper(), t, c.index(), m,
                exact(m).divide(exact(total)));
        }
        return c.index();
    }
}
