package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.EmptyLaw;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;

/**
 * Runs a scheme on given uniforms and returns the exactly correct decision with a trace of every draw.
 *
 * <p>Each uniform is taken as the exact rational value of its double (a float uniform widened exactly). An accept test
 * is decided on the comparison u·q &lt; p (strict, so a zero-mass token is never accepted); a Bernoulli(π) draw is
 * u &lt; π; a categorical draw over weights w returns the i with F_{i-1} ≤ u·Σw &lt; F_i (F the cumulative weights in
 * token order), so a zero-weight index is never returned. Every ordinary draw consumes exactly one uniform, even a
 * certain one, so the i-th uniform of the verifier's stream always belongs to its i-th draw and fast implementations
 * can index uniforms the same way; a program that draws uniforms by identity ({@link Draws#uniform(DrawId)}) gets the
 * uniform of that identity, the same one each time it asks. The trace ({@link Decision#trace()}, {@link Draw}) gives per draw its uniform, the comparison made with
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
     * Verifies with the given uniform policy; {@link Uniforms#BOUNDARY} lets u = 0 and u = 1 through (with a program
     * only: a bound without one is decided on uniforms in the open interval).
     *
     * @throws NoToken when a categorical draw has no token (u = 1, or an empty law reached at a boundary uniform)
     */
    public static Decision verify(Scheme.Bound bound, int[] drafts, double[] uniforms, Uniforms policy) {
        return verify(bound, drafts, i -> uniforms[i], uniforms.length, policy);
    }

    /** Verifies with uniformAt(0), uniformAt(1), ... up to {@code available} of them (the verifier's stream). */
    public static Decision verify(Scheme.Bound bound, int[] drafts, IntToDoubleFunction uniformAt, int available,
                                  Uniforms policy) {
        return verify(bound, drafts, UniformDraws.indexed(Draws.VERIFY, uniformAt, available), policy);
    }

    /**
     * Verifies with the uniform of every identity the program draws taken from {@code uniforms}: the ordinary draws
     * take the {@link Draws#VERIFY} stream's indices 0, 1, ...; a program that names other streams or reuses an
     * identity gets those uniforms. {@link Decision#uniformsConsumed()} counts the distinct identities of the verifier's
     * stream, and the trace names each draw's identity.
     */
    public static Decision verify(Scheme.Bound bound, int[] drafts, ToDoubleFunction<DrawId> uniforms,
                                  Uniforms policy) {
        requireOpen(bound, policy);
        List<Draw> trace = new ArrayList<>();
        UniformDraws<BigFraction> d = new UniformDraws<>(Exact.INSTANCE, uniforms, Draws.VERIFY, policy,
            bound.hasProgram() ? trace : null, true);
        return decide(bound, drafts, d, trace);
    }

    private static void requireOpen(Scheme.Bound bound, Uniforms policy) {
        if (!bound.hasProgram() && policy != Uniforms.OPEN) {
            throw new IllegalArgumentException("scheme " + bound.scheme().id()
                + " has no program; boundary uniforms need one");
        }
    }

    private static Decision decide(Scheme.Bound bound, int[] drafts, UniformDraws<BigFraction> d, List<Draw> trace) {
        if (!bound.hasProgram()) {
            org.specverify.reference.scheme.Decision v = bound.decide(drafts, d);
            return new Decision(DraftTuple.of(drafts), v.output(), v.acceptedDraft(), d.margin(), d.consumed(),
                List.of());
        }
        org.specverify.reference.scheme.Decision result = run(bound.program(Exact.INSTANCE), d, drafts);
        return new Decision(DraftTuple.of(drafts), result.output(), result.acceptedDraft(), d.margin(), d.consumed(),
            Collections.unmodifiableList(new ArrayList<>(trace)));
    }

    /**
     * Runs a program on uniform draws (in the verifier's stream) to its decision: an accept, a fixed token, or the
     * closing draw from the emitted law with the next uniform of the stream.
     */
    static <S> org.specverify.reference.scheme.Decision run(Program<S> program, UniformDraws<S> draws,
                                                            int[] drafts) {
        Outcome<S> o;
        try {
            o = program.run(draws, drafts);
        } catch (EmptyLaw e) {
            throw new NoToken("the law of the draw is empty (total mass zero): " + e.getMessage());
        }
        if (o instanceof Outcome.Accept<S> a) {
            return org.specverify.reference.scheme.Decision.accepted(a.draft(), a.token());
        }
        if (o instanceof Outcome.Token<S> t) {
            return org.specverify.reference.scheme.Decision.residual(t.token());
        }
        Outcome.Emit<S> e = (Outcome.Emit<S>) o;
        int y = draws.finalDraw(e.what(), e.law());
        return e.byMembership() ? org.specverify.reference.scheme.Decision.byMembership(drafts, y)
            : org.specverify.reference.scheme.Decision.residual(y);
    }

    /**
     * Draws the drafts with {@code draftUniforms} (the {@link Draws#DRAFT} stream), then verifies them with
     * {@code verifyUniforms} (the {@link Draws#VERIFY} stream), in one run: a program that names the other stream's
     * identities gets those uniforms. The margin is the smallest of both.
     */
    public static Decision run(Scheme.Bound bound, double[] draftUniforms, double[] verifyUniforms) {
        ToDoubleFunction<DrawId> draft = UniformDraws.indexed(Draws.DRAFT, i -> draftUniforms[i],
            draftUniforms.length);
        ToDoubleFunction<DrawId> verify = UniformDraws.indexed(Draws.VERIFY, i -> verifyUniforms[i],
            verifyUniforms.length);
        return run(bound, id -> id.stream().equals(Draws.DRAFT) ? draft.applyAsDouble(id) : verify.applyAsDouble(id),
            Uniforms.OPEN);
    }

    /**
     * Draws the drafts and verifies them in one run, with the uniform of every identity from {@code uniforms}: the
     * draft process's ordinary draws in {@link Draws#DRAFT}, the verifier's in {@link Draws#VERIFY}.
     */
    public static Decision run(Scheme.Bound bound, ToDoubleFunction<DrawId> uniforms, Uniforms policy) {
        requireOpen(bound, policy);
        List<Draw> trace = new ArrayList<>();
        UniformDraws<BigFraction> verify = new UniformDraws<>(Exact.INSTANCE, uniforms, Draws.VERIFY, policy,
            bound.hasProgram() ? trace : null, true);
        int[] drafts = bound.draftProcess().draw(verify.inStream(Draws.DRAFT));
        trace.clear();
        return decide(bound, drafts, verify, trace);
    }
}
