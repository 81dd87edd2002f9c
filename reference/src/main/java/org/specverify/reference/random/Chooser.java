package org.specverify.reference.random;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.Distribution;

/**
 * The only source of randomness of a scheme's program. Every scheme is written once against this interface; the exact
 * enumerator, the uniform-driven interpreter and the sampler are its implementations.
 */
public interface Chooser {
    /**
     * True with probability {@code probability}.
     *
     * @param probability an exact probability in [0, 1]
     */
    boolean bernoulli(BigFraction probability);

    /**
     * Index i with probability weights[i] / Σ weights. Zero-weight indices are never returned.
     *
     * @param weights non-negative, with positive total
     */
    int categorical(BigFraction[] weights);

    /** A token drawn from {@code d}. */
    default int sample(Distribution d) {
        return categorical(d.masses());
    }

    /** Checks the arguments of {@link #bernoulli}; shared by every implementation. */
    static void checkProbability(BigFraction probability) {
        if (probability.signum() < 0 || Fractions.compare(probability, BigFraction.ONE) > 0) {
            throw new IllegalArgumentException("bernoulli probability outside [0,1]: " + probability);
        }
    }

    /** Checks the arguments of {@link #categorical} and returns the total weight. */
    static BigFraction checkWeights(BigFraction[] weights) {
        BigFraction total = BigFraction.ZERO;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].signum() < 0) {
                throw new IllegalArgumentException("categorical weight " + i + " is negative: " + weights[i]);
            }
            total = total.add(weights[i]);
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("categorical weights of total zero over " + weights.length + " options");
        }
        return total;
    }
}
