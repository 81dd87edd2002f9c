package org.specverify.properties.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.specverify.lp.OptimalSchemes;
import org.specverify.properties.gen.InstanceGenerators.Edge;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;

/**
 * How often the generators produce each edge case. The counts are printed (so the rates are visible in the build log)
 * and the test fails if an edge case, a vocabulary size, a K or a scheme's draft process is never generated.
 */
class InstanceGeneratorsTest {
    static final int EXAMPLES = 2000;

    @Test
    void everyEdgeCaseIsGenerated() {
        Map<Edge, Integer> counts = new EnumMap<>(Edge.class);
        for (Edge e : Edge.values()) {
            counts.put(e, 0);
        }
        Map<Integer, Integer> vocab = new TreeMap<>();
        Map<Integer, Integer> ks = new TreeMap<>();
        int[] seen = {0};
        qt().withFixedSeed(20261202L).withExamples(EXAMPLES).forAll(InstanceGenerators.instances()).checkAssert(i -> {
            seen[0]++;
            vocab.merge(i.vocab(), 1, Integer::sum);
            ks.merge(i.k(), 1, Integer::sum);
            for (Edge e : InstanceGenerators.edges(i)) {
                counts.merge(e, 1, Integer::sum);
            }
        });
        StringBuilder table = new StringBuilder("edge case rates over " + seen[0] + " generated instances:\n");
        counts.forEach((e, c) -> table.append(String.format("  %-20s %5d  %5.1f %%%n", e, c, 100.0 * c / seen[0])));
        table.append("  |V|: ").append(vocab).append("\n  K: ").append(ks).append('\n');
        System.out.print(table);
        // QuickTheories skips examples it has already run, so a few fewer than EXAMPLES arrive
        assertTrue(seen[0] > EXAMPLES * 9 / 10, "only " + seen[0] + " examples ran");
        counts.forEach((e, c) -> assertTrue(c > 0, e + " was never generated\n" + table));
        for (int n = 2; n <= InstanceGenerators.MAX_VOCAB; n++) {
            assertTrue(vocab.getOrDefault(n, 0) > 0, "|V| = " + n + " never generated\n" + table);
        }
        for (int k = 1; k <= InstanceGenerators.MAX_K; k++) {
            assertTrue(ks.getOrDefault(k, 0) > 0, "K = " + k + " never generated\n" + table);
        }
    }

    /** Every scheme of the registry, hence every draft process, gets applicable instances with repeated drafts. */
    @Test
    void everySchemeAndDraftProcessGetsInstances() {
        Map<String, Integer> byProcess = new TreeMap<>();
        for (Scheme s : OptimalSchemes.registry().all()) {
            int[] n = {0};
            qt().withFixedSeed(7L).withExamples(100).forAll(InstanceGenerators.applicableTo(s)).checkAssert(i -> {
                assertTrue(s.notApplicable(i).isEmpty(), s.id() + " does not apply to " + i);
                byProcess.merge(s.bind(i).draftProcess().id(), 1, Integer::sum);
                n[0]++;
            });
            assertTrue(n[0] > 50, s.id() + ": only " + n[0] + " examples ran");
        }
        System.out.println("draft processes of generated applicable instances: " + byProcess);
        for (String process : new String[] {"iid", "independent", "without-replacement", "hub", "greedy",
            "deterministic"}) {
            assertTrue(byProcess.getOrDefault(process, 0) > 0, process + " never generated: " + byProcess);
        }
    }

    @Test
    void seededSamplesAreReproducible() {
        assertEquals(InstanceGenerators.sample(3, 50), InstanceGenerators.sample(3, 50));
        Instance first = InstanceGenerators.sample(3, 1).get(0);
        assertTrue(first.vocab() >= 2 && first.vocab() <= InstanceGenerators.MAX_VOCAB);
    }
}
