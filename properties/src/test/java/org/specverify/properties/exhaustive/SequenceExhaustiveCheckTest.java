package org.specverify.properties.exhaustive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/** The sequence grid: its size known before the work, refusals, and the shrinking moves. */
class SequenceExhaustiveCheckTest {
    @Test
    void theCountBeforeTheWorkIsTheNumberOfInstancesEnumerated() {
        SequenceExhaustiveCheck.Config c = new SequenceExhaustiveCheck.Config(List.of(2), List.of(1), List.of(0, 1),
            2);
        // rows on the 1/2 grid over 2 tokens: 3; order 0: 3 models, order 1: 3^3; pairs x 4 structures
        assertEquals((9 + 729) * 4, SequenceExhaustiveCheck.instances(c));
        SequenceScheme tokenwise = SequenceSchemes.reference().get("tokenwise");
        SequenceExhaustiveCheck.Result r = SequenceExhaustiveCheck.run(c, List.of(tokenwise),
            SequenceExhaustiveCheck.Limits.DEFAULT);
        assertEquals(SequenceExhaustiveCheck.instances(c), r.instances());
        assertEquals(0, r.failures());
        assertTrue(r.checks() > 0);
    }

    @Test
    void aRunAboveTheLimitIsRefusedBeforeAnyCheck() {
        SequenceExhaustiveCheck.Config c = new SequenceExhaustiveCheck.Config(List.of(3), List.of(1, 2, 3),
            List.of(1), 4);
        assertThrows(TooLargeException.class, () -> SequenceExhaustiveCheck.run(c,
            SequenceSchemes.reference().all(), SequenceExhaustiveCheck.Limits.DEFAULT));
    }

    @Test
    void shrinkingMovesAreValidAndSmaller() {
        ContextModel p = ContextModel.of(3, java.util.Map.of(List.of(), Distribution.of(BigFraction.of(1, 6),
            BigFraction.of(1, 3), BigFraction.of(1, 2)), List.of(1), Distribution.uniform(3)));
        SequenceInstance inst = SequenceInstance.chain("x", p, p, 3);
        List<SequenceInstance> c = SequenceExhaustiveCheck.candidates(inst);
        assertEquals(2, c.get(0).gamma(), "a shorter gamma first");
        assertEquals(2, c.get(1).vocab(), "then a smaller vocabulary");
        assertTrue(c.stream().anyMatch(i -> i.target().prefixes().size() == 1), "a key removed");
        ContextModel dropped = SequenceExhaustiveCheck.dropLastToken(p);
        assertEquals(Distribution.of(BigFraction.of(1, 3), BigFraction.of(2, 3)), dropped.row(List.of()));
        // a lossless scheme never "fails", so shrinking a lossless instance keeps it
        SequenceScheme tokenwise = SequenceSchemes.reference().get("tokenwise");
        assertEquals(inst, SequenceExhaustiveCheck.shrink(inst, tokenwise));
    }
}
