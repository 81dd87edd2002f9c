package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.gpu.SequenceConformance.Chain;
import org.specverify.gpu.SequenceConformance.Report;
import org.specverify.gpu.SequenceConformance.Tree;

/**
 * The sequence kernels against the sequence reference on the same rows and uniforms (block_vs_reference,
 * tree_vs_reference): every emitted block equals the reference's (certified, exact fallback), with Philox uniforms at
 * small and LLM vocabularies and with explicit uniforms; both endings (a residual at some depth, the bonus) occur.
 */
class SequenceConformanceTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> blockCases() {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            a.add(Arguments.of(d, 6, 3, 300));
            a.add(Arguments.of(d, 32000, 4, 4));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} V={1} gamma={2} B={3}")
    @MethodSource("blockCases")
    void block_vs_reference(OpenCl.Device d, int vocab, int gamma, int requests) {
        long seed = 1700 + vocab;
        System.out.println("block_vs_reference seed " + seed);
        List<Chain> cs = SequenceConformance.llmChains(requests, gamma, vocab, seed);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            Philox u = new Philox(seed, 11);
            SequenceBatchVerifier.Result r = v.block(SequenceConformance.blocks(cs), u);
            Report rep = SequenceConformance.compareBlocks(d.toString(), cs, u, r);
            System.out.println(rep);
            assertEquals(0, rep.mismatches(), rep.toString());
            assertEquals(0, rep.errorStatuses(), rep.toString());
            if (vocab == 6) {
                int[] byTau = new int[gamma + 1];
                for (int b = 0; b < requests; b++) {
                    byTau[r.accepted()[b]]++;
                }
                for (int t = 0; t <= gamma; t++) {
                    assertTrue(byTau[t] > 0, "every accepted length occurs: " + java.util.Arrays.toString(byTau));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void block_vs_reference_explicitUniforms(OpenCl.Device d) {
        long seed = 1811;
        System.out.println("block explicit uniforms seed " + seed);
        int gamma = 3;
        List<Chain> cs = SequenceConformance.llmChains(200, gamma, 5, seed);
        java.util.Random rng = new java.util.Random(seed);
        float[] us = new float[200 * (gamma + 1)];
        for (int i = 0; i < us.length; i++) {
            us[i] = (float) ((rng.nextInt(1 << 20) + 0.5) / (1 << 20));
        }
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            Explicit u = new Explicit(us, gamma + 1, false);
            Report rep = SequenceConformance.compareBlocks(d.toString(), cs, u,
                v.block(SequenceConformance.blocks(cs), u));
            System.out.println(rep);
            assertEquals(0, rep.mismatches(), rep.toString());
        }
    }

    /** Trees with explicit uniforms (the stream read in order along the walk), every scheme, 2-bit to 20-bit grids. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void tree_vs_reference_explicitUniforms(OpenCl.Device d) {
        long seed = 1912;
        System.out.println("tree explicit uniforms seed " + seed);
        java.util.Random rng = new java.util.Random(seed);
        int stride = 8;
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            for (TreeScheme s : TreeScheme.values()) {
                List<Tree> ts = SequenceConformance.llmTrees(s, 150, new int[] {2, 2, 1}, 6, seed + s.ordinal());
                float[] us = new float[ts.size() * stride];
                for (int i = 0; i < us.length; i++) {
                    int bits = i % 2 == 0 ? 2 : 20;
                    us[i] = (float) ((rng.nextInt(1 << bits) + 0.5) / (1 << bits));
                }
                Explicit u = new Explicit(us, stride, false);
                Report rep = SequenceConformance.compareTrees(d.toString(), s, ts, u,
                    v.tree(s, SequenceConformance.trees(ts), u));
                System.out.println(rep);
                assertEquals(0, rep.mismatches(), rep.toString());
                assertEquals(0, rep.errorStatuses(), rep.toString());
            }
        }
    }

    static Stream<Arguments> devices() {
        return OpenClDevices.all().stream().map(Arguments::of);
    }

    /** The bench runs both kernels and counts what they must read: every row for block, the walk's rows for trees. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void bench_countsTheRowsRead(OpenCl.Device d) {
        assertEquals(1 + 2 + 2 + 4 + 4, GpuSequenceBench.nodes(new int[] {1, 2, 1, 2, 1}));
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            GpuSequenceBench.Numbers b = GpuSequenceBench.run(v, GpuSequenceSchemes.SequenceKernel.BLOCK, 6, 3, null,
                20, 2, 1);
            assertEquals(20.0 * 7 * 6 * 4, b.bytesRead(), b.toString());
            GpuSequenceBench.Numbers t = GpuSequenceBench.run(v, GpuSequenceSchemes.SequenceKernel.TREE_RRS, 6, 0,
                new int[] {2, 1}, 20, 2, 1);
            double mean = t.meanAccepted();
            assertTrue(t.bytesRead() >= 20 * (2 * mean + 1) * 6 * 4 && t.bytesRead() <= 20 * (2 * mean + 2) * 6 * 4,
                t.toString());
            assertTrue(b.toJson().contains("\"scheme\": \"block\"") && t.toJson().contains("\"shape\": \"[2,1]\""),
                t.toJson());
        }
    }

    static Stream<Arguments> treeCases() {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            for (TreeScheme s : TreeScheme.values()) {
                a.add(Arguments.of(d, s, new int[] {2, 2, 1}, 6, 200));
            }
            // LLM vocabulary for one scheme (each scheme's tree kernel is its own build; PoCL builds per work-group
            // size, so the small cases above share one)
            a.add(Arguments.of(d, TreeScheme.RRS, new int[] {3, 2}, 32000, 4));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} shape={2} V={3} B={4}")
    @MethodSource("treeCases")
    void tree_vs_reference(OpenCl.Device d, TreeScheme s, int[] shape, int vocab, int requests) {
        long seed = 2900 + vocab + s.ordinal();
        System.out.println("tree_vs_reference seed " + seed);
        List<Tree> ts = SequenceConformance.llmTrees(s, requests, shape, vocab, seed);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            Philox u = new Philox(seed, 5);
            SequenceBatchVerifier.Result r = v.tree(s, SequenceConformance.trees(ts), u);
            Report rep = SequenceConformance.compareTrees(d.toString(), s, ts, u, r);
            System.out.println(rep);
            assertEquals(0, rep.mismatches(), rep.toString());
            assertEquals(0, rep.errorStatuses(), rep.toString());
            assertTrue(rep.acceptedTokens() > 0, rep.toString());
        }
    }
}
