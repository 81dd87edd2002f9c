package org.specverify.lp.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * Random small cases for the property suites: |V| = 2..4, K = 1..3, iid, independent and without-replacement drafts,
 * masses on grids of random denominators with zero-mass tokens allowed. A case is a pure function of (seed, index), so
 * a failure replays from the printed seed.
 */
public final class RandomCases {
    private RandomCases() {
    }

    public static List<HandMadeCases.Case> generate(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<HandMadeCases.Case> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = 2 + rng.nextInt(3);
            int k = 1 + rng.nextInt(3);
            String name = "random #" + i + " of seed " + seed;
            Distribution p = grid(rng, n);
            switch (rng.nextInt(3)) {
                case 0 -> out.add(HandMadeCases.iid(name, p, grid(rng, n), k));
                case 1 -> {
                    List<Distribution> qs = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        qs.add(grid(rng, n));
                    }
                    out.add(HandMadeCases.independent(name, p, qs));
                }
                default -> {
                    Distribution q = grid(rng, n);
                    int kk = Math.min(k, q.supportSize());
                    out.add(new HandMadeCases.Case(name, p, new WithoutReplacementDraft(q, kk), null));
                }
            }
        }
        return out;
    }

    /** Integer weights 0..d (d = 1..6, at least one positive) normalised: a law on a 1/m grid. */
    static Distribution grid(SplittableRandom rng, int n) {
        int d = 1 + rng.nextInt(6);
        BigFraction[] w = new BigFraction[n];
        int total;
        do {
            total = 0;
            for (int y = 0; y < n; y++) {
                int v = rng.nextInt(d + 1);
                w[y] = BigFraction.of(v);
                total += v;
            }
        } while (total == 0);
        return Distribution.normalize(w);
    }
}
