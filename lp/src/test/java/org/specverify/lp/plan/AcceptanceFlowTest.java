package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.IidDraft;

class AcceptanceFlowTest {
    static Stream<HandMadeCases.Case> cases() {
        return HandMadeCases.all().stream();
    }

    /** Max flow = min over H of p(H) + 1 - Q(x̄ ⊆ H), exactly (the flow value is α*). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void valueEqualsSubsetOptimum(HandMadeCases.Case c) {
        BigFraction expected = SubsetOptimum.of(c.p(), c.process()).value();
        AcceptanceFlow flow = AcceptanceFlow.of(c.p(), c.process());
        assertEquals(expected, flow.value(), () -> c + ": flow " + Fractions.format(flow.value())
            + " vs subset optimum " + Fractions.format(expected) + " (tolerance exact)");
    }

    /** The minimum cut's token set H attains the subset minimum: p(H) + 1 - Q(x̄ ⊆ H) = α*. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void minCutSetAttainsTheMinimum(HandMadeCases.Case c) {
        AcceptanceFlow flow = AcceptanceFlow.of(c.p(), c.process());
        int[] h = flow.minimisingSet();
        boolean[] in = new boolean[c.p().size()];
        for (int y : h) {
            in[y] = true;
        }
        BigFraction atH = c.p().mass(y -> in[y]).add(BigFraction.ONE).subtract(c.process().probabilityAllIn(y -> in[y]));
        assertEquals(SubsetOptimum.of(c.p(), c.process()).value(), atH, () -> c + ": H = "
            + java.util.Arrays.toString(h) + " (tolerance exact)");
    }

    /** Flow respects capacities: per tuple ≤ Q(x̄), per token ≤ p(y), only on drafts, and the leftovers add up. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flowIsFeasible(HandMadeCases.Case c) {
        AcceptanceFlow flow = AcceptanceFlow.of(c.p(), c.process());
        int n = c.p().size();
        BigFraction[] col = new BigFraction[n];
        java.util.Arrays.fill(col, BigFraction.ZERO);
        for (int i = 0; i < flow.tuples().size(); i++) {
            DraftTuple x = flow.tuples().get(i);
            BigFraction row = BigFraction.ZERO;
            for (int y = 0; y < n; y++) {
                BigFraction f = flow.flow(i, y);
                assertTrue(f.signum() >= 0, c + ": negative flow at " + x + ", " + y);
                assertTrue(f.signum() == 0 || x.contains(y), c + ": flow off the drafts at " + x + ", " + y);
                row = row.add(f);
                col[y] = col[y].add(f);
            }
            assertEquals(flow.tupleMass(i), row.add(flow.tupleLeftover(i)), c + ": row " + x);
            assertTrue(flow.tupleLeftover(i).signum() >= 0, c + ": row " + x + " over capacity");
        }
        for (int y = 0; y < n; y++) {
            assertEquals(c.p().p(y), col[y].add(flow.tokenLeftover(y)), c + ": column " + y);
            assertTrue(flow.tokenLeftover(y).signum() >= 0, c + ": column " + y + " over capacity");
        }
    }

    /** K = 1: α* = 1 - TV(p, q), the acceptance of single-draft speculative sampling. */
    @Test
    void singleDraftIsOneMinusTotalVariation() {
        Distribution p = Distribution.parse("1/7", "2/7", "0", "4/7");
        Distribution q = Distribution.parse("1/2", "1/8", "1/8", "1/4");
        assertEquals(BigFraction.ONE.subtract(p.totalVariation(q)), AcceptanceFlow.of(p, new IidDraft(q, 1)).value());
    }

    /** One-hot p = δ_y with iid drafts: α* = P(y ∈ x̄) = 1 - (1 - q(y))^K. */
    @Test
    void oneHotTargetIsProbabilityOfDraftingIt() {
        Distribution q = Distribution.parse("1/5", "3/10", "1/2");
        for (int k = 1; k <= 3; k++) {
            BigFraction expected = BigFraction.ONE.subtract(BigFraction.ONE.subtract(q.p(1)).pow(k));
            assertEquals(expected, AcceptanceFlow.of(Distribution.pointMass(3, 1), new IidDraft(q, k)).value(),
                "K = " + k);
        }
    }

