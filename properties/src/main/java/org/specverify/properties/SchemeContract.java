package org.specverify.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apache.commons.statistics.inference.GTest;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.junit.jupiter.api.Test;
import org.specverify.properties.gen.InstanceGenerators;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.Run;
import org.specverify.reference.interpret.Sampler;
import org.specverify.reference.interpret.UniformDraws;
import org.specverify.reference.interpret.UniformDriven;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;

/**
 * The properties every scheme must satisfy. Each scheme's suite implements this interface and adds its own closed-form
 * checks.
 */
public interface SchemeContract {
    /** The scheme under test. */
    Scheme scheme();

    /** The instances of the bank this scheme applies to; at least one. */
    default List<Instance> applicableInstances() {
        List<Instance> out = new ArrayList<>();
        for (Instance i : InstanceBank.all()) {
            if (scheme().notApplicable(i).isEmpty()) {
                out.add(i);
            }
        }
        assertFalse(out.isEmpty(), "no instance of the bank applies to " + scheme().id());
        return out;
    }

    /**
     * Generated instances this scheme applies to ({@link InstanceGenerators#sample(long, int, Scheme)}, seeded by the
     * scheme id so a failure replays): the properties below run on these and on the applicable bank instances.
     */
    default List<Instance> generatedInstances() {
        return InstanceGenerators.sample(0x9E3779B9L ^ scheme().id().hashCode(), GENERATED_PER_SUITE, scheme());
    }

    /** How many generated instances each property runs on. */
    int GENERATED_PER_SUITE = 30;

    /** The bank's applicable instances followed by the generated ones. */
    default List<Instance> propertyInstances() {
        List<Instance> all = new ArrayList<>(applicableInstances());
        all.addAll(generatedInstances());
        return all;
    }

    /** Whether the scheme claims the optimal acceptance α* of its draft process (ot-plan, canonical-is with optimal inputs). */
    default boolean claimsOptimal() {
        return false;
    }

    /** The scheme's own laws (closed forms, guarantees), run like the universal ones. None by default. */
    default List<SchemeProperties.Property> schemeLaws() {
        return List.of();
    }

    /** Fails with the property, its law and the shrunk counterexample (as instance JSON) when it is violated. */
    default void assertHolds(SchemeProperties.Property property) {
        java.util.Optional<SchemeProperties.Violation> v =
            SchemeProperties.firstViolation(property, scheme(), propertyInstances());
        if (v.isPresent()) {
            fail(scheme().id() + ": " + v.get());
        }
    }

    // ----- properties over the bank and generated instances (the law is in each property's comment) -----

    /** Law: Σ_y P(Y = y) = 1 and 0 ≤ α ≤ 1 exactly ({@link SchemeProperties#ACCEPTANCE_IN_UNIT_INTERVAL}). */
    @Test
    default void acceptanceIsInTheUnitInterval() {
        assertHolds(SchemeProperties.ACCEPTANCE_IN_UNIT_INTERVAL);
    }

    /** Law: P(Y = y) = 0 wherever p(y) = 0 ({@link SchemeProperties#NO_ZERO_MASS_OUTPUT}). */
    @Test
    default void zeroMassTokensAreNeverEmittedOnGeneratedInstances() {
        assertHolds(SchemeProperties.NO_ZERO_MASS_OUTPUT);
    }

    /** Law: claimsLossless ⇒ P(Y = ·) = p exactly ({@link SchemeProperties#LOSSLESS}). */
    @Test
    default void losslessOnGeneratedInstances() {
        assertHolds(SchemeProperties.LOSSLESS);
    }

    /** Law: lossless on an instance ⇒ α ≤ α*(p, Q), exactly ({@link SchemeProperties#AT_MOST_OPTIMUM}). */
    @Test
    default void acceptanceIsAtMostTheOptimum() {
        assertHolds(SchemeProperties.AT_MOST_OPTIMUM);
    }

    /** Law: for a verifier that claims optimality, α = α*(p, Q) exactly ({@link SchemeProperties#REACHES_OPTIMUM}). */
    @Test
    default void optimalVerifierReachesTheOptimum() {
        if (claimsOptimal()) {
            assertHolds(SchemeProperties.REACHES_OPTIMUM);
        }
    }

    /**
     * Law: relabelling the tokens relabels the output law and keeps α, on tie-free instances
     * ({@link SchemeProperties#RELABELLING_INVARIANT}).
     */
    @Test
    default void invariantUnderRelabellingTokens() {
        assertHolds(SchemeProperties.RELABELLING_INVARIANT);
    }

    /** Law: every sampled output has positive exact conditional probability given its drafts. */
    @Test
    default void sampledOutputsArePossibleUnderTheConditionalLaw() {
        assertHolds(SchemeProperties.SAMPLES_POSSIBLE);
    }

