package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.random.Draws;

/** The facade: the route chosen for each process, its value against the subset optimum, the large-|V| routes. */
class OptimumTest {
    /** Law: Optimum.exact = SubsetOptimum for every process kind, with the documented route. */
    @Test
    void exactEqualsSubsetOptimumWithTheDocumentedRoute() {
        long seed = OptimumCases.seed("OptimumTest#exactEqualsSubsetOptimumWithTheDocumentedRoute");
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < 40; c++) {
            int n = 2 + rng.nextInt(4);
            Distribution p = OptimumCases.shaped(rng, n);
            Distribution q = OptimumCases.shaped(rng, n, 2);
            int k = 1 + rng.nextInt(Math.min(3, q.supportSize()));
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                rows.add(OptimumCases.shaped(rng, n));
            }
            Object[][] cases = {
                {new IidDraft(q, k), Optimum.Route.IID_RATIO_PREFIX},
                {new IndependentDraft(List.of(q, q)), Optimum.Route.IID_RATIO_PREFIX},
                {new IndependentDraft(rows), rows.get(0).equals(rows.get(1)) ? Optimum.Route.IID_RATIO_PREFIX
                    : Optimum.Route.SUBSET_ENUMERATION},
                {new WithoutReplacementDraft(q, k), Optimum.Route.WITHOUT_REPLACEMENT_RATIO_PREFIX},
                {new HubDraft(q), Optimum.Route.CLOSED_FORM},
                {DeterministicDraft.topK(q, k), Optimum.Route.CLOSED_FORM},
                {new GreedyDraft(q, Math.min(k, 2)), Optimum.Route.CLOSED_FORM},
                {wrapped(new IidDraft(q, k)), Optimum.Route.SUBSET_ENUMERATION},
            };
            for (Object[] row : cases) {
                DraftProcess process = (DraftProcess) row[0];
                Optimum.Result r = Optimum.solve(p, process);
                String where = process.id() + " K=" + process.k() + ", p = " + p + ", q = " + q + " (seed " + seed
                    + ")";
                assertEquals(SubsetOptimum.of(p, process).value(), r.value(), where);
                assertEquals(row[1], r.route(), where);
                assertEquals(r.value(), Optimum.exact(p, process), where);
            }
        }
    }

    /**
     * Above the subset limit: independent non-identical drafts with small supports go to the exact max-flow, whose
     * value lies in the double bracket; without replacement goes to the exact prefix route, which lies within the
     * double route's error estimate.
     */
    @Test
    void largerVocabularies() {
        long seed = OptimumCases.seed("OptimumTest#largerVocabularies");
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 24;
        Distribution p = OptimumCases.dyadic(rng, n, 1);
        List<Distribution> rows = List.of(OptimumCases.dyadic(rng, n, 1), OptimumCases.dyadic(rng, n, 1));
        IndependentDraft process = new IndependentDraft(rows);
        Optimum.Result r = Optimum.solve(p, process);
        assertEquals(Optimum.Route.LAW_MAX_FLOW, r.route());
        assertEquals(AcceptanceFlow.of(p, process).value(), r.value());
        Optimum.Estimate e = Optimum.independent(p.toDoubles(),
            new double[][] {rows.get(0).toDoubles(), rows.get(1).toDoubles()});
        double v = r.value().doubleValue();
        assertTrue(e.lower() <= v && v <= e.upper(), () -> e + " vs exact " + v + " (seed " + seed + ")");

        Distribution q = OptimumCases.dyadic(rng, n, 3);
        Optimum.Result wr = Optimum.solve(p, new WithoutReplacementDraft(q, 3));
        assertEquals(Optimum.Route.WITHOUT_REPLACEMENT_RATIO_PREFIX, wr.route());
        Optimum.Estimate we = Optimum.withoutReplacement(p.toDoubles(), q.toDoubles(), 3);
        double w = wr.value().doubleValue();
        assertTrue(we.lower() <= w && w <= we.upper(), () -> we + " vs exact " + w);
    }

    /** Sizes without an exact route are refused with the size and the limit named. */
    @Test
    void refusesWhatNoExactRouteFits() {
        int n = 1000;
        Distribution u = Distribution.uniform(n);
        BigFraction[] m = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            m[i] = BigFraction.of(i + 1, n * (n + 1) / 2);
        }
        Distribution skew = Distribution.of(m);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> Optimum.solve(u, new IndependentDraft(List.of(u, skew))));
        assertTrue(e.getMessage().contains("|V| = 1000") && e.getMessage().contains("limit of "
            + Optimum.MAX_LAW_TUPLES), e.getMessage());
        InvalidInputException mismatch = assertThrows(InvalidInputException.class,
            () -> Optimum.solve(Distribution.uniform(3), new IidDraft(u, 2)));
        assertTrue(mismatch.getMessage().contains("3 tokens"), mismatch.getMessage());
    }

    /** A draft process of the user's own (not one of the reference classes): the generic route. */
    private static DraftProcess wrapped(DraftProcess inner) {
        return new DraftProcess() {
            @Override
            public String id() {
                return "custom";
            }

            @Override
            public int k() {
                return inner.k();
            }

            @Override
            public int vocab() {
                return inner.vocab();
            }

            @Override
            public int[] draw(Draws<BigFraction> draws) {
                return inner.draw(draws);
            }

            @Override
            public java.util.Optional<String> whyImpossible(int[] drafts) {
                return inner.whyImpossible(drafts);
            }
        };
    }
}
