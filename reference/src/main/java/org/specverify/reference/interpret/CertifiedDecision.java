package org.specverify.reference.interpret;

import java.util.function.IntToDoubleFunction;
import java.util.function.ToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.arith.Ball;
import org.specverify.reference.arith.Certified;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Undecided;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Decision;

/**
 * A scheme's decision on given uniforms, computed in certified floating point ({@link Certified}) and handed to the
 * exact arithmetic only where a comparison is too close to prove. The result always equals
 * {@link UniformDriven#verify}'s (proofs-notes/certified-decisions.md; checked by CertifiedDecisionProperties).
 *
 * @param output           the output token
 * @param acceptedDraft    the draft accepted by a test, or -1
 * @param uniformsConsumed verifier uniforms consumed
 * @param exact            whether the exact arithmetic decided (some comparison was undecided in floating point)
 * @param undecided        what the certified arithmetic could not prove, when {@code exact}; else null
 */
public record CertifiedDecision(int output, int acceptedDraft, int uniformsConsumed, boolean exact, String undecided) {
    /** Decides with uniforms in the open interval (0, 1). */
    public static CertifiedDecision of(Scheme.Bound bound, int[] drafts, double[] uniforms) {
        return of(bound, drafts, i -> uniforms[i], uniforms.length, Uniforms.OPEN);
    }

    /** Decides with uniformAt(0), uniformAt(1), ... up to {@code available} of them (the verifier's stream). */
    public static CertifiedDecision of(Scheme.Bound bound, int[] drafts, IntToDoubleFunction uniformAt, int available,
                                       Uniforms policy) {
        return of(bound, drafts, UniformDraws.indexed(Draws.VERIFY, uniformAt, available), policy);
    }

    /**
     * Decides with the uniform of every identity the program draws from {@code uniforms} (the ordinary draws in the
     * {@link Draws#VERIFY} stream).
     */
    public static CertifiedDecision of(Scheme.Bound bound, int[] drafts, ToDoubleFunction<DrawId> uniforms,
                                       Uniforms policy) {
        if (!bound.hasProgram()) {
            UniformDriven.Decision d = UniformDriven.verify(bound, drafts, uniforms, policy);
            return new CertifiedDecision(d.output(), d.acceptedDraft(), d.uniformsConsumed(), true,
                "scheme has no program");
        }
        try {
            UniformDraws<Ball> draws = new UniformDraws<>(Certified.INSTANCE, uniforms, Draws.VERIFY, policy, null,
                false);
            Decision r = UniformDriven.run(bound.program(Certified.INSTANCE), draws, drafts);
            return new CertifiedDecision(r.output(), r.acceptedDraft(), draws.consumed(), false, null);
        } catch (Undecided u) {
            UniformDraws<BigFraction> draws = new UniformDraws<>(Exact.INSTANCE, uniforms, Draws.VERIFY, policy, null,
                false);
            Decision r = UniformDriven.run(bound.program(Exact.INSTANCE), draws, drafts);
            return new CertifiedDecision(r.output(), r.acceptedDraft(), draws.consumed(), true, u.getMessage());
        }
    }
}
