package org.specverify.lp.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.optimum.Optimum;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

class SequenceOptimumTest {
    static final long SEED = 20261207L;

    private static BigFraction f(int a, int b) {
        return BigFraction.of(a, b);
    }

    /** The motivating example of Sun et al. (arXiv 2403.10444): 10/9 token-wise, 11/9 block, 12/9 optimal. */
    @Test
    void blockVerificationPaperExample() {
        ContextModel p = ContextModel.constant(Distribution.parse("1/3", "2/3"));
        ContextModel q = ContextModel.constant(Distribution.parse("2/3", "1/3"));
        SequenceInstance chain = SequenceInstance.chain("paper", p, q, 2);
        assertEquals(f(10, 9), ChainAcceptance.tokenwise(chain));
        assertEquals(f(11, 9), ChainAcceptance.block(chain));
        SequenceOptimum.Both both = SequenceOptimum.both(chain, LpSettings.glop());
        System.out.println(both);
        assertEquals(f(12, 9), both.exact());
        assertTrue(both.agree(), both.toString());
        AcceptedLengthLaw law = ChainAcceptance.tokenwiseLengthLaw(chain);
        assertEquals(f(10, 9), law.mean());
        // P(tau >= 1) = E[a_1] = 2/3, P(tau >= 2) = E[a_1 a_2] = 4/9
        assertEquals(List.of(f(2, 3), f(4, 9)), List.of(law.reachedByDepth()));
    }

    @Test
    void equalModelsAcceptEveryDraftAndDisjointSupportsNone() {
        ContextModel p = ContextModel.of(2, java.util.Map.of(List.of(), Distribution.parse("1/3", "2/3"),
            List.of(1), Distribution.parse("3/4", "1/4")));
        assertEquals(f(3, 1), SequenceOptimum.exact(SequenceInstance.chain("same", p, p, 3)));
        ContextModel q = ContextModel.constant(Distribution.parse("0", "0", "1"));
        ContextModel p3 = ContextModel.constant(Distribution.parse("1/2", "1/2", "0"));
        assertEquals(Fractions.ZERO, SequenceOptimum.exact(SequenceInstance.chain("disjoint", p3, q, 2)));
    }

    /** gamma = 1: the sequence optimum is the token-level optimum of lp for the root's sibling process. */
    @Test
    void depthOneIsTheTokenLevelOptimum() {
        SplittableRandom r = new SplittableRandom(SEED);
        System.out.println("seed " + SEED);
        for (int trial = 0; trial < 60; trial++) {
            int v = 2 + r.nextInt(3);
            ContextModel p = SequenceCases.model(r, v, r.nextInt(2));
            ContextModel q = SequenceCases.model(r, v, r.nextInt(2));
            Distribution p0 = p.lawAfter();
            Distribution q0 = q.lawAfter();
            SequenceInstance one = SequenceInstance.chain("k1-" + trial, p, q, 1);
            BigFraction seq = SequenceOptimum.exact(one);
            assertEquals(Fractions.ONE.subtract(p0.totalVariation(q0)), seq, "trial " + trial + " seed " + SEED);
            assertEquals(Optimum.exact(p0, new IidDraft(q0, 1)), seq, "trial " + trial);
            assertEquals(ChainAcceptance.tokenwise(one), seq, "token-wise SD is optimal for one draft");
            int k = 2 + r.nextInt(2);
            SequenceInstance iid = SequenceInstance.tree("iid", p, q, new int[] {k}, SiblingProcess.IID);
            assertEquals(Optimum.exact(p0, new IidDraft(q0, k)), SequenceOptimum.exact(iid), "iid K = " + k);
            if (q0.supportSize() >= k) {
                SequenceInstance wr = SequenceInstance.tree("wr", p, q, new int[] {k},
                    SiblingProcess.WITHOUT_REPLACEMENT);
                assertEquals(Optimum.exact(p0, new WithoutReplacementDraft(q0, k)), SequenceOptimum.exact(wr),
                    "without replacement K = " + k);
            }
        }
    }

