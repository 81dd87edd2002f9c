package org.specverify.reference.scheme;

import org.specverify.reference.Instance;
import org.specverify.reference.random.Chooser;

/**
 * equality-match: draw z ~ p independently of the drafts; a draft is accepted iff it equals z, and z is emitted either
 * way. Lossless by construction; α = P(z ∈ x̄), lower than the schemes that use q.
 */
public final class EqualityMatch extends AbstractScheme {
    public EqualityMatch() {
        super("equality-match", "emit an independent sample z ~ p; a draft is accepted iff it equals z",
            "baseline (exact-match verification)", 1, Integer.MAX_VALUE, true, true);
    }

    @Override
    Bound doBind(Instance instance) {
        return new BoundBase(instance, sampledDrafts(instance)) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                return Verdict.byMembership(drafts, chooser.sample(p));
            }
        };
    }
}
