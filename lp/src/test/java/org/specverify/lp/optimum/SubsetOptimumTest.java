package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.GLOP_VS_EXACT;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.LpTolerances;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.TransportLp;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * The exact subset optimum α* = min_H p(H) + 1 - Q(x̄ ⊆ H): against a brute force over
 * {@link DraftProcess#probabilityAllIn} (independent of the Gray-code, zeta-transform and set-law code), against the
 * exact max-flow and the LP (strong duality), its minimiser lattice, its routes for each process kind, and its refusals.
 */
class SubsetOptimumTest {
    /** Every process kind the suite knows, on one (p, q) pair. */
    private static List<DraftProcess> processes(SplittableRandom rng, Distribution q, int n) {
        List<DraftProcess> out = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            out.add(new IidDraft(q, k));
            if (q.supportSize() >= k) {
                out.add(new WithoutReplacementDraft(q, k));
            }
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rows.add(OptimumCases.shaped(rng, n));
            }
            out.add(new IndependentDraft(rows));
        }
        if (q.supportSize() >= 2) {
            out.add(new HubDraft(q));
        }
        for (int k = 1; k <= n; k++) {
            try {
                out.add(new GreedyDraft(q, k));
            } catch (InvalidInputException e) {
                // q puts all its mass on the top K - 1 tokens: not a valid greedy process
            }
        }
        out.add(DeterministicDraft.topK(q, Math.min(2, n)));
        return out;
    }

    /** Law: SubsetOptimum.value = min over all H of p(H) + 1 - Q(x̄ ⊆ H), Q from the process itself. */
    @Test
    void valueIsTheBruteForceMinimumForEveryProcessKind() {
        long seed = OptimumCases.seed("SubsetOptimumTest#valueIsTheBruteForceMinimumForEveryProcessKind");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 40; c++) {
            int n = 1 + rng.nextInt(4);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n);
            for (DraftProcess process : processes(rng, q, n)) {
                BigFraction expected = OptimumCases.bruteForceMinimum(p,
                    mask -> process.probabilityAllIn(t -> (mask >> t & 1) == 1));
                SubsetOptimum s = SubsetOptimum.of(p, process);
                assertEquals(expected, s.value(), () -> process.id() + " K=" + process.k() + ", p = " + p + ", q = "
                    + q + " (seed " + seed + ")");
            }
        }
    }

    /**
     * Law: the minimisers of the submodular f form a lattice: the returned smallest and largest minimisers attain α*,
     * and every minimiser H satisfies smallest ⊆ H ⊆ largest.
     */
    @Test
    void minimisersFormALattice() {
        long seed = OptimumCases.seed("SubsetOptimumTest#minimisersFormALattice");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 60; c++) {
            int n = 1 + rng.nextInt(5);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n);
            int k = 1 + rng.nextInt(3);
            DraftProcess process = rng.nextBoolean() ? new IidDraft(q, k)
                : new WithoutReplacementDraft(q, Math.min(k, q.supportSize()));
            SubsetOptimum s = SubsetOptimum.of(p, process);
            String where = process.id() + " K=" + process.k() + ", p = " + p + ", q = " + q + " (seed " + seed + ")";
            assertEquals(s.value(), SubsetOptimum.objective(p, process, s.minimiser()), where);
            assertEquals(s.value(), SubsetOptimum.objective(p, process, s.largestMinimiser()), where);
            int small = OptimumCases.mask(s.minimiser());
            int large = OptimumCases.mask(s.largestMinimiser());
            for (int mask = 0; mask < 1 << n; mask++) {
                if (SubsetOptimum.objective(p, process, OptimumCases.tokens(mask, n)).equals(s.value())) {
                    final int h = mask;
                    assertTrue((small & ~h) == 0 && (h & ~large) == 0,
                        () -> "minimiser " + java.util.Arrays.toString(OptimumCases.tokens(h, n))
                            + " is outside the lattice bounds, " + where);
                }
            }
        }
    }

    /**
     * Law (max-flow/min-cut): SubsetOptimum = the exact max-flow value of the acceptance network, for the enumerated
     * law; and the OT LP optimum is within {@link LpTolerances#GLOP_VS_EXACT} of it.
     */
    @Test
    void equalsExactMaxFlowAndLpOptimum() {
        equalsExactMaxFlowAndLpOptimum(OptimumCases.seed("SubsetOptimumTest#equalsExactMaxFlowAndLpOptimum"));
    }

    /**
     * Regression: with this seed GLOP once called a transport LP infeasible (the column of a zero-mass token was the
     * one dropped; {@code TransportLpTest#zeroMassLastTokenWithTinyTuplesIsFeasible}).
     */
    @Test
    void equalsExactMaxFlowAndLpOptimumOnTheSeedGlopCalledInfeasible() {
        long seed = 6_684_766_678_397L;
        System.out.println("SubsetOptimumTest#equalsExactMaxFlowAndLpOptimumOnTheSeedGlopCalledInfeasible seed = " + seed);
        equalsExactMaxFlowAndLpOptimum(seed);
    }

    private static void equalsExactMaxFlowAndLpOptimum(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 12; c++) {
            int n = 2 + rng.nextInt(3);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n);
            for (DraftProcess process : processes(rng, q, n)) {
                String where = process.id() + " K=" + process.k() + ", p = " + p + ", q = " + q + " (seed " + seed
                    + ")";
                BigFraction exact = SubsetOptimum.of(p, process).value();
                assertEquals(exact, AcceptanceFlow.of(p, process).value(), where);
                if (c % 3 == 0) {
                    LpResult lp = TransportLp.solve(p, process);
                    assertTrue(GLOP_VS_EXACT.test(lp.primalObjective(), exact),
                        () -> GLOP_VS_EXACT.describe("LP vs subset optimum, " + where, lp.primalObjective(),
                            exact.doubleValue()));
                }
            }
        }
    }

    /**
     * The process-specific routes (closed-form products, the without-replacement set law) equal the generic law
     * route.
     */
    @Test
    void processRoutesEqualTheEnumeratedLawRoute() {
        long seed = OptimumCases.seed("SubsetOptimumTest#processRoutesEqualTheEnumeratedLawRoute");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 30; c++) {
            int n = 1 + rng.nextInt(5);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n);
            int k = 1 + rng.nextInt(3);
            List<DraftProcess> list = new ArrayList<>(List.of(new IidDraft(q, k),
                new IndependentDraft(List.of(q, OptimumCases.shaped(rng, n)))));
            if (q.supportSize() >= k) {
                list.add(new WithoutReplacementDraft(q, k));
            }
            for (DraftProcess process : list) {
                SubsetOptimum viaProcess = SubsetOptimum.of(p, process);
                SubsetOptimum viaLaw = SubsetOptimum.ofLaw(p, process.law());
                String where = process.id() + " K=" + process.k() + ", p = " + p + ", q = " + q + " (seed " + seed
                    + ")";
                assertEquals(viaLaw.value(), viaProcess.value(), where);
                assertArrayEquals(viaLaw.minimiser(), viaProcess.minimiser(), where);
                assertArrayEquals(viaLaw.largestMinimiser(), viaProcess.largestMinimiser(), where);
            }
        }
    }

    /** Hand-checked cases: equal laws, disjoint supports, one token. */
    @Test
    void handCheckedValues() {
        Distribution p = Distribution.parse("1/2", "1/2");
        Distribution point = Distribution.parse("1", "0");
        // iid K = 2 from the point mass: H = {0} gives 1/2 + 1 - 1
        SubsetOptimum s = SubsetOptimum.of(p, new IidDraft(point, 2));
        assertEquals(BigFraction.of(1, 2), s.value());
        assertArrayEquals(new int[] {0}, s.minimiser());
        // p = q: nothing beats H = ∅ (α* = 1), smallest minimiser ∅
        SubsetOptimum same = SubsetOptimum.of(p, new IidDraft(p, 3));
        assertEquals(Fractions.ONE, same.value());
        assertArrayEquals(new int[0], same.minimiser());
        // a single token
        Distribution one = Distribution.parse("1");
        assertEquals(Fractions.ONE, SubsetOptimum.of(one, new IidDraft(one, 1)).value());
        // K = 1 is 1 - TV(p, q)
        Distribution q = Distribution.parse("1/3", "2/3");
        assertEquals(Fractions.ONE.subtract(p.totalVariation(q)), SubsetOptimum.of(p, new IidDraft(q, 1)).value());
    }

    /**
     * Masses and law values whose BigFraction carries a negative denominator (-1/-2 is 1/2) give the same optimum: the
     * integer encoding scales by the lcm of the denominators' absolute values (with a signed lcm the encoding's
     * denominator turned negative and the minimum became a maximum, 19/12 here).
     */
    @Test
    void negativeDenominatorsGiveTheSameOptimum() {
        Distribution p = Distribution.parse("1/2", "1/3", "1/6");
        Distribution q = Distribution.parse("1/6", "1/3", "1/2");
        BigFraction expected = SubsetOptimum.of(p, new IidDraft(q, 2)).value();
        assertEquals(BigFraction.of(29, 36), expected);
        Distribution pn = Distribution.of(BigFraction.of(-1, -2), BigFraction.of(-1, -3), BigFraction.of(-1, -6));
        Distribution qn = Distribution.of(BigFraction.of(-1, -6), BigFraction.of(-1, -3), BigFraction.of(-1, -2));
        assertEquals(expected, SubsetOptimum.of(pn, new IidDraft(qn, 2)).value());
        java.util.Map<org.specverify.reference.draft.DraftTuple, BigFraction> law = new java.util.HashMap<>();
        new IidDraft(q, 2).law().forEach((t, m) -> law.put(t, BigFraction.of(m.getNumerator().negate(),
            m.getDenominator().negate())));
        assertEquals(expected, SubsetOptimum.ofLaw(p, law).value());
    }

    /** |V| above the limit is refused with the size and the limit in the message; mismatched vocabularies too. */
    @Test
    void refusesLargeVocabulariesAndMismatches() {
        Distribution big = Distribution.uniform(SubsetOptimum.MAX_VOCAB + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> SubsetOptimum.of(big, new IidDraft(big, 2)));
        assertTrue(e.getMessage().contains("|V| = " + (SubsetOptimum.MAX_VOCAB + 1))
            && e.getMessage().contains("limit of " + SubsetOptimum.MAX_VOCAB), e.getMessage());
        Distribution three = Distribution.uniform(3);
        InvalidInputException m = assertThrows(InvalidInputException.class,
            () -> SubsetOptimum.of(Distribution.uniform(2), new IidDraft(three, 2)));
        assertTrue(m.getMessage().contains("2 tokens") && m.getMessage().contains("3"), m.getMessage());
    }

    /** A law that is not a probability law is refused, naming the total. */
    @Test
    void refusesBadLaws() {
        Distribution p = Distribution.uniform(2);
        java.util.Map<org.specverify.reference.draft.DraftTuple, BigFraction> law = new java.util.HashMap<>();
        law.put(org.specverify.reference.draft.DraftTuple.of(0), BigFraction.of(1, 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SubsetOptimum.ofLaw(p, law));
        assertTrue(e.getMessage().contains("1/2"), e.getMessage());
        law.put(org.specverify.reference.draft.DraftTuple.of(5), BigFraction.of(1, 2));
        InvalidInputException r = assertThrows(InvalidInputException.class, () -> SubsetOptimum.ofLaw(p, law));
        assertTrue(r.getMessage().contains("token 5"), r.getMessage());
    }

    /** The limit case |V| = 20 runs (iid, K = 4, exact rationals) in a few seconds. */
    @Test
    void runsAtTheVocabularyLimit() {
        SplittableRandom rng = new SplittableRandom(OptimumCases.seed("SubsetOptimumTest#runsAtTheVocabularyLimit"));
        int n = SubsetOptimum.MAX_VOCAB;
        Distribution p = OptimumCases.shaped(rng, n);
        Distribution q = OptimumCases.shaped(rng, n);
        long start = System.nanoTime();
        SubsetOptimum s = SubsetOptimum.of(p, new IidDraft(q, 4));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println("SubsetOptimum at |V| = " + n + ", iid K = 4: " + seconds + " s");
        assertEquals(RatioPrefix.iid(p, q, 4).value(), s.value());
    }

    /**
     * Boundaries of the refusals: the first token past the vocabulary (t = |V|) is refused by {@code objective} and
     * {@code ofLaw} with the range named, token |V| - 1 and a zero-probability tuple are accepted, a negative one is not.
     */
    @Test
    void tokenAndProbabilityBoundaries() {
        Distribution p = Distribution.parse("1/2", "1/2");
        DraftProcess process = new IidDraft(Distribution.parse("1", "0"), 2);
        InvalidInputException past = assertThrows(InvalidInputException.class,
            () -> SubsetOptimum.objective(p, process, new int[] {0, 2}));
        assertTrue(past.getMessage().contains("token 2 of H out of range 0..1"), past.getMessage());
        InvalidInputException negative = assertThrows(InvalidInputException.class,
            () -> SubsetOptimum.objective(p, process, new int[] {-1}));
        assertTrue(negative.getMessage().contains("token -1"), negative.getMessage());
        // H = {1}: 1/2 + 1 - 0; H = {0}: 1/2 + 1 - 1
        assertEquals(BigFraction.of(3, 2), SubsetOptimum.objective(p, process, new int[] {1}));
        assertEquals(BigFraction.of(1, 2), SubsetOptimum.objective(p, process, new int[] {0}));

        java.util.Map<org.specverify.reference.draft.DraftTuple, BigFraction> law = new java.util.HashMap<>();
        law.put(org.specverify.reference.draft.DraftTuple.of(0, 0), Fractions.ONE);
        law.put(org.specverify.reference.draft.DraftTuple.of(1, 1), Fractions.ZERO);
        SubsetOptimum withZero = SubsetOptimum.ofLaw(p, law);
        assertEquals(BigFraction.of(1, 2), withZero.value());
        assertArrayEquals(new int[] {0}, withZero.minimiser());
        assertEquals(2, withZero.vocab());
        assertEquals("SubsetOptimum[α* = 1/2, minimiser [0]]", withZero.toString());

        law.put(org.specverify.reference.draft.DraftTuple.of(1, 2), BigFraction.of(0));
        InvalidInputException range = assertThrows(InvalidInputException.class, () -> SubsetOptimum.ofLaw(p, law));
        assertTrue(range.getMessage().contains("token 2, out of range 0..1"), range.getMessage());
        law.remove(org.specverify.reference.draft.DraftTuple.of(1, 2));
        law.put(org.specverify.reference.draft.DraftTuple.of(1, 1), BigFraction.of(-1, 4));
        law.put(org.specverify.reference.draft.DraftTuple.of(0, 1), BigFraction.of(1, 4));
        InvalidInputException neg = assertThrows(InvalidInputException.class, () -> SubsetOptimum.ofLaw(p, law));
        assertTrue(neg.getMessage().contains("negative probability -1/4"), neg.getMessage());
    }
}
