package org.specverify.reference.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;

class DraftTreesTest {
    static final Distribution P = Distribution.parse("1/3", "2/3");
    static final ContextModel ORDER1 = ContextModel.of(3, Map.of(
        List.of(), Distribution.parse("1/2", "1/3", "1/6"),
        List.of(0), Distribution.parse("0", "1/4", "3/4"),
        List.of(2), Distribution.parse("1", "0", "0")));
    static final ContextModel TARGET3 = ContextModel.constant(Distribution.uniform(3));

    private static BigFraction sum(Map<DraftTree, BigFraction> law) {
        return law.values().stream().reduce(Fractions.ZERO, BigFraction::add);
    }

    /** prod over nodes of q(token | parent's path): the iid tree probability written independently of the walk. */
    private static BigFraction iidProbability(DraftTree t, ContextModel q) {
        BigFraction p = Fractions.ONE;
        for (int i = 0; i < t.size(); i++) {
            int[] path = t.path(i);
            p = p.multiply(q.lawAfter(java.util.Arrays.copyOf(path, path.length - 1)).p(t.token(i)));
        }
        return p;
    }

    @Test
    void iidChainIsEveryDraftedPathWithItsProbability() {
        SequenceInstance inst = SequenceInstance.chain("c", TARGET3, ORDER1, 2);
        Map<DraftTree, BigFraction> law = DraftTrees.law(inst);
        // depth 1: 0, 1, 2; after 0: 1 or 2; after 1: back off to the empty row (3 tokens); after 2: 0 only
        assertEquals(2 + 3 + 1, law.size());
        assertEquals(Fractions.ONE, sum(law));
        assertEquals(BigFraction.of(3, 8), law.get(DraftTree.chain(0, 2)));
        assertEquals(BigFraction.of(1, 18), law.get(DraftTree.chain(1, 2)));
        assertEquals(BigFraction.of(1, 6), law.get(DraftTree.chain(2, 0)));
        law.forEach((t, p) -> assertEquals(iidProbability(t, ORDER1), p, t.toString()));
    }

