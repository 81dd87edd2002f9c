package org.specverify.properties.schemes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.InstanceReader;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.scheme.SpeculativeSampling;

/**
 * Verification under the uniform models engines draw from (proofs-notes/uniform-models.md): the exact law counts grid
 * points, and the verdict separates a zero-target leak and an error path (always failed claims) from a law error within
 * the row's resolution bound.
 */
class UniformModelTest {
    private static final BigFraction TWO_TO_MINUS_24 = BigFraction.of(1, 1 << 24);

    private static BigFraction f(int n, int d) {
        return BigFraction.of(n, d);
    }

    @Test
    void acceptAtMostUnderFloat32ClosedOpenLeaksExactlyQTimesTwoToMinus24OnTheZeroTargetToken() {
        Distribution p = Distribution.of(f(1, 2), f(1, 2), f(0, 1));
        Distribution q = Distribution.of(f(1, 4), f(1, 4), f(1, 2));
        Scheme.Bound b = new BrokenSchemes.AcceptAtMost().bind(Instance.identical("leak", p, q, 1));
        // lossless under the ideal model: u = 0 has probability zero
        assertTrue(ExactLaw.of(b).lossless());
        assertEquals(UniformModelLaw.Verdict.LOSSLESS, UniformModelLaw.of(b, UniformModel.IDEAL).verdict());
        UniformModelLaw law = UniformModelLaw.of(b, UniformModel.FLOAT32_CLOSED_OPEN);
        assertEquals(UniformModelLaw.Verdict.ZERO_MASS_LEAK, law.verdict());
        assertEquals(q.p(2).multiply(TWO_TO_MINUS_24), law.outputLaw()[2]);
        assertEquals(q.p(2).multiply(TWO_TO_MINUS_24), law.zeroTargetMass());
        assertEquals(BigFraction.ZERO, law.errorMass());
        System.out.println("u <= p/q under float32-closed-open: leaked mass " + law.zeroTargetMass()
            + " on the zero-target token 2 (q(2) = " + q.p(2) + "); resolution bound " + law.resolutionBound());
        // under float32-open-closed u = 0 never happens: no leak
        assertEquals(BigFraction.ZERO, UniformModelLaw.of(b, UniformModel.FLOAT32_OPEN_CLOSED).zeroTargetMass());
        // bfloat16 and float16 keep u = 0 at k = 0: the same leak
        assertEquals(q.p(2).multiply(TWO_TO_MINUS_24), UniformModelLaw.of(b, UniformModel.BFLOAT16).zeroTargetMass());
        assertEquals(q.p(2).multiply(TWO_TO_MINUS_24), UniformModelLaw.of(b, UniformModel.FLOAT16).zeroTargetMass());
    }

    @Test
    void theStrictTestIsLosslessAtThisResolution() {
        Distribution p = Distribution.of(f(1, 3), f(1, 3), f(1, 3));
        Distribution q = Distribution.of(f(1, 2), f(1, 4), f(1, 4));
        Scheme.Bound b = new SpeculativeSampling().bind(Instance.identical("strict", p, q, 1));
        UniformModelLaw law = UniformModelLaw.of(b, UniformModel.FLOAT32_CLOSED_OPEN);
        // accept token 0 iff k < ceil((2/3)·2^24) = 11184811: (11184811/2^24)·(1/2) instead of 1/3
        BigFraction accept0 = f(11184811, 1 << 24).multiply(f(1, 2));
        assertEquals(accept0, law.outputLaw()[0]);
        assertTrue(law.maxLawError().signum() > 0);
        assertEquals(UniformModelLaw.Verdict.LOSSLESS_AT_RESOLUTION, law.verdict());
        assertTrue(Fractions.compare(law.maxLawError(), law.resolutionBound()) <= 0);
        assertEquals(BigFraction.ZERO, law.zeroTargetMass());
        System.out.println("strict u*q < p under float32-closed-open: max law error " + law.maxLawError()
            + " <= resolution bound " + law.resolutionBound());
        for (UniformModel m : UniformModel.values()) {
            UniformModelLaw under = UniformModelLaw.of(b, m);
            if (m == UniformModel.FLOAT32_OPEN_CLOSED) {
                // the residual draw at u = 1 has no cell: each rejection loses 2^-24 of its mass
                assertEquals(UniformModelLaw.Verdict.ERROR_PATH, under.verdict());
                // only token 0 is rejected: with probability 1/2·(1 − (ceil(2^25/3) − 1)/2^24)
                BigFraction reject0 = f(1, 2).multiply(BigFraction.ONE.subtract(f(11184810, 1 << 24)));
                assertEquals(reject0.multiply(TWO_TO_MINUS_24), under.errorMass());
            } else if (m.discrete() && m.countBelow(BigFraction.ONE) < UniformModel.N) {
                // bfloat16 and float16 casts round the top of the float32 grid to 1.0: the residual draw has no cell
                assertEquals(UniformModelLaw.Verdict.ERROR_PATH, under.verdict(), m.id());
                System.out.println("strict sd under " + m.id() + ": error path of mass " + under.errorMass());
            } else {
                assertTrue(under.verdict().passes(), m.id() + ": " + under.verdict() + ", error "
                    + under.maxLawError() + ", bound " + under.resolutionBound());
            }
        }
    }

