package org.specverify.reference.random;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.arith.Measure;

/**
 * The one source of randomness of every program of the project: draft processes (with S = BigFraction), verifiers
 * (in any arithmetic), {@code Scheme.Bound.decide}. The interpreters implement it: the exact replay
 * ({@code interpret.Replay}: every branch, with its exact probability), the uniform-driven interpreter (given uniforms,
 * exactly or in certified floating point) and the sampler (Philox uniforms).
 *
 * <p><b>Uniforms and their identities.</b> Every draw compares one uniform u, ideally uniform on the open interval
 * (0, 1), with thresholds. Each uniform has an identity {@link DrawId} (a stream and an index). The ordinary draws
 * ({@link #accept}, {@link #bernoulli}, {@link #choose}, {@link #sample}) each take the next index of this view's
 * stream ({@link #stream()}: {@link #DRAFT} when a draft process runs, {@link #VERIFY} when a verifier runs), even when
 * their outcome is certain, so the i-th uniform of a stream always belongs to its i-th draw and fast implementations
 * can index uniforms the same way. A program may also draw a uniform itself ({@link #uniform(DrawId)},
 * {@link #uniform(String)}) and compare it ({@link Uniform}); asking for the same identity twice returns the same
 * uniform, which is how shared noise (or a reused-uniform bug) is written. {@link #inStream} gives a view of the same
 * randomness whose ordinary draws use another stream.
 *
 * <p><b>The comparison rule.</b> Every test is strict: {@code accept} is u·q &lt; p, {@code bernoulli} is u &lt; π, a
 * categorical draw returns the i with F_{i-1} ≤ u·W &lt; F_i. With u in the open interval (0, 1) an event of probability
 * zero never happens: a token of zero target mass is never accepted, a zero weight never chosen. The q = 0 case of
 * {@code accept} follows from the rule: u·0 &lt; p holds iff p &gt; 0, so the test is certain when p &gt; 0 and
 * impossible when p = 0 (it does not throw). A verifier run through {@code Program.run} never meets q = 0 for its
 * own draft law (drafts the process cannot produce are refused first); a verifier handed another law need not branch
 * on q's sign.
 *
 * @param <S> the scalar type of the arithmetic the program runs in
 */
public interface Draws<S> {
    /** The stream of the draft process's draws. */
    String DRAFT = "draft";
    /** The stream of the verifier's draws. */
    String VERIFY = "verify";

    /** The stream the ordinary draws of this view take their uniforms from. */
    String stream();

    /**
     * The same randomness (every uniform and every stream's counter shared) whose ordinary draws take the next indices
     * of {@code stream}.
     */
    Draws<S> inStream(String stream);

    /** The identity of the next uniform of {@code stream}, advancing that stream's counter. */
    DrawId next(String stream);

    /**
     * The uniform with this identity; the same identity always gives the same uniform.
     *
     * @throws UnsupportedOperationException naming the identity when the interpreter cannot follow it (for example an
     *     exact replay asked to compare a uniform in a way it cannot split)
     */
    Uniform<S> uniform(DrawId id);

    /** The next uniform of {@code stream}: {@code uniform(next(stream))}. */
    default Uniform<S> uniform(String stream) {
        return uniform(next(stream));
    }

    /** The next uniform of this view's stream. */
    default Uniform<S> uniform() {
        return uniform(next(stream()));
    }

    /**
     * The accept test of draft {@code draft} (token {@code token}): true iff u·q &lt; p, which happens with probability
     * min(1, p/q) for q &gt; 0; for q = 0 true iff p &gt; 0. The comparison is made in this form, with the target mass p
     * and the draft mass q at the token, so a trace reports the margin p − u·q of the comparison actually made.
     *
     * @param q the draft law's mass at the token, non-negative
     * @param p the (residual) target mass at the token, non-negative
     */
    boolean accept(int draft, int token, S q, S p);

    /** True iff u &lt; probability (strict: an event of probability zero never happens). */
    boolean bernoulli(String what, S probability);

    /** Index i with F_{i-1} ≤ u·W &lt; F_i over the given weights (W their total); a zero weight is never chosen. */
    int choose(String what, List<S> weights);

    /** A token drawn from a measure: the categorical draw {@link Measure#locate} at u·total. */
    int sample(String what, Measure<S> law);

    /**
     * A token drawn from an exact distribution, as {@link #sample(String, Measure)} on its measure: how draft
     * processes draw.
     */
    int sample(String what, Distribution law);

    /**
     * An exponential race over the shared noise of {@code stream}: argmin_x E_x / w(x), with E_x = −ln u and u the
     * uniform of identity (stream, x), so E_x is Exp(1), iid over the tokens; a zero weight never wins (ties, of
     * probability zero, go to the lowest index). Two races on one stream share their E: that is how a Gumbel-coupled
     * scheme (draft = race(q), output = race(p)) is written. The race takes its uniforms by identity (index = token),
     * so a stream used for races should not also serve ordinary draws, unless sharing is what the program means.
     * The result has law norm(w); the joint law of several races is {@link ExponentialRaces}.
     *
     * @throws UnsupportedOperationException when this interpreter does not run races (the default)
     */
    default int race(String stream, List<S> weights) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not run exponential races"
            + " (stream " + stream + ")");
    }

    /**
     * States that {@code race(stream, weights)} returns {@code winner} on this noise: a verifier that is handed the
     * drafts of a race on shared noise says so, and the exact replay conditions on it (the law it reports is the law
     * given the drafts); an interpreter with given uniforms checks it.
     *
     * @throws UnsupportedOperationException when this interpreter does not run races (the default)
     */
    default void raceGiven(String stream, List<S> weights, int winner) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not run exponential races"
            + " (stream " + stream + ")");
    }

    /**
     * The exact probability that {@link #accept} holds for a fresh uniform: min(1, p/q) for q &gt; 0; for q = 0, 1 when
     * p &gt; 0 and 0 when p = 0.
     *
     * @throws IllegalArgumentException when q or p is negative
     */
    static BigFraction acceptProbability(BigFraction q, BigFraction p) {
        if (q.signum() < 0 || p.signum() < 0) {
            throw new IllegalArgumentException("accept test u*q < p with a negative mass: q = " + q + ", p = " + p);
        }
        if (q.signum() == 0) {
            return p.signum() > 0 ? BigFraction.ONE : BigFraction.ZERO;
        }
        return Fractions.compare(p, q) >= 0 ? BigFraction.ONE : p.divide(q);
    }

    /** Checks a Bernoulli probability, naming the draw. */
    static void checkProbability(String what, BigFraction probability) {
        if (probability.signum() < 0 || Fractions.compare(probability, BigFraction.ONE) > 0) {
            throw new IllegalArgumentException(what + ": bernoulli probability outside [0,1]: " + probability);
        }
    }

    /** Checks categorical weights, naming the draw, and returns their total. */
    static BigFraction checkWeights(String what, List<BigFraction> weights) {
        BigFraction total = BigFraction.ZERO;
        for (int i = 0; i < weights.size(); i++) {
            BigFraction w = weights.get(i);
            if (w.signum() < 0) {
                throw new IllegalArgumentException(what + ": weight " + i + " is negative: " + w);
            }
            total = total.signum() == 0 ? w : w.signum() == 0 ? total : total.add(w);
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException(what + ": weights of total zero over " + weights.size() + " options");
        }
        return total;
    }
}
