package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Cell;
import org.specverify.reference.arith.EmptyLaw;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.Chooser;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Verdict;

/**
 * Runs a scheme on given uniforms and returns the exactly correct decision with a trace of every draw.
 *
 * <p>Each uniform is taken as the exact rational value of its double (a float uniform widened exactly). An accept test
 * is decided on the comparison u·q &lt; p (strict, so a zero-mass token is never accepted); a Bernoulli(π) draw is
 * u &lt; π; a categorical draw over weights w returns the i with F_{i-1} ≤ u·Σw &lt; F_i (F the cumulative weights in
 * token order), so a zero-weight index is never returned. Every draw consumes exactly one uniform, even a certain one,
 * so the i-th uniform always belongs to the i-th draw of the program and fast implementations can index uniforms the
 * same way. The trace ({@link Decision#trace()}, {@link Draw}) gives per draw its uniform, the comparison made with
 * both sides, the choice and its margin; {@link Decision#margin()} is the smallest relative margin of the run. A fast
 * floating-point path whose error on a comparison is below that comparison's margin decides the same way.
 *
 * <p>For large vocabularies see {@link CertifiedDecision}: the same program in certified floating point, exact only
 * where a comparison is too close to call.
 */
public final class UniformDriven {
    private UniformDriven() {
    }

    /**
     * A decision: the drafts it was made on, the output, the index of the draft accepted by a test (-1 for a residual
     * draw), the smallest relative margin of the draws, the number of verifier uniforms consumed, and the trace of the
     * verifier's draws (empty for a bound without a program).
     */
    public record Decision(DraftTuple drafts, int output, int acceptedDraft, BigFraction margin, int uniformsConsumed,
                           List<Draw> trace) {
        public double marginValue() {
            return margin.doubleValue();
        }
    }

    /**
     * Verifies the given drafts with the verifier's uniforms, in the open interval (0, 1).
     *
     * @throws InvalidInputException when a uniform is outside (0, 1) or not finite, when too few are given, or when the
     *     drafts cannot come from the draft process
     */
    public static Decision verify(Scheme.Bound bound, int[] drafts, double[] uniforms) {
        return verify(bound, drafts, uniforms, Uniforms.OPEN);
    }

    /**
     * Verifies with the given uniform policy; {@link Uniforms#BOUNDARY} lets u = 0 and u = 1 through.
     *
     * @throws NoToken when a categorical draw has no token (u = 1, or an empty law reached at a boundary uniform)
     */
    public static Decision verify(Scheme.Bound bound, int[] drafts, double[] uniforms, Uniforms policy) {
        return verify(bound, drafts, i -> uniforms[i], uniforms.length, policy);
    }

    /** Verifies with uniformAt(0), uniformAt(1), ... up to {@code available} of them. */
    public static Decision verify(Scheme.Bound bound, int[] drafts, IntToDoubleFunction uniformAt, int available,
                                  Uniforms policy) {
        if (!bound.hasProgram()) {
            if (policy != Uniforms.OPEN) {
                throw new IllegalArgumentException("scheme " + bound.scheme().id()
                    + " has no program; boundary uniforms need one");
            }
            UniformChooser c = new UniformChooser(uniformAt, available, "verifier");
            Verdict v = bound.decide(drafts, c);
            return new Decision(DraftTuple.of(drafts), v.output(), v.acceptedDraft(), c.margin(), c.consumed(),
                List.of());
        }
        List<Draw> trace = new ArrayList<>();
        UniformDraws<BigFraction> d = new UniformDraws<>(Exact.INSTANCE, uniformAt, available, "verifier", policy,
            trace);
        int[] result = run(bound.program(Exact.INSTANCE), d, drafts);
        return new Decision(DraftTuple.of(drafts), result[0], result[1], d.margin(), d.consumed(),
            Collections.unmodifiableList(trace));
    }

    /** Runs a program on uniform draws: {output, accepted draft or -1}. */
    static <S> int[] run(Program<S> program, UniformDraws<S> draws, int[] drafts) {
        Outcome<S> o;
        try {
            o = program.run(draws, drafts);
        } catch (EmptyLaw e) {
            throw new NoToken("the law of the draw is empty (total mass zero): " + e.getMessage());
        }
        if (o instanceof Outcome.Accept<S> a) {
            return new int[] {a.token(), a.draft()};
        }
        Outcome.Emit<S> e = (Outcome.Emit<S>) o;
        int y = draws.finalDraw(e.what(), e.law());
        int accepted = -1;
        if (e.byMembership()) {
            for (int i = 0; i < drafts.length && accepted < 0; i++) {
                accepted = drafts[i] == y ? i : -1;
            }
        }
        return new int[] {y, accepted};
    }

