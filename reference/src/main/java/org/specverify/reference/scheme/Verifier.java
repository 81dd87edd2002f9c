package org.specverify.reference.scheme;

import org.specverify.reference.random.Draws;

/**
 * A scheme's verifier, prepared for one instance in one arithmetic ({@link SchemeBase#verifier}): given the drafts, it
 * draws what it needs from {@link Draws} and ends in an {@link Outcome}. It is never handed drafts its draft process
 * cannot produce: {@link Program#run} refuses those first.
 */
@FunctionalInterface
public interface Verifier<S> {
    Outcome<S> verify(Draws<S> draws, int[] drafts);
}