    /** A law that does not sum to one, or names a token outside the vocabulary, is refused with a clear message. */
    @Test
    void badLawsAreRefused() {
        Distribution p = Distribution.parse("1/2", "1/2");
        Map<DraftTuple, BigFraction> law = new LinkedHashMap<>();
        law.put(DraftTuple.of(0), BigFraction.of(1, 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AcceptanceFlow.of(p, law));
        assertTrue(e.getMessage().contains("sum to 1/2"), e.getMessage());
        law.put(DraftTuple.of(2), BigFraction.of(1, 2));
        e = assertThrows(InvalidInputException.class, () -> AcceptanceFlow.of(p, law));
        assertTrue(e.getMessage().contains("token 2, out of range"), e.getMessage());
        InvalidInputException sizes = assertThrows(InvalidInputException.class,
            () -> AcceptanceFlow.of(p, new IidDraft(Distribution.uniform(3), 1)));
        assertTrue(sizes.getMessage().contains("2 tokens") && sizes.getMessage().contains("3"), sizes.getMessage());
    }

    /**
     * A network solved by hand. Law (in this order): (0, 1) with 1/4, (1, 0) with 1/4, (0, 0) with 1/2, and (1, 1)
     * with 0; p = (1/2, 1/2). The two mixed tuples are one set {0, 1} of mass 1/2. The greedy start sends it all to
     * token 0 (the smaller draft), which leaves set {0} with nothing to take: value 1/2. One augmenting path,
     * {0} → 0 → {0, 1} → 1, moves 1/2 and reaches α* = 1 with H = ∅ (nothing is reachable from the source after it).
     * The zero-probability tuple is accepted, and as a tuple of zero mass it carries no flow.
     */
    @Test
    void handSolvedNetwork() {
        Distribution p = Distribution.parse("1/2", "1/2");
        Map<DraftTuple, BigFraction> law = new LinkedHashMap<>();
        law.put(DraftTuple.of(0, 1), BigFraction.of(1, 4));
        law.put(DraftTuple.of(1, 0), BigFraction.of(1, 4));
        law.put(DraftTuple.of(0, 0), BigFraction.of(1, 2));
        law.put(DraftTuple.of(1, 1), BigFraction.ZERO);
        AcceptanceFlow flow = AcceptanceFlow.of(p, law);
        assertEquals(Fractions.ONE, flow.value());
        assertEquals(1, flow.augmentations());
        assertEquals(2, flow.vocab());
        assertEquals(3, flow.groups());
        assertEquals(flow.groupOf(0), flow.groupOf(1));
        int mixed = flow.groupOf(0);
        int zero = flow.groupOf(2);
        assertTrue(mixed != zero && flow.groupOf(3) != mixed && flow.groupOf(3) != zero);
        assertArrayEquals(new int[] {0, 1}, flow.groupSet(mixed));
        assertArrayEquals(new int[] {0}, flow.groupSet(zero));
        assertArrayEquals(new int[] {1, 0}, flow.distinctDrafts(1));
        assertArrayEquals(new int[] {0}, flow.distinctDrafts(2));
        assertEquals(BigFraction.of(1, 2), flow.groupMass(mixed));
        assertEquals(BigFraction.of(1, 2), flow.groupFlow(mixed, 1));
        assertEquals(Fractions.ZERO, flow.groupFlow(mixed, 0));
        assertEquals(BigFraction.of(1, 2), flow.groupFlow(zero, 0));
        assertEquals(Fractions.ZERO, flow.groupLeftover(mixed));
        assertEquals(Fractions.ZERO, flow.groupLeftover(zero));
        // the set's flow splits in proportion to the tuples' masses
        assertEquals(BigFraction.of(1, 4), flow.flow(0, 1));
        assertEquals(BigFraction.of(1, 4), flow.flow(1, 1));
        assertEquals(Fractions.ZERO, flow.flow(3, 1));
        assertArrayEquals(new int[0], flow.minimisingSet());
        assertEquals(Fractions.ONE, flow.subsetBound());
    }

    /**
     * A cut that is not empty: p = (1/4, 3/4), the law (0, 0) with 1/2 and (0, 1) with 1/2. Token 0 takes only 1/4,
     * the set {0} keeps 1/4 unaccepted and H = {0}: α* = p(H) + 1 - Q(x̄ ⊆ H) = 1/4 + 1 - 1/2 = 3/4. Greedy alone is
     * optimal here (no augmenting path); token 1 keeps 3/4 - 1/2.
     */
    @Test
    void handSolvedCut() {
        Distribution p = Distribution.parse("1/4", "3/4");
        Map<DraftTuple, BigFraction> law = new LinkedHashMap<>();
        law.put(DraftTuple.of(0, 0), BigFraction.of(1, 2));
        law.put(DraftTuple.of(0, 1), BigFraction.of(1, 2));
        AcceptanceFlow flow = AcceptanceFlow.of(p, law);
        assertEquals(BigFraction.of(3, 4), flow.value());
        assertEquals(0, flow.augmentations());
        assertArrayEquals(new int[] {0}, flow.minimisingSet());
        assertEquals(BigFraction.of(3, 4), flow.subsetBound());
        assertEquals(BigFraction.of(1, 4), flow.groupLeftover(flow.groupOf(0)));
        assertEquals(BigFraction.of(1, 4), flow.tupleLeftover(0));
        assertEquals(BigFraction.of(1, 4), flow.tokenLeftover(1));
    }

    /** A token just past the vocabulary and a negative probability are refused, the range and the value named. */
    @Test
    void refusalBoundaries() {
        Distribution p = Distribution.parse("1/2", "1/2");
        Map<DraftTuple, BigFraction> law = new LinkedHashMap<>();
        law.put(DraftTuple.of(0, 2), Fractions.ONE);
        InvalidInputException range = assertThrows(InvalidInputException.class, () -> AcceptanceFlow.of(p, law));
        assertTrue(range.getMessage().contains("token 2, out of range 0..1"), range.getMessage());
        law.clear();
        law.put(DraftTuple.of(0), BigFraction.of(5, 4));
        law.put(DraftTuple.of(1), BigFraction.of(-1, 4));
        InvalidInputException neg = assertThrows(InvalidInputException.class, () -> AcceptanceFlow.of(p, law));
        assertTrue(neg.getMessage().contains("negative probability -1/4"), neg.getMessage());
    }
}
