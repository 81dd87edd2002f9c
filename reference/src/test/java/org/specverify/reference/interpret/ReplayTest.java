package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Ball;
import org.specverify.reference.arith.Certified;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.Uniform;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/**
 * The shared replay: uniforms compared several times (their identity asked again) give the exact joint law, computed
 * here by hand as rationals; the q = 0 accept test; a fixed-token outcome through every interpreter; the identities
 * the uniform-driven interpreter sees.
 */
class ReplayTest {
    private static BigFraction f(int n, int d) {
        return BigFraction.of(n, d);
    }

    /**
     * Single-draft speculative sampling with the bug of reusing the acceptance uniform for the residual draw: accept
     * iff u·q &lt; p, else the output is the residual cell of the same u.
     */
    static final class ReusedResidualUniform extends SchemeBase {
        ReusedResidualUniform() {
            super(SchemeBase.define("reused-residual-uniform").k(1, 1).lossless(true).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            Measure<S> residual = p.residual(q);
            return (draws, x) -> {
                Uniform<S> u = draws.uniform();
                if (u.timesLessThan(q.probability(x[0]), p.probability(x[0]))) {
                    return Outcome.accept(0, x[0]);
                }
                return Outcome.token(u.locate(residual), "residual on the acceptance uniform");
            };
        }
    }

    /** p = (1/2, 3/10, 1/5), q = (1/5, 1/5, 3/5): only draft 2 can be rejected (threshold p/q = 1/3). */
    private static Instance threeTokens() {
        return Instance.identical("v3", Distribution.parse("1/2", "3/10", "1/5"), Distribution.parse("1/5", "1/5", "3/5"),
            1);
    }

    /**
     * Given draft 2, u &lt; 1/3 accepts (1/3); otherwise u ∈ [1/3, 1) is located in the residual (3/10, 1/10, 0) of
     * total 2/5, whose cells are [0, 3/4) and [3/4, 1): token 0 with 3/4 − 1/3 = 5/12, token 1 with 1/4. A fresh uniform
     * would give (2/3·3/4, 2/3·1/4, 1/3) = (1/2, 1/6, 1/3).
     */
    @Test
    void reusedAcceptanceUniformGivesTheExactJointLaw() {
        Scheme.Bound b = new ReusedResidualUniform().bind(threeTokens());
        ConditionalLaw c = ConditionalLaw.of(b, new int[] {2});
        assertArrayEquals(new BigFraction[] {f(5, 12), f(1, 4), f(1, 3)}, c.masses());
        assertEquals(BigFraction.ONE, c.total());
        assertEquals(f(1, 3), c.testAcceptance());
        // drafts 0 and 1 are accepted for certain (p/q >= 1)
        assertArrayEquals(new BigFraction[] {BigFraction.ONE, BigFraction.ZERO, BigFraction.ZERO},
            ConditionalLaw.of(b, new int[] {0}).masses());
        // output law: P(0) = 1/5 + 3/5·5/12 = 9/20, P(1) = 1/5 + 3/5·1/4 = 7/20, P(2) = 3/5·1/3 = 1/5
        ExactLaw law = ExactLaw.of(b);
        assertArrayEquals(new BigFraction[] {f(9, 20), f(7, 20), f(1, 5)}, law.outputLaw());
        assertFalse(law.lossless());
        assertEquals(f(1, 20), law.maxLawError());
    }

    /** The same verifier with a fresh uniform for the residual is today's sd: (1/2, 1/6, 1/3) given draft 2. */
    @Test
    void freshUniformsGiveIndependentDraws() {
        Scheme.Bound b = new org.specverify.reference.scheme.SpeculativeSampling().bind(threeTokens());
        assertArrayEquals(new BigFraction[] {f(1, 2), f(1, 6), f(1, 3)}, ConditionalLaw.of(b, new int[] {2}).masses());
        assertTrue(ExactLaw.of(b).lossless());
    }

    /** One uniform compared three times: u &lt; 1/2, then u &lt; 1/3, then located in weights (1, 1, 1). */
    @Test
    void oneUniformComparedManyTimes() {
        Map<String, BigFraction> law = ExactEnumerator.enumerate(d -> {
            Uniform<BigFraction> u = d.uniform("shared");
            boolean a = u.lessThan(f(1, 2));
            boolean b = d.uniform(new DrawId("shared", 0)).lessThan(f(1, 3));
            int cell = u.locate(List.of(BigFraction.ONE, BigFraction.ONE, BigFraction.ONE));
            return a + "," + b + "," + cell;
        });
        // u in [0,1/3): (true,true,0); [1/3,1/2): (true,false,1); [1/2,2/3): (false,false,1); [2/3,1): (false,false,2)
        assertEquals(Map.of("true,true,0", f(1, 3), "true,false,1", f(1, 6), "false,false,1", f(1, 6),
            "false,false,2", f(1, 3)), law);
    }

