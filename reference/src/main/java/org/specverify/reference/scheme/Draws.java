package org.specverify.reference.scheme;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Measure;

/**
 * The randomness of a verifier's program. Each call is one draw and consumes exactly one uniform u, even when its
 * outcome is certain, so the i-th uniform always belongs to the i-th draw and fast implementations can index uniforms
 * the same way. The interpreters implement it: the exact enumerator branches, the uniform-driven interpreter compares
 * given uniforms (exactly, or certified in floating point), the sampler draws them from Philox.
 *
 * @param <S> the scalar type of the arithmetic the program runs in
 */
public interface Draws<S> {
    /**
     * The accept test of draft {@code draft} (token {@code token}): true iff u·q &lt; p, which happens with probability
     * min(1, p/q). The comparison is made in this form, with the target mass p and the draft mass q at the token, so a
     * trace reports the margin p − u·q of the comparison actually made.
     *
     * @param q the draft law's mass at the token, positive (a draft of zero draft mass cannot have been drawn)
     * @param p the (residual) target mass at the token
     * @throws org.specverify.reference.InvalidInputException when q is zero
     */
    boolean accept(int draft, int token, S q, S p);

    /** True iff u &lt; probability (strict: an event of probability zero never happens). */
    boolean bernoulli(String what, S probability);

    /** Index i with F_{i-1} ≤ u·W &lt; F_i over the given weights (W their total); a zero weight is never chosen. */
    int choose(String what, List<S> weights);

    /** A token drawn from a measure: the categorical draw {@link Measure#locate} at u·total. */
    int sample(String what, Measure<S> law);

    /**
     * The exact probability of {@link #accept}: min(1, p/q).
     *
     * @throws InvalidInputException naming the draft when q is zero (it cannot have been sampled)
     */
    static BigFraction acceptProbability(int draft, int token, BigFraction q, BigFraction p) {
        if (q.signum() <= 0) {
            throw zeroDraftMass(draft, token);
        }
        return Fractions.compare(p, q) >= 0 ? BigFraction.ONE : p.divide(q);
    }

    /** The error for a draft of zero draft mass. */
    static InvalidInputException zeroDraftMass(int draft, int token) {
        return new InvalidInputException("draft " + draft + " (token " + token
            + ") has zero draft mass: it cannot have been sampled from the draft law");
    }
}
