package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.specverify.lp.LpTolerances.EQUAL_LAWS_BRACKET_WIDTH;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.specverify.lp.bench.OptimumBench;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.Tolerance;
import org.specverify.reference.draft.IndependentDraft;

/** The bracket for independent non-identical drafts: it contains the exact optimum, and it closes for equal laws. */
class IndependentBoundsTest {
    /** Law: lower ≤ α* ≤ upper, α* from the subset optimum, on random instances with |V| ≤ 9 and K = 2..4. */
    @Test
    void bracketContainsTheExactOptimum() {
        long seed = OptimumCases.seed("IndependentBoundsTest#bracketContainsTheExactOptimum");
        SplittableRandom rng = new SplittableRandom(seed);
        int closed = 0;
        for (int c = 0; c < 300; c++) {
            int n = 2 + rng.nextInt(8);
            int k = 2 + rng.nextInt(3);
            Distribution p = OptimumCases.dyadic(rng, n, 1);
            List<Distribution> qs = new ArrayList<>();
            double[][] qd = new double[k][];
            for (int i = 0; i < k; i++) {
                qs.add(OptimumCases.dyadic(rng, n, 1));
                qd[i] = qs.get(i).toDoubles();
            }
            double exact = SubsetOptimum.of(p, new IndependentDraft(qs)).value().doubleValue();
            IndependentBounds b = IndependentBounds.of(p.toDoubles(), qd);
            String where = "p = " + p + ", q = " + qs + " (seed " + seed + ")";
            assertTrue(b.lower() <= exact && exact <= b.upper(), () -> b + " does not contain " + exact + ", " + where);
            if (b.upper() - b.lower() < 1e-12) {
                closed++;
            }
        }
        System.out.println("IndependentBoundsTest#bracketContainsTheExactOptimum: bracket closed (< 1e-12) in "
            + closed + " of 300");
    }

    /** Equal draft laws are iid drafts: the bracket closes on the iid optimum (within the two error terms). */
    @Test
    void equalLawsCloseTheBracket() {
        long seed = OptimumCases.seed("IndependentBoundsTest#equalLawsCloseTheBracket");
        double[][] inst = OptimumBench.llmLike(20_000, seed);
        IndependentBounds b = IndependentBounds.of(inst[0], new double[][] {inst[1], inst[1], inst[1]});
        RatioPrefix.Approximate iid = RatioPrefix.iid(inst[0], inst[1], 3);
        Tolerance t = Tolerance.absolute(2 * iid.errorBound() + (b.upper() - iid.value() > 0 ? b.upper()
            - iid.value() : 0));
        assertTrue(b.lower() <= iid.value() + iid.errorBound() && iid.value() - iid.errorBound() <= b.upper(),
            () -> b + " vs iid " + iid.value());
        Tolerance closes = EQUAL_LAWS_BRACKET_WIDTH;
        assertTrue(closes.test(b.upper(), b.lower()), () -> closes.describe("bracket width for equal laws, seed "
            + seed, b.upper(), b.lower()));
        assertTrue(t.test(b.upper(), iid.value()));
    }

    /** No draft law, or a bad one, is refused. */
    @Test
    void refusals() {
        assertThrows(InvalidInputException.class, () -> IndependentBounds.of(new double[] {1}, new double[0][]));
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> IndependentBounds.of(new double[] {0.5, 0.5}, new double[][] {{0.5, 0.5}, {0.7, 0.7}}));
        assertTrue(e.getMessage().contains("q_2"), e.getMessage());
    }
}
