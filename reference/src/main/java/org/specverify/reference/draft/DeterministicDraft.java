package org.specverify.reference.draft;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;

/**
 * Deterministic drafts (EAGLE-2 style top-k trees): x̄ is a fixed list, Q = δ. Built from a draft law it takes the K
 * tokens of largest q (lowest index on ties). Verifying such drafts with the softmax q as if sampled is a bug.
 */
public final class DeterministicDraft implements DraftProcess {
    private final int[] tokens;
    private final int vocab;

    public DeterministicDraft(int vocab, int[] tokens) {
        if (tokens.length < 1) {
            throw new InvalidInputException("deterministic drafts need at least one token");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new InvalidInputException("deterministic draft " + i + ": token " + tokens[i]
                    + " out of range 0.." + (vocab - 1));
            }
        }
        this.tokens = tokens.clone();
        this.vocab = vocab;
    }

    /** The top-K tokens of q. */
    public static DeterministicDraft topK(Distribution q, int k) {
        DraftKind.DETERMINISTIC.require(k, q.size(), q.supportSize());
        return new DeterministicDraft(q.size(), Arrays.copyOf(q.tokensByDecreasingMass(), k));
    }

    @Override
    public String id() {
        return "deterministic";
    }

    @Override
    public int k() {
        return tokens.length;
    }

    @Override
    public int vocab() {
        return vocab;
    }

    @Override
    public int[] draw(Draws<BigFraction> draws) {
        return tokens.clone();
    }

    /** The fixed tokens, as a copy. */
    public int[] tokens() {
        return tokens.clone();
    }

    @Override
    public Optional<BigInteger> tupleCount() {
        return Optional.of(BigInteger.ONE);
    }

    @Override
    public Optional<String> whyImpossible(int[] drafts) {
        Optional<String> shape = DraftProcess.checkShape(this, drafts);
        if (shape.isPresent()) {
            return shape;
        }
        return Arrays.equals(drafts, tokens) ? Optional.empty()
            : Optional.of("drafts " + Arrays.toString(drafts) + " differ from the fixed list " + Arrays.toString(tokens));
    }
}
