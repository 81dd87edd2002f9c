package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

/** Sequence sample lines: fields that would be silently lost are refused, naming the line. */
class SequenceSampleLineTest {
    private static final String GOOD = "{\"case\": \"c\", \"drafts\": [0, 2], \"emitted\": [0, 0], \"accepted\": 1";

    @Test
    void aPlainLineParses() {
        SequenceSampleLine s = SequenceSampleLine.parse(GOOD + "}", 1, "s.jsonl");
        assertEquals("c", s.caseId());
        assertEquals(1, s.accepted());
    }

    @Test
    void aSeedOrPositionIsRefusedNotIgnored() {
        for (String extra : new String[] {", \"seed\": 5, \"position\": 3}", ", \"seed\": 5}", ", \"position\": 3}"}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SequenceSampleLine.parse(GOOD + extra, 4, "s.jsonl"));
            assertTrue(e.getMessage().startsWith("s.jsonl: line 4: "), e.getMessage());
            assertTrue(e.getMessage().contains("\"seed\" and \"position\""), e.getMessage());
        }
    }

    @Test
    void aFieldGivenTwiceIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> SequenceSampleLine.parse("{\"case\": \"c\", \"case\": \"d\", \"drafts\": [0, 2], \"emitted\": [0]}",
                7, "s.jsonl"));
        assertTrue(e.getMessage().startsWith("s.jsonl: line 7: "), e.getMessage());
        assertTrue(e.getMessage().contains("case"), e.getMessage());
    }
}
