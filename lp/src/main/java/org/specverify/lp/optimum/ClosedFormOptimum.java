package org.specverify.lp.optimum;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;

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
        double total = Masses.requireDistribution("p", p);
        boolean[] in = fixedSet(p.length, drafts);
        double s = 0;
        double c = 0;
        for (int x = 0; x < p.length; x++) {
            if (in[x]) {
                double t = s + p[x];
                c += s >= p[x] ? (s - t) + p[x] : (p[x] - t) + s;
                s = t;
            }
        }
        return (s + c) / total;
    }

    /**
     * α* for greedy drafts in doubles: F = the K - 1 largest q (lowest index on ties), as {@code GreedyDraft}.
     *
     * @throws InvalidInputException for invalid vectors, K &lt; 1 or K &gt; |V|, or no draft mass outside F
     */
    public static double greedy(double[] p, double[] q, int k) {
        RatioPrefix.requireK(k);
        Masses.requireDistribution("q", q);
        DraftKind.GREEDY.require(k, q.length, positives(q));
        boolean[] fixed = new boolean[q.length];
        for (int t : topTokens(q, k - 1)) {
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
        Masses.requireDistribution("q", q);
        DraftKind.HUB.require(2, q.length, positives(q));
        int a = topTokens(q, 1)[0];
        boolean[] fixed = new boolean[q.length];
        fixed[a] = true;
        return fixedPlusOne(p, q, fixed, "the hub draft process needs at least two tokens of positive draft mass");
    }

    private static double fixedPlusOne(double[] p, double[] q, boolean[] fixed, String noRestMessage) {
        double totalP = Masses.requireDistribution("p", p);
        Masses.requireDistribution("q", q);
        Masses.requireSameLength("q", p.length, q.length);
        double restTotal = 0;
        double rc = 0;
        for (int x = 0; x < q.length; x++) {
            if (!fixed[x]) {
                double t = restTotal + q[x];
                rc += restTotal >= q[x] ? (restTotal - t) + q[x] : (q[x] - t) + restTotal;
                restTotal = t;
            }
        }
        restTotal += rc;
        if (!(restTotal > 0)) {
            throw new InvalidInputException(noRestMessage);
        }
        double s = 0;
        double c = 0;
        for (int x = 0; x < p.length; x++) {
            double px = p[x] / totalP;
            double v = fixed[x] ? px : Math.min(px, q[x] / restTotal);
            double t = s + v;
            c += s >= v ? (s - t) + v : (v - t) + s;
            s = t;
        }
        return s + c;
    }

    /** n⁺, the number of entries &gt; 0 of a validated row: what {@link DraftKind}'s rules ask of a floating law. */
    private static int positives(double[] q) {
        int n = 0;
        for (double v : q) {
            if (v > 0) {
                n++;
            }
        }
        return n;
    }

    /** The m tokens of largest q, lowest index on ties, O(|V|·m). */
    static int[] topTokens(double[] q, int m) {
        int[] top = new int[m];
        Arrays.fill(top, -1);
        for (int x = 0; x < q.length; x++) {
            for (int i = 0; i < m; i++) {
                if (top[i] < 0 || q[x] > q[top[i]]) {
                    System.arraycopy(top, i, top, i + 1, m - i - 1);
                    top[i] = x;
                    break;
                }
            }
        }
        return top;
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
