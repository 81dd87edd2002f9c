package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.IidDraft;

/** The measures a {@link Laws} remembers: the instance's for good, others bounded. */
class LawsTest {
    @Test
    void convertingFreshDistributionsStaysBounded() {
        Instance inst = Instance.identical("laws", Distribution.parse("1/2", "1/2"), Distribution.parse("1/4", "3/4"),
            2);
        Laws<BigFraction> laws = new Laws<>(Exact.INSTANCE, inst, new IidDraft(inst.draft(), 2));
        Measure<BigFraction> target = laws.target();
        Measure<BigFraction> draft = laws.draft(1);
        for (int i = 1; i <= 10_000; i++) {
            Distribution d = Distribution.of(BigFraction.of(1, i + 1), BigFraction.of(i, i + 1));
            Measure<BigFraction> m = laws.of(d);
            assertSame(m, laws.of(d), "a distribution just converted is remembered");
            assertEquals(BigFraction.of(1, i + 1), m.at(0));
            assertTrue(laws.remembered() <= Laws.MAX_REMEMBERED + 2,
                "remembers " + laws.remembered() + " measures after " + i + " conversions");
        }
        assertSame(target, laws.target(), "the target's measure is kept for good");
        assertSame(draft, laws.draft(0), "the draft law's measure is kept for good");
    }
}
