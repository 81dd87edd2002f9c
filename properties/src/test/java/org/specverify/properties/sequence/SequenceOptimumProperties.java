package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.sequence.ChainAcceptance;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.lp.solver.LpSettings;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.Fractions;
import org.specverify.reference.sequence.SequenceInstance;

/**
 * Optimality laws at sequence level on generated instances (the verifier programs are not needed: the acceptance of
 * token-wise and block verification of chains is their exact closed form, {@link ChainAcceptance}).
 */
class SequenceOptimumProperties {
    static final long SEED = 14L;

    /** Chains: token-wise &lt;= block (Sun et al.) &lt;= optimum &lt;= prefix coupling bound &lt;= gamma. */
    @Test
    void chainAcceptanceIsOrdered() {
        System.out.println("seed " + SEED);
        qt().withFixedSeed(SEED).withExamples(300).forAll(SequenceInstanceGenerators.chains(3, 3)).checkAssert(c -> {
            BigFraction tokenwise = ChainAcceptance.tokenwise(c);
            BigFraction block = ChainAcceptance.block(c);
            BigFraction optimum = SequenceOptimum.exact(c);
            BigFraction bound = ChainAcceptance.prefixCouplingBound(c);
            String at = c + " target " + c.target() + " draft " + c.draftFor(0);
            assertTrue(Fractions.compare(tokenwise, block) <= 0, at + ": block " + block + " < token-wise " + tokenwise);
            assertTrue(Fractions.compare(block, optimum) <= 0, at + ": optimum " + optimum + " < block " + block);
            assertTrue(Fractions.compare(optimum, bound) <= 0, at + ": optimum " + optimum + " > bound " + bound);
            assertTrue(Fractions.compare(bound, BigFraction.of(c.gamma())) <= 0, at);
        });
    }

    /** Every tree and sibling process: the optimum lies in [0, gamma] and GLOP agrees with the exact route. */
    @Test
    void glopAgreesWithTheExactRouteOnEveryTree() {
        System.out.println("seed " + (SEED + 1));
        qt().withFixedSeed(SEED + 1).withExamples(150).forAll(SequenceInstanceGenerators.instances(3, 3))
            .checkAssert((SequenceInstance i) -> {
                SequenceOptimum.Both both = SequenceOptimum.both(i, LpSettings.glop());
                String at = i + " target " + i.target() + " drafts " + i.drafts() + ": " + both;
                assertTrue(both.exact().signum() >= 0
                    && Fractions.compare(both.exact(), BigFraction.of(i.gamma())) <= 0, at);
                assertTrue(both.agree(), at);
            });
    }
}
