package org.specverify.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class DistributionTest {
    @Test
    void decimalTextIsReadExactlyAsWritten() {
        assertEquals(BigFraction.of(1, 20), Fractions.parse("0.05"));
        assertEquals(BigFraction.of(1, 1000), Fractions.parse("1e-3"));
        assertEquals(BigFraction.of(1, 3), Fractions.parse(" 1/3 "));
        assertEquals(BigFraction.of(2), Fractions.parse("2"));
        Distribution d = Distribution.parse("0.05", "0.95");
        assertEquals(BigFraction.of(1, 20), d.p(0));
        assertEquals(BigFraction.of(19, 20), d.p(1));
    }

    @Test
    void negativeMassNamesTokenAndValue() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> Distribution.parse("0.5", "0.6", "-0.1"));
        assertTrue(e.getMessage().contains("token 2") && e.getMessage().contains("-1/10"), e.getMessage());
    }

    @Test
    void nanTextNamesTokenAndText() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Distribution.parse("0.5", "NaN"));
        assertTrue(e.getMessage().contains("token 1") && e.getMessage().contains("'NaN'"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Distribution.parse("Infinity", "0"));
        assertThrows(InvalidInputException.class, () -> Fractions.parse("1/0"));
        assertThrows(InvalidInputException.class, () -> Fractions.parse(""));
        assertThrows(InvalidInputException.class, () -> Fractions.ofDouble(Double.NaN));
    }

    @Test
    void sumNotOneIsRefusedWithTheSum() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Distribution.parse("0.5", "0.4"));
        assertTrue(e.getMessage().contains("9/10") && e.getMessage().contains("not exactly 1"), e.getMessage());
        // 0.1 + 0.2 + 0.7 is exactly 1 in rationals even though it is not in doubles
        Distribution.parse("0.1", "0.2", "0.7");
    }

    @Test
    void emptyIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Distribution.parse(List.of()));
        assertTrue(e.getMessage().contains("at least one token"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Distribution.of());
    }

    @Test
    void tokenOutOfRangeIsRefused() {
        Distribution d = Distribution.uniform(3);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> d.p(3));
        assertTrue(e.getMessage().contains("token 3 out of range 0..2"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Distribution.pointMass(3, -1));
    }

    @Test
    void residualAndTotalVariation() {
        Distribution p = Distribution.parse("1/2", "1/2", "0");
        Distribution q = Distribution.parse("1/4", "1/4", "1/2");
        assertEquals(BigFraction.of(1, 2), p.totalVariation(q));
        assertEquals(Distribution.parse("1/2", "1/2", "0"), p.residual(q));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> p.residual(p));
        assertTrue(e.getMessage().contains("empty residual"), e.getMessage());
    }

    @Test
    void orderingHelpersBreakTiesByLowestIndex() {
        Distribution d = Distribution.parse("1/4", "3/8", "3/8", "0");
        assertEquals(1, d.argmax());
        assertArrayEquals(new int[] {1, 2, 0, 3}, d.tokensByDecreasingMass());
        assertEquals(3, d.supportSize());
    }

    @Test
    void vocabularyMismatchIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> Instance.identical("m", Distribution.uniform(3), Distribution.uniform(4), 1));
        assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("4 tokens"), e.getMessage());
        InvalidInputException k = assertThrows(InvalidInputException.class,
            () -> Instance.identical("k0", Distribution.uniform(3), Distribution.uniform(3), 0));
        assertTrue(k.getMessage().contains("k must be at least 1"), k.getMessage());
        InvalidInputException idx = assertThrows(InvalidInputException.class,
            () -> Instance.identical("i", Distribution.uniform(3), Distribution.uniform(3), 2).draft(2));
        assertTrue(idx.getMessage().contains("draft index 2 out of range 0..1"), idx.getMessage());
    }
}
