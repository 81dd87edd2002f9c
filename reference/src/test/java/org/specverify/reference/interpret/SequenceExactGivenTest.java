package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * {@link SequenceExact#blockLawGiven}: the conditional laws given each drafted tree, mixed by the law of the trees, give
 * the block law of the eager route, for every reference sequence scheme on instances it applies to.
 */
class SequenceExactGivenTest {
    static ContextModel order1(String[] empty, String[] after0, String[] after1, String[] after2) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        rows.put(List.of(), Distribution.parse(empty));
        rows.put(List.of(0), Distribution.parse(after0));
        rows.put(List.of(1), Distribution.parse(after1));
        rows.put(List.of(2), Distribution.parse(after2));
        return ContextModel.of(3, rows);
    }

    static final ContextModel P = order1(new String[] {"1/2", "1/4", "1/4"}, new String[] {"1/4", "1/2", "1/4"},
        new String[] {"1/3", "1/3", "1/3"}, new String[] {"1/2", "0", "1/2"});
    static final ContextModel Q = order1(new String[] {"1/4", "1/2", "1/4"}, new String[] {"1/2", "1/4", "1/4"},
        new String[] {"1/3", "1/3", "1/3"}, new String[] {"1/4", "1/4", "1/2"});

    static List<SequenceInstance> instances() {
        return List.of(SequenceInstance.chain("chain", P, Q, 2),
            SequenceInstance.tree("iid", P, Q, new int[] {2, 1}, SiblingProcess.IID),
            SequenceInstance.tree("wor", P, Q, new int[] {2, 1}, SiblingProcess.WITHOUT_REPLACEMENT),
            SequenceInstance.tree("top-k", P, Q, new int[] {2, 1}, SiblingProcess.TOP_K));
    }

    @Test
    void conditionalLawsMixToTheBlockLaw() {
        int checked = 0;
        for (SequenceScheme scheme : SequenceSchemes.reference().all()) {
            for (SequenceInstance inst : instances()) {
                if (scheme.notApplicable(inst).isPresent()) {
                    continue;
                }
                BlockLaw.Builder mixed = BlockLaw.builder(inst.vocab());
                for (Map.Entry<DraftTree, BigFraction> t : DraftTrees.law(inst).entrySet()) {
                    BlockLaw given = SequenceExact.blockLawGiven(inst, scheme, t.getKey(), 1_000_000);
                    for (Map.Entry<List<Integer>, BigFraction> b : given.masses().entrySet()) {
                        int[] block = b.getKey().stream().mapToInt(Integer::intValue).toArray();
                        mixed.add(block, t.getValue().multiply(b.getValue()));
                    }
                }
                assertEquals(SequenceExact.blockLaw(inst, scheme, SequenceExact.Route.EAGER), mixed.build(),
                    scheme.id() + " on " + inst);
                checked++;
            }
        }
        assertTrue(checked >= 10, "only " + checked + " (scheme, instance) pairs apply");
    }
}
