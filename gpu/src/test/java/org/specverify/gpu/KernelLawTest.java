package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.properties.stats.GoodnessOfFit;

/**
 * The kernels' output laws: by uniform injection on stratified grids (exactly, on dyadic instances whose thresholds lie
 * on the grid; within the grid's resolution on LLM-like rows) and by a G-test of 10^5 Philox-driven samples per case
 * against the exact law.
 */
class KernelLawTest {
    static final int SAMPLES = 100_000;
    static final double ALPHA = 1e-4;
    private static final List<BatchVerifier> OPEN = new ArrayList<>();

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    @AfterAll
    static void release() {
        OPEN.forEach(BatchVerifier::close);
        OPEN.clear();
    }

    static BatchVerifier verifier(OpenCl.Device d) {
        for (BatchVerifier v : OPEN) {
            if (v.device().equals(d)) {
                return v;
            }
        }
        BatchVerifier v = new BatchVerifier(d);
        OPEN.add(v);
        return v;
    }

    /** p = (3/8, 3/8, 1/8, 1/8), q = (1/8, 1/8, 1/2, 1/4): every threshold of sd and rrs is a multiple of 1/8. */
    static final float[] DYADIC_P = {0.375f, 0.375f, 0.125f, 0.125f};
    static final float[] DYADIC_Q = {0.125f, 0.125f, 0.5f, 0.25f};
    static final float[] DYADIC_Q2 = {0.25f, 0.25f, 0.25f, 0.25f};

    static Stream<Arguments> dyadic() {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            a.add(Arguments.of(d, KernelScheme.SD, 1, false));
            a.add(Arguments.of(d, KernelScheme.RRS, 2, false));
            a.add(Arguments.of(d, KernelScheme.RRS, 2, true));
        }
        return a.stream();
    }

    /** On a dyadic instance the 16-point grid law equals the exact law exactly. */
    @ParameterizedTest(name = "{0} {1} K={2} perDraft={3}")
    @MethodSource("dyadic")
    void exactLawByInjection_dyadic(OpenCl.Device d, KernelScheme s, int k, boolean perDraft) {
        float[][] q = perDraft ? new float[][] {DYADIC_Q, DYADIC_Q2} : new float[][] {DYADIC_Q};
        KernelChecks.GridLaw g = KernelChecks.gridLaw(verifier(d), s, k, perDraft, DYADIC_P, q, 16, true);
        System.out.println("dyadic grid law " + s.id() + " K=" + k + " on " + d + ": " + g);
        assertTrue(g.passed(), g.toString());
    }

    static Stream<Arguments> llmLike() {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            a.add(Arguments.of(d, KernelScheme.SD, 8, 1, false, 256));
            a.add(Arguments.of(d, KernelScheme.RRS, 4, 2, false, 32));
            a.add(Arguments.of(d, KernelScheme.RRS, 4, 2, true, 32));
            a.add(Arguments.of(d, KernelScheme.RRS_WOR, 4, 2, false, 32));
            a.add(Arguments.of(d, KernelScheme.GREEDY, 4, 2, false, 32));
            a.add(Arguments.of(d, KernelScheme.DETERMINISTIC, 8, 2, false, 64));
            a.add(Arguments.of(d, KernelScheme.KSEQ, 4, 2, false, 32));
        }
        return a.stream();
    }

    /** On LLM-like rows the grid law is within (K(K+1)/2 + K + 2)/(2n) of the exact law. */
    @ParameterizedTest(name = "{0} {1} V={2} K={3} perDraft={4} n={5}")
    @MethodSource("llmLike")
    void exactLawByInjection_llmLike(OpenCl.Device d, KernelScheme s, int vocab, int k, boolean perDraft, int n) {
        float[][] rows = KernelChecks.rows(vocab, perDraft ? k : 1, 99 + vocab + k);
        float[][] q = java.util.Arrays.copyOfRange(rows, 1, rows.length);
        KernelChecks.GridLaw g = KernelChecks.gridLaw(verifier(d), s, k, perDraft, rows[0], q, n, false);
        System.out.println("grid law " + s.id() + " V=" + vocab + " K=" + k + " on " + d + ": " + g);
        assertTrue(g.passed(), g.toString());
    }

    static Stream<Arguments> statistical() {
        return KernelChecks.everyScheme(4);
    }

    /** 10^5 kernel outputs per case pass the G-test against the exact law; the detectable bias is printed. */
    @ParameterizedTest(name = "{0} {1} K={2} perDraft={3}")
    @MethodSource("statistical")
    void gTest_vs_exactLaw(OpenCl.Device d, KernelScheme s, int k, boolean perDraft) {
        float[][] rows = KernelChecks.rows(8, perDraft ? k : 1, 4242 + k);
        float[][] q = java.util.Arrays.copyOfRange(rows, 1, rows.length);
        GoodnessOfFit.Result r = KernelChecks.gTest(verifier(d), s, k, perDraft, rows[0], q, SAMPLES,
            KernelChecks.SEED + k, ALPHA);
        System.out.println("G-test " + s.id() + " K=" + k + " on " + d + ": " + r);
        assertFalse(r.rejected(), r.toString() + "\n" + r.table());
    }
}
