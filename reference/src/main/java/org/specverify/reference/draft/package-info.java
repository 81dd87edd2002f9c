/**
 * Draft processes: how the K drafts are drawn from the draft model's law(s) (iid, independent, without replacement,
 * the hub pair, greedy, deterministic top-K, or a user's own). A
 * {@link org.specverify.reference.draft.DraftProcess} is a small program over exact draws in the draft stream, so its
 * exact law Q is that program run by the exact enumerator; the processes of this package also enumerate their tuples
 * directly ({@link org.specverify.reference.draft.DraftProcess#forEachTuple}), checked against the program. It says
 * which tuples it can never produce, so a verifier is never run on impossible drafts.
 * {@link org.specverify.reference.draft.DraftKind} names the kinds and {@link org.specverify.reference.draft.DraftTuple}
 * is one drawn tuple.
 */
package org.specverify.reference.draft;
