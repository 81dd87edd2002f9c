package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.sequence.ChainAcceptance;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * {@link ChainStepLaw} against the exact conditional law of the accepted length given fixed drafts, from the sequence
 * reference ({@link SequenceExact} running the reference's {@code tokenwise} and {@code block} programs). The rows are
 * integer weights, so a row of doubles stands exactly for the rational law the reference uses: every exact value must
 * lie within the figure's bound of its value.
 *
 * <p><b>How the conditional law is read off the reference.</b> A chain instance's exact block law sums over the drafted
 * paths. The scheme {@link GivenDrafts} runs the reference verifier on the one path x* and emits a sentinel token (of
 * mass zero in every row, so no real block ends in it) on every other path; the blocks not equal to the sentinel,
 * divided by P(x*) = prod q_i(x*_i), are the exact law of the block given x*, and its length minus one is tau.
 */
class ChainStepLawTest {
    private static final SequenceSchemes SCHEMES = SequenceSchemes.reference();

    /** The reference verifier on the drafted path x*; a sentinel block on every other path. */
    static final class GivenDrafts extends SequenceSchemeBase {
        private final SequenceScheme inner;
        private final int[] drafts;
        private final int sentinel;

        GivenDrafts(SequenceScheme inner, int[] drafts, int sentinel) {
            super(define("given-" + inner.id()).description(inner.id() + " on one drafted path").chainsOnly()
                .lossless(false).build());
            this.inner = inner;
            this.drafts = drafts.clone();
            this.sentinel = sentinel;
        }

        @Override
        public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
            SequenceVerifier<S> v = inner.verifier(laws);
            return (draws, tree) -> Arrays.equals(DraftedTree.chainTokens(tree), drafts) ? v.verify(draws, tree)
                : BlockOutcome.fixed(new int[0], sentinel, "another drafted path");
        }
    }

    /** One small chain with fixed drafts: integer weight rows along x*, the last token a zero-mass sentinel. */
    record Case(int vocab, int[] drafts, long[][] target, long[][] draft) {
        SequenceInstance instance() {
            Map<List<Integer>, BigFraction[]> p = new HashMap<>();
            Map<List<Integer>, BigFraction[]> q = new HashMap<>();
            int g = drafts.length;
            for (int i = 0; i <= g; i++) {
                List<Integer> key = Arrays.stream(Arrays.copyOf(drafts, i)).boxed().toList();
                p.put(key, fractions(target[i]));
                if (i < g) {
                    q.put(key, fractions(draft[i]));
                }
            }
            q.putIfAbsent(List.of(), fractions(draft[0]));
            return SequenceInstance.chain("given-drafts", ContextModel.ofMasses(vocab, p),
                ContextModel.ofMasses(vocab, q), g);
        }

        Law[] targetLaws() {
            return laws(target, "target");
        }

        Law[] draftLaws() {
            return laws(draft, "draft");
        }

        private static Law[] laws(long[][] rows, String what) {
            Law[] l = new Law[rows.length];
            for (int i = 0; i < rows.length; i++) {
                double[] w = new double[rows[i].length];
                for (int y = 0; y < w.length; y++) {
                    w[y] = rows[i][y];
                }
                l[i] = Law.ofDoubles(w, what + " row " + i);
            }
            return l;
        }

        private static BigFraction[] fractions(long[] w) {
            long total = Arrays.stream(w).sum();
            BigFraction[] m = new BigFraction[w.length];
            for (int y = 0; y < w.length; y++) {
                m[y] = BigFraction.of(w[y], total);
            }
            return m;
        }

        /** The exact law of tau given x* under the reference scheme {@code id}. */
        AcceptedLengthLaw exact(String id) {
            SequenceInstance inst = instance();
            BlockLaw law = SequenceExact.blockLaw(inst, new GivenDrafts(SCHEMES.get(id), drafts, vocab - 1));
            BigFraction given = Fractions.ONE;
            for (int i = 0; i < drafts.length; i++) {
                given = given.multiply(fractions(draft[i])[drafts[i]]);
            }
            AcceptedLengthLaw.Builder b = AcceptedLengthLaw.builder(drafts.length);
            for (Map.Entry<List<Integer>, BigFraction> e : law.masses().entrySet()) {
                List<Integer> block = e.getKey();
                if (block.equals(List.of(vocab - 1))) {
                    continue;
                }
                b.add(block.size() - 1, e.getValue().divide(given));
            }
            return b.build();
        }
    }

    /** A random case: V - 1 real tokens with weights 0..9 (some zero), the drafts of positive draft weight. */
    private static Case random(Random rng, int vocab, int gamma) {
        int[] x = new int[gamma];
        long[][] p = new long[gamma + 1][];
        long[][] q = new long[gamma][];
        for (int i = 0; i <= gamma; i++) {
            p[i] = row(rng, vocab);
            if (i < gamma) {
                q[i] = row(rng, vocab);
                List<Integer> support = new ArrayList<>();
                for (int y = 0; y < vocab - 1; y++) {
                    if (q[i][y] > 0) {
                        support.add(y);
                    }
                }
                x[i] = support.get(rng.nextInt(support.size()));
            }
        }
        return new Case(vocab, x, p, q);
    }

    private static long[] row(Random rng, int vocab) {
        long[] w = new long[vocab];
        long total = 0;
        while (total == 0) {
            total = 0;
            for (int y = 0; y < vocab - 1; y++) {
                w[y] = rng.nextInt(3) == 0 ? 0 : rng.nextInt(10);
                total += w[y];
            }
        }
        return w;
    }

    private static void assertWithin(BigFraction exact, Figure f, String what) {
        double e = exact.doubleValue();
        // the exact value, as a double, is within half an ulp of it: the figure must contain it with that slack
        double slack = Math.ulp(e);
        assertTrue(Math.abs(f.value() - e) <= f.bound() + slack, what + ": exact " + exact + " = " + e
            + " is not within " + f + " (slack one ulp of the exact value, " + slack + ")");
        assertTrue(f.bound() < 1e-12, what + ": bound " + f.bound() + " is not small (expected < 1e-12)");
    }

    private static void assertMatches(Case c, ChainStepLaw law, AcceptedLengthLaw exact, String what) {
        int g = c.drafts().length;
        for (int j = 1; j <= g; j++) {
            assertWithin(exact.reached(j), law.reached(j), what + ": P(tau >= " + j + ")");
        }
        for (int n = 0; n <= g; n++) {
            assertWithin(exact.probability(n), law.length(n), what + ": P(tau = " + n + ")");
        }
        assertWithin(exact.mean(), law.expected(), what + ": E[tau]");
    }

    /** Every figure of both schemes contains the exact conditional law, on random chains of depth 1 to 3. */
    @Test
    void figuresContainTheExactConditionalLaw() {
        long seed = 20261207L;
        System.out.println("ChainStepLawTest seed " + seed);
        Random rng = new Random(seed);
        for (int trial = 0; trial < 60; trial++) {
            int vocab = 3 + rng.nextInt(2);
            int gamma = 1 + rng.nextInt(3);
            Case c = random(rng, vocab, gamma);
            String what = "seed " + seed + " trial " + trial + " drafts " + Arrays.toString(c.drafts());
            assertMatches(c, ChainStepLaw.tokenwise(c.targetLaws(), c.draftLaws(), c.drafts()), c.exact("tokenwise"),
                what + " tokenwise");
            assertMatches(c, ChainStepLaw.block(c.targetLaws(), c.draftLaws(), c.drafts()), c.exact("block"),
                what + " block");
        }
    }

    /**
     * Given the drafts, block's E[tau] is not sum_i rho_i: on the paper's example p = (1/3, 2/3), q = (2/3, 1/3),
     * gamma = 2, the drafts (0, 1) give rho = (1/2, 1), so h_2 = 1 and tau = 2 always (E = 2), while sum rho = 3/2.
     * Averaged over the drafts the identity holds (E[tau] = 11/9 either way).
     */
    @Test
    void blockGivenDraftsIsNotTheSumOfRho() {
        long[] p = {1, 2, 0};
        long[] q = {2, 1, 0};
        Case c = new Case(3, new int[] {0, 1}, new long[][] {p, p, p}, new long[][] {q, q});
        AcceptedLengthLaw exact = c.exact("block");
        assertEquals(Fractions.ONE, exact.probability(2));
        assertEquals(BigFraction.of(2), exact.mean());
        SequenceInstance inst = c.instance();
        BigFraction sumRho = ChainAcceptance.block(inst.target(), inst.draftFor(0), new int[0], c.drafts());
        assertEquals(BigFraction.of(3, 2), sumRho);
        assertNotEquals(exact.mean(), sumRho);
        ChainStepLaw law = ChainStepLaw.block(c.targetLaws(), c.draftLaws(), c.drafts());
        assertWithin(exact.mean(), law.expected(), "E[tau | 0, 1]");
        // averaged over the drafts: the sum of rho_i is the exact mean of the reference
        SequenceInstance chain = SequenceInstance.chain("paper", ContextModel.ofMasses(3, Map.of(List.of(),
            Case.fractions(p))), ContextModel.ofMasses(3, Map.of(List.of(), Case.fractions(q))), 2);
        BigFraction mean = SequenceExact.check(chain, SCHEMES.get("block")).expectedAccepted();
        assertEquals(BigFraction.of(11, 9), mean);
        assertEquals(mean, ChainAcceptance.block(chain));
    }

    /**
     * Given the drafts, block can be <em>below</em> tokenwise (block &gt;= tokenwise holds for sum rho_i and for the
     * mean over the drafts, not given them): p_1 = (1/3, 2/3), q_1 = (2/3, 1/3), p_2 = (1, 0), q_2 = (1/2, 1/2) and the
     * drafts (0, 1) give rho_1 = 1/2, rho_2 = 0, M_1 = sum (p_2/2 - q_2)+ = 0, so h_1 = 0 and block accepts nothing,
     * while tokenwise accepts x_1 with probability 1/2. Both exactly by the reference and by the figures.
     */
    @Test
    void blockCanBeBelowTokenwiseGivenTheDrafts() {
        long[] p1 = {1, 2, 0};
        long[] q1 = {2, 1, 0};
        long[] p2 = {1, 0, 0};
        long[] q2 = {1, 1, 0};
        Case c = new Case(3, new int[] {0, 1}, new long[][] {p1, p2, p1}, new long[][] {q1, q2});
        AcceptedLengthLaw t = c.exact("tokenwise");
        AcceptedLengthLaw b = c.exact("block");
        assertEquals(BigFraction.of(1, 2), t.reached(1));
        assertEquals(Fractions.ZERO, b.reached(1));
        assertEquals(Fractions.ONE, b.probability(0));
        assertMatches(c, ChainStepLaw.block(c.targetLaws(), c.draftLaws(), c.drafts()), b, "block");
        assertMatches(c, ChainStepLaw.tokenwise(c.targetLaws(), c.draftLaws(), c.drafts()), t, "tokenwise");
    }

    @Test
    void refusesBadSteps() {
        Law a = Law.ofDoubles(new double[] {1, 1, 0}, "a");
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.block(new Law[] {a, a}, new Law[] {a},
            new int[] {2}), "a drafted token of draft mass 0");
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.block(new Law[] {a, a}, new Law[] {a},
            new int[] {3}), "a drafted token out of range");
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.tokenwise(new Law[] {a}, new Law[] {a},
            new int[] {0}), "no bonus row");
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.tokenwise(new Law[] {a, a, a},
            new Law[] {a}, new int[] {0, 1}), "one draft row for two drafts");
        Law b = Law.ofDoubles(new double[] {1, 1}, "b");
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.tokenwise(new Law[] {a, b}, new Law[] {a},
            new int[] {0}), "rows of different sizes");
        assertEquals(ChainStepLaw.Scheme.BLOCK, ChainStepLaw.Scheme.parse("block"));
        assertThrows(InvalidInputException.class, () -> ChainStepLaw.Scheme.parse("tree"));
    }
}
