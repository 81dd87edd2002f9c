package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

class SampleLineTest {
    final SampleLine s = new SampleLine();

    @Test
    void readsTheFieldsInAnyOrderAndSkipsOthers() {
        s.parse("{\"drafts\": [3, 1 ,4], \"x\": {\"a\": [1, -2.5e-3, \"}\"], \"b\": null}, \"output\": 2,"
            + " \"engine\": \"e\\\"1\\u0041\", \"case\": \"c\\\\d\", \"y\": true}", 7, "s");
        assertEquals("c\\d", s.caseId());
        assertEquals(2, s.output());
        assertEquals(3, s.draftCount());
        assertEquals(4, s.draft(2));
        assertEquals("e\"1A", s.engine());
        s.parse("  {\"case\": 12, \"output\": 0, \"drafts\": []}  ", 8, "s");
        assertEquals("12", s.caseId());
        assertEquals(0, s.draftCount());
        assertNull(s.engine());
    }

    @Test
    void manyDraftsGrowTheBuffer() {
        StringBuilder sb = new StringBuilder("{\"case\": \"a\", \"output\": 1, \"drafts\": [");
        for (int i = 0; i < 40; i++) {
            sb.append(i == 0 ? "" : ",").append(i);
        }
        s.parse(sb.append("]}").toString(), 1, "s");
        assertEquals(40, s.draftCount());
        assertEquals(39, s.draft(39));
    }

    @Test
    void malformedLinesNameTheLineAndColumn() {
        String[][] cases = {
            {"", "unexpected end"},
            {"[1]", "expected '{'"},
            {"{\"case\": \"a\", \"output\": 1}", "missing \"drafts\""},
            {"{\"case\": \"a\", \"output\": -1, \"drafts\": []}", "negative token"},
            {"{\"case\": \"a\", \"output\": 1.0, \"drafts\": []}", "must be an integer"},
            {"{\"case\": \"a\", \"output\": 01, \"drafts\": []}", "leading zero"},
            {"{\"case\": \"a\", \"output\": 99999999999, \"drafts\": []}", "too large"},
            {"{\"case\": \"a\", \"case\": \"b\", \"output\": 1, \"drafts\": []}", "given twice"},
            {"{\"case\": \"a\", \"output\": 1, \"drafts\": [1 2]}", "expected ',' or ']'"},
            {"{\"case\": \"a\", \"output\": 1, \"drafts\": [1]} x", "trailing text"},
            {"{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"z\": tru}", "bad value"},
            {"{\"case\": \"a\", \"output\": 1, \"drafts\": [1], \"engine\": 3}", "must be a string"},
            {"{}", "empty object"},
        };
        for (String[] c : cases) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.parse(c[0], 42, "f.jsonl"),
                c[0]);
            assertTrue(e.getMessage().startsWith("f.jsonl: line 42, column "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
