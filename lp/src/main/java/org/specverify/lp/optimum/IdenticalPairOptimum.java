package org.specverify.lp.optimum;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;

/**
 * Two identical drafts (K = 2, x_1, x_2 ~ q iid), after Khisti et al. (arXiv 2410.18234):
 * <pre>   α*(p, q) = min_{S ⊆ V} { p(S) + 1 - q(S)² },   and   α* = 1  ⇔  p(S) ≥ q(S)² for every S ⊆ V.</pre>
 * The first is the subset characterisation with Q(x̄ ⊆ S) = q(S)²; the second follows because S = ∅ gives the value 1,
 * so the minimum is 1 exactly when no S has p(S) + 1 - q(S)² &lt; 1. Both minima over the 2^|V| sets are found on the
 * |V| + 1 prefixes of the p/q order (the ratio-prefix theorem for iid drafts), so both cost O(|V| log |V|) here.
 * Statement and proof: proofs-notes/k2-identical.md; checked against {@link SubsetOptimum}, the brute-force minimum
 * and the optimal-transport LP by {@code IdenticalPairOptimumTest}.
 */
public final class IdenticalPairOptimum {
    private IdenticalPairOptimum() {
    }

    /** α* = min_S p(S) + 1 - q(S)², exactly. */
    public static BigFraction optimum(Distribution p, Distribution q) {
        return RatioPrefix.iid(p, q, 2).value();
    }

    /**
     * The acceptance-one criterion: empty when p(S) ≥ q(S)² for every S (then α* = 1), otherwise a set S with
     * p(S) &lt; q(S)² (the smallest-value prefix; ascending tokens).
     */
    public static Optional<int[]> violation(Distribution p, Distribution q) {
        RatioPrefix.Exact r = RatioPrefix.iid(p, q, 2);
        return Fractions.compare(r.value(), Fractions.ONE) < 0 ? Optional.of(r.minimiser()) : Optional.empty();
    }

    /** Whether some lossless verifier accepts one of two iid drafts with probability one (α* = 1). */
    public static boolean acceptanceOne(Distribution p, Distribution q) {
        return violation(p, q).isEmpty();
    }
}
