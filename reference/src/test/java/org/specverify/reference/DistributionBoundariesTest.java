package org.specverify.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** Ranges, ties and small helpers of {@link Distribution} and {@link Fractions}, at their boundaries. */
class DistributionBoundariesTest {
    @Test
    void argmaxFindsTheLargestMassWhereverItIsAndTheLowestIndexOnTies() {
        assertEquals(1, Distribution.parse("0.2", "0.5", "0.3").argmax());
        assertEquals(2, Distribution.parse("0.1", "0.2", "0.7").argmax());
        assertEquals(0, Distribution.parse("0.5", "0.5").argmax());
        assertEquals(1, Distribution.parse("0.2", "0.4", "0.4").argmax());
    }

    @Test
    void pointMassAndPositiveRefuseTokensOutOfRange() {
        assertEquals(BigFraction.ONE, Distribution.pointMass(3, 2).p(2));
        assertEquals(BigFraction.ZERO, Distribution.pointMass(3, 2).p(0));
        assertEquals(Distribution.parse("1", "0", "0"), Distribution.pointMass(3, 0));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Distribution.pointMass(3, 3));
        assertTrue(e.getMessage().contains("out of range 0..2"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Distribution.pointMass(3, -1));
        Distribution d = Distribution.parse("0", "1");
        assertFalse(d.positive(0));
        assertTrue(d.positive(1));
        InvalidInputException p = assertThrows(InvalidInputException.class, () -> d.positive(2));
        assertTrue(p.getMessage().contains("token 2 out of range 0..1"), p.getMessage());
        assertThrows(InvalidInputException.class, () -> d.positive(-1));
    }

    @Test
    void uniformNeedsOneToken() {
        assertEquals(Distribution.parse("1"), Distribution.uniform(1));
        assertThrows(InvalidInputException.class, () -> Distribution.uniform(0));
    }

    @Test
    void massOfASetSumsExactlyItsTokens() {
        Distribution d = Distribution.parse("1/6", "1/3", "1/2");
        assertEquals(BigFraction.ONE, d.mass(i -> true));
        assertEquals(BigFraction.ZERO, d.mass(i -> false));
        assertEquals(BigFraction.of(2, 3), d.mass(i -> i != 1));
        assertEquals(BigFraction.of(1, 2), d.mass(i -> i == 2));
    }

    @Test
    void residualAndTotalVariationRefuseLawsOfAnotherSize() {
        Distribution a = Distribution.parse("1/2", "1/2");
        Distribution b = Distribution.uniform(3);
        InvalidInputException r = assertThrows(InvalidInputException.class, () -> a.residual(b));
        assertTrue(r.getMessage().contains("vocabulary sizes differ: 2 vs 3"), r.getMessage());
        assertThrows(InvalidInputException.class, () -> a.totalVariation(b));
        assertThrows(InvalidInputException.class, () -> b.totalVariation(a));
    }

    @Test
    void doublesOfExactAndRowLaws() {
        assertArrayEquals(new double[] {0.25, 0.75}, Distribution.parse("1/4", "3/4").toDoubles());
        Distribution row = Distribution.ofDoubles(new double[] {1, 3}, "row");
        assertArrayEquals(new double[] {0.25, 0.75}, row.toDoubles());
        assertEquals(Distribution.parse("1/4", "3/4"), row);
        // rows of doubles answer from the row: argmax, set masses
        Distribution r3 = Distribution.ofDoubles(new double[] {1, 4, 3}, "row");
        assertEquals(1, r3.argmax());
        assertEquals(BigFraction.of(7, 8), r3.mass(i -> i > 0));
        assertEquals(Distribution.parse("1/8", "1/2", "3/8"), r3);
    }

    @Test
    void equalityAndHashingFollowTheExactMasses() {
        Distribution a = Distribution.parse("0.5", "0.5");
        Distribution b = Distribution.parse("1/2", "1/2");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        Distribution c = Distribution.parse("1/3", "2/3");
        assertNotEquals(a, c);
        assertNotEquals(a.hashCode(), c.hashCode(), "distinct laws should spread in hash tables");
        assertNotEquals(a, Distribution.parse("1/2", "1/2", "0"));
        assertNotEquals(a, "a string");
    }

    @Test
    void toStringShowsAtMost64Tokens() {
        assertEquals("[1/2, 1/2]", Distribution.parse("0.5", "0.5").toString());
        String u64 = Distribution.uniform(64).toString();
        assertFalse(u64.contains("..."), u64);
        assertEquals(64, u64.split(",").length);
        String u65 = Distribution.uniform(65).toString();
        assertTrue(u65.endsWith(", ... (65 tokens)]"), u65);
        assertEquals(65, u65.split(",").length, u65);
    }

    @Test
    void fractionsHelpers() {
        assertTrue(Fractions.isZero(BigFraction.ZERO));
        assertFalse(Fractions.isZero(BigFraction.of(1, 5)));
        assertEquals(BigFraction.of(1000), Fractions.parse("1e3"));
        assertEquals(BigFraction.of(-250), Fractions.of(new BigDecimal("-2.5E+2")));
        assertEquals(BigFraction.ONE, Fractions.sum(new BigFraction[] {BigFraction.of(1, 3), BigFraction.of(2, 3)}));
        assertEquals(BigFraction.ZERO, Fractions.sum(new BigFraction[0]));
        assertEquals("-1/3", Fractions.format(Fractions.canonical(BigFraction.of(1, -3))));
        assertTrue(Fractions.canonical(BigFraction.of(1, -3)).getDenominator().signum() > 0);
    }
}
