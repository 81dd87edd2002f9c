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

/**
 * Chain mode (B requests x G positions of sd): accepted counts and emitted tokens equal the reference's sd decisions
 * position by position, the first rejection ending the request with its residual token, a bonus token from the target
 * row G + 1 when all G are accepted.
 */
class ChainModeTest {
    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (OpenCl.Device d : OpenClDevices.all()) {
            a.add(Arguments.of(d, 8, 4, 400));
            a.add(Arguments.of(d, 1000, 4, 40));
            a.add(Arguments.of(d, 32000, 4, 4));
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} V={1} G={2} B={3}")
    @MethodSource("cases")
    void chainSd_vs_reference(OpenCl.Device d, int vocab, int g, int requests) {
        ChainWorkload w = ChainWorkload.llmLike(requests, g, vocab, 31 + vocab, true);
        try (BatchVerifier v = new BatchVerifier(d)) {
            BatchVerifier.ChainResult r = v.chain(w.requests, w.g, w.vocab, w.target, w.draft, w.tokens, w.seed,
                w.position0);
            ChainWorkload.Report rep = w.compare(r);
            System.out.println("V=" + vocab + " on " + d + ": " + rep);
            assertEquals(0, rep.mismatches(), rep.toString());
            assertEquals(0, rep.excusedUncertified(), "uncertified differences need the trace: " + rep);
            if (vocab == 8) {
                assertTrue(rep.allAccepted() > 0 && rep.allAccepted() < requests,
                    "both endings (bonus and residual) must occur: " + rep);
            }
        }
    }

    static Stream<Arguments> devices() {
        return OpenClDevices.all().stream().map(Arguments::of);
    }

    /**
     * Rows shared by every request (the benchmark's workload, one copy on the host, each request's own copy on the
     * device) decide exactly as the same rows materialised per request on the host, and as the reference.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void sharedRows_sameAsMaterialisedRows(OpenCl.Device d) {
        int requests = 24;
        int g = 3;
        int vocab = 64;
        ChainWorkload w = ChainWorkload.llmLike(requests, g, vocab, 5, false);
        float[] t = new float[requests * (g + 1) * vocab];
        float[] q = new float[requests * g * vocab];
        for (int b = 0; b < requests; b++) {
            System.arraycopy(w.target, 0, t, b * (g + 1) * vocab, (g + 1) * vocab);
            System.arraycopy(w.draft, 0, q, b * g * vocab, g * vocab);
        }
        try (BatchVerifier v = new BatchVerifier(d)) {
            BatchVerifier.ChainResult shared = w.run(v);
            BatchVerifier.ChainResult own = v.chain(requests, g, vocab, t, q, w.tokens, w.seed, w.position0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(own.accepted(), shared.accepted());
            org.junit.jupiter.api.Assertions.assertArrayEquals(own.emitted(), shared.emitted());
            org.junit.jupiter.api.Assertions.assertArrayEquals(own.status(), shared.status());
            ChainWorkload.Report rep = w.compare(shared);
            assertEquals(0, rep.mismatches(), rep.toString());
        }
    }
}