    /** Drafting and verifying on one uniform: the verifier's accept test reuses the draft's uniform draft#0. */
    @Test
    void draftAndVerifierSharingAUniform() {
        Distribution q = Distribution.parse("1/4", "3/4");
        Map<String, BigFraction> law = ExactEnumerator.enumerate(d -> {
            int x = d.inStream(Draws.DRAFT).sample("draft 0", q);
            boolean accepted = d.uniform(DrawId.draft(0)).timesLessThan(f(1, 2), f(1, 4));
            return x + (accepted ? " accepted" : " rejected");
        });
        // x = 0 iff u < 1/4; accepted iff u < 1/2: (0, accepted) 1/4, (1, accepted) 1/4, (1, rejected) 1/2
        assertEquals(Map.of("0 accepted", f(1, 4), "1 accepted", f(1, 4), "1 rejected", f(1, 2)), law);
    }

    /** u·0 &lt; p holds iff p &gt; 0, in every interpreter; a negative mass is a programming error. */
    @Test
    void acceptWithZeroDraftMassIsDefined() {
        assertEquals(Map.of(true, BigFraction.ONE),
            ExactEnumerator.enumerate(d -> d.accept(0, 0, BigFraction.ZERO, f(1, 2))));
        assertEquals(Map.of(false, BigFraction.ONE),
            ExactEnumerator.enumerate(d -> d.accept(0, 0, BigFraction.ZERO, BigFraction.ZERO)));
        // on a uniform already split, too
        assertEquals(Map.of(true, BigFraction.ONE), ExactEnumerator.enumerate(d -> {
            Uniform<BigFraction> u = d.uniform();
            return u.lessThan(f(1, 2)) || u.timesLessThan(BigFraction.ZERO, f(1, 9));
        }));
        assertEquals(BigFraction.ONE, Draws.acceptProbability(BigFraction.ZERO, f(1, 3)));
        assertEquals(BigFraction.ZERO, Draws.acceptProbability(BigFraction.ZERO, BigFraction.ZERO));
        for (double u : new double[] {1e-9, 0.5, 1 - 1e-9}) {
            assertTrue(UniformDraws.exact(new double[] {u}, Draws.VERIFY).accept(0, 0, BigFraction.ZERO, f(1, 7)));
            assertFalse(UniformDraws.exact(new double[] {u}, Draws.VERIFY)
                .accept(0, 0, BigFraction.ZERO, BigFraction.ZERO));
            UniformDraws<Ball> certified = new UniformDraws<>(Certified.INSTANCE, UniformDraws.indexed(Draws.VERIFY,
                i -> u, 2), Draws.VERIFY, Uniforms.OPEN, null, false);
            assertTrue(certified.accept(0, 0, Certified.INSTANCE.zero(), Certified.INSTANCE.of(f(1, 7))));
        }
        assertThrows(IllegalArgumentException.class,
            () -> ExactEnumerator.enumerate(d -> d.accept(0, 0, f(-1, 2), f(1, 2))));
    }

    /** A verifier that ends in a fixed token: token 1 whenever the accept test of draft x fails. */
    static final class FixedFallback extends SchemeBase {
        FixedFallback() {
            super(SchemeBase.define("fixed-fallback").k(1, 1).lossless(false).drafts(DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, x) -> draws.accept(0, x[0], q.probability(x[0]), p.probability(x[0]))
                ? Outcome.accept(0, x[0]) : Outcome.token(1, "fixed fallback");
        }
    }

    /** p = (1/2, 1/2), q = (3/4, 1/4): draft 0 is accepted with 2/3, else token 1; draft 1 always accepted. */
    @Test
    void fixedTokenThroughEveryInterpreter() {
        Instance inst = Instance.identical("fixed", Distribution.parse("1/2", "1/2"), Distribution.parse("3/4", "1/4"),
            1);
        Scheme.Bound b = new FixedFallback().bind(inst);
        ConditionalLaw c = ConditionalLaw.of(b, new int[] {0});
        assertArrayEquals(new BigFraction[] {f(2, 3), f(1, 3)}, c.masses());
        assertEquals(f(2, 3), c.testAcceptance());
        ExactLaw law = ExactLaw.of(b);
        assertArrayEquals(new BigFraction[] {f(1, 2), f(1, 2)}, law.outputLaw());
        assertEquals(f(3, 4), law.testAcceptance(), "3/4·2/3 + 1/4");
        UniformDriven.Decision rejected = UniformDriven.verify(b, new int[] {0}, new double[] {0.9});
        assertEquals(1, rejected.output());
        assertEquals(-1, rejected.acceptedDraft());
        assertEquals(1, rejected.uniformsConsumed(), "a fixed token consumes no closing uniform");
        CertifiedDecision cd = CertifiedDecision.of(b, new int[] {0}, new double[] {0.9});
        assertEquals(1, cd.output());
        assertEquals(-1, cd.acceptedDraft());
        assertEquals(1, b.decide(new int[] {0}, UniformDraws.exact(new double[] {0.9}, Draws.VERIFY)).output());
        Map<org.specverify.reference.scheme.Decision, BigFraction> decided =
            ExactEnumerator.enumerate(d -> b.decide(new int[] {0}, d));
        assertEquals(Map.of(org.specverify.reference.scheme.Decision.accepted(0, 0), f(2, 3),
            org.specverify.reference.scheme.Decision.residual(1), f(1, 3)), decided);
        Sampler sampler = new Sampler(11);
        long seen = 0;
        for (long i = 0; i < 64; i++) {
            Run r = sampler.sample(b, i);
            seen += r.output() == 1 && r.drafts().get(0) == 0 ? 1 : 0;
        }
        assertTrue(seen > 0, "the sampler (seed 11) never reached the fixed token in 64 positions");
    }

