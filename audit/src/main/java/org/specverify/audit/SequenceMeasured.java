package org.specverify.audit;

import java.util.List;
import java.util.Objects;

/**
 * The exact results of one sequence verifier on one sequence instance (one verification step at the empty context,
 * from {@code SequenceExact}).
 *
 * @param lossless          whether the emitted block, continued by the target to h = gamma + 1 tokens, has exactly
 *                          the target's law prod_i p(y_i | y_&lt;i)
 * @param maxLawError       the largest |P(Y = y) - p(y)| over the sequences y of length h (zero iff lossless)
 * @param worstSequence     the sequence attaining it (empty when lossless)
 * @param observed          P(Y = worstSequence) under the verifier (zero when lossless)
 * @param expected          p(worstSequence) (zero when lossless)
 * @param expectedAccepted  E[tau], the expected number of accepted draft tokens (the block efficiency minus one)
 * @param acceptedLengthLaw P(tau = n) for n = 0..gamma, at index n
 */
public record SequenceMeasured(boolean lossless, ExactValue maxLawError, List<Integer> worstSequence,
                               ExactValue observed, ExactValue expected, ExactValue expectedAccepted,
                               List<ExactValue> acceptedLengthLaw) {
    public SequenceMeasured {
        Objects.requireNonNull(maxLawError, "maxLawError");
        worstSequence = List.copyOf(worstSequence);
        Objects.requireNonNull(expectedAccepted, "expectedAccepted");
        acceptedLengthLaw = List.copyOf(acceptedLengthLaw);
    }
}
