package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Uniforms;
import org.specverify.gpu.SequenceBatchVerifier.Result;
import org.specverify.gpu.SequenceBatchVerifier.Status;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.gpu.SequenceConformance.Chain;
import org.specverify.gpu.SequenceConformance.Report;
import org.specverify.gpu.SequenceConformance.Tree;

/**
 * Bad inputs to the sequence kernels are statuses, never tokens: each request of a batch with one defect gets its
 * status (the other requests of the batch are decided as usual), its emitted tokens are all -1, and the reference
 * refuses the same input (so the conformance comparison counts it as a matching error).
 */
class SequenceStatusTest {
    static final int V = 6;

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> devices() {
        return OpenClDevices.all().stream().map(Arguments::of);
    }

    private static Chain copy(Chain c) {
        float[][] t = Arrays.stream(c.target()).map(float[]::clone).toArray(float[][]::new);
        float[][] d = Arrays.stream(c.draft()).map(float[]::clone).toArray(float[][]::new);
        return new Chain(t, d, c.tokens().clone());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void block_badInputs_areStatuses(OpenCl.Device d) {
        List<Chain> good = SequenceConformance.llmChains(9, 2, V, 77);
        List<Chain> cs = new ArrayList<>();
        List<Status> want = new ArrayList<>();
        Chain c;
        c = copy(good.get(0));
        c.target()[1][2] = Float.NaN;
        cs.add(c);
        want.add(Status.NONFINITE);
        c = copy(good.get(1));
        c.draft()[0][3] = -0.25f;
        cs.add(c);
        want.add(Status.BAD_INPUT);
        c = copy(good.get(2));
        Arrays.fill(c.target()[2], 0f);
        cs.add(c);
        want.add(Status.BAD_INPUT);
        c = copy(good.get(3));
        c.tokens()[1] = -1;
        cs.add(c);
        want.add(Status.BAD_TOKEN);
        c = copy(good.get(4));
        c.tokens()[0] = V;
        cs.add(c);
        want.add(Status.BAD_TOKEN);
        c = copy(good.get(5));
        c.draft()[1][c.tokens()[1]] = 0f;
        cs.add(c);
        want.add(Status.ZERO_DRAFT_MASS);
        c = copy(good.get(6));
        c.target()[0][0] = Float.POSITIVE_INFINITY;
        cs.add(c);
        want.add(Status.NONFINITE);
        cs.add(good.get(7));
        want.add(Status.OK);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            Philox u = new Philox(5, 0);
            Result r = v.block(SequenceConformance.blocks(cs), u);
            for (int b = 0; b < cs.size(); b++) {
                assertEquals(want.get(b), r.status()[b], "request " + b);
                if (want.get(b) != Status.OK) {
                    assertArrayEquals(new int[] {-1, -1, -1}, Arrays.copyOfRange(r.emitted(), 3 * b, 3 * b + 3),
                        "request " + b + " emits no token");
                }
            }
            Report rep = SequenceConformance.compareBlocks(d.toString(), cs, u, r);
            assertEquals(0, rep.mismatches(), rep.toString());
            assertEquals(cs.size() - 1, rep.errorStatuses(), rep.toString());
        }
    }

    /**
     * Explicit uniforms: a uniform outside (0, 1) is BAD_UNIFORM, too few is UNIFORMS_EXHAUSTED; at boundary uniforms
     * p = q with u_1 = 1 rejects and leaves the residual (p - q)+ empty: EMPTY_RESIDUAL, where the reference finds no
     * token.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void block_badUniforms_andEmptyResidual(OpenCl.Device d) {
        Chain c = SequenceConformance.llmChains(1, 1, V, 91).get(0);
        Chain same = new Chain(new float[][] {c.draft()[0].clone(), c.target()[1]}, new float[][] {c.draft()[0]},
            c.tokens());
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            check(v, d, List.of(c, c, c), new Explicit(new float[] {0.5f, 0.5f, 0f, 0.5f, Float.NaN, 0.5f}, 2, false),
                Status.OK, Status.BAD_UNIFORM, Status.BAD_UNIFORM);
            check(v, d, List.of(c), new Explicit(new float[] {0.5f}, 1, false), Status.UNIFORMS_EXHAUSTED);
            check(v, d, List.of(same, same), new Explicit(new float[] {1f, 0.5f, 0.25f, 0.5f}, 2, true),
                Status.EMPTY_RESIDUAL, Status.OK);
        }
    }

    private static void check(SequenceBatchVerifier v, OpenCl.Device d, List<Chain> cs, Uniforms u, Status... want) {
        Result r = v.block(SequenceConformance.blocks(cs), u);
        assertArrayEquals(want, r.status());
        Report rep = SequenceConformance.compareBlocks(d.toString(), cs, u, r);
        assertEquals(0, rep.mismatches(), rep.toString());
    }

    /** Trees: a parent out of range (-2, itself, a later node) is BAD_PARENT; a placeholder token is BAD_TOKEN. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void tree_badInputs_areStatuses(OpenCl.Device d) {
        List<Tree> good = SequenceConformance.llmTrees(TreeScheme.RRS, 6, new int[] {2, 1}, V, 12);
        List<Tree> ts = new ArrayList<>();
        List<Status> want = new ArrayList<>();
        for (int[] fix : new int[][] {{1, -2}, {2, 2}, {1, 3}}) {
            Tree t = good.get(ts.size());
            int[] par = t.parents().clone();
            par[fix[0]] = fix[1];
            ts.add(new Tree(t.target(), t.draft(), t.tokens(), par, t.shape()));
            want.add(Status.BAD_PARENT);
        }
        Tree t = good.get(3);
        int[] tok = t.tokens().clone();
        tok[2] = -1;
        ts.add(new Tree(t.target(), t.draft(), tok, t.parents(), t.shape()));
        want.add(Status.BAD_TOKEN);
        t = good.get(4);
        float[][] rows = Arrays.stream(t.target()).map(float[]::clone).toArray(float[][]::new);
        rows[0][1] = Float.NaN;
        ts.add(new Tree(rows, t.draft(), t.tokens(), t.parents(), t.shape()));
        want.add(Status.NONFINITE);
        ts.add(good.get(5));
        want.add(Status.OK);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            Philox u = new Philox(8, 0);
            Result r = v.tree(TreeScheme.RRS, SequenceConformance.trees(ts), u);
            assertArrayEquals(want.toArray(Status[]::new), r.status());
            Report rep = SequenceConformance.compareTrees(d.toString(), TreeScheme.RRS, ts, u, r);
            assertEquals(0, rep.mismatches(), rep.toString());
        }
    }
}
