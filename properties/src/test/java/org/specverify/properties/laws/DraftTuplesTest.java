package org.specverify.properties.laws;

import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.DeterministicDraft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.properties.InstanceBank;

/**
 * The direct tuple enumerations ({@link DraftProcess#forEachTuple}), the laws collected from them and the tuple counts,
 * against the definition: the draw program run by the exact enumerator ({@link DraftProcess#enumeratedLaw}).
 */
class DraftTuplesTest {
    private static List<DraftProcess> processes(Instance inst) {
        List<DraftProcess> out = new ArrayList<>();
        int k = inst.k();
        if (!inst.identicalDrafts()) {
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rows.add(inst.draft(i));
            }
            out.add(new IndependentDraft(rows));
            return out;
        }
        Distribution q = inst.draft();
        out.add(new IidDraft(q, k));
        if (q.supportSize() >= k) {
            out.add(new WithoutReplacementDraft(q, k));
        }
        if (k == 2 && q.supportSize() >= 2) {
            out.add(new HubDraft(q));
        }
        if (k <= q.size()) {
            out.add(DeterministicDraft.topK(q, k));
            try {
                out.add(new GreedyDraft(q, k));
            } catch (org.specverify.reference.InvalidInputException noRest) {
                // q has no mass outside its top K-1 tokens
            }
        }
        return out;
    }

    /** Law: forEachTuple, law() and tupleCount agree with the enumerated draw program, for every process and instance. */
    @Test
    void directEnumerationsMatchTheDrawProgram() {
        int checked = 0;
        for (Instance inst : InstanceBank.all()) {
            for (DraftProcess p : processes(inst)) {
                Map<DraftTuple, BigFraction> expected = DraftProcess.enumeratedLaw(p);
                Map<DraftTuple, BigFraction> direct = new LinkedHashMap<>();
                p.forEachTuple((d, q) -> direct.merge(DraftTuple.of(d), q, BigFraction::add));
                String where = p.id() + " on " + inst.name();
                assertEquals(expected, direct, where);
                assertEquals(expected, p.law(), where);
                assertEquals(BigInteger.valueOf(expected.size()), p.tupleCount().orElseThrow(), where);
                checked++;
            }
        }
        assertTrue(checked > 50, "only " + checked + " processes checked");
    }

    /** The kind comes from the class, never from the id a process reports. */
    @Test
    void kindIsByClassNotByName() {
        DraftProcess impostor = new DraftProcess() {
            @Override
            public String id() {
                return "iid";
            }

            @Override
            public int k() {
                return 1;
            }

            @Override
            public int vocab() {
                return 2;
            }

            @Override
            public int[] draw(org.specverify.reference.random.Draws<BigFraction> draws) {
                return new int[] {0};
            }

            @Override
            public java.util.Optional<String> whyImpossible(int[] drafts) {
                return java.util.Optional.empty();
            }
        };
        assertEquals(DraftKind.CUSTOM, DraftKind.of(impostor));
        assertEquals(DraftKind.CUSTOM, impostor.kind());
        assertEquals(DraftKind.IID, new IidDraft(Distribution.uniform(2), 1).kind());
        assertTrue(impostor.tupleCount().isEmpty());
    }
}
