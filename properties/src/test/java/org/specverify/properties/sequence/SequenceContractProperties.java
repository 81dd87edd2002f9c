package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.Distribution;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.interpret.SequenceSampler;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * The sequence contract every scheme of the registry must satisfy on generated instances (validity and metamorphic
 * laws; losslessness and optimality are in {@link SequenceVerifierProperties}).
 */
class SequenceContractProperties {
    static final long SEED = 1415L;
    static final SequenceSchemes ALL = SequenceSchemes.reference();

    /**
     * Validity: every block the sampler draws (Philox uniforms, the same program) is possible under the exact block law
     * and accepts between 0 and gamma draft tokens.
     */
    @Test
    void sampledBlocksArePossible() {
        System.out.println("seed " + SEED);
        qt().withFixedSeed(SEED).withExamples(60).forAll(SequenceInstanceGenerators.instances(3, 3)).checkAssert(i -> {
            for (SequenceScheme s : ALL.all()) {
                if (s.notApplicable(i).isPresent()) {
                    continue;
                }
                BlockLaw law = SequenceExact.blockLaw(i, s);
                SequenceSampler sampler = new SequenceSampler(i, s, SEED);
                for (long pos = 0; pos < 30; pos++) {
                    SequenceSampler.Step step = sampler.sample(pos);
                    List<Integer> block = java.util.Arrays.stream(step.block()).boxed().toList();
                    assertTrue(law.mass(block).signum() > 0, s.id() + " sampled " + step + " at position " + pos
                        + " (seed " + SEED + "), impossible under the exact law, on " + i);
                    assertTrue(step.accepted() >= 0 && step.accepted() <= i.gamma(), step.toString());
                }
            }
        });
    }

    /**
     * Relabelling invariance: renaming the tokens of the target and draft models by a permutation renames the block
     * law, for every scheme on trees drawn at random (iid, without replacement; top-k and dynamic trees break ties by
     * token id, so a renaming may change the tree itself).
     */
    @Test
    void relabellingRenamesTheBlockLaw() {
        System.out.println("seed " + (SEED + 1));
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        qt().withFixedSeed(SEED + 1).withExamples(60).forAll(SequenceInstanceGenerators.instances(3, 2))
            .checkAssert(i -> {
                if (i.siblings().deterministic()) {
                    return;
                }
                int[] pi = permutation(i.vocab(), rng);
                SequenceInstance renamed = rename(i, pi);
                for (SequenceScheme s : ALL.all()) {
                    if (s.notApplicable(i).isPresent()) {
                        continue;
                    }
                    BlockLaw law = SequenceExact.blockLaw(i, s);
                    BlockLaw expected = renameLaw(law, pi);
                    assertEquals(expected, SequenceExact.blockLaw(renamed, s), s.id() + " on " + i + " renamed by "
                        + java.util.Arrays.toString(pi));
                }
            });
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] pi = new int[n];
        for (int i = 0; i < n; i++) {
            pi[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = pi[i];
            pi[i] = pi[j];
            pi[j] = t;
        }
        return pi;
    }

    static ContextModel rename(ContextModel m, int[] pi) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        m.rows().forEach((key, row) -> {
            List<Integer> k = key.stream().map(x -> pi[x]).toList();
            BigFraction[] masses = row.masses();
            BigFraction[] moved = new BigFraction[masses.length];
            for (int x = 0; x < masses.length; x++) {
                moved[pi[x]] = masses[x];
            }
            rows.put(k, Distribution.of(moved));
        });
        return ContextModel.of(m.vocab(), rows);
    }

    static SequenceInstance rename(SequenceInstance i, int[] pi) {
        List<ContextModel> drafts = new ArrayList<>();
        i.drafts().forEach(q -> drafts.add(rename(q, pi)));
        return SequenceInstance.of(i.name(), i.gamma(), rename(i.target(), pi), drafts, i.shape(), i.siblings(),
            i.nodeBudget(), null);
    }

    static BlockLaw renameLaw(BlockLaw law, int[] pi) {
        BlockLaw.Builder b = BlockLaw.builder(law.vocab());
        law.masses().forEach((block, mass) -> b.add(block.stream().mapToInt(x -> pi[x]).toArray(), mass));
        return b.build();
    }
}