    /** The scheme's own laws ({@link #schemeLaws()}: closed forms, guarantees such as K-SEQ ≥ (1 − 1/e)·α*). */
    @Test
    default void schemeSpecificLawsHold() {
        for (SchemeProperties.Property p : schemeLaws()) {
            assertHolds(p);
        }
    }

    // ----- validity -----

    /** Law: the exact joint law is a probability law (total mass 1) and its draft marginal is the process's law Q. */
    @Test
    default void jointLawIsAProbabilityLawWithDraftMarginalQ() {
        for (Instance inst : applicableInstances()) {
            Scheme.Bound b = scheme().bind(inst);
            ExactLaw law = ExactLaw.of(b);
            BigFraction total = law.joint().values().stream().reduce(BigFraction.ZERO, BigFraction::add);
            assertEquals(BigFraction.ONE, total, inst.name());
            assertEquals(b.draftProcess().law(), law.draftLaw(), inst.name() + ": draft marginal vs Q");
            BigFraction a = law.acceptance();
            assertTrue(a.signum() >= 0 && Fractions.compare(a, BigFraction.ONE) <= 0, inst.name() + ": acceptance " + a);
        }
    }

    /**
     * Law: a token of zero target mass is never emitted, by any scheme (lossy ones included: typical acceptance only
     * accepts drafts with p(x) &gt; τ ≥ 0 and falls back to p).
     */
    @Test
    default void neverEmitsZeroMassToken() {
        for (Instance inst : applicableInstances()) {
            for (Map.Entry<Run, BigFraction> e : ExactLaw.of(scheme().bind(inst)).joint().entrySet()) {
                if (inst.target().p(e.getKey().output()).signum() == 0) {
                    fail(inst.name() + ": emits zero-mass token " + e.getKey().output() + " with probability "
                        + Fractions.format(e.getValue()) + " on drafts " + e.getKey().drafts());
                }
            }
        }
    }

    // ----- losslessness -----

    /** Law: a scheme that claims losslessness has output law exactly p, as rationals, on every bank instance. */
    @Test
    default void claimedLosslessnessHoldsExactly() {
        if (!scheme().claimsLossless()) {
            return;
        }
        for (Instance inst : applicableInstances()) {
            ExactLaw law = ExactLaw.of(scheme().bind(inst));
            if (!law.lossless()) {
                int y = law.worstToken();
                fail(scheme().id() + " is not lossless on " + inst + ": token " + y + " has P(Y=y) = "
                    + Fractions.format(law.outputLaw()[y]) + " but p(y) = " + Fractions.format(inst.target().p(y))
                    + " (tolerance: exact)");
            }
        }
    }

    // ----- interpretations agree -----

    /**
     * Law: the sampler's empirical output law matches the exact law (G-test, α = 0.001, n = 20000 draws per instance,
     * on the two largest applicable instances; cells of zero exact probability must have zero counts).
     */
    @Test
    default void samplerMatchesExactLaw() {
        List<Instance> insts = applicableInstances();
        insts.sort((a, b) -> Integer.compare(b.vocab() * b.k(), a.vocab() * a.k()));
        long seed = 0x5EED0000L + scheme().id().hashCode();
        int n = 20_000;
        double alpha = 0.001;
        for (Instance inst : insts.subList(0, Math.min(2, insts.size()))) {
            Scheme.Bound b = scheme().bind(inst);
            BigFraction[] exact = ExactLaw.of(b).outputLaw();
            long[] counts = new Sampler(seed).outputCounts(b, n);
            List<Double> expected = new ArrayList<>();
            List<Long> observed = new ArrayList<>();
            StringBuilder table = new StringBuilder("token expected observed\n");
            for (int y = 0; y < exact.length; y++) {
                table.append(y).append(' ').append(exact[y].doubleValue() * n).append(' ').append(counts[y]).append('\n');
                if (exact[y].signum() == 0) {
                    assertEquals(0, counts[y], "seed " + seed + ", " + inst.name()
                        + ": sampled a token of exact probability zero\n" + table);
                } else {
                    expected.add(exact[y].doubleValue());
                    observed.add(counts[y]);
                }
            }
            if (expected.size() < 2) {
                continue;
            }
            SignificanceResult r = GTest.withDefaults().test(
                expected.stream().mapToDouble(Double::doubleValue).toArray(),
                observed.stream().mapToLong(Long::longValue).toArray());
            assertFalse(r.reject(alpha), "seed " + seed + ", " + inst.name() + ": G-test p-value " + r.getPValue()
                + " < alpha " + alpha + " (n = " + n + ")\n" + table);
        }
    }

