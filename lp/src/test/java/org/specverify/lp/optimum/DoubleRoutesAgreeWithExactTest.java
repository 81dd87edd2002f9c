package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;

/**
 * The double routes of the optimum facade (what large vocabularies use) against the exact routes on small random
 * instances: each double value lies within its stated error bound of the exact α*, and the independent bracket
 * contains α*. The exact routes are checked elsewhere against the LP and the enumerated law.
 */
class DoubleRoutesAgreeWithExactTest {
    /** A law with integer weights 0..5 over n tokens, at least one positive. */
    static Distribution law(SplittableRandom rng, int n) {
        BigFraction[] w = new BigFraction[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            int v = rng.nextInt(4) == 0 ? 0 : rng.nextInt(1, 6);
            w[i] = BigFraction.of(v);
            any |= v > 0;
        }
        if (!any) {
            w[rng.nextInt(n)] = BigFraction.ONE;
        }
        return Distribution.normalize(w);
    }

    static void within(double value, double lower, double upper, BigFraction exact, String what) {
        double e = exact.doubleValue();
        assertTrue(lower <= upper, what + ": bracket [" + lower + ", " + upper + "]");
        assertTrue(lower <= e + 1e-15 && e - 1e-15 <= upper, what + ": exact " + e + " outside [" + lower + ", "
            + upper + "], value " + value);
        assertTrue(Math.abs(value - e) <= (upper - lower) + 1e-15, what + ": value " + value + " vs exact " + e);
    }

    @Test
    void iidGreedyHubAndDeterministicDoubleRoutesMatchTheExactOptimum() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int trial = 0; trial < 300; trial++) {
            int n = rng.nextInt(2, 9);
            int k = rng.nextInt(1, 5);
            Distribution p = law(rng, n);
            Distribution q = law(rng, n);
            String what = "trial " + trial + " p=" + p + " q=" + q + " K=" + k;
            Optimum.Estimate iid = Optimum.iid(p.toDoubles(), q.toDoubles(), k);
            within(iid.value(), iid.lower(), iid.upper(), Optimum.exact(p, new IidDraft(q, k)), "iid " + what);
            if (k <= n) {
                int[] top = DeterministicDraft.topK(q, k).tokens();
                Optimum.Estimate det = Optimum.deterministic(p.toDoubles(), top);
                within(det.value(), det.lower(), det.upper(), Optimum.exact(p, DeterministicDraft.topK(q, k)),
                    "deterministic " + what);
            }
            int[] order = q.tokensByDecreasingMass();
            boolean greedyOk = k <= n;
            if (greedyOk) {
                boolean rest = false;
                for (int i = k - 1; i < order.length; i++) {
                    rest |= q.positive(order[i]);
                }
                greedyOk = rest;
            }
            if (greedyOk) {
                Optimum.Estimate g = Optimum.greedy(p.toDoubles(), q.toDoubles(), k);
                within(g.value(), g.lower(), g.upper(), Optimum.exact(p, new GreedyDraft(q, k)), "greedy " + what);
            }
            if (q.supportSize() >= 2) {
                Optimum.Estimate h = Optimum.hub(p.toDoubles(), q.toDoubles());
                within(h.value(), h.lower(), h.upper(), Optimum.exact(p, new HubDraft(q)), "hub " + what);
            }
        }
    }

    @Test
    void independentBracketContainsTheExactOptimumAndTheMeanOrderIsAnUpperBound() {
        SplittableRandom rng = new SplittableRandom(23);
        for (int trial = 0; trial < 150; trial++) {
            int n = rng.nextInt(2, 7);
            int k = rng.nextInt(1, 4);
            Distribution p = law(rng, n);
            List<Distribution> qs = new ArrayList<>();
            double[][] rows = new double[k][];
            for (int i = 0; i < k; i++) {
                qs.add(law(rng, n));
                rows[i] = qs.get(i).toDoubles();
            }
            BigFraction exact = Optimum.exact(p, new IndependentDraft(qs));
            Optimum.Estimate b = Optimum.independent(p.toDoubles(), rows);
            String what = "trial " + trial + " p=" + p + " q_k=" + qs;
            assertTrue(b.lower() <= exact.doubleValue() + 1e-12 && exact.doubleValue() <= b.upper() + 1e-12,
                what + ": alpha* " + exact.doubleValue() + " outside [" + b.lower() + ", " + b.upper() + "]");
            RatioPrefix.Approximate mean = RatioPrefix.independentMeanOrder(p.toDoubles(), rows);
            RatioPrefix.Exact meanExact = RatioPrefix.independentMeanOrder(p, qs);
            assertTrue(Math.abs(mean.value() - meanExact.value().doubleValue()) <= mean.errorBound() + 1e-15,
                what + ": double mean-order " + mean.value() + " vs exact " + meanExact.value().doubleValue());
            assertTrue(meanExact.value().doubleValue() >= exact.doubleValue() - 1e-15, what
                + ": the mean-order prefix is below alpha*");
        }
    }

    @Test
    void doubleRoutesRefuseMismatchedSizesAndBadK() {
        double[] p = {0.5, 0.5};
        double[] q3 = {0.2, 0.3, 0.5};
        assertThrows(InvalidInputException.class, () -> Optimum.iid(p, q3, 1));
        assertThrows(InvalidInputException.class, () -> Optimum.iid(p, new double[] {0.5, 0.5}, 0));
        assertThrows(InvalidInputException.class, () -> Optimum.greedy(p, q3, 1));
        assertThrows(InvalidInputException.class, () -> Optimum.hub(p, q3));
        assertThrows(InvalidInputException.class, () -> Optimum.independent(p, new double[][] {q3}));
        assertThrows(InvalidInputException.class, () -> RatioPrefix.independentMeanOrder(p, new double[0][]));
        assertThrows(InvalidInputException.class, () -> ClosedFormOptimum.singleDraft(Distribution.parse("1/2",
            "1/2"), Distribution.uniform(3)));
        assertThrows(InvalidInputException.class, () -> Optimum.greedy(p, new double[] {0.5, 0.5}, 0));
        InvalidInputException big = assertThrows(InvalidInputException.class,
            () -> Optimum.greedy(p, new double[] {0.5, 0.5}, 3));
        assertTrue(big.getMessage().contains("K <= |V| = 2, got K = 3"), big.getMessage());
        InvalidInputException range = assertThrows(InvalidInputException.class,
            () -> Optimum.deterministic(q3, new int[] {3}));
        assertTrue(range.getMessage().contains("token 3 out of range 0..2"), range.getMessage());
        InvalidInputException rest = assertThrows(InvalidInputException.class,
            () -> Optimum.greedy(new double[] {0.5, 0.25, 0.25}, new double[] {0.5, 0.5, 0}, 3));
        assertTrue(rest.getMessage().contains("top K-1 = 2 tokens"), rest.getMessage());
    }
}
