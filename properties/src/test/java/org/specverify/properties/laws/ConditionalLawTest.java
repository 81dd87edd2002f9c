package org.specverify.properties.laws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.properties.InstanceBank;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.interpret.ConditionalLaw;
import org.specverify.reference.interpret.ExactEnumerator;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.scheme.Decision;

/**
 * The conditional law from the program's leaves (final draw kept as a law) against the definition: the full
 * enumeration of {@link Scheme.Bound#decide} through a {@link org.specverify.reference.random.Draws}, final draw
 * included, for every scheme, bank instance and draft tuple. Also the exact law assembled from conditional laws against
 * the legacy full enumeration of (drafts, output).
 */
class ConditionalLawTest {
    private static BigFraction[] byEnumeration(Scheme.Bound b, int[] drafts) {
        BigFraction[] out = new BigFraction[b.instance().vocab()];
        Arrays.fill(out, BigFraction.ZERO);
        Map<Decision, BigFraction> law = ExactEnumerator.enumerate(c -> b.decide(drafts, c));
        law.forEach((v, pr) -> out[v.output()] = out[v.output()].add(pr));
        return out;
    }

    /** Law: P(Y = · | x̄) from the leaves equals the enumerated law of decide, token by token, for every tuple. */
    @Test
    void leavesGiveTheEnumeratedConditionalLaw() {
        int tuples = 0;
        for (Instance inst : InstanceBank.all()) {
            for (Scheme s : Schemes.reference().all()) {
                if (s.notApplicable(inst).isPresent()) {
                    continue;
                }
                Scheme.Bound b = s.bind(inst);
                for (DraftTuple t : b.draftProcess().law().keySet()) {
                    ConditionalLaw c = ConditionalLaw.of(b, t.tokens());
                    BigFraction[] expected = byEnumeration(b, t.tokens());
                    String where = s.id() + " on " + inst.name() + ", drafts " + t;
                    assertArrayEquals(expected, c.masses(), where);
                    org.specverify.reference.arith.ExactVector v = c.exactMasses();
                    for (int y = 0; y < expected.length; y++) {
                        assertEquals(expected[y], v.get(y), where + ", common-denominator form, token " + y);
                    }
                    assertEquals(BigFraction.ONE, c.total(), where);
                    for (int y = 0; y < expected.length; y++) {
                        assertEquals(expected[y].signum() > 0, c.possible(y), where + ", token " + y);
                        assertEquals(expected[y], c.probability(y), where + ", token " + y);
                    }
                    tuples++;
                }
            }
        }
        assertTrue(tuples > 1000, "only " + tuples + " tuples checked");
    }

    /** Law: the exact law from conditional laws equals the legacy enumeration of drafts and decision together. */
    @Test
    void exactLawEqualsTheFullEnumeration() {
        for (Instance inst : InstanceBank.all()) {
            for (Scheme s : Schemes.reference().all()) {
                if (s.notApplicable(inst).isPresent()) {
                    continue;
                }
                Scheme.Bound b = s.bind(inst);
                ExactLaw law = ExactLaw.of(b);
                Map<Object, BigFraction> joint = ExactEnumerator.enumerate(c -> {
                    int[] drafts = b.draftProcess().draw(c);
                    Decision v = b.decide(drafts, c);
                    return java.util.List.of(DraftTuple.of(drafts), v.output(), v.acceptedByTest());
                });
                BigFraction[] out = new BigFraction[inst.vocab()];
                Arrays.fill(out, BigFraction.ZERO);
                BigFraction acc = BigFraction.ZERO;
                BigFraction test = BigFraction.ZERO;
                for (Map.Entry<Object, BigFraction> e : joint.entrySet()) {
                    java.util.List<?> key = (java.util.List<?>) e.getKey();
                    DraftTuple t = (DraftTuple) key.get(0);
                    int y = (Integer) key.get(1);
                    out[y] = out[y].add(e.getValue());
                    if (t.contains(y)) {
                        acc = acc.add(e.getValue());
                    }
                    if ((Boolean) key.get(2)) {
                        test = test.add(e.getValue());
                    }
                }
                String where = s.id() + " on " + inst.name();
                assertArrayEquals(out, law.outputLaw(), where);
                assertEquals(acc, law.acceptance(), where);
                assertEquals(test, law.testAcceptance(), where);
            }
        }
    }

    /**
     * Law: on float rows (the closed-form residuals), the common-denominator law equals the token-by-token one and the
     * enumerated law of decide, for the rejection schemes at K = 1..4.
     */
    @Test
    void floatRowsGiveTheSameLawInBothForms() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 12; trial++) {
            int n = 5 + r.nextInt(20);
            float[] pf = new float[n];
            float[] qf = new float[n];
            for (int i = 0; i < n; i++) {
                pf[i] = r.nextInt(4) == 0 ? 0f : (float) r.nextDouble();
                qf[i] = r.nextInt(5) == 0 ? 0f : (float) r.nextDouble();
            }
            pf[0] = 0.5f;
            qf[1] = 0.5f;
            qf[2] = 0.25f;
            qf[3] = 0.125f;
            qf[4] = 0.0625f;
            Instance inst = Instance.identical("floats " + trial, Distribution.ofFloats(pf, "p"),
                Distribution.ofFloats(qf, "q"), 1 + trial % 4);
            for (String id : new String[] {"rrs", "rrs-wor", "sd", "kseq", "greedy", "deterministic", "spechub"}) {
                Scheme s = Schemes.reference().get(id);
                if (s.notApplicable(inst).isPresent()) {
                    continue;
                }
                Scheme.Bound b = s.bind(inst);
                int[] drafts = b.draftProcess().draw(UniformDraws.exact(
                    i -> 0.1 + 0.8 * r.nextDouble(), Integer.MAX_VALUE, Draws.DRAFT, Uniforms.OPEN));
                ConditionalLaw c = ConditionalLaw.of(b, drafts);
                BigFraction[] m = c.masses();
                org.specverify.reference.arith.ExactVector v = c.exactMasses();
                assertArrayEquals(byEnumeration(b, drafts), m, id + " on " + inst.name());
                for (int y = 0; y < n; y++) {
                    assertEquals(m[y], v.get(y), id + " on " + inst.name() + ", token " + y);
                }
                assertEquals(BigFraction.ONE, v.total());
            }
        }
    }

    /** Law: an output of zero conditional probability is reported impossible (sd: the residual excludes accepted mass). */
    @Test
    void possibilityCheckOfAnObservedOutput() {
        Instance inst = Instance.identical("sd", Distribution.parse("1/2", "1/2", "0"),
            Distribution.parse("3/4", "0", "1/4"), 1);
        Scheme.Bound b = Schemes.reference().get("sd").bind(inst);
        ConditionalLaw c = ConditionalLaw.of(b, new int[] {0});
        assertTrue(c.possible(0), "the draft itself");
        assertTrue(c.possible(1), "the residual norm((p-q)+) is the point mass on token 1");
        assertFalse(c.possible(2), "a zero-mass target token is never possible");
        assertEquals(BigFraction.of(2, 3), c.probability(0));
        assertEquals(BigFraction.of(1, 3), c.probability(1));
        assertEquals(BigFraction.of(2, 3), c.testAcceptance());
    }
}
