package org.specverify.reference.draft;

/**
 * A draft process whose noise the verifier reads (exponential races on a stream both use, {@link RaceDrafts}). The
 * law of the output given the drafts then depends on how the drafts were drawn, so the exact interpreter computes the
 * law of a scheme with such a process jointly: one replay of the draft process and the verifier on the same
 * randomness ({@code interpret.ExactLaw}, {@code interpret.ConditionalLaw}).
 */
public interface NoiseSharing extends DraftProcess {
}
