package org.specverify.reference.sequence.scheme;

import java.util.Optional;
import org.specverify.reference.sequence.SequenceInstance;

/**
 * A sequence-level verifier: one verification step over a drafted chain or token tree, written once as a program over
 * an arithmetic and the randomness interface, ending in "emit block" ({@link BlockOutcome}). The draft trees come from
 * the instance ({@code sequence.DraftTrees}); the scheme only verifies. To write one, extend {@link SequenceSchemeBase};
 * a user's schemes register through {@link java.util.ServiceLoader} under this interface
 * ({@code META-INF/services/org.specverify.reference.sequence.scheme.SequenceScheme}, see
 * {@link SequenceSchemes#plugins}).
 */
public interface SequenceScheme {
    /** Stable id (tokenwise, block, tree-rrs, ...). */
    String id();

    /** One line: what the scheme does. */
    String description();

    /** The paper(s) it comes from, with arXiv ids. */
    String paper();

    /** Which drafts it verifies, for people: "chains", "trees with iid siblings", ... */
    String appliesTo();

    /** Whether the scheme claims the generated stream has exactly the target's law. Checked, never assumed. */
    boolean claimsLossless();

    /** The reason the scheme cannot verify the instance's drafts, or empty when it can. */
    Optional<String> notApplicable(SequenceInstance instance);

    /**
     * The verifier for {@code laws.instance()} (on which the scheme applies) in {@code laws.arithmetic()}: precompute
     * what depends only on the instance, then return the program. Branch on values only through the arithmetic's
     * comparisons and the draws.
     */
    <S> SequenceVerifier<S> verifier(StepLaws<S> laws);
}
