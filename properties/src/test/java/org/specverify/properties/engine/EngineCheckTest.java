package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.Run;
import org.specverify.reference.interpret.Sampler;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.reference.scheme.Scheme;

class EngineCheckTest {
    static final Scheme RRS = new RecursiveRejectionSampling();
    static final Instance INST = Instance.identical("c", Distribution.parse("0.4", "0.3", "0.2", "0.1"),
        Distribution.parse("0.1", "0.2", "0.3", "0.4"), 2);
    static final List<Cases.Case> CASES = List.of(new Cases.Case("c", INST, "iid"));

    /** Samples of the reference sampler; on drafts {@code bad} the output is replaced by the first draft half the time. */
    static String samples(int n, int[] bad) {
        Scheme.Bound b = RRS.bind(INST);
        Sampler s = new Sampler(99);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Run o = s.sample(b, i);
            int y = o.output();
            int[] d = o.drafts().tokens();
            if (bad != null && Arrays.equals(d, bad) && i % 2 == 0) {
                y = d[0];
            }
            sb.append("{\"case\": \"c\", \"output\": ").append(y).append(", \"drafts\": [").append(d[0]).append(", ")
                .append(d[1]).append("], \"engine\": \"e\"}\n");
        }
        return sb.toString();
    }

    static EngineCheck.Report run(String text) {
        EngineCheck c = new EngineCheck(CASES, RRS, 0.001);
        c.read(new BufferedReader(new StringReader(text)), "samples");
        return c.report();
    }

    @Test
    void faithfulSamplesPass() {
        EngineCheck.Report r = run(samples(20_000, null));
        EngineCheck.GroupReport g = r.groups().get(0);
        assertFalse(r.failed(), g.toString());
        assertTrue(g.conformance().tuplesTested() >= 10, g.conformance().toString());
        assertEquals(0, g.conformance().tuplesRejected());
    }

    /** A bug on one draft tuple only is localised to that tuple by the conformance tests. */
    @Test
    void conformanceLocalisesABugToItsDraftTuple() {
        int[] bad = {3, 2};
        EngineCheck.Report r = run(samples(20_000, bad));
        EngineCheck.GroupReport g = r.groups().get(0);
        assertTrue(r.failed());
        assertTrue(g.conformance().tuplesRejected() >= 1, g.conformance().toString());
        assertEquals(Arrays.toString(bad), g.conformance().worstTuple(), g.conformance().toString());
        assertTrue(g.conformance().worstTable().contains("expected"), g.conformance().worstTable());
    }

    @Test
    void wilsonIntervalIsExactAtTheEnds() {
        double[] zero = EngineCheck.wilson(0, 100, 3.29);
        assertEquals(0.0, zero[0]);
        double[] all = EngineCheck.wilson(100, 100, 3.29);
        assertEquals(1.0, all[1]);
        double[] half = EngineCheck.wilson(50, 100, 1.96);
        assertTrue(half[0] < 0.5 && half[1] > 0.5 && half[0] > 0.39 && half[1] < 0.61, Arrays.toString(half));
    }
}
