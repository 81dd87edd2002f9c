package org.specverify.reference.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

class ContextModelTest {
    static final Distribution A = Distribution.parse("1/2", "1/2");
    static final Distribution B = Distribution.parse("1/4", "3/4");
    static final Distribution C = Distribution.parse("1", "0");
    static final Distribution D = Distribution.parse("0", "1");

    @Test
    void lawAfterAPrefixIsTheRowOfItsLongestSuffixWithAKey() {
        ContextModel m = ContextModel.of(2, Map.of(List.of(), A, List.of(0), B, List.of(0, 1), C));
        assertEquals(A, m.lawAfter());
        assertEquals(B, m.lawAfter(0));
        assertEquals(B, m.lawAfter(1, 1, 0));
        assertEquals(C, m.lawAfter(0, 1));
        assertEquals(C, m.lawAfter(1, 0, 1));
        assertEquals(A, m.lawAfter(1));
        assertEquals(A, m.lawAfter(1, 1), "suffix \"1\" has no key, nor \"1,1\": back off to the empty prefix");
        assertEquals(List.of(0, 1), m.keyFor(new int[] {1, 0, 1}));
        assertEquals(2, m.order());
        assertEquals(List.of(List.of(), List.of(0), List.of(0, 1)), m.prefixes());
        assertEquals(C, m.lawAfter(new int[] {1, 0}, new int[] {1}), "context then path");
    }

    @Test
    void constantModelHasOneRowForEveryPrefix() {
        ContextModel m = ContextModel.constant(B);
        assertTrue(m.isConstant());
        assertEquals(0, m.order());
        assertEquals(B, m.lawAfter(1, 0, 1, 1));
    }

    @Test
    void theEmptyPrefixIsRequired() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> ContextModel.of(2, Map.of(List.of(0), A)));
        assertTrue(e.getMessage().contains("empty prefix") && e.getMessage().contains("\"0\""), e.getMessage());
    }

    @Test
    void keyTokenOutOfRangeNamesThePrefixAndToken() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> ContextModel.of(2, Map.of(List.of(), A, List.of(0, 2), B)));
        assertTrue(e.getMessage().contains("prefix \"0,2\"") && e.getMessage().contains("token 2"), e.getMessage());
    }

    @Test
    void badMassesNameThePrefixAndToken() {
        Map<List<Integer>, BigFraction[]> rows = new HashMap<>();
        rows.put(List.of(), new BigFraction[] {BigFraction.of(1, 2), BigFraction.of(1, 2)});
        rows.put(List.of(1), new BigFraction[] {BigFraction.of(11, 10), BigFraction.of(-1, 10)});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ContextModel.ofMasses(2, rows));
        assertTrue(e.getMessage().contains("prefix \"1\"") && e.getMessage().contains("token 1")
            && e.getMessage().contains("-1/10"), e.getMessage());

        rows.put(List.of(1), new BigFraction[] {BigFraction.of(1, 2), BigFraction.of(1, 3)});
        e = assertThrows(InvalidInputException.class, () -> ContextModel.ofMasses(2, rows));
        assertTrue(e.getMessage().contains("prefix \"1\"") && e.getMessage().contains("5/6"), e.getMessage());

        rows.put(List.of(1), new BigFraction[] {BigFraction.ONE});
        e = assertThrows(InvalidInputException.class, () -> ContextModel.ofMasses(2, rows));
        assertTrue(e.getMessage().contains("prefix \"1\"") && e.getMessage().contains("1 masses"), e.getMessage());
    }

    @Test
    void rowOfAnotherVocabularyIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> ContextModel.of(3, Map.of(List.of(), A)));
        assertTrue(e.getMessage().contains("empty prefix") && e.getMessage().contains("2 tokens"), e.getMessage());
    }

    @Test
    void prefixTextRoundTrips() {
        assertEquals(List.of(), ContextModel.parsePrefix(""));
        assertEquals(List.of(0, 12, 3), ContextModel.parsePrefix("0, 12,3"));
        assertEquals("0,12,3", ContextModel.prefixText(List.of(0, 12, 3)));
        assertThrows(InvalidInputException.class, () -> ContextModel.parsePrefix("0,,1"));
        assertThrows(InvalidInputException.class, () -> ContextModel.parsePrefix("a"));
        assertThrows(InvalidInputException.class, () -> ContextModel.parsePrefix("-1"));
    }

    @Test
    void lawAfterAnOutOfRangeTokenIsRefused() {
        ContextModel m = ContextModel.constant(A);
        assertThrows(InvalidInputException.class, () -> m.lawAfter(0, 5));
    }

    @Test
    void equalityIsByVocabularyAndTable() {
        assertEquals(ContextModel.of(2, Map.of(List.of(), A, List.of(1), D)),
            ContextModel.of(2, Map.of(List.of(1), D, List.of(), A)));
        assertTrue(!ContextModel.constant(A).equals(ContextModel.of(2, Map.of(List.of(), A, List.of(1), A))));
    }
}