    @Test
    void aUniformOfOneUnderFloat32OpenClosedMeetsAnEmptyResidualOnAnErrorPath() {
        Distribution p = Distribution.of(f(1, 2), f(1, 4), f(1, 4));
        Scheme.Bound b = new SpeculativeSampling().bind(Instance.identical("p=q", p, p, 1));
        // u·q < p with p = q rejects only at u = 1; the residual (p − q)+ is empty there
        UniformModelLaw law = UniformModelLaw.of(b, UniformModel.FLOAT32_OPEN_CLOSED);
        assertEquals(UniformModelLaw.Verdict.ERROR_PATH, law.verdict());
        assertEquals(TWO_TO_MINUS_24, law.errorMass());
        assertTrue(law.firstError().orElseThrow().contains("empty law"), law.firstError().orElseThrow());
        assertEquals(UniformModelLaw.Verdict.LOSSLESS, UniformModelLaw.of(b, UniformModel.FLOAT32_CLOSED_OPEN)
            .verdict());
        System.out.println("u = 1 under float32-open-closed on p = q: error path of mass " + law.errorMass() + " ("
            + law.firstError().orElseThrow() + ")");
        // and a final draw at u = 1 has no cell: every rejection path loses 2^-24 of its mass
        Distribution q = Distribution.of(f(1, 4), f(1, 4), f(1, 2));
        UniformModelLaw other = UniformModelLaw.of(new SpeculativeSampling().bind(Instance.identical("u=1", p, q, 1)),
            UniformModel.FLOAT32_OPEN_CLOSED);
        assertEquals(UniformModelLaw.Verdict.ERROR_PATH, other.verdict());
        assertTrue(other.errorMass().signum() > 0);
    }

