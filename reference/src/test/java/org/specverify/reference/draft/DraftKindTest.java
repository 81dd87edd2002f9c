package org.specverify.reference.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;

/** The rules of each draft kind, checked against the processes' own laws on every small weight pattern. */
class DraftKindTest {
    /** Every law on |V| = 1..4 with weights in {0, 1, 2} (ties and zeros included), normalised. */
    private static List<Distribution> smallLaws() {
        List<Distribution> out = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            int[] w = new int[n];
            int combos = (int) Math.pow(3, n);
            for (int c = 0; c < combos; c++) {
                int x = c;
                int total = 0;
                for (int i = 0; i < n; i++) {
                    w[i] = x % 3;
                    x /= 3;
                    total += w[i];
                }
                if (total == 0) {
                    continue;
                }
                BigFraction[] m = new BigFraction[n];
                for (int i = 0; i < n; i++) {
                    m[i] = BigFraction.of(w[i], total);
                }
                out.add(Distribution.of(m));
            }
        }
        return out;
    }

    /**
     * Where a kind applies, its process is a law on K-tuples (total 1, every tuple of length K, as many tuples as
     * {@link DraftProcess#tupleCount}); where it does not, building it is refused with the same reason.
     */
    @Test
    void aKindAppliesExactlyWhereItsProcessIsALaw() {
        int checked = 0;
        for (Distribution q : smallLaws()) {
            for (int k = 1; k <= 5; k++) {
                for (DraftKind kind : DraftKind.values()) {
                    if (kind == DraftKind.CUSTOM) {
                        continue;
                    }
                    Optional<String> why = kind.notApplicable(q, k);
                    int kk = k;
                    if (why.isPresent()) {
                        InvalidInputException e = assertThrows(InvalidInputException.class, () -> kind.build(q, kk),
                            kind + " on " + q + ", K = " + k);
                        assertEquals(why.get(), e.getMessage());
                        continue;
                    }
                    DraftProcess d = kind.build(q, k);
                    assertEquals(kind, DraftKind.of(d));
                    Map<DraftTuple, BigFraction> law = d.law();
                    assertEquals(BigFraction.ONE, law.values().stream().reduce(BigFraction.ZERO, BigFraction::add),
                        kind + " on " + q + ", K = " + k);
                    assertTrue(law.keySet().stream().allMatch(t -> t.k() == kk));
                    assertEquals(law.size(), d.tupleCount().orElseThrow().intValueExact());
                    checked++;
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    /**
     * Greedy's rule in (K, |V|, n⁺): mass outside the top K-1 tokens of q, computed directly from the order by
     * decreasing mass, is present iff n⁺ ≥ K (for K ≤ |V|).
     */
    @Test
    void greedyMassOutsideTheTopIsSupportAtLeastK() {
        for (Distribution q : smallLaws()) {
            for (int k = 1; k <= q.size(); k++) {
                int[] order = q.tokensByDecreasingMass();
                boolean rest = false;
                for (int i = k - 1; i < order.length; i++) {
                    rest |= q.positive(order[i]);
                }
                assertEquals(rest, DraftKind.GREEDY.notApplicable(q, k).isEmpty(), q + ", K = " + k);
            }
        }
    }

    /** The floating form gives the exact form's answer from the row's count of positive entries. */
    @Test
    void floatingRowsGetTheSameAnswer() {
        for (Distribution q : smallLaws()) {
            double[] row = new double[q.size()];
            int support = 0;
            for (int x = 0; x < row.length; x++) {
                row[x] = q.p(x).doubleValue();
                support += row[x] > 0 ? 1 : 0;
            }
            for (int k = 1; k <= 5; k++) {
                for (DraftKind kind : DraftKind.values()) {
                    assertEquals(kind.notApplicable(q, k), kind.notApplicable(k, row.length, support));
                }
                List<DraftKind> exact = DraftKind.applicableTo(Instance.identical("i", q, q, k));
                assertEquals(exact, DraftKind.applicable(k, row.length, support));
            }
        }
    }

    @Test
    void rulesAndMessages() {
        Distribution q = Distribution.parse("1/2", "1/2", "0");
        assertEquals(Optional.of("greedy drafts need draft mass outside the top K-1 = 2 tokens of q, but q has only 2"
            + " tokens of positive mass"), DraftKind.GREEDY.notApplicable(q, 3));
        assertEquals(Optional.of("greedy drafts need K <= |V| = 3, got K = 4"), DraftKind.GREEDY.notApplicable(q, 4));
        assertEquals(Optional.of("the hub draft process needs K = 2, got K = 3"), DraftKind.HUB.notApplicable(q, 3));
        assertTrue(DraftKind.HUB.notApplicable(q, 2).isEmpty());
        assertTrue(DraftKind.HUB.notApplicable(Distribution.parse("1", "0"), 2).orElseThrow()
            .contains("at least two tokens of positive draft mass"));
        assertTrue(DraftKind.WITHOUT_REPLACEMENT.notApplicable(q, 3).orElseThrow()
            .contains("at least K = 3 tokens of positive draft mass, q has 2"));
        assertEquals(Optional.of("deterministic top-K drafts need K <= |V| = 3, got K = 4"),
            DraftKind.DETERMINISTIC.notApplicable(q, 4));
        assertEquals(Optional.of("iid drafts need K >= 1, got K = 0"), DraftKind.IID.notApplicable(q, 0));
        assertThrows(IllegalArgumentException.class, () -> DraftKind.IID.notApplicable(2, 3, 4));
        assertThrows(UnsupportedOperationException.class, () -> DraftKind.CUSTOM.build(q, 2));
    }

    /** The kinds of an instance: the ones of a shared law that apply, or independent alone for one law per draft. */
    @Test
    void kindsOfAnInstance() {
        Distribution q = Distribution.parse("1/2", "1/2", "0");
        Instance two = Instance.identical("two", q, q, 2);
        assertEquals(List.of(DraftKind.IID, DraftKind.WITHOUT_REPLACEMENT, DraftKind.HUB, DraftKind.GREEDY,
            DraftKind.DETERMINISTIC), DraftKind.applicableTo(two));
        Instance three = Instance.identical("three", q, q, 3);
        assertEquals(List.of(DraftKind.IID, DraftKind.DETERMINISTIC), DraftKind.applicableTo(three));
        Instance rows = Instance.independent("rows", q, List.of(q, Distribution.uniform(3)));
        assertEquals(List.of(DraftKind.INDEPENDENT), DraftKind.applicableTo(rows));
        assertTrue(DraftKind.GREEDY.notApplicable(rows).orElseThrow().contains("one draft law shared by all drafts"));
        assertEquals(DraftKind.INDEPENDENT, DraftKind.of(DraftKind.INDEPENDENT.build(rows)));
        assertEquals(DraftKind.GREEDY, DraftKind.of(DraftKind.GREEDY.build(two)));
        assertThrows(InvalidInputException.class, () -> DraftKind.HUB.build(three));
    }

    @Test
    void theKindASchemeRunsWith() {
        Distribution q = Distribution.uniform(3);
        Instance shared = Instance.identical("shared", q, q, 2);
        Instance rows = Instance.independent("rows", q, List.of(q, q));
        Set<DraftKind> both = EnumSet.of(DraftKind.IID, DraftKind.INDEPENDENT);
        assertEquals(DraftKind.IID, DraftKind.declaredOn(both, shared));
        assertEquals(DraftKind.INDEPENDENT, DraftKind.declaredOn(both, rows));
        assertEquals(DraftKind.IID, DraftKind.declaredOn(Set.of(DraftKind.INDEPENDENT), shared));
        assertEquals(DraftKind.GREEDY, DraftKind.declaredOn(Set.of(DraftKind.GREEDY), shared));
        assertEquals(DraftKind.CUSTOM, DraftKind.declaredOn(Set.of(DraftKind.CUSTOM), rows));
        assertFalse(DraftKind.applicableTo(shared).contains(DraftKind.CUSTOM));
        for (DraftKind kind : DraftKind.values()) {
            assertEquals(kind == DraftKind.CUSTOM ? Optional.empty() : Optional.of(kind), DraftKind.ofId(kind.id()));
        }
        assertEquals(Optional.empty(), DraftKind.ofId("Greedy"));
    }
}
