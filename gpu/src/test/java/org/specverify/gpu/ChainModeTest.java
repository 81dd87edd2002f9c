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
}
