package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.Batch;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Result;
import org.specverify.gpu.Conformance.Position;
import org.specverify.gpu.Conformance.Report;

/**
 * Differential tests {@code <kernel>_vs_reference}: every kernel output equals the reference's decision on the same
 * float32 rows (read as exact laws) and the same Philox uniforms; a difference is excused only as a near tie (the
 * kernel did not certify it and the exact trace's margin is at most the kernel's error bound). Excused near ties are
 * counted and printed; unexplained mismatches must be zero. Covers V in {8, 1000, 32000, 128256}, K in {1, 2, 4, 8},
 * one draft law and one per draft (rrs), and the edge rows of {@link Workloads.Edge}, with few positions at large V to
 * keep the PoCL run short.
 */
class KernelConformanceTest {
    private static final Map<String, BatchVerifier> VERIFIERS = new ConcurrentHashMap<>();
    private static final long SEED = 0x5EC0DE;

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    @AfterAll
    static void release() {
        VERIFIERS.values().forEach(BatchVerifier::close);
        VERIFIERS.clear();
    }

    static BatchVerifier verifier(OpenCl.Device d) {
        return VERIFIERS.computeIfAbsent(d.toString(), s -> new BatchVerifier(d));
    }

    static int positionsFor(int vocab) {
        return vocab <= 8 ? 300 : vocab <= 1000 ? 40 : vocab <= 32000 ? 4 : 2;
    }

    /** kseq's exact rho costs seconds per position at large V: fewer positions and K values there. */
    static boolean kseqLarge(int v) {
        return v > 1000;
    }

    static Stream<Arguments> cases(KernelScheme s, boolean withPerDraft, int[] ks) {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            for (int v : new int[] {8, 1000, 32000, 128256}) {
                for (int k : ks) {
                    a.add(Arguments.of(d, v, k, false));
                    if (withPerDraft) {
                        a.add(Arguments.of(d, v, k, true));
                    }
                }
            }
        }
        return a.stream();
    }

    static Stream<Arguments> sdCases() {
        return cases(KernelScheme.SD, false, new int[] {1});
    }

    static Stream<Arguments> rrsCases() {
        return cases(KernelScheme.RRS, true, new int[] {1, 2, 4, 8});
    }

    static Stream<Arguments> multiCases() {
        return cases(KernelScheme.RRS_WOR, false, new int[] {2, 4, 8});
    }

    static Stream<Arguments> kseqCases() {
        return cases(KernelScheme.KSEQ, false, new int[] {1, 2, 4, 8}).filter(a -> !kseqLarge((int) a.get()[1])
            || (int) a.get()[2] == 2);
    }

    static Stream<Arguments> deterministicCases() {
        return cases(KernelScheme.DETERMINISTIC, false, new int[] {1, 2, 4, 8});
    }

    /** Runs LLM-like positions and every applicable edge row, compares and asserts zero unexplained mismatches. */
    static Report check(KernelScheme s, OpenCl.Device d, int v, int k, boolean perDraft) {
        boolean small = s != KernelScheme.KSEQ || !kseqLarge(v);
        List<Position> ps = new ArrayList<>(Workloads.llmLike(s, v, k, perDraft, small ? positionsFor(v) : 1,
            SEED + v + k));
        if (small || v <= 32000) {
            ps.addAll(Workloads.edges(s, v, k, perDraft, SEED + 7 * k));
        }
        Batch b = Conformance.batch(s, v, k, perDraft, ps);
        Philox u = new Philox(SEED, 1L << 40);
        Result r = verifier(d).verify(b, u);
        Report rep = Conformance.compare(d.toString(), s, k, perDraft, ps, u, r);
        System.out.println(s.id() + " V=" + v + " K=" + k + (perDraft ? " one law per draft" : "") + ": " + rep);
        assertTrue(rep.positions() >= (small ? Math.min(positionsFor(v), 2) : 1), "too few positions: " + rep);
        assertEquals(0, rep.mismatches(), rep.toString());
        return rep;
    }

    @ParameterizedTest(name = "{0} V={1} K={2} perDraft={3}")
    @MethodSource("sdCases")
    void sd_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.SD, d, v, k, perDraft);
    }

    @ParameterizedTest(name = "{0} V={1} K={2} perDraft={3}")
    @MethodSource("rrsCases")
    void rrs_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.RRS, d, v, k, perDraft);
    }

    @ParameterizedTest(name = "{0} V={1} K={2}")
    @MethodSource("multiCases")
    void rrsWor_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.RRS_WOR, d, v, k, perDraft);
    }

    @ParameterizedTest(name = "{0} V={1} K={2}")
    @MethodSource("multiCases")
    void greedy_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.GREEDY, d, v, k, perDraft);
    }

    @ParameterizedTest(name = "{0} V={1} K={2}")
    @MethodSource("deterministicCases")
    void deterministic_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.DETERMINISTIC, d, v, k, perDraft);
    }

    @ParameterizedTest(name = "{0} V={1} K={2}")
    @MethodSource("kseqCases")
    void kseq_vs_reference(OpenCl.Device d, int v, int k, boolean perDraft) {
        check(KernelScheme.KSEQ, d, v, k, perDraft);
    }
}