    /** Draws the drafts with {@code draftUniforms}, then verifies them with {@code verifyUniforms}. */
    public static Decision run(Scheme.Bound bound, double[] draftUniforms, double[] verifyUniforms) {
        UniformChooser d = new UniformChooser(draftUniforms, "draft");
        int[] drafts = bound.draftProcess().draw(d);
        Decision v = verify(bound, drafts, verifyUniforms);
        BigFraction m = Fractions.min(d.margin, v.margin());
        return new Decision(v.drafts(), v.output(), v.acceptedDraft(), m, v.uniformsConsumed(), v.trace());
    }

    /**
     * A chooser that consumes explicit uniforms in order (exact decisions, one uniform per draw), for draft processes
     * and for bounds without a program. Its margin is the smallest distance of a uniform to its decision boundary (for a
     * categorical draw, in units of the total weight).
     */
    public static final class UniformChooser implements Chooser {
        private final IntToDoubleFunction uniformAt;
        private final int available;
        private final String what;
        private final Uniforms policy;
        private int next;
        private BigFraction margin = BigFraction.ONE;

        /** Consumes {@code uniforms} in order; asking for more is an error. */
        public UniformChooser(double[] uniforms, String what) {
            this(i -> uniforms[i], uniforms.length, what);
        }

        /** Consumes uniformAt(0), uniformAt(1), ... up to {@code available} of them. */
        public UniformChooser(IntToDoubleFunction uniformAt, int available, String what) {
            this(uniformAt, available, what, Uniforms.OPEN);
        }

        /** As above, with a uniform policy. */
        public UniformChooser(IntToDoubleFunction uniformAt, int available, String what, Uniforms policy) {
            this.uniformAt = uniformAt;
            this.available = available;
            this.what = what;
            this.policy = policy;
        }

        public BigFraction margin() {
            return margin;
        }

        public int consumed() {
            return next;
        }

        private BigFraction nextUniform() {
            if (next >= available) {
                throw new InvalidInputException("the " + what + " needs more than the " + available
                    + " uniforms given");
            }
            double u = uniformAt.applyAsDouble(next);
            policy.check(what, next, u);
            next++;
            return Fractions.ofDouble(u);
        }

        @Override
        public boolean bernoulli(BigFraction probability) {
            Chooser.checkProbability(probability);
            BigFraction u = nextUniform();
            margin = Fractions.min(margin, u.subtract(probability).abs());
            return Fractions.compare(u, probability) < 0;
        }

        @Override
        public int categorical(BigFraction[] weights) {
            BigFraction total = Chooser.checkWeights(weights);
            BigFraction target = nextUniform().multiply(total);
            BigFraction lower = BigFraction.ZERO;
            for (int i = 0; i < weights.length; i++) {
                BigFraction upper = lower.add(weights[i]);
                if (weights[i].signum() > 0 && Fractions.compare(target, upper) < 0) {
                    BigFraction m = Fractions.min(target.subtract(lower), upper.subtract(target)).divide(total);
                    margin = Fractions.min(margin, m);
                    return i;
                }
                lower = upper;
            }
            throw new NoToken("the " + what + " uniform puts u*W at the total mass, past the last cell");
        }

        /** A token of d: for a row of doubles, located by the exact measure without building every mass. */
        @Override
        public int sample(Distribution d) {
            if (d.dyadicRow().isEmpty()) {
                return categorical(d.masses());
            }
            Arithmetic<BigFraction> ar = Exact.INSTANCE;
            Measure<BigFraction> law = ar.law(d);
            BigFraction target = nextUniform();
            Cell<BigFraction> c;
            try {
                c = law.locate(target);
            } catch (IllegalArgumentException beyond) {
                throw new NoToken("the " + what + " uniform puts u*W at the total mass, past the last cell");
            }
            margin = Fractions.min(margin, Fractions.min(target.subtract(c.lower()), c.upper().subtract(target)));
            return c.index();
        }
    }
}
