package org.specverify.reference.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

class DraftProcessTest {
    private final Distribution q = Distribution.parse("1/2", "1/4", "1/8", "1/8");

    private static BigFraction total(Map<DraftTuple, BigFraction> law) {
        return law.values().stream().reduce(BigFraction.ZERO, BigFraction::add);
    }

    @Test
    void iidLawIsTheProductAndClosedFormAllInMatchesEnumeration() {
        IidDraft d = new IidDraft(q, 3);
        Map<DraftTuple, BigFraction> law = d.law();
        assertEquals(64, law.size());
        assertEquals(BigFraction.ONE, total(law));
        assertEquals(BigFraction.of(1, 64), law.get(DraftTuple.of(0, 1, 2)), "1/2 * 1/4 * 1/8");
        IntPredicate h = t -> t == 0 || t == 2;
        BigFraction enumerated = law.entrySet().stream()
            .filter(e -> h.test(e.getKey().get(0)) && h.test(e.getKey().get(1)) && h.test(e.getKey().get(2)))
            .map(Map.Entry::getValue).reduce(BigFraction.ZERO, BigFraction::add);
        assertEquals(enumerated, d.probabilityAllIn(h));
        assertEquals(BigFraction.of(5, 8).pow(3), d.probabilityAllIn(h));
    }

    @Test
    void independentAllInIsTheProduct() {
        IndependentDraft d = new IndependentDraft(List.of(q, Distribution.uniform(4)));
        IntPredicate h = t -> t < 2;
        assertEquals(BigFraction.of(3, 4).multiply(BigFraction.of(1, 2)), d.probabilityAllIn(h));
        BigFraction viaLaw = new IidDraft(q, 1).law().isEmpty() ? null : BigFraction.ZERO;
        assertEquals(BigFraction.ZERO, viaLaw);
        assertEquals(BigFraction.ONE, total(d.law()));
    }

    /** P(x1 = a, x2 = b) = q(a) q(b)/(1 - q(a)) without replacement. */
    @Test
    void withoutReplacementLaw() {
        WithoutReplacementDraft d = new WithoutReplacementDraft(q, 2);
        Map<DraftTuple, BigFraction> law = d.law();
        assertEquals(12, law.size(), "ordered pairs of distinct tokens");
        assertEquals(BigFraction.ONE, total(law));
        assertEquals(BigFraction.of(1, 2).multiply(BigFraction.of(1, 4)).divide(BigFraction.of(1, 2)),
            law.get(DraftTuple.of(0, 1)));
        assertEquals(BigFraction.of(1, 8).multiply(BigFraction.of(1, 2)).divide(BigFraction.of(7, 8)),
            law.get(DraftTuple.of(3, 0)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> new WithoutReplacementDraft(Distribution.parse("1", "0", "0"), 2));
        assertTrue(e.getMessage().contains("at least K = 2"), e.getMessage());
    }

    /** The hub set {a, x} has probability q(x)/(1 - q(a)). */
    @Test
    void hubLaw() {
        HubDraft d = new HubDraft(q);
        assertEquals(0, d.hub());
        Map<DraftTuple, BigFraction> law = d.law();
        assertEquals(BigFraction.ONE, total(law));
        BigFraction set1 = law.get(DraftTuple.of(1, 0)).add(law.get(DraftTuple.of(0, 1)));
        assertEquals(BigFraction.of(1, 4).divide(BigFraction.of(1, 2)), set1);
        assertTrue(law.keySet().stream().allMatch(t -> t.contains(0) && t.get(0) != t.get(1)));
    }

    @Test
    void greedyAndDeterministic() {
        GreedyDraft g = new GreedyDraft(q, 3);
        assertEquals(List.of(0, 1), List.of(g.top()[0], g.top()[1]));
        assertEquals(Distribution.parse("0", "0", "1/2", "1/2"), g.restLaw());
        assertEquals(2, g.law().size());
        DeterministicDraft det = DeterministicDraft.topK(q, 2);
        assertEquals(Map.of(DraftTuple.of(0, 1), BigFraction.ONE), det.law());
        assertThrows(InvalidInputException.class, () -> DeterministicDraft.topK(q, 5));
        assertThrows(InvalidInputException.class, () -> new GreedyDraft(Distribution.parse("1/2", "1/2", "0"), 3));
    }
}
