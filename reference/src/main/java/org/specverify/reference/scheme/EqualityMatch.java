package org.specverify.reference.scheme;

import org.specverify.reference.draft.DraftKind;

/**
 * equality-match: draw z ~ p independently of the drafts; a draft is accepted iff it equals z, and z is emitted either
 * way. Lossless by construction; α = P(z ∈ x̄), lower than the schemes that use q.
 */
public final class EqualityMatch extends SchemeBase {
    public EqualityMatch() {
        super(define("equality-match")
            .description("emit an independent sample z ~ p; a draft is accepted iff it equals z")
            .paper("baseline (exact-match verification)").lossless(true)
            .drafts(DraftKind.IID, DraftKind.INDEPENDENT).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        return (draws, drafts) -> Outcome.emitByMembership("z ~ p", laws.target());
    }
}
