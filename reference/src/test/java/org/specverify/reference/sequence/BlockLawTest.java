package org.specverify.reference.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;

class BlockLawTest {
    static final ContextModel P = ContextModel.constant(Distribution.parse("1/3", "2/3"));
    static final ContextModel MARKOV = ContextModel.of(2, Map.of(List.of(), Distribution.parse("1/2", "1/2"),
        List.of(0), Distribution.parse("1/4", "3/4"), List.of(1), Distribution.parse("1", "0")));

    private static BigFraction f(int a, int b) {
        return BigFraction.of(a, b);
    }

    @Test
    void targetLawIsTheProductOfConditionals() {
        SequenceLaw law = SequenceLaw.target(MARKOV, new int[0], 3);
        assertEquals(f(1, 2).multiply(f(3, 4)).multiply(f(1, 1)), law.mass(List.of(0, 1, 0)));
        assertEquals(Fractions.ZERO, law.mass(List.of(1, 1, 0)));
        assertEquals(f(1, 2).multiply(f(1, 4)).multiply(f(1, 4)), law.mass(List.of(0, 0, 0)));
        assertEquals(Fractions.ONE, law.masses().values().stream().reduce(Fractions.ZERO, BigFraction::add));
        // after the context 1 the next token is 0
        assertEquals(f(1, 4), SequenceLaw.target(MARKOV, new int[] {1}, 2).mass(List.of(0, 0)));
    }

    /** Token-wise speculative sampling of one draft, written out by hand: p = (1/3, 2/3), q = (2/3, 1/3). */
    private static BlockLaw handTokenwise(boolean residualFromTarget) {
        BlockLaw.Builder b = BlockLaw.builder(2);
        for (int y = 0; y < 2; y++) {
            BigFraction py = P.lawAfter().p(y);
            b.add(new int[] {0, y}, f(2, 3).multiply(f(1, 2)).multiply(py)); // draft 0 accepted w.p. 1/2, bonus y
            b.add(new int[] {1, y}, f(1, 3).multiply(py));                   // draft 1 always accepted
        }
        if (residualFromTarget) {
            b.add(new int[] {0}, f(1, 3).multiply(f(1, 3))); // the bug: resample from p after a rejection
            b.add(new int[] {1}, f(1, 3).multiply(f(2, 3)));
        } else {
            b.add(new int[] {1}, f(1, 3)); // the residual norm((p - q)+) is token 1
        }
        return b.build();
    }

    @Test
    void correctTokenwiseStepContinuedByTheTargetIsTheTargetLaw() {
        BlockLaw law = handTokenwise(false);
        SequenceLaw.Comparison c = law.compareWithTarget(P, new int[0], 2);
        assertTrue(c.equal(), c.toString());
        AcceptedLengthLaw acc = law.acceptedLengthLaw(1);
        assertArrayEquals(new BigFraction[] {f(1, 3), f(2, 3)}, acc.masses());
        assertEquals(f(2, 3), acc.mean(), "1 - TV(p, q)");
    }

    @Test
    void lossyStepReportsTheWorstSequenceAndItsExactError() {
        SequenceLaw.Comparison c = handTokenwise(true).compareWithTarget(P, new int[0], 2);
        assertFalse(c.equal());
        // observed: [0, y] gets 1/3 p(y) + 1/9 p(y), expected 1/3 p(y): worst at y = 1, error 2/27
        assertEquals(List.of(0, 1), c.worst());
        assertEquals(f(2, 27), c.error());
        assertEquals(f(8, 27), c.observed());
        assertEquals(f(2, 9), c.expected());
        assertEquals(f(1, 9), c.totalVariation());
        assertTrue(c.toString().contains("[0, 1]"), c.toString());
    }

    @Test
    void blocksLongerThanHAreTruncated() {
        BlockLaw b = BlockLaw.builder(2).add(new int[] {0, 1, 1}, f(1, 2)).add(new int[] {0, 1, 0}, f(1, 2)).build();
        SequenceLaw s = b.continuedByTarget(P, new int[0], 2);
        assertEquals(Map.of(List.of(0, 1), Fractions.ONE), s.masses());
    }

    @Test
    void blockLawValidation() {
        assertThrows(InvalidInputException.class, () -> BlockLaw.builder(2).add(new int[0], f(1, 1)));
        assertThrows(InvalidInputException.class, () -> BlockLaw.builder(2).add(new int[] {2}, f(1, 1)));
        assertThrows(InvalidInputException.class, () -> BlockLaw.builder(2).add(new int[] {1}, f(-1, 2)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> BlockLaw.builder(2).add(new int[] {1}, f(1, 2)).build());
        assertTrue(e.getMessage().contains("1/2"), e.getMessage());
        assertThrows(InvalidInputException.class,
            () -> BlockLaw.builder(2).add(new int[] {1, 1, 1}, f(1, 1)).build().acceptedLengthLaw(1));
        assertThrows(TooLargeException.class, () -> SequenceLaw.target(P, new int[0], 40));
    }

    @Test
    void acceptedLengthLawMeanAndPerDepthAcceptance() {
        AcceptedLengthLaw a = AcceptedLengthLaw.of(f(1, 4), f(1, 4), f(1, 2), Fractions.ZERO);
        assertEquals(f(5, 4), a.mean());
        assertEquals(f(9, 4), a.blockEfficiency());
        assertArrayEquals(new BigFraction[] {f(3, 4), f(1, 2), Fractions.ZERO}, a.reachedByDepth());
        assertEquals(a.mean(), a.reachedByDepth()[0].add(a.reachedByDepth()[1]).add(a.reachedByDepth()[2]));
        assertEquals(f(2, 3), a.conditional(2).orElseThrow());
        assertEquals(Fractions.ZERO, a.conditional(3).orElseThrow());
        assertTrue(AcceptedLengthLaw.of(Fractions.ONE, Fractions.ZERO, Fractions.ZERO).conditional(2).isEmpty());
        assertThrows(InvalidInputException.class, () -> AcceptedLengthLaw.of(f(1, 2), f(1, 3)));
        assertThrows(InvalidInputException.class, () -> AcceptedLengthLaw.of(f(3, 2), f(-1, 2)));
    }
}
