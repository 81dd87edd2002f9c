package org.specverify.properties.schemes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.properties.SchemeProperties;
import org.specverify.properties.gen.InstanceGenerators;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.Run;
import org.specverify.reference.interpret.Sampler;
import org.specverify.reference.random.ExponentialRaces;
import org.specverify.reference.scheme.RaceCoupling;
import org.specverify.reference.scheme.Scheme;

/**
 * The Gumbel-coupled schemes gumbel and gls: exact losslessness, exact acceptance (gumbel: the closed form), the gap to
 * α* of their draft law, drafter invariance, the race joint law against sampling, and the reused-noise fixture.
 */
class GumbelSchemesTest {
    private static final Scheme GUMBEL = RaceCoupling.gumbel();
    private static final Scheme GLS = RaceCoupling.gls();

    private static List<BigFraction> masses(Distribution d) {
        return List.of(d.masses());
    }

    /** Σ_x 1 / Σ_z max(p(z)/p(x), q(z)/q(x)). */
    static BigFraction gumbelMatch(Distribution p, Distribution q) {
        BigFraction s = BigFraction.ZERO;
        for (int x = 0; x < p.size(); x++) {
            s = s.add(ExponentialRaces.matchProbability(masses(q), masses(p), x));
        }
        return s;
    }

