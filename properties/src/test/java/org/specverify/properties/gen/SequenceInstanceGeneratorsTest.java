package org.specverify.properties.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.SequenceInstanceReader;
import org.specverify.audit.io.SequenceInstanceWriter;
import org.specverify.properties.gen.SequenceInstanceGenerators.Edge;
import org.specverify.reference.Fractions;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;

/**
 * How often the sequence generators produce each edge case (printed), failing if one, a vocabulary size or a gamma is
 * never generated; and every generated instance is usable: its draft trees enumerate to total probability 1 within
 * the generators' size bound, and it survives a JSON round trip.
 */
class SequenceInstanceGeneratorsTest {
    static final int EXAMPLES = 1500;
    static final long SEED = 20261207L;

    @Test
    void everyEdgeCaseIsGenerated() {
        Map<Edge, Integer> counts = new EnumMap<>(Edge.class);
        for (Edge e : Edge.values()) {
            counts.put(e, 0);
        }
        Map<Integer, Integer> vocab = new TreeMap<>();
        Map<Integer, Integer> gammas = new TreeMap<>();
        int[] seen = {0};
        System.out.println("seed " + SEED);
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(SequenceInstanceGenerators.instances()).checkAssert(i -> {
            seen[0]++;
            vocab.merge(i.vocab(), 1, Integer::sum);
            gammas.merge(i.gamma(), 1, Integer::sum);
            for (Edge e : SequenceInstanceGenerators.edges(i)) {
                counts.merge(e, 1, Integer::sum);
            }
        });
        StringBuilder table = new StringBuilder("sequence edge case rates over " + seen[0] + " instances:\n");
        counts.forEach((e, c) -> table.append(String.format("  %-26s %5d  %5.1f %%%n", e, c, 100.0 * c / seen[0])));
        table.append("  V: ").append(vocab).append("\n  gamma: ").append(gammas).append('\n');
        System.out.print(table);
        assertTrue(seen[0] > EXAMPLES * 9 / 10, "only " + seen[0] + " examples ran");
        counts.forEach((e, c) -> assertTrue(c > 0, e + " was never generated\n" + table));
        for (int n = 2; n <= SequenceInstanceGenerators.MAX_VOCAB; n++) {
            assertTrue(vocab.getOrDefault(n, 0) > 0, "V = " + n + " never generated\n" + table);
        }
        for (int g = 1; g <= SequenceInstanceGenerators.MAX_GAMMA; g++) {
            assertTrue(gammas.getOrDefault(g, 0) > 0, "gamma = " + g + " never generated\n" + table);
        }
    }

    @Test
    void generatedInstancesEnumerateAndRoundTrip() {
        List<SequenceInstance> sample = SequenceInstanceGenerators.sample(SEED, 300, false);
        System.out.println("seed " + SEED);
        for (int i = 0; i < sample.size(); i++) {
            SequenceInstance inst = sample.get(i);
            String at = "instance " + i + " (seed " + SEED + "): " + inst;
            BigFraction[] total = {Fractions.ZERO};
            DraftTrees.forEach(inst, new int[0], SequenceInstanceGenerators.MAX_TREES,
                (t, p) -> total[0] = total[0].add(p));
            assertEquals(Fractions.ONE, total[0], at);
            assertEquals(List.of(inst), SequenceInstanceReader.parse(SequenceInstanceWriter.json(List.of(inst)), "gen"),
                at);
        }
    }
}