    /**
     * On random order-0, order-1 and order-2 chains: token-wise &lt;= block &lt;= optimum &lt;= the prefix coupling
     * bound &lt;= gamma, the token-wise length law has the token-wise mean, and GLOP agrees with the exact route.
     */
    @Test
    void chainTheorems() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        System.out.println("seed " + (SEED + 1));
        for (int trial = 0; trial < 80; trial++) {
            int v = 2 + r.nextInt(2);
            int gamma = 1 + r.nextInt(3);
            ContextModel p = SequenceCases.model(r, v, r.nextInt(3));
            ContextModel q = r.nextInt(6) == 0 ? p : SequenceCases.model(r, v, r.nextInt(3));
            SequenceInstance chain = SequenceInstance.chain("chain-" + trial, p, q, gamma);
            String at = "trial " + trial + " (seed " + (SEED + 1) + "): " + chain + " p " + p + " q " + q;
            BigFraction tokenwise = ChainAcceptance.tokenwise(chain);
            BigFraction block = ChainAcceptance.block(chain);
            SequenceOptimum.Both both = SequenceOptimum.both(chain, LpSettings.glop());
            BigFraction bound = ChainAcceptance.prefixCouplingBound(chain);
            assertTrue(Fractions.compare(tokenwise, block) <= 0, at + ": block " + block + " < token-wise " + tokenwise);
            assertTrue(Fractions.compare(block, both.exact()) <= 0, at + ": optimum " + both.exact() + " < block " + block);
            assertTrue(Fractions.compare(both.exact(), bound) <= 0, at + ": optimum above the prefix bound " + bound);
            assertTrue(Fractions.compare(bound, BigFraction.of(gamma)) <= 0, at);
            assertEquals(tokenwise, ChainAcceptance.tokenwiseLengthLaw(chain).mean(), at);
            assertTrue(both.agree(), at + ": " + both);
            assertGlopCertified(both.glop(), at);
            if (p == q) {
                assertEquals(BigFraction.of(gamma), both.exact(), at);
            }
        }
    }

    /** Trees of every sibling process: optimum within [0, gamma], GLOP equal to the exact route. */
    @Test
    void treesOfEverySiblingProcess() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        System.out.println("seed " + (SEED + 2));
        int[][] shapes = {{2, 1}, {1, 2}, {2, 2}, {3, 1}, {2, 1, 1}};
        for (int trial = 0; trial < 40; trial++) {
            int v = 2 + r.nextInt(2);
            ContextModel p = SequenceCases.model(r, v, r.nextInt(3));
            ContextModel q = SequenceCases.model(r, v, r.nextInt(2));
            int[] shape = shapes[r.nextInt(shapes.length)];
            SiblingProcess s = SiblingProcess.values()[r.nextInt(4)];
            SequenceInstance inst;
            if (s == SiblingProcess.DYNAMIC) {
                inst = SequenceInstance.dynamic("dyn", p, q, shape.length, 1 + r.nextInt(6));
            } else if (s != SiblingProcess.IID && max(shape) > v) {
                continue;
            } else {
                inst = SequenceInstance.tree("tree", p, q, shape, s);
            }
            String at = "trial " + trial + " (seed " + (SEED + 2) + "): " + inst + " p " + p + " q " + q;
            SequenceOptimum.Both both;
            try {
                both = SequenceOptimum.both(inst, LpSettings.glop());
            } catch (org.specverify.reference.InvalidInputException e) {
                assertTrue(s == SiblingProcess.WITHOUT_REPLACEMENT, at + ": " + e.getMessage());
                continue;
            }
            assertTrue(both.exact().signum() >= 0 && Fractions.compare(both.exact(), BigFraction.of(inst.gamma())) <= 0,
                at);
            assertTrue(both.agree(), at + ": " + both);
            assertGlopCertified(both.glop(), at);
        }
    }

    /** A tree with more nodes of the same top-k process never does worse: its root paths include the smaller tree's. */
    @Test
    void widerTopKTreeIsNeverWorse() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        System.out.println("seed " + (SEED + 3));
        for (int trial = 0; trial < 30; trial++) {
            ContextModel p = SequenceCases.model(r, 3, r.nextInt(3));
            ContextModel q = SequenceCases.model(r, 3, r.nextInt(3));
            BigFraction narrow = SequenceOptimum.exact(SequenceInstance.tree("n", p, q, new int[] {1, 1},
                SiblingProcess.TOP_K));
            BigFraction wide = SequenceOptimum.exact(SequenceInstance.tree("w", p, q, new int[] {2, 2},
                SiblingProcess.TOP_K));
            assertTrue(Fractions.compare(narrow, wide) <= 0, "trial " + trial + ": " + narrow + " > " + wide);
        }
    }

    @Test
    void tooManyTreesIsRefusedBeforeTheWork() {
        ContextModel u = ContextModel.constant(Distribution.uniform(4));
        SequenceInstance inst = SequenceInstance.tree("big", u, u, new int[] {3, 3, 3}, SiblingProcess.IID);
        TooLargeException e = assertThrows(TooLargeException.class, () -> SequenceOptimum.problem(inst));
        assertTrue(e.getMessage().contains(String.valueOf(DraftTrees.DEFAULT_STREAM_LIMIT)), e.getMessage());
    }

    private static void assertGlopCertified(LpResult lp, String at) {
        assertTrue(LpTolerances.GLOP_DUALITY.test(lp.dualObjective(), lp.primalObjective()),
            at + ": dual " + lp.dualObjective() + " vs primal " + lp.primalObjective() + " " + LpTolerances.GLOP_DUALITY);
        assertTrue(LpTolerances.GLOP_DUALITY.test(lp.maxDualInfeasibility(), 0), at + ": dual infeasibility "
            + lp.maxDualInfeasibility());
    }

    private static int max(int[] a) {
        return java.util.Arrays.stream(a).max().orElse(0);
    }
}
