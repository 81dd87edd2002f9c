package org.specverify.reference.sequence.scheme;

import org.specverify.reference.random.Draws;

/**
 * A sequence scheme's verifier, prepared for one instance in one arithmetic ({@link SequenceScheme#verifier}): given
 * the drafted tree (a chain is a tree whose every node has one child), it draws what it needs from {@link Draws}
 * (stream {@link Draws#VERIFY}) and ends in a {@link BlockOutcome}.
 *
 * @param <S> the scalar type of the arithmetic
 */
@FunctionalInterface
public interface SequenceVerifier<S> {
    BlockOutcome<S> verify(Draws<S> draws, DraftedTree tree);
}
