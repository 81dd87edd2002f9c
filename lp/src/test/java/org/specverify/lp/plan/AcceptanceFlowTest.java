package org.specverify.lp.plan;

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
}