    @Test
    void iidTreeIsOrderedTuplesIndependentPerNode() {
        SequenceInstance inst = SequenceInstance.tree("t", TARGET3, ORDER1, new int[] {2, 1}, SiblingProcess.IID);
        Map<DraftTree, BigFraction> law = DraftTrees.law(inst);
        assertEquals(Fractions.ONE, sum(law));
        law.forEach((t, p) -> {
            assertEquals(iidProbability(t, ORDER1), p, t.toString());
            assertEquals(4, t.size());
            assertEquals(2, t.children(DraftTree.ROOT).length);
        });
        // 3 x 3 ordered root tuples, each child with 2, 3 or 1 continuations
        int expected = 0;
        int[] cont = {2, 3, 1};
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                expected += cont[a] * cont[b];
            }
        }
        assertEquals(expected, law.size());
        assertTrue(DraftTrees.sizeEstimate(inst).compareTo(BigInteger.valueOf(expected)) >= 0);
        assertEquals(BigInteger.valueOf(81), DraftTrees.sizeEstimate(inst), "S^N = 3^4");
    }

    @Test
    void oneDraftModelPerChild() {
        ContextModel q0 = ContextModel.constant(Distribution.parse("1", "0", "0"));
        ContextModel q1 = ContextModel.constant(Distribution.parse("0", "1/2", "1/2"));
        SequenceInstance inst = SequenceInstance.of("ind", 1, TARGET3, List.of(q0, q1), new int[] {2},
            SiblingProcess.IID, 0, null);
        Map<DraftTree, BigFraction> law = DraftTrees.law(inst);
        assertEquals(Map.of(DraftTree.of(new int[] {0, 1}, new int[] {-1, -1}), BigFraction.of(1, 2),
            DraftTree.of(new int[] {0, 2}, new int[] {-1, -1}), BigFraction.of(1, 2)), law);
    }

    @Test
    void withoutReplacementIsOrderedDistinctTuples() {
        ContextModel q = ContextModel.constant(Distribution.parse("1/2", "1/3", "1/6"));
        SequenceInstance inst = SequenceInstance.tree("wr", TARGET3, q, new int[] {2}, SiblingProcess.WITHOUT_REPLACEMENT);
        Map<DraftTree, BigFraction> law = DraftTrees.law(inst);
        assertEquals(6, law.size());
        assertEquals(Fractions.ONE, sum(law));
        // (0, 1): 1/2 * (1/3)/(1/2) = 1/3; (2, 0): 1/6 * (1/2)/(5/6) = 1/10
        assertEquals(BigFraction.of(1, 3), law.get(DraftTree.of(new int[] {0, 1}, new int[] {-1, -1})));
        assertEquals(BigFraction.of(1, 10), law.get(DraftTree.of(new int[] {2, 0}, new int[] {-1, -1})));
        assertEquals(BigInteger.valueOf(6), DraftTrees.sizeEstimate(inst));
    }

    @Test
    void withoutReplacementRefusesANodeWithTooSmallASupportNamingItsPrefix() {
        SequenceInstance inst = SequenceInstance.tree("wr", TARGET3, ORDER1, new int[] {1, 2},
            SiblingProcess.WITHOUT_REPLACEMENT);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DraftTrees.law(inst));
        assertTrue(e.getMessage().contains("prefix \"2\"") && e.getMessage().contains("needs 2"), e.getMessage());
    }

    @Test
    void topKIsOneTreeWithTiesToTheLowestId() {
        ContextModel q = ContextModel.of(3, Map.of(List.of(), Distribution.parse("1/4", "3/8", "3/8"),
            List.of(1), Distribution.parse("0", "0", "1")));
        SequenceInstance inst = SequenceInstance.tree("k", TARGET3, q, new int[] {2, 2}, SiblingProcess.TOP_K);
        Map<DraftTree, BigFraction> law = DraftTrees.law(inst);
        assertEquals(1, law.size());
        DraftTree t = law.keySet().iterator().next();
        assertEquals(Fractions.ONE, law.get(t));
        // root: 1 and 2 (3/8 each, 1 first); after 1: 2 then 0 (zero mass, lowest id); after 2: 1 then 2
        assertEquals("[1 [2 0] 2 [1 2]]", t.toString());
        assertEquals(t, DraftTrees.topKTree(inst, new int[0]));
    }

    @Test
    void dynamicTreeTakesTheBudgetBestPathsByCumulativeDraftProbability() {
        ContextModel q = ContextModel.constant(Distribution.parse("1/2", "1/3", "1/6"));
        // values: 0 = 1/2, 1 = 1/3, 00 = 1/4, then 1/6 for 2, 01 and 10: the shorter path first, then 01 before 10
        DraftTree four = DraftTrees.dynamicTree(q, new int[0], 2, 4);
        assertArrayEquals(new int[] {0, 0, 1, 2}, four.tokens());
        assertArrayEquals(new int[] {-1, 0, -1, -1}, four.parents());
        DraftTree five = DraftTrees.dynamicTree(q, new int[0], 2, 5);
        assertEquals("[0 [0 1] 1 2]", five.toString());
        DraftTree six = DraftTrees.dynamicTree(q, new int[0], 2, 6);
        assertEquals("[0 [0 1] 1 [0] 2]", six.toString());
        // depth is capped at gamma; the budget is not reached when fewer paths have positive value
        ContextModel sparse = ContextModel.constant(Distribution.parse("1", "0", "0"));
        assertEquals(DraftTree.chain(0, 0), DraftTrees.dynamicTree(sparse, new int[0], 2, 10));
        SequenceInstance inst = SequenceInstance.dynamic("d", TARGET3, q, 2, 4);
        assertEquals(Map.of(four, Fractions.ONE), DraftTrees.law(inst));
    }

    @Test
    void tooManyTreesIsRefusedBeforeTheWork() {
        ContextModel q = ContextModel.constant(Distribution.uniform(4));
        SequenceInstance inst = SequenceInstance.tree("big", ContextModel.constant(Distribution.uniform(4)), q,
            new int[] {2, 2, 1}, SiblingProcess.IID);
        assertEquals(BigInteger.valueOf(4).pow(10), DraftTrees.sizeEstimate(inst));
        int[] calls = {0};
        TooLargeException e = assertThrows(TooLargeException.class,
            () -> DraftTrees.forEach(inst, new int[0], 1000, (t, p) -> calls[0]++));
        assertEquals(0, calls[0]);
        assertTrue(e.getMessage().contains("1048576") && e.getMessage().contains("1000"), e.getMessage());
    }

    @Test
    void instanceValidationNamesTheField() {
        ContextModel q = ContextModel.constant(P);
        ContextModel p3 = TARGET3;
        assertTrue(assertThrows(InvalidInputException.class, () -> SequenceInstance.chain("x", p3, q, 2))
            .getMessage().contains("draft"));
        assertTrue(assertThrows(InvalidInputException.class,
            () -> SequenceInstance.chain("x", ContextModel.constant(P), q, 0)).getMessage().contains("gamma"));
        assertTrue(assertThrows(InvalidInputException.class,
            () -> SequenceInstance.of("x", 2, ContextModel.constant(P), List.of(q), new int[] {2}, SiblingProcess.IID,
                0, null)).getMessage().contains("tree"));
        assertTrue(assertThrows(InvalidInputException.class,
            () -> SequenceInstance.of("x", 1, ContextModel.constant(P), List.of(q, q, q), new int[] {2},
                SiblingProcess.IID, 0, null)).getMessage().contains("drafts"));
        assertTrue(assertThrows(InvalidInputException.class,
            () -> SequenceInstance.dynamic("x", ContextModel.constant(P), q, 2, 0)).getMessage().contains("nodeBudget"));
        assertEquals(BigInteger.valueOf(2 + 4 + 4),
            SequenceInstance.tree("s", p3, TARGET3, new int[] {2, 2, 1}, SiblingProcess.IID).nodeCount());
        assertTrue(SequenceInstance.chain("c", p3, TARGET3, 3).isChain());
    }
}
