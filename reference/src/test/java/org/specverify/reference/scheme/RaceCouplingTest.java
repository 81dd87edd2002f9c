package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.Draws;

/** gumbel and gls as registered schemes: their draft process, the exact law at V = 8, K = 3, given uniforms. */
class RaceCouplingTest {
    private static Distribution row(long... xs) {
        BigFraction[] w = new BigFraction[xs.length];
        for (int i = 0; i < xs.length; i++) {
            w[i] = BigFraction.of(xs[i]);
        }
        return Distribution.normalize(w);
    }

    @Test
    void theDraftProcessIsCustomWithTheIidLaw() {
        Instance i = Instance.identical("t", row(1, 2, 3), row(3, 1, 1), 2);
        DraftProcess d = RaceCoupling.gls().bind(i).draftProcess();
        assertEquals(DraftKind.CUSTOM, d.kind());
        assertEquals("race", d.id());
        assertEquals(DraftProcess.enumeratedLaw(d), DraftProcess.collectedLaw(d));
        assertEquals("custom", RaceCoupling.gls().draftProcess());
    }

    @Test
    void exactJointLawOfGlsAtVocabularyEightAndThreeDrafts() {
        Instance i = Instance.identical("v8k3", row(9, 7, 5, 4, 3, 2, 1, 1), row(1, 2, 3, 5, 8, 5, 3, 1), 3);
        Scheme.Bound b = RaceCoupling.gls().bind(i);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        ExactLaw law = ExactLaw.of(b);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("exact law of gls at V = 8, K = 3: %.3f s wall, %.3f s CPU of this thread, %d tuples, alpha ="
            + " %s%n", seconds, cpu, law.tuples(), law.acceptance().doubleValue());
        assertTrue(law.lossless());
        assertEquals(512, law.tuples());
    }

    @Test
    void givenUniformsDecideTheRaces() {
        Instance i = Instance.identical("t", row(1, 1), row(1, 3), 1);
        Scheme.Bound b = RaceCoupling.gumbel().bind(i);
        // E_0 = -ln 0.5 = 0.69, E_1 = -ln 0.9 = 0.105: draft argmin(E/q) = 1 (0.105/0.75 < 0.69/0.25),
        // output argmin(E/p) = 1 (0.105 < 0.69)
        double[] u = {0.5, 0.9};
        UniformDraws<BigFraction> d = UniformDraws.exact(id -> u[(int) id.index()], Draws.VERIFY, Uniforms.OPEN);
        int[] x = b.draftProcess().draw(d.inStream(Draws.DRAFT));
        assertEquals(1, x[0]);
        assertEquals(1, b.decide(x, d).output());
        // drafts that the noise does not give are refused
        UniformDraws<BigFraction> d2 = UniformDraws.exact(id -> u[(int) id.index()], Draws.VERIFY, Uniforms.OPEN);
        assertThrows(InvalidInputException.class, () -> b.decide(new int[] {0}, d2));
    }

    @Test
    void tooLargeJointLawsAreRefusedBeforeTheWork() {
        long[] w = new long[20];
        java.util.Arrays.fill(w, 1);
        Instance i = Instance.identical("v20k4", row(w), row(w), 4);
        long t0 = System.nanoTime();
        org.specverify.reference.TooLargeException e = assertThrows(org.specverify.reference.TooLargeException.class,
            () -> ExactLaw.of(RaceCoupling.gls().bind(i)));
        assertTrue(e.getMessage().contains("joint leaves"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "refused before the work");
    }

    @Test
    void bothAreRegistered() {
        assertTrue(Schemes.reference().get("gumbel").claimsLossless());
        assertEquals(List.of(1, 1), List.of(Schemes.reference().get("gumbel").minK(),
            Schemes.reference().get("gumbel").maxK()));
    }
}
