package org.specverify.properties.exhaustive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpeculativeSampling;
import org.specverify.reference.scheme.TypicalAcceptance;

class ExhaustiveCheckTest {
    @Test
    void theGridHasEveryCompositionOnce() {
        for (int v = 1; v <= 4; v++) {
            for (int n = 1; n <= 6; n++) {
                List<Distribution> laws = Grid.laws(v, n);
                assertEquals(Grid.count(v, n), laws.size(), "|V| = " + v + ", N = " + n);
                assertEquals(laws.size(), new HashSet<>(laws).size(), "duplicates at |V| = " + v + ", N = " + n);
            }
        }
        assertEquals(35, Grid.count(4, 4));
        assertThrows(InvalidInputException.class, () -> Grid.laws(0, 3));
    }

    @Test
    void countsChecksAndReportsTheLossyScheme() {
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(2, 3), List.of(1, 2), 3, 2);
        List<Scheme> schemes = List.of(new SpeculativeSampling(), new RecursiveRejectionSampling(),
            new TypicalAcceptance());
        ExhaustiveCheck.Result r = ExhaustiveCheck.run(c, schemes, null, null);
        assertEquals(c.instances(), r.instances());
        long checked = 0;
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            checked += s.checked();
            assertEquals(c.instances(), s.checked() + s.notApplicable(), s.scheme.id());
        }
        assertEquals(checked, r.checks());
        assertEquals(0, r.failures(), "typical does not claim losslessness, so it does not fail the run");
        ExhaustiveCheck.SchemeResult typical = r.schemes().get(2);
        assertFalse(typical.lossless());
        assertTrue(typical.counterexample().isPresent());
        assertFalse(ExactLaw.of(typical.scheme.bind(typical.counterexample().get())).lossless(),
            "the shrunk counterexample still fails");
        assertTrue(r.schemes().get(0).lossless() && r.schemes().get(1).lossless());
        // sd applies at K = 1 only: half the instances
        assertEquals(c.instances() / 2, r.schemes().get(0).checked());
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(1), List.of(1), 3, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(0), 3, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(1), 0, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(1), 3, 0));
    }

    /** A scheme that runs as {@code inner} but throws {@code thrown} on the instances {@code when} selects. */
    static Scheme throwingOn(Scheme inner, String id, Predicate<Instance> when,
                             Function<Instance, RuntimeException> thrown) {
        return new Scheme() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return "test double";
            }

            @Override
            public String paper() {
                return "none";
            }

            @Override
            public String draftProcess() {
                return inner.draftProcess();
            }

            @Override
            public int minK() {
                return inner.minK();
            }

            @Override
            public int maxK() {
                return inner.maxK();
            }

            @Override
            public boolean claimsLossless() {
                return true;
            }

            @Override
            public Optional<String> notApplicable(Instance instance) {
                return inner.notApplicable(instance);
            }

            @Override
            public Bound bind(Instance instance) {
                if (when.test(instance)) {
                    throw thrown.apply(instance);
                }
                return inner.bind(instance);
            }
        };
    }

    @Test
    void aRunTooLargeToEnumerateIsRefusedBeforeTheWorkAndNeverCountedAsFailed() {
        // 4^12 draft tuples on the uniform q: beyond the exact enumerator
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(4), List.of(12), 4, 2);
        long start = System.nanoTime();
        TooLargeException e = assertThrows(TooLargeException.class,
            () -> ExhaustiveCheck.run(c, List.of(new RecursiveRejectionSampling()), null, null));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().contains("16777216 draft tuples per instance"), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toString(ExactLaw.MAX_TUPLES)), e.getMessage());
        assertTrue(seconds < 10, "the refusal took " + seconds + " s: it was not decided before the work");
        // the whole run's tuples against its limit
        ExhaustiveCheck.Config small = new ExhaustiveCheck.Config(List.of(3), List.of(3), 3, 1);
        TooLargeException t = assertThrows(TooLargeException.class, () -> ExhaustiveCheck.run(small,
            List.of(new RecursiveRejectionSampling()), null, null, new ExhaustiveCheck.Limits(1000, 100)));
        assertTrue(t.getMessage().contains("above --max-tuples 100"), t.getMessage());
        ExhaustiveCheck.Cost cost = ExhaustiveCheck.cost(small, List.of(new RecursiveRejectionSampling()),
            ExhaustiveCheck.Limits.DEFAULT);
        // q over the 1/3 grid on 3 tokens: 1 law of support 3 (27 tuples), 6 of support 2 (8), 3 of support 1 (1);
        // times the 10 target laws
        assertEquals(BigInteger.valueOf(10 * (27 + 6 * 8 + 3)), cost.tuples());
    }

    @Test
    void anEnumeratorRefusalDuringTheRunEndsTheRunAsARefusal() {
        Instance uniform = Instance.identical("x", Distribution.parse("1/3", "1/3", "1/3"),
            Distribution.parse("1/3", "1/3", "1/3"), 2);
        Predicate<Instance> onUniformQ = i -> i.draft().equals(uniform.draft());
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(3), List.of(2), 3, 2);
        for (Function<Instance, RuntimeException> thrown : List.<Function<Instance, RuntimeException>>of(
            i -> new TooLargeException("too large for the test"))) {
            Scheme s = throwingOn(new RecursiveRejectionSampling(), "rrs-too-large", onUniformQ, thrown);
            TooLargeException e = assertThrows(TooLargeException.class,
                () -> ExhaustiveCheck.run(c, List.of(s), null, null));
            assertTrue(e.getMessage().startsWith("rrs-too-large on {"), e.getMessage());
        }
    }

    @Test
    void aSchemeThatThrowsIsAnErrorWithItsFirstInstanceNotAFailedClaim() {
        Predicate<Instance> zeroInQ = i -> i.draft().supportSize() < i.vocab();
        Scheme s = throwingOn(new RecursiveRejectionSampling(), "rrs-no-zeros", zeroInQ,
            i -> new IllegalArgumentException("q has a zero"));
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(2, 3), List.of(1, 2), 3, 2);
        ExhaustiveCheck.Result r = ExhaustiveCheck.run(c, List.of(s), null, null);
        ExhaustiveCheck.SchemeResult sr = r.schemes().get(0);
        assertEquals(0, r.failures(), "a check that throws is not a failed lossless claim");
        assertEquals(0, sr.failed());
        assertTrue(sr.errors() > 0 && r.errors() == sr.errors());
        assertFalse(sr.lossless());
        assertEquals("IllegalArgumentException: q has a zero", sr.error());
        // the first in grid order: |V| = 2, K = 1, p = (0, 1), q = (0, 1)
        Instance first = sr.errorInstance().orElseThrow();
        assertEquals(Distribution.parse("0", "1"), first.target());
        assertEquals(Distribution.parse("0", "1"), first.draft());
        assertEquals(1, first.k());
    }

    @Test
    void theCounterexampleIsTheFirstInGridOrderWhateverTheThreads() {
        ExhaustiveCheck.Config one = new ExhaustiveCheck.Config(List.of(2, 3), List.of(1, 2), 4, 1);
        List<Scheme> schemes = List.of(new TypicalAcceptance());
        Instance expected = ExhaustiveCheck.run(one, schemes, null, null).schemes().get(0).counterexample()
            .orElseThrow();
        for (int run = 0; run < 8; run++) {
            ExhaustiveCheck.Config two = new ExhaustiveCheck.Config(List.of(2, 3), List.of(1, 2), 4, 2 + run % 3);
            Instance got = ExhaustiveCheck.run(two, schemes, null, null).schemes().get(0).counterexample()
                .orElseThrow();
            assertEquals(expected, got, "run " + run + " with " + two.threads() + " threads");
        }
    }

    @Test
    void sizesAreCheckedWithoutOverflow() {
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(1000), List.of(1, 2, 3), 4, 1);
        assertTrue(c.instanceCount(BigInteger.valueOf(Long.MAX_VALUE)).signum() > 0);
        // C(1003, 4)^2 * 3
        BigInteger laws = BigInteger.valueOf(1003L * 1002 * 1001 * 1000 / 24);
        assertEquals(laws.multiply(laws).multiply(BigInteger.valueOf(3)),
            c.instanceCount(BigInteger.valueOf(Long.MAX_VALUE)));
        assertThrows(TooLargeException.class, c::instances);
        TooLargeException e = assertThrows(TooLargeException.class,
            () -> ExhaustiveCheck.run(c, List.of(new RecursiveRejectionSampling()), null, null));
        assertTrue(e.getMessage().contains("above --max-checks") && !e.getMessage().contains("-1")
            && !e.getMessage().matches(".*\\s-\\d.*"), e.getMessage());
        assertThrows(TooLargeException.class,
            () -> new ExhaustiveCheck.Config(List.of(2), List.of(2_000_000_000), 4, 1));
        assertEquals(BigInteger.valueOf(35), Grid.countAtMost(4, 4, BigInteger.valueOf(100)));
        assertTrue(Grid.countAtMost(2_000_000_000, 2_000_000_000, BigInteger.TEN).compareTo(BigInteger.TEN) > 0);
    }
}