    /** Law: the sampler is a pure function of (seed, position). */
    @Test
    default void samplerIsReplayableFromSeedAndPosition() {
        Instance inst = applicableInstances().get(0);
        Scheme.Bound b = scheme().bind(inst);
        for (long pos = 0; pos < 50; pos++) {
            assertEquals(new Sampler(7).sample(b, pos), new Sampler(7).sample(b, pos));
        }
    }

    /**
     * Law: on uniforms at the centre of each exact cell, the uniform-driven decision reproduces every outcome of
     * positive probability; here checked by running many uniform vectors and asserting each outcome has positive exact
     * probability and a positive margin.
     */
    @Test
    default void uniformDrivenOutcomesHavePositiveExactProbability() {
        for (Instance inst : applicableInstances()) {
            Scheme.Bound b = scheme().bind(inst);
            Map<Run, BigFraction> joint = ExactLaw.of(b).joint();
            java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
            for (int trial = 0; trial < 200; trial++) {
                double[] du = rng.doubles(16, Double.MIN_NORMAL, 1).toArray();
                double[] vu = rng.doubles(16, Double.MIN_NORMAL, 1).toArray();
                UniformDriven.Decision d = UniformDriven.run(b, du, vu);
                Run o = new Run(d.drafts(), d.output());
                assertTrue(joint.containsKey(o), inst.name() + ": uniform-driven outcome " + o
                    + " has exact probability zero (seed 11, trial " + trial + ")");
                assertTrue(d.margin().signum() > 0, inst.name() + ": zero margin");
            }
        }
    }

    // ----- bad input -----

    /** Law: the verifier refuses drafts of the wrong count or out of the vocabulary, naming them. */
    @Test
    default void verifierRejectsMalformedDrafts() {
        Instance inst = applicableInstances().get(0);
        Scheme.Bound b = scheme().bind(inst);
        int k = b.draftProcess().k();
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
            () -> b.verify(new int[k + 1], UniformDraws.exact(new double[] {0.5}, Draws.VERIFY)));
        assertTrue(tooMany.getMessage().contains("expected " + k + " drafts"), tooMany.getMessage());
        int[] outOfRange = new int[k];
        outOfRange[k - 1] = inst.vocab();
        InvalidInputException range = assertThrows(InvalidInputException.class,
            () -> b.verify(outOfRange, UniformDraws.exact(new double[] {0.5}, Draws.VERIFY)));
        assertTrue(range.getMessage().contains("token " + inst.vocab()), range.getMessage());
    }

    /**
     * Law: the verifier refuses exactly the draft tuples its draft process can never produce (probability zero under
     * Q), naming the draft process; every tuple of positive probability is accepted. Checked over all of V^K on the
     * small applicable instances.
     */
    @Test
    default void verifierRefusesExactlyTheImpossibleTuples() {
        int checked = 0;
        for (Instance inst : applicableInstances()) {
            int k = inst.k();
            int n = inst.vocab();
            if (Math.pow(n, k) > 300) {
                continue;
            }
            Scheme.Bound b = scheme().bind(inst);
            Map<org.specverify.reference.draft.DraftTuple, BigFraction> q = b.draftProcess().law();
            int[] t = new int[k];
            for (int code = 0; code < (int) Math.pow(n, k); code++) {
                int c = code;
                for (int i = 0; i < k; i++) {
                    t[i] = c % n;
                    c /= n;
                }
                int[] drafts = t.clone();
                UniformDraws<BigFraction> u = UniformDraws.exact(i -> 0.5, Integer.MAX_VALUE, Draws.VERIFY,
                    Uniforms.OPEN);
                if (q.containsKey(org.specverify.reference.draft.DraftTuple.of(drafts))) {
                    b.verify(drafts, u);
                } else {
                    InvalidInputException e = assertThrows(InvalidInputException.class, () -> b.verify(drafts, u),
                        inst.name() + ": impossible drafts " + java.util.Arrays.toString(drafts) + " were verified");
                    assertTrue(e.getMessage().contains(b.draftProcess().id() + " draft process"), e.getMessage());
                }
                checked++;
            }
        }
        assertTrue(checked > 0, "no instance small enough to enumerate V^K");
    }

    /** Law: binding at an unsupported K is refused with a message naming the supported range. */
    @Test
    default void unsupportedKIsRefused() {
        Instance base = InstanceBank.identical().get(0);
        int badK = scheme().maxK() == Integer.MAX_VALUE ? 0 : scheme().maxK() + 1;
        if (badK == 0) {
            assertThrows(InvalidInputException.class, () -> base.withK(0));
            return;
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> scheme().bind(base.withK(badK)));
        assertTrue(e.getMessage().contains(Scheme.describeK(scheme().minK(), scheme().maxK())), e.getMessage());
    }
}
