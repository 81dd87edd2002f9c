package org.specverify.lp.optimum;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.numeric.TopK;

/**
 * Closed forms of α*(p, Q) for the draft processes whose draft set has a fixed part F and at most one random draft:
 * Q(x̄ ⊆ H) = 1[F ⊆ H]·q'(H) for a law q' on V \ F. Then
 * <pre>   α* = min(1, min_{H ⊇ F} p(H) + 1 - q'(H)) = p(F) + Σ_{x ∉ F} min(p(x), q'(x)),</pre>
 * because H not containing F gives f(H) = p(H) + 1 ≥ 1, and for H = F ∪ G, G ⊆ V \ F, the best G is {x : p(x) &lt; q'(x)}.
 * The value is at most p(F) + p(V \ F) = 1. (proofs-notes/subset-optimum.md, "Closed forms".)
 * <ul>
 *   <li>deterministic drafts x̄ fixed: F = set(x̄), no random draft: α* = p(set(x̄));</li>
 *   <li>greedy drafts: F = the K - 1 largest tokens of q (lowest index on ties), q' = norm(q·1[x ∉ F]);</li>
 *   <li>SpecHub's hub law (K = 2): F = {a}, a = argmax q (lowest index on ties), q' = norm(q without a);</li>
 *   <li>a single draft (K = 1): F = ∅, q' = q: α* = Σ min(p, q) = 1 - TV(p, q).</li>
 * </ul>
 * Checked against {@link SubsetOptimum} exhaustively on grids by {@code ClosedFormOptimumTest}.
 *
 * <p>Double versions take validated probability vectors (see {@link Masses}) and use their normalised values; the
 * sums are compensated, so the error is at most a few units of 2^-53.
 */
public final class ClosedFormOptimum {
    private ClosedFormOptimum() {
    }

    /** α* for deterministic drafts: p(set(x̄)). */
    public static BigFraction deterministic(Distribution p, int[] drafts) {
        boolean[] in = fixedSet(p.size(), drafts);
        return p.mass(t -> in[t]);
    }

    /** α* for greedy drafts. */
    public static BigFraction greedy(Distribution p, GreedyDraft process) {
        requireSameVocab(p, process.vocab(), "greedy");
        Distribution rest = process.restLaw();
        return fixedPlusOne(p, process::inTop, rest);
    }

    /** α* for SpecHub's hub draft law: p(a) + Σ_{x ≠ a} min(p(x), q(x)/(1 - q(a))). */
    public static BigFraction hub(Distribution p, HubDraft process) {
        requireSameVocab(p, process.vocab(), "hub");
        int a = process.hub();
        Distribution rest = process.q().without(t -> t == a);
        return fixedPlusOne(p, t -> t == a, rest);
    }

    /** α* for one draft x ~ q: Σ min(p, q) = 1 - TV(p, q). */
    public static BigFraction singleDraft(Distribution p, Distribution q) {
        p.requireSameSize(q);
        return Fractions.ONE.subtract(p.totalVariation(q));
    }

    private static BigFraction fixedPlusOne(Distribution p, java.util.function.IntPredicate fixed, Distribution rest) {
        BigFraction s = Fractions.ZERO;
        for (int x = 0; x < p.size(); x++) {
            s = s.add(fixed.test(x) ? p.p(x) : Fractions.min(p.p(x), rest.p(x)));
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------- doubles

    /** α* for deterministic drafts, in doubles: p(set(x̄))/p(V). */
    public static double deterministic(double[] p, int[] drafts) {
        return deterministic(Law.ofProbabilities(p, "p"), drafts);
    }

    /** As {@link #deterministic(double[], int[])} on a validated row. */
    public static double deterministic(Law lp, int[] drafts) {
        double[] p = lp.masses();
        boolean[] in = fixedSet(p.length, drafts);
        CompensatedSum s = new CompensatedSum();
        for (int x = 0; x < p.length; x++) {
            if (in[x]) {
                s.add(p[x]);
            }
        }
        return s.value() / lp.total();
    }

    /**
     * α* for greedy drafts in doubles: F = the K - 1 largest q (lowest index on ties), as {@code GreedyDraft}.
     *
     * @throws InvalidInputException for invalid vectors, K &lt; 1 or K &gt; |V|, or no draft mass outside F
     */
    public static double greedy(double[] p, double[] q, int k) {
        RatioPrefix.requireK(k);
        Law lp = Law.ofProbabilities(p, "p");
        Law lq = Law.ofProbabilities(q, "q");
        return greedy(lp, lq, k);
    }

    /** As {@link #greedy(double[], double[], int)} on validated rows (nothing is validated again). */
    public static double greedy(Law p, Law q, int k) {
        RatioPrefix.requireK(k);
        DraftKind.GREEDY.require(k, q.size(), q.support());
        p.requireSameSize(q, "q");
        boolean[] fixed = new boolean[q.size()];
        for (int t : TopK.indices(q.masses(), k - 1)) {
            fixed[t] = true;
        }
        return fixedPlusOne(p, q, fixed, "greedy drafts need draft mass outside the top K-1 = " + (k - 1)
            + " tokens, but q puts all its mass on them");
    }

    /**
     * α* for SpecHub's hub law in doubles.
     *
     * @throws InvalidInputException for invalid vectors or fewer than two tokens with q &gt; 0
     */
    public static double hub(double[] p, double[] q) {
        Law lq = Law.ofProbabilities(q, "q");
        Law lp = Law.ofProbabilities(p, "p");
        return hub(lp, lq);
    }

    /** As {@link #hub(double[], double[])} on validated rows (nothing is validated again). */
    public static double hub(Law p, Law q) {
        DraftKind.HUB.require(2, q.size(), q.support());
        p.requireSameSize(q, "q");
        int a = TopK.indices(q.masses(), 1)[0];
        boolean[] fixed = new boolean[q.size()];
        fixed[a] = true;
        return fixedPlusOne(p, q, fixed, "the hub draft process needs at least two tokens of positive draft mass");
    }

    private static double fixedPlusOne(Law lp, Law lq, boolean[] fixed, String noRestMessage) {
        double[] p = lp.masses();
        double[] q = lq.masses();
        double totalP = lp.total();
        CompensatedSum rest = new CompensatedSum();
        for (int x = 0; x < q.length; x++) {
            if (!fixed[x]) {
                rest.add(q[x]);
            }
        }
        double restTotal = rest.value();
        if (!(restTotal > 0)) {
            throw new InvalidInputException(noRestMessage);
        }
        CompensatedSum s = new CompensatedSum();
        for (int x = 0; x < p.length; x++) {
            double px = p[x] / totalP;
            s.add(fixed[x] ? px : Math.min(px, q[x] / restTotal));
        }
        return s.value();
    }

    private static boolean[] fixedSet(int n, int[] drafts) {
        if (drafts.length == 0) {
            throw new InvalidInputException("deterministic drafts need at least one token");
        }
        boolean[] in = new boolean[n];
        for (int i = 0; i < drafts.length; i++) {
            if (drafts[i] < 0 || drafts[i] >= n) {
                throw new InvalidInputException("deterministic draft " + i + ": token " + drafts[i]
                    + " out of range 0.." + (n - 1));
            }
            in[drafts[i]] = true;
        }
        return in;
    }

    private static void requireSameVocab(Distribution p, int vocab, String what) {
        if (p.size() != vocab) {
            throw new InvalidInputException("the target has " + p.size() + " tokens but the " + what + " drafts have "
                + vocab);
        }
    }
}
