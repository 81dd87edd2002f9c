package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.specverify.lp.optimum.RatioOrder;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.Law;

/**
 * The per-position path of {@code audit --input} (one radix sort into reused buffers, the prefix sums and α*'s
 * minimum in one pass, rrs, equality-match, greedy and deterministic from one set of passes) gives, bit for bit, the
 * figures of the separate methods it replaces, on seeded rows with zeros, ties, tiny and clustered ratios, and on rows
 * whose ratios crowd into one group of equal top key bits (the insertion fix-up and its merge-sort fallback).
 */
class FusedPositionPathTest {
    private static final long SEED = 20261208L;

    /** Rows of several shapes: index 0..4 picks one. */
    private static double[] row(Random rng, int n, int shape) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            switch (shape) {
                case 0 -> w[i] = rng.nextInt(6) == 0 ? 0 : Math.pow(rng.nextDouble(), 4);
                case 1 -> w[i] = rng.nextInt(4) == 0 ? 0.25 : rng.nextInt(3) == 0 ? 0 : rng.nextDouble();
                case 2 -> w[i] = 1.0 / (1 + i) * (1 + 1e-7 * rng.nextDouble());
                case 3 -> w[i] = 1 + 1e-9 * rng.nextInt(1000);
                default -> w[i] = Math.exp(-30 * rng.nextDouble());
            }
        }
        w[rng.nextInt(n)] += 0.5;
        return w;
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static void sameFigure(Figure expected, Figure actual, String what) {
        assertEquals(bits(expected.value()), bits(actual.value()), what + ": value " + expected.value() + " vs "
            + actual.value());
        assertEquals(bits(expected.bound()), bits(actual.bound()), what + ": bound");
    }

    @Test
    void theSortedBuffersAreTheRatioOrderWithItsMassesAndRatios() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(trial < 120 ? 50 : 6000);
            double[] a = row(rng, n, rng.nextInt(5));
            double[] b = row(rng, n, rng.nextInt(5));
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ")";
            int[] expected = RatioOrder.of(a, b);
            RadixRatioOrder.Sorted s = RadixRatioOrder.sort(a, b);
            assertEquals(n, s.n, where);
            assertArrayEquals(expected, Arrays.copyOf(s.order, n), where + ": order");
            for (int j = 0; j < n; j++) {
                int x = expected[j];
                assertEquals(bits(a[x]), bits(s.p[j]), where + ": p at " + j);
                assertEquals(bits(b[x]), bits(s.q[j]), where + ": q at " + j);
                assertEquals(bits(b[x] > 0 ? a[x] / b[x] : Double.POSITIVE_INFINITY), bits(s.ratio[j]),
                    where + ": ratio at " + j);
            }
        }
    }

    @Test
    void crowdedRatiosTakeTheInsertionAndTheMergeSortFixUps() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED + 1);
        for (int trial = 0; trial < 40; trial++) {
            // every ratio within about 1e-9 of 1 (one group of equal top 32 key bits), in random order, some equal
            int n = 2 + rng.nextInt(trial < 20 ? 40 : 3000);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                b[i] = 0.5 + rng.nextDouble();
                a[i] = b[i] * (1 + (rng.nextInt(4) == 0 ? 0 : 1e-9 * rng.nextGaussian()));
            }
            if (trial % 5 == 0) {
                b[rng.nextInt(n)] = 0;
                a[rng.nextInt(n)] = 0;
            }
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ")";
            assertArrayEquals(RatioOrder.of(a, b), RadixRatioOrder.of(a, b), where);
            if (n > 1000) {
                assertTrue(RadixRatioOrder.sort(a, b).mergeSorted > 0, where + ": the merge-sort fallback ran");
            }
        }
    }

    @Test
    void prefixSumsFromTheSortedBuffersAreThoseOfTheOrder() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED + 2);
        for (int trial = 0; trial < 150; trial++) {
            int n = 2 + rng.nextInt(trial < 100 ? 60 : 8000);
            Law p = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "p");
            Law q = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "q");
            int k = 1 + rng.nextInt(6);
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ", K = " + k + ")";
            int[] order = FastAcceptance.ratioOrder(p, q);
            RatioPrefixSums old = RatioPrefixSums.of(p, q, order);
            Figure alphaOld = FastAcceptance.optimumIid(p, q, k, old);
            FastAcceptance.KSeqResult kseqOld = FastAcceptance.kseq(p, q, k, old);
            RatioPrefixSums fused = RatioPrefixSums.ofSorted(p, q, RadixRatioOrder.sort(p.masses(), q.masses()), k);
            assertEquals(k, fused.minimumK, where);
            for (int j = 0; j < n; j++) {
                assertEquals(bits(old.ratio[j]), bits(fused.ratio[j]), where + ": ratio " + j);
            }
            for (int j = 0; j <= n; j++) {
                assertEquals(bits(old.preP[j]), bits(fused.preP[j]), where + ": preP " + j);
                assertEquals(bits(old.preQ[j]), bits(fused.preQ[j]), where + ": preQ " + j);
            }
            sameFigure(alphaOld, FastAcceptance.optimumIid(p, q, k, fused), where + ": alpha*");
            FastAcceptance.KSeqResult kseqNew = FastAcceptance.kseq(p, q, k, fused);
            sameFigure(kseqOld.acceptance(), kseqNew.acceptance(), where + ": kseq");
            assertEquals(bits(kseqOld.rho()), bits(kseqNew.rho()), where + ": rho");
        }
        Law p = Law.ofDoubles(new double[] {0.5, 0.5}, "p");
        Law q = Law.ofDoubles(new double[] {0.25, 0.75}, "q");
        assertThrows(InvalidInputException.class,
            () -> RatioPrefixSums.ofSorted(p, q, RadixRatioOrder.sort(p.masses(), q.masses()), 0));
    }

    @Test
    void iidFiguresAreTheSeparateMethodsBitForBit() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED + 3);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rng.nextInt(trial < 150 ? 30 : 5000);
            Law p = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "p");
            Law q = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "q");
            int k = 1 + rng.nextInt(Math.min(n, 6));
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ", K = " + k + ")";
            boolean greedy = k > 1 && q.support() >= k;
            FastAcceptance.IidFigures f = FastAcceptance.iidFigures(p, q, k, greedy, true);
            sameFigure(FastAcceptance.rrsIid(p, q, k), f.rrs(), where + ": rrs");
            sameFigure(FastAcceptance.equalityMatchIid(p, q, k), f.equalityMatch(), where + ": equality-match");
            sameFigure(FastAcceptance.deterministic(p, q, k), f.deterministic(), where + ": deterministic");
            if (greedy) {
                sameFigure(FastAcceptance.greedy(p, q, k), f.greedy(), where + ": greedy");
            } else {
                assertNull(f.greedy(), where);
            }
            FastAcceptance.IidFigures bare = FastAcceptance.iidFigures(p, q, k, false, false);
            sameFigure(f.rrs(), bare.rrs(), where + ": rrs alone");
            assertNull(bare.deterministic(), where);
        }
        Law p = Law.ofDoubles(new double[] {0.5, 0.5, 0}, "p");
        Law q = Law.ofDoubles(new double[] {0.25, 0.75, 0}, "q");
        assertThrows(InvalidInputException.class, () -> FastAcceptance.iidFigures(p, q, 3, true, false));
    }

    @Test
    void powersAreTheMultiplicationsFromOne() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED + 5);
        double[] specials = {0.0, -0.0, 1.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
            1 - 0x1p-53};
        for (int i = 0; i < 20_000; i++) {
            double s = i < specials.length ? specials[i] : rng.nextDouble() * (rng.nextBoolean() ? 1 : 1e-100);
            for (int k = 1; k <= 7; k++) {
                double r = 1;
                for (int j = 0; j < k; j++) {
                    r *= s;
                }
                assertEquals(bits(r), bits(FastAcceptance.pow(s, k)), "s = " + s + ", k = " + k);
            }
        }
    }

    @Test
    void onePositionsEntriesAreThoseOfTheSeparateClosedForms() {
        System.out.println("FusedPositionPathTest seed " + SEED);
        Random rng = new Random(SEED + 4);
        for (int trial = 0; trial < 120; trial++) {
            int n = 2 + rng.nextInt(trial < 90 ? 30 : 4000);
            Law p = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "p");
            Law q = Law.ofDoubles(row(rng, n, rng.nextInt(5)), "q");
            int k = 1 + rng.nextInt(Math.min(n, 5));
            String where = "trial " + trial + " (seed " + SEED + ", |V| = " + n + ", K = " + k + ")";
            List<PositionAudit.Entry> fused = PositionAudit.ofOneLaw(p, q, k, false);
            List<String> expected = new ArrayList<>();
            int[] order = FastAcceptance.ratioOrder(p, q);
            Figure alpha = FastAcceptance.optimumIid(p, q, k, order);
            for (PositionAudit.Entry e : fused) {
                Figure separate = switch (e.quantity()) {
                    case "sd" -> FastAcceptance.sd(p, q);
                    case "rrs" -> FastAcceptance.rrsIid(p, q, k);
                    case "rrs-wor" -> FastAcceptance.rrsWithoutReplacement(p, q, k);
                    case "kseq" -> FastAcceptance.kseq(p, q, k, order).acceptance();
                    case "spechub" -> FastAcceptance.spechub(p, q);
                    case "greedy" -> FastAcceptance.greedy(p, q, k);
                    case "deterministic" -> FastAcceptance.deterministic(p, q, k);
                    case "equality-match" -> FastAcceptance.equalityMatchIid(p, q, k);
                    case PositionAudit.OPTIMUM -> alpha;
                    default -> null;
                };
                assertNotNull(separate, where + ": unexpected quantity " + e.quantity());
                sameFigure(separate, e.figure(), where + ": " + e.quantity());
                expected.add(e.quantity());
            }
            // the explicit-order route (used by the studies) gives the same entries
            List<PositionAudit.Entry> viaOrder = PositionAudit.ofOneLaw(p, q, k, false, order);
            assertEquals(fused.size(), viaOrder.size(), where);
            for (int i = 0; i < fused.size(); i++) {
                assertEquals(fused.get(i).quantity(), viaOrder.get(i).quantity(), where);
                sameFigure(viaOrder.get(i).figure(), fused.get(i).figure(), where + ": " + expected.get(i));
                assertEquals(bits(viaOrder.get(i).gap()), bits(fused.get(i).gap()), where + ": gap " + expected.get(i));
            }
        }
    }
}
