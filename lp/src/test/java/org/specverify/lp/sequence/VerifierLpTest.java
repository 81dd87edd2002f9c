package org.specverify.lp.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.solver.LosslessVerifierLp;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.reference.Distribution;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * The best lossless verifier ({@link LosslessVerifierLp}, an LP over the verifier itself) against the coupling optimum
 * ({@link SequenceOptimum}) and block verification ({@link ChainAcceptance#block}).
 */
class VerifierLpTest {
    static final long SEED = 99L;

    private static double verifier(SequenceInstance inst) {
        LpResult r = LosslessVerifierLp.solve(inst, LpSettings.glop());
        assertTrue(LpTolerances.GLOP_DUALITY.test(r.dualObjective(), r.primalObjective()), r.toString());
        return r.primalObjective();
    }

    /**
     * The block verification paper's example (p = (1/3, 2/3), q = (2/3, 1/3), gamma = 2): the coupling optimum is
     * 12/9 but no lossless verifier reaches it: the best is 11/9, block verification. The coupling is an upper bound
     * that is not attained.
     */
    @Test
    void couplingOptimumIsNotAttainedOnThePaperExample() {
        ContextModel p = ContextModel.constant(Distribution.parse("1/3", "2/3"));
        ContextModel q = ContextModel.constant(Distribution.parse("2/3", "1/3"));
        SequenceInstance chain = SequenceInstance.chain("paper", p, q, 2);
        assertEquals(BigFraction.of(4, 3), SequenceOptimum.exact(chain));
        double best = verifier(chain);
        assertTrue(LpTolerances.GLOP_VS_EXACT.test(best, BigFraction.of(11, 9).doubleValue()),
            "best lossless verifier " + best + ", expected 11/9, " + LpTolerances.GLOP_VS_EXACT);
        // exactly: the certified dual bound proves V* <= 11/9, and block verification reaches 11/9
        assertEquals(BigFraction.of(11, 9), LosslessVerifierLp.certifiedUpperBound(chain, LpSettings.glop()));
        assertEquals(BigFraction.of(11, 9), ChainAcceptance.block(chain));
    }

    /**
     * The certified upper bound is sound (never below block verification, which is a lossless verifier: exact
     * comparison) and, on chains, equals block verification exactly when GLOP's duals round to an optimal dual.
     */
    @Test
    void certifiedUpperBoundOnChains() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        System.out.println("seed " + (SEED + 1));
        int exact = 0;
        int n = 40;
        for (int trial = 0; trial < n; trial++) {
            int v = 2 + r.nextInt(2);
            int gamma = 1 + r.nextInt(3);
            ContextModel p = SequenceCases.model(r, v, r.nextInt(3));
            ContextModel q = SequenceCases.model(r, v, r.nextInt(3));
            SequenceInstance chain = SequenceInstance.chain("c", p, q, gamma);
            BigFraction bound = LosslessVerifierLp.certifiedUpperBound(chain, LpSettings.glop());
            BigFraction block = ChainAcceptance.block(chain);
            String at = "trial " + trial + " (seed " + (SEED + 1) + "): " + chain + " p " + p + " q " + q;
            assertTrue(bound.compareTo(block) >= 0, at + ": certified bound " + bound + " below block " + block);
            assertTrue(bound.compareTo(SequenceOptimum.exact(chain)) <= 0 || bound.subtract(block).doubleValue() < 1e-6,
                at + ": bound " + bound + " far above block " + block);
            if (bound.equals(block)) {
                exact++;
            }
        }
        System.out.println(exact + " of " + n + " chains: V* = block verification proved exactly");
        assertTrue(exact >= n / 2, "only " + exact + " of " + n + " bounds were exact");
    }

    /**
     * On random chains and trees: the best lossless verifier never exceeds the coupling optimum; on chains it equals
     * block verification (Sun et al.'s optimality theorem); and on some instances it is strictly below the coupling.
     */
    @Test
    void bestLosslessVerifierAgainstCouplingAndBlock() {
        SplittableRandom r = new SplittableRandom(SEED);
        System.out.println("seed " + SEED);
        int strict = 0;
        for (int trial = 0; trial < 60; trial++) {
            int v = 2 + r.nextInt(2);
            int gamma = 1 + r.nextInt(2);
            ContextModel p = SequenceCases.model(r, v, r.nextInt(3));
            ContextModel q = SequenceCases.model(r, v, r.nextInt(3));
            SequenceInstance inst = r.nextBoolean() ? SequenceInstance.chain("c", p, q, gamma)
                : SequenceInstance.tree("t", p, q, gamma == 1 ? new int[] {2} : new int[] {2, 1}, SiblingProcess.IID);
            String at = "trial " + trial + " (seed " + SEED + "): " + inst + " p " + p + " q " + q;
            double coupling = SequenceOptimum.exact(inst).doubleValue();
            double best = verifier(inst);
            assertTrue(LpTolerances.GLOP_VS_EXACT.test(Math.min(best, coupling), best), at + ": verifier " + best + " > coupling "
                + coupling);
            if (inst.isChain()) {
                double block = ChainAcceptance.block(inst).doubleValue();
                assertTrue(LpTolerances.GLOP_VS_EXACT.test(best, block), at + ": best lossless " + best + ", block "
                    + block + ", " + LpTolerances.GLOP_VS_EXACT);
            }
            if (gamma == 1) {
                assertTrue(LpTolerances.GLOP_VS_EXACT.test(best, coupling), at + ": gamma = 1 is the token level, where"
                    + " the coupling is attained; verifier " + best + ", coupling " + coupling);
            }
            if (coupling - best > 1e-3) {
                strict++;
            }
        }
        System.out.println(strict + " of 60 instances have a best lossless verifier strictly below the coupling");
        assertTrue(strict > 0, "no instance separates the coupling optimum from the best lossless verifier");
    }
}
