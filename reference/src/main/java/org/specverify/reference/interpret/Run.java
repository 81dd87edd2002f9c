package org.specverify.reference.interpret;

import org.specverify.reference.draft.DraftTuple;

/**
 * One run of a scheme: the drafts and the output token (a sample of the {@link Sampler}, a point of the joint law of
 * {@link ExactLaw#joint()}).
 */
public record Run(DraftTuple drafts, int output) {
    /** Membership acceptance: the output is one of the drafts. */
    public boolean accepted() {
        return drafts.contains(output);
    }
}
