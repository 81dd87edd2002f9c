package org.specverify.reference.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** The exact joint law of exponential races: closed forms, marginals, totals. */
class ExponentialRacesTest {
    private static List<BigFraction> w(long... xs) {
        List<BigFraction> l = new ArrayList<>();
        for (long x : xs) {
            l.add(BigFraction.of(x));
        }
        return l;
    }

    private static BigFraction share(List<BigFraction> w, int x) {
        BigFraction t = BigFraction.ZERO;
        for (BigFraction v : w) {
            t = t.add(v);
        }
        return w.get(x).divide(t);
    }

    static List<BigFraction> randomWeights(Random r, int n, boolean zeros) {
        List<BigFraction> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(BigFraction.of(zeros && r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(9)));
        }
        if (l.stream().allMatch(v -> v.signum() == 0)) {
            l.set(0, BigFraction.ONE);
        }
        return l;
    }

    @Test
    void oneRaceHasTheNormalisedLaw() {
        ExponentialRaces races = new ExponentialRaces();
        List<BigFraction> q = w(1, 0, 3, 4);
        for (int x = 0; x < 4; x++) {
            assertEquals(share(q, x), races.probability(List.of(new ExponentialRaces.Race(q, x))));
        }
    }

    @Test
    void twoRacesMatchTheClosedFormOnTheDiagonalAndHaveTheirMarginals() {
        long seed = 20261207L;
        System.out.println("ExponentialRacesTest seed " + seed);
        Random r = new Random(seed);
        for (int trial = 0; trial < 40; trial++) {
            int n = 2 + r.nextInt(5);
            List<BigFraction> q = randomWeights(r, n, true);
            List<BigFraction> p = randomWeights(r, n, true);
            ExponentialRaces races = new ExponentialRaces();
            BigFraction[][] joint = new BigFraction[n][n];
            BigFraction total = BigFraction.ZERO;
            for (int x = 0; x < n; x++) {
                for (int y = 0; y < n; y++) {
                    joint[x][y] = races.probability(List.of(new ExponentialRaces.Race(q, x),
                        new ExponentialRaces.Race(p, y)));
                    total = total.add(joint[x][y]);
                }
                assertEquals(ExponentialRaces.matchProbability(q, p, x), joint[x][x], "q " + q + " p " + p);
            }
            assertEquals(BigFraction.ONE, total);
            for (int x = 0; x < n; x++) {
                BigFraction row = BigFraction.ZERO;
                BigFraction col = BigFraction.ZERO;
                for (int y = 0; y < n; y++) {
                    row = row.add(joint[x][y]);
                    col = col.add(joint[y][x]);
                }
                assertEquals(share(q, x), row, "draft marginal, q " + q + " p " + p);
                assertEquals(share(p, x), col, "target marginal, q " + q + " p " + p);
            }
        }
    }

    @Test
    void handComputedPair() {
        // q = (1, 1), p = (1, 2): draft 0 and output 1 is the ordering E1/2 < E0 < E1 of the two thresholds.
        ExponentialRaces races = new ExponentialRaces();
        BigFraction pr = races.probability(List.of(new ExponentialRaces.Race(w(1, 1), 0),
            new ExponentialRaces.Race(w(1, 2), 1)));
        // P(E0 < E1, E1/2 < E0) = P(E1/2 < E0 < E1) = 1/2 - 1/3 = 1/6 (P(E0 < E1) = 1/2, P(E0 < E1/2) = 1/3)
        assertEquals(BigFraction.of(1, 6), pr);
    }

    @Test
    void hubOverDisjointBlocksSumsToOneWithItsMarginals() {
        long seed = 77L;
        System.out.println("ExponentialRacesTest hub seed " + seed);
        Random r = new Random(seed);
        for (int trial = 0; trial < 6; trial++) {
            int v = 2 + r.nextInt(2);
            int k = 2 + r.nextInt(2);
            List<List<BigFraction>> blocks = new ArrayList<>();
            for (int b = 0; b < k; b++) {
                List<BigFraction> q = randomWeights(r, v, true);
                List<BigFraction> full = new ArrayList<>(Collections.nCopies(v * k, BigFraction.ZERO));
                for (int x = 0; x < v; x++) {
                    full.set(b * v + x, q.get(x));
                }
                blocks.add(full);
            }
            List<BigFraction> p = randomWeights(r, v * k, true);
            ExponentialRaces races = new ExponentialRaces();
            BigFraction total = BigFraction.ZERO;
            BigFraction[] hub = new BigFraction[v * k];
            java.util.Arrays.fill(hub, BigFraction.ZERO);
            int[] x = new int[k];
            int tuples = (int) Math.pow(v, k);
            for (int c = 0; c < tuples; c++) {
                int rest = c;
                List<ExponentialRaces.Race> list = new ArrayList<>();
                for (int b = 0; b < k; b++) {
                    x[b] = b * v + rest % v;
                    rest /= v;
                    list.add(new ExponentialRaces.Race(blocks.get(b), x[b]));
                }
                BigFraction draftsOnly = races.probability(list);
                BigFraction[] together = new ExponentialRaces().law(list, p);
                BigFraction sumY = BigFraction.ZERO;
                for (int y = 0; y < v * k; y++) {
                    List<ExponentialRaces.Race> with = new ArrayList<>(list);
                    with.add(new ExponentialRaces.Race(p, y));
                    BigFraction pr = races.probability(with);
                    assertEquals(pr, together[y], "the law computed together, at " + y);
                    sumY = sumY.add(pr);
                    hub[y] = hub[y].add(pr);
                }
                assertEquals(draftsOnly, sumY, "the hub's outcomes partition the drafts' event");
                total = total.add(sumY);
            }
            assertEquals(BigFraction.ONE, total);
            for (int y = 0; y < v * k; y++) {
                assertEquals(share(p, y), hub[y], "hub marginal at " + y);
            }
        }
    }

    @Test
    void oneInstanceRemembersBlockFunctionsAcrossCallsWithoutChangingAValue() {
        // gls's shape: K blocks with the same weights at different positions (the remembered block functions, tail
        // products and block outputs are shared between them), some tokens in no block; one instance serving every
        // tuple must give exactly what a fresh instance gives per tuple
        long seed = 1515L;
        System.out.println("ExponentialRacesTest shared seed " + seed);
        Random r = new Random(seed);
        for (int trial = 0; trial < 8; trial++) {
            int v = 2 + r.nextInt(3);
            int k = 1 + r.nextInt(3);
            int extra = r.nextInt(3);
            int n = v * k + extra;
            List<BigFraction> q = randomWeights(r, v, true);
            List<List<BigFraction>> blocks = new ArrayList<>();
            for (int b = 0; b < k; b++) {
                List<BigFraction> full = new ArrayList<>(Collections.nCopies(n, BigFraction.ZERO));
                for (int x = 0; x < v; x++) {
                    full.set(b * v + x, q.get(x));
                }
                blocks.add(List.copyOf(full));
            }
            List<BigFraction> p = List.copyOf(randomWeights(r, n, true));
            ExponentialRaces shared = new ExponentialRaces();
            int tuples = (int) Math.pow(v, k);
            for (int c = 0; c < tuples; c++) {
                int rest = c;
                List<ExponentialRaces.Race> list = new ArrayList<>();
                for (int b = 0; b < k; b++) {
                    int x = b * v + rest % v;
                    rest /= v;
                    if (q.get(x - b * v).signum() > 0) {
                        list.add(new ExponentialRaces.Race(blocks.get(b), x));
                    }
                }
                assertEquals(java.util.Arrays.asList(new ExponentialRaces().law(list, p)),
                    java.util.Arrays.asList(shared.law(list, p)), "trial " + trial + ", tuple " + c);
            }
        }
    }

    @Test
    void overlapsBeyondOneHubAreRefused() {
        ExponentialRaces races = new ExponentialRaces();
        assertThrows(UnsupportedOperationException.class, () -> races.probability(List.of(
            new ExponentialRaces.Race(w(1, 2, 3), 0), new ExponentialRaces.Race(w(3, 2, 1), 0),
            new ExponentialRaces.Race(w(1, 1, 1), 0))));
    }
}
