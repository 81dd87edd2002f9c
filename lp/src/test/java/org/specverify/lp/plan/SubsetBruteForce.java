package org.specverify.lp.plan;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.DraftProcess;

/**
 * Test oracle: α*(p, Q) = min over all 2^|V| token sets H of p(H) + 1 - Q(x̄ ⊆ H) (SCHEMES.md, "Optimal acceptance"),
 * exactly, by trying every H. Independent of the max-flow and LP code under test; small vocabularies only.
 */
public final class SubsetBruteForce {
    private SubsetBruteForce() {
    }

    public static BigFraction alphaStar(Distribution p, DraftProcess process) {
        int n = p.size();
        if (n > 20) {
            throw new IllegalArgumentException("brute force over 2^" + n + " subsets refused");
        }
        BigFraction best = null;
        for (int mask = 0; mask < (1 << n); mask++) {
            final int h = mask;
            BigFraction v = p.mass(y -> (h >> y & 1) == 1).add(BigFraction.ONE)
                .subtract(process.probabilityAllIn(y -> (h >> y & 1) == 1));
            if (best == null || v.compareTo(best) < 0) {
                best = v;
            }
        }
        return best;
    }
}
