package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.bench.LlmLikeRows;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.random.CounterUniforms;

/**
 * K-SEQ's ρ on its dyadic grid: the grid by vocabulary, the first candidate's margin above the double root, and the
 * point of the margin: at an LLM vocabulary the certified arithmetic proves validity and decides the position itself
 * (before the grid, every position went to the exact arithmetic).
 */
class KSeqRhoGridTest {
    @Test
    void gridGrowsWithTheVocabulary() {
        assertEquals(0x1p-42, KSeq.grid(2));
        assertEquals(0x1p-42, KSeq.grid(32));
        assertEquals(0x1p-41, KSeq.grid(33));
        assertEquals(0x1p-32, KSeq.grid(32_000));
        assertEquals(0x1p-30, KSeq.grid(128_256));
    }

    @Test
    void firstCandidateIsMoreThanOneAndAtMostTwoGridStepsAboveTheRoot() {
        double grid = KSeq.grid(128_256);
        for (double root : new double[] {1.0, 1.0 + 0x1p-30, 1.3, 2.718281828459045, 3.999999}) {
            double start = KSeq.startingRho(root, grid);
            assertTrue(start - root > grid && start - root <= 2 * grid, "root " + root + ": start " + start);
            assertEquals(0.0, Math.IEEEremainder(start, grid), "root " + root + ": " + start + " is off the grid");
        }
    }

    @Test
    void certifiedArithmeticDecidesAtAnLlmVocabulary() {
        int vocab = 32_000;
        int k = 4;
        long seed = 3;
        System.out.println("KSeqRhoGridTest seed " + seed);
        LlmLikeRows rows = LlmLikeRows.generate(seed, vocab, 1);
        Distribution p = Distribution.ofFloats(rows.target(), "target");
        Distribution q = Distribution.ofFloats(rows.draft(0), "draft");
        BigFraction rho = KSeq.rho(p, q, k);
        assertTrue(KSeq.valid(p, q, k, rho), "rho is valid exactly");
        BigFraction below = rho.subtract(Fractions.ofDouble(3 * KSeq.grid(vocab)));
        assertFalse(KSeq.valid(p, q, k, below), "rho is within three grid steps of the smallest valid rho");
        double[] u = new double[2 * k + 4];
        for (int d = 0; d < u.length; d++) {
            u[d] = CounterUniforms.uniform(seed, 0, CounterUniforms.VERIFY_STREAM, d);
        }
        Scheme.Bound b = new KSeq().bind(Instance.identical("llm-like", p, q, k));
        // the drafts: the k most likely tokens of the draft row (positive mass, so the draft process accepts them)
        float[] qr = rows.draft(0);
        int[] drafts = new int[k];
        boolean[] taken = new boolean[vocab];
        for (int i = 0; i < k; i++) {
            int best = -1;
            for (int x = 0; x < vocab; x++) {
                if (!taken[x] && (best < 0 || qr[x] > qr[best])) {
                    best = x;
                }
            }
            taken[best] = true;
            drafts[i] = best;
        }
        CertifiedDecision d = CertifiedDecision.of(b, drafts, u);
        assertFalse(d.exact(), "handed to the exact arithmetic: " + d.undecided());
    }
}
