package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.specverify.reference.arith.Measure;

/**
 * tokenwise: multi-step speculative decoding over a drafted chain (Leviathan et al. 2211.17192; Chen et al.
 * 2302.01318). With p_i = p(.|c, x_&lt;i) and q_i = q(.|c, x_&lt;i): accept x_i iff u_i·q_i(x_i) &lt; p_i(x_i), in order
 * i = 1..gamma, each u_i a fresh uniform; at the first rejection at depth i emit x_1..x_(i-1) and a token from
 * norm((p_i - q_i)+); after gamma acceptances emit the chain and the bonus token from p_(gamma+1). Lossless; given the
 * drafts E[tau] = sum_j prod_(i&lt;=j) min(1, p_i(x_i)/q_i(x_i)).
 */
public final class Tokenwise extends SequenceSchemeBase {
    public Tokenwise() {
        super(define("tokenwise").description("speculative sampling at each depth of a chain: residual at the first"
                + " rejection, bonus from p after gamma acceptances")
            .paper("Leviathan et al. 2211.17192; Chen et al. 2302.01318").lossless(true).chainsOnly().build());
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        return (draws, tree) -> {
            int[] x = DraftedTree.chainTokens(tree);
            for (int i = 0; i < x.length; i++) {
                int[] before = Arrays.copyOf(x, i);
                Measure<S> p = laws.target(before);
                Measure<S> q = laws.draft(before);
                if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                    return BlockOutcome.emit(before, "residual norm((p_" + (i + 1) + " - q_" + (i + 1) + ")+)",
                        p.residual(q));
                }
            }
            return BlockOutcome.emit(x, "bonus p_" + (x.length + 1), laws.target(x));
        };
    }
}