    private static List<Instance> small(Scheme s, long seed, int n, int maxTuples) {
        System.out.println("GumbelSchemesTest instances of " + s.id() + " seed " + seed);
        List<Instance> out = new ArrayList<>();
        for (Instance i : InstanceGenerators.sample(seed, n, s)) {
            if (Math.pow(i.vocab(), i.k()) <= maxTuples) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void gumbelIsLosslessAndAcceptsWithTheClosedForm() {
        List<Instance> insts = small(GUMBEL, 0x6B3E1L, 30, 64);
        assertFalse(insts.isEmpty());
        for (Instance i : insts) {
            ExactLaw law = ExactLaw.of(GUMBEL.bind(i));
            assertTrue(law.lossless(), i.toString());
            assertEquals(gumbelMatch(i.target(), i.draft(0)), law.acceptance(), i.toString());
            assertEquals(law.acceptance(), law.testAcceptance(), i.toString());
        }
    }

    @Test
    void glsIsLosslessBelowTheOptimumAndAtLeastTheSingleDraftMatch() {
        List<Instance> insts = small(GLS, 0x915L, 30, 64);
        assertFalse(insts.isEmpty());
        for (Instance i : insts) {
            ExactLaw law = ExactLaw.of(GLS.bind(i));
            assertTrue(law.lossless(), i.toString());
            // the drafts are iid q: the draft law is the iid law, and the optimum of that law bounds the acceptance
            Optional<BigFraction> opt = SchemeProperties.optimum(i.target(), GLS.bind(i));
            assertTrue(opt.isPresent(), i.toString());
            assertTrue(Fractions.compare(law.acceptance(), opt.get()) <= 0, i.toString());
            BigFraction single = gumbelMatch(i.target(), i.draft());
            assertTrue(Fractions.compare(law.acceptance(), single) >= 0, "gls at K = " + i.k() + " accepts "
                + law.acceptance() + " below the K = 1 match " + single + " on " + i);
            System.out.println("gls K=" + i.k() + " V=" + i.vocab() + ": alpha " + Fractions.format(law.acceptance())
                + ", alpha* " + Fractions.format(opt.get()) + ", gap " + Fractions.format(opt.get().subtract(
                law.acceptance())) + ", K=1 match " + Fractions.format(single));
        }
    }

    @Test
    void glsAtOneDraftIsGumbel() {
        for (Instance i : small(GUMBEL, 0x11L, 12, 64)) {
            assertEquals(ExactLaw.of(GUMBEL.bind(i)).joint(), ExactLaw.of(GLS.bind(i)).joint(), i.toString());
        }
    }

    @Test
    void theJointRouteAgreesWithTheConditionalLaws() {
        for (Instance i : small(GLS, 0x2AL, 10, 27)) {
            ExactLaw law = ExactLaw.of(GLS.bind(i));
            Map<Run, BigFraction> joint = law.joint();
            BigFraction[] out = new BigFraction[i.vocab()];
            java.util.Arrays.fill(out, BigFraction.ZERO);
            BigFraction acc = BigFraction.ZERO;
            for (Map.Entry<Run, BigFraction> e : joint.entrySet()) {
                out[e.getKey().output()] = out[e.getKey().output()].add(e.getValue());
                if (e.getKey().drafts().contains(e.getKey().output())) {
                    acc = acc.add(e.getValue());
                }
            }
            assertEquals(List.of(law.outputLaw()), List.of(out), i.toString());
            assertEquals(law.acceptance(), acc, i.toString());
            // the draft marginal is iid q
            for (Map.Entry<DraftTuple, BigFraction> e : law.draftLaw().entrySet()) {
                BigFraction q = BigFraction.ONE;
                for (int t : e.getKey().tokens()) {
                    q = q.multiply(i.draft().p(t));
                }
                assertEquals(q, e.getValue(), i.toString());
            }
        }
    }

    @Test
    void theOutputDoesNotDependOnTheDraftLawWithTheNoiseFixed() {
        Distribution p = Distribution.of(BigFraction.of(1, 2), BigFraction.of(1, 4), BigFraction.of(1, 8),
            BigFraction.of(1, 8));
        List<Distribution> drafts = List.of(Distribution.uniform(4), p,
            Distribution.of(BigFraction.of(1, 10), BigFraction.of(1, 10), BigFraction.of(1, 10), BigFraction.of(7, 10)),
            Distribution.of(BigFraction.of(0), BigFraction.of(1, 3), BigFraction.of(1, 3), BigFraction.of(1, 3)));
        long seed = 424242L;
        System.out.println("drafter invariance seed " + seed);
        for (Scheme s : List.of(GUMBEL, GLS)) {
            int k = s == GUMBEL ? 1 : 3;
            Sampler sampler = new Sampler(seed);
            int[] reference = null;
            for (Distribution q : drafts) {
                Scheme.Bound b = s.bind(Instance.identical("invariance", p, q, k));
                int[] outs = new int[500];
                for (int pos = 0; pos < outs.length; pos++) {
                    outs[pos] = sampler.sample(b, pos).output();
                }
                if (reference == null) {
                    reference = outs;
                } else {
                    assertEquals(java.util.Arrays.toString(reference), java.util.Arrays.toString(outs),
                        s.id() + " with q = " + q);
                }
                // exactly: the output law is p whatever q (the output is the target's race on the noise alone)
                assertTrue(ExactLaw.of(b).lossless(), s.id() + " with q = " + q);
            }
        }
    }

    @Test
    void theRaceJointLawMatchesSampling() {
        Instance i = Instance.identical("race joint", Distribution.of(BigFraction.of(1, 2), BigFraction.of(1, 3),
            BigFraction.of(1, 6)), Distribution.of(BigFraction.of(1, 5), BigFraction.of(1, 5), BigFraction.of(3, 5)), 1);
        Scheme.Bound b = GUMBEL.bind(i);
        Map<Run, BigFraction> joint = ExactLaw.of(b).joint();
        List<Run> cells = new ArrayList<>(joint.keySet());
        double[] expected = new double[cells.size()];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = joint.get(cells.get(c)).doubleValue();
        }
        long seed = 99L;
        int n = 20_000;
        long[] observed = new long[cells.size()];
        Sampler sampler = new Sampler(seed);
        for (int pos = 0; pos < n; pos++) {
            Run r = sampler.sample(b, pos);
            int c = cells.indexOf(r);
            assertTrue(c >= 0, "sampled " + r + " of exact probability zero (seed " + seed + ")");
            observed[c]++;
        }
        GoodnessOfFit.Result g = GoodnessOfFit.gTest(expected, observed, null, 1e-3);
        System.out.println("race joint law vs sampler, seed " + seed + ": " + g);
        assertFalse(g.rejected(), g + "\n" + g.table());
        assertTrue(g.detectableBias() < 0.03, g.toString());
    }

    @Test
    void reusedRaceNoiseIsCaughtExactlyWithTheSizeOfItsError() {
        // q = (1/2, 1/2): given x won, u_x has the law t^2; x = 1 is accepted w.p. (1/2)^2 instead of 1/2
        Instance i = Instance.identical("reused noise", Distribution.of(BigFraction.of(3, 4), BigFraction.of(1, 4)),
            Distribution.uniform(2), 1);
        ExactLaw law = ExactLaw.of(new BrokenSchemes.RaceNoiseReused().bind(i));
        assertEquals(List.of(BigFraction.of(7, 8), BigFraction.of(1, 8)), List.of(law.outputLaw()));
        assertEquals(BigFraction.of(1, 8), law.maxLawError());
        assertFalse(law.lossless());
        assertTrue(SchemeProperties.violates(SchemeProperties.LOSSLESS, new BrokenSchemes.RaceNoiseReused(), i)
            .isPresent());
    }
}
