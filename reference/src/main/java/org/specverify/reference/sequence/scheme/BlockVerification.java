package org.specverify.reference.sequence.scheme;

import java.util.Arrays;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;

/**
 * block: block verification (Sun, Mendlovic, Leviathan, Aharoni, Ro, Beirami, Suresh, "Block Verification Accelerates
 * Speculative Decoding", arXiv 2403.10444, ICLR 2025, Algorithm 2). On a drafted chain x_1..x_gamma with
 * p_i = p(.|c, x_&lt;i), q_i = q(.|c, x_&lt;i):
 * <ul>
 *   <li>rho_0 = 1, rho_i = min(1, rho_(i-1) p_i(x_i)/q_i(x_i));</li>
 *   <li>for i &lt; gamma: M_i = sum_y (rho_i p_(i+1)(y) - q_(i+1)(y))+ and h_i = M_i / (M_i + 1 - rho_i), 1 when that
 *       denominator is 0 (then rho_i = 1 and M_i = 0); h_gamma = rho_gamma;</li>
 *   <li>uniforms u_1..u_gamma (the verifier stream's indices 0..gamma-1); tau = the largest i with u_i &lt; h_i, 0 if
 *       none: a later success overrides an earlier failure;</li>
 *   <li>tau &lt; gamma: emit x_1..x_tau and a token from norm((rho_tau p_(tau+1) - q_(tau+1))+); tau = gamma: the chain
 *       and the bonus from p_(gamma+1).</li>
 * </ul>
 * The paper writes the test as u_i &le; h_i; the project's rule is strict (u_i &lt; h_i), which differs only on the
 * event u_i = h_i of probability zero, so the law is the same. The program compares u_gamma first and goes down,
 * stopping at the first success: the same function of (u_1..u_gamma) as scanning upwards and keeping the last success,
 * with fewer branches for the exact replay. The closing draw takes the stream's index gamma. Lossless; averaged over
 * the drafts E[tau] = E[sum_i rho_i], never below tokenwise. Given the drafts, P(tau &gt;= i) = 1 - prod_(j&gt;=i)
 * (1 - h_j), which is not sum_i rho_i in general and can be below tokenwise (proofs-notes/chain-dumps.md).
 */
public final class BlockVerification extends SequenceSchemeBase {
    public BlockVerification() {
        super(define("block").description("block verification: weights rho_i, last success h_i wins, residual"
                + " (rho_tau p - q)+")
            .paper("Sun et al., Block Verification Accelerates Speculative Decoding, 2403.10444 (ICLR 2025)")
            .lossless(true).chainsOnly().build());
    }

    @Override
    public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        return (draws, tree) -> {
            int[] x = DraftedTree.chainTokens(tree);
            int g = x.length;
            @SuppressWarnings("unchecked")
            Measure<S>[] p = new Measure[g + 1];
            @SuppressWarnings("unchecked")
            Measure<S>[] q = new Measure[g];
            for (int i = 0; i <= g; i++) {
                int[] before = Arrays.copyOf(x, i);
                p[i] = laws.target(before);
                if (i < g) {
                    q[i] = laws.draft(before);
                }
            }
            java.util.List<S> rho = new java.util.ArrayList<>(g + 1);
            rho.add(ar.one());
            for (int i = 1; i <= g; i++) {
                S ratio = ar.divide(p[i - 1].probability(x[i - 1]), q[i - 1].probability(x[i - 1]));
                rho.add(ar.min(ar.one(), ar.multiply(rho.get(i - 1), ratio)));
            }
            DrawId[] ids = new DrawId[g];
            for (int i = 0; i < g; i++) {
                ids[i] = draws.next(Draws.VERIFY);
            }
            int tau = 0;
            for (int i = g; i >= 1; i--) {
                S h = i == g ? rho.get(g) : weight(ar, rho.get(i), p[i], q[i]);
                if (draws.uniform(ids[i - 1]).lessThan(h)) {
                    tau = i;
                    break;
                }
            }
            if (tau == g) {
                return BlockOutcome.emit(x, "bonus p_" + (g + 1), p[g]);
            }
            return BlockOutcome.emit(Arrays.copyOf(x, tau), "residual norm((rho_" + tau + " p_" + (tau + 1)
                + " - q_" + (tau + 1) + ")+)", residual(ar, rho.get(tau), p[tau], q[tau]));
        };
    }

    /** (rho p - q)+, unnormalised. */
    static <S> Measure<S> residual(Arithmetic<S> ar, S rho, Measure<S> p, Measure<S> q) {
        return p.times(rho).minusPositive(q, ar.one());
    }

    /** h_i = M_i / (M_i + 1 - rho_i), M_i = sum (rho_i p_(i+1) - q_(i+1))+; 1 when the denominator is 0. */
    static <S> S weight(Arithmetic<S> ar, S rho, Measure<S> pNext, Measure<S> qNext) {
        S m = residual(ar, rho, pNext, qNext).total();
        S den = ar.add(m, ar.subtract(ar.one(), rho));
        return ar.signum(den) == 0 ? ar.one() : ar.divide(m, den);
    }
}