    /** A token outside the vocabulary is the program's error, named. */
    @Test
    void fixedTokenOutsideTheVocabularyIsRefused() {
        SchemeBase bad = new SchemeBase(SchemeBase.define("bad-token").k(1, 1).lossless(false).build()) {
            @Override
            protected <S> Verifier<S> verifier(Laws<S> laws) {
                return (draws, x) -> Outcome.token(7, "out of range");
            }
        };
        Scheme.Bound b = bad.bind(Instance.identical("v2", Distribution.parse("1/2", "1/2"),
            Distribution.parse("1/2", "1/2"), 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ConditionalLaw.of(b, new int[] {0}));
        assertTrue(e.getMessage().contains("token 7"), e.getMessage());
    }

    /**
     * The uniform-driven interpreter asks its source for every identity the program draws, once per identity in
     * order of first use, and the trace names them; an identity drawn twice is the same uniform.
     */
    @Test
    void uniformDrivenSeesEveryIdentity() {
        Scheme.Bound b = new ReusedResidualUniform().bind(threeTokens());
        List<DrawId> asked = new ArrayList<>();
        UniformDriven.Decision d = UniformDriven.verify(b, new int[] {2}, id -> {
            asked.add(id);
            return 0.8;
        }, Uniforms.OPEN);
        // 0.8·3/5 = 0.48 >= 1/5 rejects; 0.8·2/5 = 0.32 >= 3/10 falls in the residual's cell of token 1
        assertEquals(1, d.output());
        assertEquals(List.of(DrawId.verify(0)), asked.stream().distinct().toList());
        assertEquals(1, d.uniformsConsumed());
        assertEquals(2, d.trace().size());
        assertEquals(DrawId.verify(0), d.trace().get(0).id());
        assertEquals(DrawId.verify(0), d.trace().get(1).id());
        assertEquals(0, UniformDriven.verify(b, new int[] {2}, new double[] {0.5}).output(),
            "0.5·2/5 = 0.2 < 3/10: token 0");
        // the ordinary draws of sd: verify#0 for the test, verify#1 for the closing draw
        Scheme.Bound sd = new org.specverify.reference.scheme.SpeculativeSampling().bind(threeTokens());
        List<DrawId> sdAsked = new ArrayList<>();
        UniformDriven.run(sd, id -> {
            sdAsked.add(id);
            return id.stream().equals(Draws.DRAFT) ? 0.9 : 0.7;
        }, Uniforms.OPEN);
        assertEquals(List.of(DrawId.draft(0), DrawId.verify(0), DrawId.verify(1)), sdAsked);
    }

    /** The sampler has Philox counters for the draft and verify streams only. */
    @Test
    void samplerRefusesStreamsWithoutACounter() {
        SchemeBase other = new SchemeBase(SchemeBase.define("other-stream").k(1, 1).lossless(false).build()) {
            @Override
            protected <S> Verifier<S> verifier(Laws<S> laws) {
                return (draws, x) -> draws.uniform("mine").lessThan(laws.arithmetic().one())
                    ? Outcome.accept(0, x[0]) : Outcome.token(0, "never");
            }
        };
        Scheme.Bound b = other.bind(Instance.identical("v2", Distribution.parse("1/2", "1/2"),
            Distribution.parse("1/2", "1/2"), 1));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> new Sampler(3).sample(b, 0));
        assertTrue(e.getMessage().contains("mine#0"), e.getMessage());
        assertEquals(Map.of(org.specverify.reference.scheme.Decision.accepted(0, 0), BigFraction.ONE),
            ExactEnumerator.enumerate(d -> b.decide(new int[] {0}, d)));
    }

    /** A uniform handle kept past the path that drew it is refused. */
    @Test
    void staleUniformIsRefused() {
        List<Uniform<BigFraction>> kept = new ArrayList<>();
        ExactEnumerator.enumerate(d -> {
            kept.add(d.uniform());
            return 0;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kept.get(0).lessThan(f(1, 2)));
        assertTrue(e.getMessage().contains("earlier path"), e.getMessage());
    }

    /** Sanity: the exact arithmetic's uniform compares as the replay's. */
    @Test
    void uniformDrawsCompareStrictly() {
        UniformDraws<BigFraction> d = UniformDraws.exact(new double[] {0.5}, Draws.VERIFY);
        Uniform<BigFraction> u = d.uniform();
        assertFalse(u.lessThan(f(1, 2)));
        assertTrue(u.lessThan(f(3, 4)));
        assertFalse(u.timesLessThan(BigFraction.ONE, f(1, 2)));
        assertEquals(1, u.locate(List.of(f(1, 2), f(1, 2))));
        assertEquals(Exact.INSTANCE.one(), BigFraction.ONE);
    }
}
