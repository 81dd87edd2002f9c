package org.specverify.reference.scheme;

import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * deterministic: verification of fixed children (EAGLE-2 top-k trees, q = δ). The children are the K tokens of largest
 * draft mass. Accept child x_k iff u &lt; p_k(x_k) (the accept test u·q &lt; p with q = 1), else
 * p_{k+1} = norm(p_k with x_k removed); a repeated child is skipped; if all are rejected y ~ p_{K+1}. Lossless;
 * α = p(set of children), optimal for deterministic drafts.
 */
public final class DeterministicTree extends SchemeBase {
    public DeterministicTree() {
        super(define("deterministic")
            .description("fixed top-K children: accept x_k w.p. p_k(x_k), else remove it from p")
            .paper("EAGLE-2 2406.16858 (deterministic tree drafts)").lossless(true)
            .drafts(DraftKind.DETERMINISTIC).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        Measure<S> p = laws.target();
        return (draws, drafts) -> {
            Measure<S> pk = p;
            for (int k = 0; k < drafts.length; k++) {
                int x = drafts[k];
                if (repeats(drafts, k)) {
                    continue;
                }
                if (draws.accept(k, x, ar.one(), pk.probability(x))) {
                    return Outcome.accept(k, x);
                }
                pk = pk.without(x);
            }
            return Outcome.emit("p without the children", pk);
        };
    }

    private static boolean repeats(int[] drafts, int k) {
        for (int j = 0; j < k; j++) {
            if (drafts[j] == drafts[k]) {
                return true;
            }
        }
        return false;
    }
}
