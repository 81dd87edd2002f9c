/**
 * Sequence level: one verification step over a drafted chain or token tree, exactly.
 *
 * <p>A step starts at a context c. The target p(.|prefix) and the draft q(.|prefix) are small exact "language models"
 * ({@link org.specverify.reference.sequence.ContextModel}, rational rows with back-off). A
 * {@link org.specverify.reference.sequence.SequenceInstance} fixes the drafted depth gamma, the tree shape and the
 * sibling process; {@link org.specverify.reference.sequence.DraftTrees} enumerates every
 * {@link org.specverify.reference.sequence.DraftTree} of positive probability with its exact probability.
 *
 * <p>Losslessness of a step is judged on stream laws: the law of the emitted block
 * ({@link org.specverify.reference.sequence.BlockLaw}), continued by the target and truncated to h = gamma + 1 tokens,
 * must equal the target's own law of h tokens ({@link org.specverify.reference.sequence.SequenceLaw#target}); the
 * comparison returns the worst sequence and its exact error. Acceptance is an exact
 * {@link org.specverify.reference.sequence.AcceptedLengthLaw} over 0..gamma.
 *
 * <p>Everything here is exact (BigFraction) and deliberately slow; enumerations state their size before they start and
 * refuse above a limit with {@link org.specverify.reference.TooLargeException}.
 */
package org.specverify.reference.sequence;
