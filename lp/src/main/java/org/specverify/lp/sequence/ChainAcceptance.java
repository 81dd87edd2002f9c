package org.specverify.lp.sequence;

import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;

/**
 * Closed forms of the expected acceptance of chain verifiers, exact, for comparison with the optima before
 * (and independently of) the verifier programs. For drafts x_1..x_g of a chain, p_i = p(.|c, x_&lt;i) and
 * q_i = q(.|c, x_&lt;i), r_i = p_i(x_i) / q_i(x_i) (q_i(x_i) &gt; 0 for a drafted token):
 *
 * <ul>
 *   <li>token-wise (multi-step speculative decoding): a_i = min(1, r_i); P(tau &gt;= j | drafts) = prod_(i&lt;=j) a_i
 *       and E[tau | drafts] = sum_j prod_(i&lt;=j) a_i;</li>
 *   <li>block verification (Sun, Mendlovic, Leviathan et al., arXiv 2403.10444, ICLR 2025): rho_0 = 1,
 *       rho_i = min(1, rho_(i-1) r_i), and E[tau] = E over the drafts of sum_(i=1..g) rho_i (the paper's expected
 *       accepted length; its motivating example, p = (1/3, 2/3) and q = (2/3, 1/3) with g = 2, gives 10/9 token-wise,
 *       11/9 block (the best any lossless verifier does there) and 12/9 for the coupling bound of
 *       {@link SequenceOptimum}: {@code SequenceOptimumTest}, {@code VerifierLpTest}). The identity holds only
 *       averaged over the drafts: given them, block accepts tau &gt;= i with probability 1 - prod_(j&gt;=i) (1 - h_j)
 *       (h_j as in {@code BlockVerification}), which is not sum rho_i in general (the drafts (0, 1) of the example
 *       give sum rho_i = 3/2 but tau = 2 surely); report's {@code ChainStepLaw} computes that conditional law.</li>
 * </ul>
 *
 * <p>Since rho_i = min(1, rho_(i-1) r_i) &gt;= min(1, rho_(i-1)) min(1, r_i) = rho_(i-1) a_i, induction gives
 * rho_i &gt;= prod_(i'&lt;=i) a_i' for every drafted chain: sum_i rho_i &gt;= E[tau | drafts] of token-wise for every
 * chain, so block &gt;= token-wise on average over the drafts. Given the drafts, block's own acceptance can be lower
 * than token-wise's ({@code ChainStepLawTest#blockCanBeBelowTokenwiseGivenTheDrafts}).
 *
 * <p>{@link #prefixCouplingBound} is an upper bound on the coupling optimum of a chain: E[score] = sum_j
 * P(X_1..X_j = Y_1..Y_j) and each term is at most 1 - TV of the two laws of j-token prefixes.
 */
public final class ChainAcceptance {
    private ChainAcceptance() {
    }

    /** E[tau | drafts] of token-wise verification: sum_j prod_(i&lt;=j) min(1, r_i). */
    public static BigFraction tokenwise(ContextModel p, ContextModel q, int[] context, int[] drafts) {
        BigFraction prod = Fractions.ONE;
        BigFraction sum = Fractions.ZERO;
        for (int i = 0; i < drafts.length; i++) {
            prod = prod.multiply(Fractions.min(Fractions.ONE, ratio(p, q, context, drafts, i)));
            sum = sum.add(prod);
        }
        return Fractions.canonical(sum);
    }

    /**
     * sum_i rho_i of block verification on these drafts: its mean over the drafts is E[tau] of block verification, but
     * it is not E[tau | drafts] (see the class comment).
     */
    public static BigFraction block(ContextModel p, ContextModel q, int[] context, int[] drafts) {
        BigFraction rho = Fractions.ONE;
        BigFraction sum = Fractions.ZERO;
        for (int i = 0; i < drafts.length; i++) {
            rho = Fractions.min(Fractions.ONE, rho.multiply(ratio(p, q, context, drafts, i)));
            sum = sum.add(rho);
        }
        return Fractions.canonical(sum);
    }