    @Test
    void theGridsCountWhatTheirDefinitionsSay() {
        // exhaustive over all 2^24 indices: the cut counts agree with counting g(k) < t and g(k) <= t directly, and
        // the sliver is the largest |countBelow(t)/N − t| at the grid's values
        BigFraction[] probes = {f(0, 1), f(1, 3), f(1, 2), f(255, 256), f(511, 512), f(2047, 2048), f(1, 1)};
        for (UniformModel m : List.of(UniformModel.BFLOAT16, UniformModel.FLOAT16)) {
            long[] below = new long[probes.length];
            long[] atMost = new long[probes.length];
            for (long k = 0; k < UniformModel.N; k++) {
                BigFraction g = null;
                long mk = m.m(k);
                for (int i = 0; i < probes.length; i++) {
                    // m(k)/N < a/b  iff  m(k)·b < a·N
                    long a = probes[i].getNumeratorAsLong();
                    long d = probes[i].getDenominatorAsLong();
                    if (mk * d < a * UniformModel.N) {
                        below[i]++;
                    }
                    if (mk * d <= a * UniformModel.N) {
                        atMost[i]++;
                    }
                }
            }
            for (int i = 0; i < probes.length; i++) {
                assertEquals(below[i], m.countBelow(probes[i]), m.id() + " below " + probes[i]);
                assertEquals(atMost[i], m.countAtMost(probes[i]), m.id() + " at most " + probes[i]);
            }
        }
        assertEquals(UniformModel.N - (1L << 15), UniformModel.BFLOAT16.countBelow(BigFraction.ONE));
        assertEquals(UniformModel.N - (1L << 12), UniformModel.FLOAT16.countBelow(BigFraction.ONE));
        assertEquals(UniformModel.N - 1, UniformModel.FLOAT32_OPEN_CLOSED.countBelow(BigFraction.ONE));
        assertEquals(UniformModel.N, UniformModel.FLOAT32_CLOSED_OPEN.countBelow(BigFraction.ONE));
        assertEquals(1, UniformModel.FLOAT32_CLOSED_OPEN.countAtMost(BigFraction.ZERO));
        assertEquals(0, UniformModel.FLOAT32_OPEN_CLOSED.countAtMost(BigFraction.ZERO));
        // P(u = 1) of the rounded grids: 2^-9 and 2^-12; their slivers are one grid step more
        assertEquals(BigFraction.of(1, 512), BigFraction.ONE.subtract(
            BigFraction.of(UniformModel.BFLOAT16.countBelow(BigFraction.ONE), UniformModel.N)));
        assertEquals(BigFraction.of(1, 4096), BigFraction.ONE.subtract(
            BigFraction.of(UniformModel.FLOAT16.countBelow(BigFraction.ONE), UniformModel.N)));
        assertEquals(BigFraction.of(1, 512).add(TWO_TO_MINUS_24), UniformModel.BFLOAT16.sliver());
        assertEquals(BigFraction.of(1, 4096).add(TWO_TO_MINUS_24), UniformModel.FLOAT16.sliver());
    }

    @Test
    void theSliverIsTheLargestDisagreementOfAComparisonUnderTheCoupling() {
        // c(t) = #{k : g(k) < t} is constant on (v_j, v_(j+1)] between consecutive grid values (and #{k : g(k) <= t}
        // on [v_j, v_(j+1))), equal to C_j = #{k : m(k) <= v_j}; the coupling k = floor(U·N) disagrees on a set of
        // length |C_j/N − t|, whose supremum over the piece is max(|C_j − v_j|, |C_j − v_(j+1)|)/N
        for (UniformModel m : List.of(UniformModel.FLOAT32_CLOSED_OPEN, UniformModel.FLOAT32_OPEN_CLOSED,
            UniformModel.BFLOAT16, UniformModel.FLOAT16)) {
            long sup = 0;
            long k = 0;
            long previous = -1;
            long count = 0;
            while (k < UniformModel.N) {
                long v = m.m(k);
                long end = k;
                while (end < UniformModel.N && m.m(end) == v) {
                    end++;
                }
                if (previous >= 0) {
                    sup = Math.max(sup, Math.max(Math.abs(count - previous), Math.abs(count - v)));
                } else {
                    sup = Math.max(sup, v); // t in [0, v_0): nothing below, a disagreement of length t < v_0
                }
                count = end;
                previous = v;
                k = end;
            }
            if (previous < UniformModel.N) {
                sup = Math.max(sup, Math.max(Math.abs(count - previous), Math.abs(count - UniformModel.N)));
            }
            assertEquals(m.sliver(), BigFraction.of(sup, UniformModel.N), m.id());
        }
    }

