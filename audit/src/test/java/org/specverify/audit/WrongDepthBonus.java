package org.specverify.audit;

import java.util.Arrays;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * A broken chain verifier for tests: tokenwise speculative decoding whose bonus token, after gamma acceptances, is
 * drawn from the target's law at depth gamma instead of gamma + 1. It claims losslessness; it is lossless on models
 * whose law does not depend on the prefix and lossy on order-1 models.
 */
final class WrongDepthBonus extends SequenceSchemeBase {
    WrongDepthBonus() {
        super(define("wrong-depth-bonus").description("tokenwise with the bonus from p_gamma").paper("test fixture")
            .lossless(true).chainsOnly().build());
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
                    return BlockOutcome.emit(before, "residual", p.residual(q));
                }
            }
            return BlockOutcome.emit(x, "bonus from the wrong depth", laws.target(Arrays.copyOf(x, x.length - 1)));
        };
    }
}