    private static BigFraction ratio(ContextModel p, ContextModel q, int[] context, int[] drafts, int i) {
        int[] before = java.util.Arrays.copyOf(drafts, i);
        BigFraction qi = q.lawAfter(context, before).p(drafts[i]);
        if (qi.signum() == 0) {
            throw new InvalidInputException("draft token " + drafts[i] + " at depth " + (i + 1)
                + " has draft probability 0: it cannot have been drafted");
        }
        return p.lawAfter(context, before).p(drafts[i]).divide(qi);
    }

    /** E[tau] of token-wise verification of a chain instance, averaged over the drafted paths. */
    public static BigFraction tokenwise(SequenceInstance chain) {
        return average(chain, true);
    }

    /** E[tau] of block verification of a chain instance, averaged over the drafted paths. */
    public static BigFraction block(SequenceInstance chain) {
        return average(chain, false);
    }

    private static BigFraction average(SequenceInstance chain, boolean tokenwise) {
        requireChain(chain);
        ContextModel p = chain.target();
        ContextModel q = chain.draftFor(0);
        BigFraction[] sum = {Fractions.ZERO};
        DraftTrees.forEach(chain, (t, prob) -> {
            int[] x = t.path(t.size() - 1);
            BigFraction e = tokenwise ? tokenwise(p, q, new int[0], x) : block(p, q, new int[0], x);
            sum[0] = sum[0].add(prob.multiply(e));
        });
        return Fractions.canonical(sum[0]);
    }

    /** The exact law of tau under token-wise verification of a chain instance (from P(tau &gt;= j | drafts)). */
    public static AcceptedLengthLaw tokenwiseLengthLaw(SequenceInstance chain) {
        requireChain(chain);
        int g = chain.gamma();
        AcceptedLengthLaw.Builder b = AcceptedLengthLaw.builder(g);
        ContextModel p = chain.target();
        ContextModel q = chain.draftFor(0);
        DraftTrees.forEach(chain, (t, prob) -> {
            int[] x = t.path(t.size() - 1);
            BigFraction reached = Fractions.ONE; // P(tau >= j | drafts)
            for (int j = 1; j <= g; j++) {
                BigFraction next = reached.multiply(Fractions.min(Fractions.ONE, ratio(p, q, new int[0], x, j - 1)));
                b.add(j - 1, prob.multiply(reached.subtract(next)));
                reached = next;
            }
            b.add(g, prob.multiply(reached));
        });
        return b.build();
    }

    /** sum_(j=1..g) (1 - TV(law of X_1..X_j, law of Y_1..Y_j)): an upper bound on the chain's coupling optimum. */
    public static BigFraction prefixCouplingBound(SequenceInstance chain) {
        requireChain(chain);
        Map<DraftTree, BigFraction> drafts = DraftTrees.law(chain);
        BigFraction total = Fractions.ZERO;
        for (int j = 1; j <= chain.gamma(); j++) {
            Map<List<Integer>, BigFraction> x = new java.util.HashMap<>();
            for (Map.Entry<DraftTree, BigFraction> e : drafts.entrySet()) {
                int[] path = e.getKey().path(j - 1);
                x.merge(java.util.Arrays.stream(path).boxed().toList(), e.getValue(), BigFraction::add);
            }
            SequenceLaw y = SequenceLaw.target(chain.target(), new int[0], j);
            BigFraction overlap = Fractions.ZERO;
            for (Map.Entry<List<Integer>, BigFraction> e : x.entrySet()) {
                overlap = overlap.add(Fractions.min(e.getValue(), y.mass(e.getKey())));
            }
            total = total.add(overlap);
        }
        return Fractions.canonical(total);
    }

    private static void requireChain(SequenceInstance inst) {
        if (!inst.isChain() || inst.drafts().size() != 1) {
            throw new InvalidInputException("'" + inst.name() + "' is not a chain drafted from one model (" + inst + ")");
        }
    }
}