    @Test
    void everyLosslessReferenceSchemeStaysWithinItsResolutionBoundOnTheInstanceBank() {
        // the bound is an upper bound on |P_model − P_ideal| (proofs-notes/uniform-models.md, claim 2): a lossless
        // scheme without an error path must never be "above the resolution bound"
        long start = System.nanoTime();
        int rows = 0;
        List<String> wrong = new ArrayList<>();
        for (Instance i : org.specverify.properties.InstanceBank.all()) {
            for (Scheme s : Schemes.reference().all()) {
                if (!s.claimsLossless() || s.notApplicable(i).isPresent()) {
                    continue;
                }
                Scheme.Bound b;
                try {
                    b = s.bind(i);
                    ExactLaw.of(b);
                } catch (RuntimeException tooLargeOrRefused) {
                    continue;
                }
                if (b.draftProcess() instanceof org.specverify.reference.draft.NoiseSharing) {
                    // race-coupled schemes read the draft's race noise: refused under every grid model, by name
                    Scheme.Bound raced = b;
                    org.junit.jupiter.api.Assertions.assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                        org.specverify.reference.InvalidInputException.class,
                        () -> UniformModelLaw.of(raced, UniformModel.FLOAT32_CLOSED_OPEN)).getMessage()
                        .contains("race noise"));
                    continue;
                }
                for (UniformModel m : List.of(UniformModel.FLOAT32_CLOSED_OPEN, UniformModel.FLOAT32_OPEN_CLOSED,
                    UniformModel.BFLOAT16, UniformModel.FLOAT16)) {
                    UniformModelLaw law = UniformModelLaw.of(b, m);
                    rows++;
                    if (law.verdict() == UniformModelLaw.Verdict.ABOVE_RESOLUTION
                        || law.verdict() == UniformModelLaw.Verdict.ZERO_MASS_LEAK) {
                        wrong.add(s.id() + " on " + i.name() + " under " + m.id() + ": " + law.verdict()
                            + ", error " + law.maxLawError() + ", bound " + law.resolutionBound());
                    }
                }
            }
        }
        System.out.printf("instance bank: %d (scheme, instance, model) rows in %.1f s%n", rows,
            (System.nanoTime() - start) / 1e9);
        assertTrue(rows > 0);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aSharedStreamUnderADiscreteModelIsRefused() {
        Distribution p = Distribution.of(f(1, 4), f(1, 4), f(1, 2));
        Distribution q = Distribution.of(f(1, 2), f(1, 4), f(1, 4));
        Scheme.Bound b = new BrokenSchemes.DraftUniformReusedForAcceptance()
            .bind(Instance.identical("shared", p, q, 1));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> UniformModelLaw.of(b, UniformModel.FLOAT32_CLOSED_OPEN));
        assertTrue(e.getMessage().contains("ideal uniform model only"), e.getMessage());
    }

    @Test
    void everyBuiltInCaseUnderFloat32ClosedOpenAgainstTheIdealModel() {
        List<Instance> cases = InstanceReader.builtin();
        long ideal = 0;
        long grid = 0;
        int rows = 0;
        List<String> failed = new ArrayList<>();
        for (int rep = 0; rep < 2; rep++) {
            ideal = 0;
            grid = 0;
            rows = 0;
            failed.clear();
            for (Instance i : cases) {
                for (Scheme s : Schemes.reference().all()) {
                    if (s.notApplicable(i).isPresent()) {
                        continue;
                    }
                    Scheme.Bound b;
                    try {
                        b = s.bind(i);
                    } catch (RuntimeException refused) {
                        continue;
                    }
                    if (b.draftProcess() instanceof org.specverify.reference.draft.NoiseSharing) {
                        continue;  // refused under grid models (checked in the test above)
                    }
                    long t0 = System.nanoTime();
                    ExactLaw exact;
                    try {
                        exact = ExactLaw.of(b);
                    } catch (TooLargeException tooLarge) {
                        continue;
                    }
                    long t1 = System.nanoTime();
                    UniformModelLaw law = UniformModelLaw.of(b, UniformModel.FLOAT32_CLOSED_OPEN);
                    long t2 = System.nanoTime();
                    ideal += t1 - t0;
                    grid += t2 - t1;
                    rows++;
                    if (s.claimsLossless() && exact.lossless() && !law.verdict().passes()) {
                        failed.add(s.id() + " on " + i.name() + ": " + law.verdict() + ", error "
                            + law.maxLawError() + ", bound " + law.resolutionBound());
                    }
                }
            }
        }
        System.out.printf("built-in cases, %d scheme rows: exact law ideal %.1f ms, float32-closed-open %.1f ms,"
            + " ratio %.2f%n", rows, ideal / 1e6, grid / 1e6, (double) grid / ideal);
        assertTrue(failed.isEmpty(), String.join("\n", failed));
    }
}
