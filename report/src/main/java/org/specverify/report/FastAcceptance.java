package org.specverify.report;

import java.util.Arrays;
import org.specverify.lp.optimum.Optimum;
import org.specverify.lp.optimum.RatioOrder;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.KSeqRho;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.numeric.TopK;
import org.specverify.reference.scheme.KSeq;

/**
 * Closed-form membership acceptances α = P(Y ∈ drafts) of the schemes that have one, and the fast optima α*, in double
 * arithmetic at LLM vocabulary sizes, each as a floating {@link Figure} with an error bound. The formulas are those of
 * proofs-notes/domain.md; the tests compare every one with the exact reference (ExactLaw, ConditionalLaw) on small
 * instances ({@code FastAcceptanceTest}).
 *
 * <p><b>Error bounds.</b> u = 2^-53. The input laws carry their own L1 error ({@link Law#l1Error()}, e_p and e_q
 * below); each bound adds the effect of those errors (through the Lipschitz constant of the formula in the masses) to
 * the rounding of the evaluation. The constants are proved in the comments of each method for sd, rrs (with or
 * without a shared law), equality-match, deterministic, greedy and hub; for rrs-wor at K = 2 and for kseq the bound is
 * a first-order perturbation bound (stated there). Costs: sd, equality-match, deterministic O(|V|·K); rrs O(|V|·K);
 * kseq, rrs-wor and the iid optimum one sort of |V| keys.
 */
public final class FastAcceptance {
    private static final double U = Law.UNIT_ROUNDOFF;

    private FastAcceptance() {
    }

    // ------------------------------------------------------------------------------------------------ single draft

    /**
     * sd: α = Σ_x min(p(x), q(x)) = 1 − TV(p, q). min is exact; the compensated sum errs by at most 2u·α + O(nu²);
     * min is 1-Lipschitz in each argument, so the input errors add e_p + e_q.
     */
    public static Figure sd(Law p, Law q) {
        same(p, q);
        double[] a = p.masses();
        double[] b = q.masses();
        CompensatedSum s = new CompensatedSum();
        for (int x = 0; x < a.length; x++) {
            s.add(Math.min(a[x], b[x]));
        }
        return Figure.floating(clamp(s.value()), p.l1Error() + q.l1Error() + 3 * U);
    }

    // ------------------------------------------------------------------------------------------------------- rrs

    /** rrs on K iid drafts from q: {@link #rrs(Law, Law[])} with the same law K times. */
    public static Figure rrsIid(Law p, Law q, int k) {
        requireK(k);
        Law[] qs = new Law[k];
        Arrays.fill(qs, q);
        return rrs(p, qs);
    }

    /**
     * rrs with draft k from q_k (iid when all are the same law): α = 1 − Π_k TV(r_k, q_k), r_1 = p,
     * r_{k+1} = norm((r_k − q_k)+).
     *
     * <p>Computed without divisions through the unnormalised residuals R_1 = p, R_{k+1} = (R_k − P_k·q_k)+ with
     * P_k = Σ R_k (so R_k = P_k·r_k and P_{k+1} = P_k·TV(r_k, q_k)); then α = 1 − P_{K+1}. Every step is 1-Lipschitz
     * in L1: with E_k = ‖R̃_k − R_k‖₁ and D_k = |P̃_k − P_k|, E_{k+1} ≤ E_k + D_k + e_{q_k} + 4u·P̃_k (the product and
     * the difference each round once, relative to terms that sum to at most 2P̃_k) and D_{k+1} ≤ E_{k+1} + 3u·P̃_{k+1}
     * (compensated sum); E_1 = e_p, D_1 = 0. The bound is D_{K+1} + u, evaluated with a 1% margin.
     */
    public static Figure rrs(Law p, Law[] qs) {
        if (qs.length == 0) {
            throw new InvalidInputException("rrs needs at least one draft");
        }
        int n = p.size();
        double[] r = p.toArray();
        double pk = 1;
        double e = p.l1Error();
        double d = 0;
        for (Law q : qs) {
            same(p, q);
            double[] b = q.masses();
            CompensatedSum s = new CompensatedSum();
            for (int x = 0; x < n; x++) {
                double v = Math.max(r[x] - pk * b[x], 0.0);
                r[x] = v;
                s.add(v);
            }
            double next = s.value();
            e = (e + d + q.l1Error() + 4 * U * pk) * 1.01;
            d = (e + 3 * U * next) * 1.01;
            pk = next;
        }
        return Figure.floating(clamp(1 - pk), d + U);
    }

    // -------------------------------------------------------------------------------------------------- rrs-wor

    /**
     * rrs-wor (drafts without replacement from q) for K ≤ 2. K = 1 is sd. For K = 2, with r_2 = norm((p − q)+),
     * q_2^x = norm(q without x) and c(x) = 1 − q(x): α = 1 − Σ_x (q(x) − p(x))+ · TV(r_2, q_2^x), and
     * TV(r_2, q_2^x) = (g(c(x)) − q(x)) / c(x) with g(c) = Σ_y (q(y) − c·r_2(y))+, which one sort of the tokens by
     * q/r_2 and suffix sums give for every c by binary search: O(|V| log |V|) in place of O(|V|²).
     *
     * <p>Bound (first order in the input errors): the weights (q − p)+ err by at most e_p + e_q in total; r_2 by at most
     * 2(e_p + e_q)/TV(p, q) in L1, and g by 16u from rounding; each TV term is divided by c(x) and never exceeds 1, so
     * token x contributes at most w(x)·min(1, δ/c(x)) with δ = 2(e_p + e_q)/TV + 2e_q + 16u.
     *
     * @throws InvalidInputException for K &gt; 2 (no closed form: the residual depends on the drafted tokens), or fewer
     *     than K tokens with q &gt; 0
     */
    public static Figure rrsWithoutReplacement(Law p, Law q, int k) {
        requireK(k);
        same(p, q);
        if (q.support() < k) {
            throw new InvalidInputException("drafts without replacement need at least K = " + k
                + " tokens of positive draft mass, q has " + q.support());
        }
        if (k == 1) {
            return sd(p, q);
        }
        if (k > 2) {
            throw new InvalidInputException("rrs-wor: no closed form for K = " + k + " > 2 (the residual depends on"
                + " which tokens were drafted); the exact audit covers it on small vocabularies");
        }
        int n = p.size();
        double[] a = p.masses();
        double[] b = q.masses();
        CompensatedSum tvSum = new CompensatedSum();
        double[] res = new double[n];
        for (int x = 0; x < n; x++) {
            double v = a[x] - b[x];
            if (v > 0) {
                res[x] = v;
                tvSum.add(v);
            }
        }
        double tv = tvSum.value();
        double inputs = p.l1Error() + q.l1Error();
        if (!(tv > 0)) {
            return Figure.floating(1, inputs + 2 * U);
        }
        for (int x = 0; x < n; x++) {
            res[x] /= tv;
        }
        // tokens with r_2 > 0, ascending by r_2/q, that is descending by q/r_2 (q = 0 last, and those never count)
        int[] order = RatioOrder.of(res, b);
        int m = 0;
        double q0 = 0;
        for (int x = 0; x < n; x++) {
            if (!(res[x] > 0)) {
                q0 += b[x];
            }
        }
        double[] ratio = new double[n];
        double[] sufQ = new double[n + 1];
        double[] sufR = new double[n + 1];
        int[] pos = new int[n];
        for (int j = 0; j < n; j++) {
            int y = order[j];
            if (res[y] > 0 && b[y] > 0) {
                pos[m] = y;
                ratio[m] = b[y] / res[y];
                m++;
            }
        }
        // ratio[0..m) is descending; suffix sums over the first j tokens (the largest ratios)
        double[] preQ = new double[m + 1];
        double[] preR = new double[m + 1];
        CompensatedSum sq = new CompensatedSum();
        CompensatedSum sr = new CompensatedSum();
        for (int j = 0; j < m; j++) {
            int y = pos[j];
            preQ[j + 1] = sq.add(b[y]).value();
            preR[j + 1] = sr.add(res[y]).value();
        }
        CompensatedSum reject = new CompensatedSum();
        double bound = 0;
        double delta = 2 * inputs / tv + 2 * q.l1Error() + 16 * U;
        for (int x = 0; x < n; x++) {
            double w = b[x] - a[x];
            if (!(w > 0)) {
                continue;
            }
            double cx = 1 - b[x];
            if (!(cx > 0)) {
                continue;
            }
            // number of ratios strictly above cx in the descending array
            int lo = 0;
            int hi = m;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ratio[mid] > cx) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            double g = q0 + preQ[lo] - cx * preR[lo];
            double tvx = (g - b[x]) / cx;
            tvx = tvx < 0 ? 0 : tvx > 1 ? 1 : tvx;
            reject.add(w * tvx);
            bound += w * Math.min(1, delta / cx);
        }
        return Figure.floating(clamp(1 - reject.value()), (bound + inputs + 4 * U) * 1.01);
    }

    // --------------------------------------------------------------------------------------------------- kseq

    /**
     * K-SEQ's result: its test acceptance α(ρ) = 1 − (1 − β(ρ))^K at the ρ the scheme uses, ρ (the grid point of
     * {@code KSeq.rho} above the root ρ̂), and the width of the bisection bracket around ρ̂.
     */
    public record KSeqResult(Figure acceptance, double rho, double rhoBracket) {
    }

    /**
     * K-SEQ on K iid drafts: test acceptance α(ρ) = 1 − (1 − β(ρ))^K, β(ρ) = Σ min(q, p/ρ), at the ρ the scheme uses:
     * ρ̂ is the valid end of a bisection bracket of width below 1e-13 around the root ρ* ∈ [1, K] of
     * ρβ(ρ) = 1 − (1 − β(ρ))^K, and ρ the point of K-SEQ's dyadic grid ({@code KSeq.grid}, 2^-30 at 128k tokens) more
     * than one and at most two steps above it, as {@code KSeq.rho} takes it (ρ̂ = 1 gives ρ = 1); the reference walks
     * on from there only if that ρ is invalid, which a root within 1e-13 of ρ* rules out. With the tokens
     * sorted once by p/q, β(ρ) = P_j/ρ + 1 − Q_j (prefix sums over the j tokens of ratio below ρ), so each evaluation is
     * a binary search. Bound, at the reported ρ̂: β is 1-Lipschitz in p and q (L1) and its prefix sums round by at most
     * 4u; α is K-Lipschitz in β and its powering rounds by (K + 2)u: K(e_p + e_q + 4u) + (K + 2)u (at the reported ρ).
     * The distance to α(ρ*) is at most K(ρ − ρ*) more (|dβ/dρ| ≤ 1): two grid steps and the bracket width.
     */
    public static KSeqResult kseq(Law p, Law q, int k) {
        return kseq(p, q, k, ratioOrder(p, q));
    }

    /** As {@link #kseq(Law, Law, int)} with the ratio order given. */
    public static KSeqResult kseq(Law p, Law q, int k, int[] order) {
        requireK(k);
        same(p, q);
        return kseq(p, q, k, RatioPrefixSums.of(p, q, order));
    }

    /** As {@link #kseq(Law, Law, int)} with the ratio order's prefix sums given (shared with {@link #optimumIid}). */
    public static KSeqResult kseq(Law p, Law q, int k, RatioPrefixSums sums) {
        requireK(k);
        same(p, q);
        sums.requireFor(p, q);
        KSeqRho.Result r = KSeqRho.solve(sums.ratio, sums.preP, sums.preQ, sums.n, k);
        // the scheme's ρ: the first point of its dyadic grid more than one step above the root (KSeq.rho), capped at K
        double rho = r.rho() == 1 ? 1 : Math.min(k, KSeq.startingRho(r.rho(), KSeq.grid(sums.n)));
        double beta = betaAt(sums, rho);
        double alpha = 1 - Math.pow(1 - Math.min(1, beta), k);
        double bound = k * (p.l1Error() + q.l1Error() + 4 * U) + (k + 2) * U;
        return new KSeqResult(Figure.floating(clamp(alpha), bound * 1.01), rho, r.bracket());
    }

    /** β(ρ) = P_j/ρ + (Q_V − Q_j) from the prefix sums, j the number of ratios below ρ. */
    private static double betaAt(RatioPrefixSums s, double rho) {
        int lo = 0;
        int hi = s.n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s.ratio[mid] < rho) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return s.preP[lo] / rho + (s.preQ[s.n] - s.preQ[lo]);
    }

    // ----------------------------------------------------------------------------------------- equality-match

    /**
     * equality-match on K iid drafts: α = Σ_y p(y)·(1 − (1 − q(y))^K). The factor is K-Lipschitz in q(y) and rounds by
     * (K + 2)u absolutely; the weighted compensated sum adds 2u: e_p + K·e_q + (K + 5)u.
     */
    public static Figure equalityMatchIid(Law p, Law q, int k) {
        requireK(k);
        same(p, q);
        double[] a = p.masses();
        double[] b = q.masses();
        CompensatedSum s = new CompensatedSum();
        for (int y = 0; y < a.length; y++) {
            double miss = pow(1 - b[y], k);
            s.add(a[y] * (1 - miss));
        }
        return Figure.floating(clamp(s.value()), p.l1Error() + k * q.l1Error() + (k + 5) * U);
    }

    /** equality-match with draft k from q_k: α = Σ_y p(y)·(1 − Π_k (1 − q_k(y))); the same bound as the iid one. */
    public static Figure equalityMatch(Law p, Law[] qs) {
        if (qs.length == 0) {
            throw new InvalidInputException("equality-match needs at least one draft");
        }
        double[] a = p.masses();
        double eq = 0;
        for (Law q : qs) {
            same(p, q);
            eq += q.l1Error();
        }
        CompensatedSum s = new CompensatedSum();
        for (int y = 0; y < a.length; y++) {
            double miss = 1;
            for (Law q : qs) {
                miss *= 1 - q.masses()[y];
            }
            s.add(a[y] * (1 - miss));
        }
        return Figure.floating(clamp(s.value()), p.l1Error() + eq + (qs.length + 5) * U);
    }

    // ------------------------------------------------------------------------------ fixed drafts (α = α*)

    /**
     * deterministic drafts (the K most likely tokens of q, lowest index on ties): α = p(top-K) = α*. A sum of at most
     * K masses: e_p + (K + 1)u.
     */
    public static Figure deterministic(Law p, Law q, int k) {
        requireK(k);
        same(p, q);
        int[] top = TopK.indices(q.masses(), k);
        double s = 0;
        for (int t : top) {
            s += p.masses()[t];
        }
        return Figure.floating(clamp(s), p.l1Error() + (k + 1) * U);
    }

    /**
     * greedy drafts: α = p(T) + Σ_{x ∉ T} min(p(x), q'(x)) = α* for the greedy law ({@code Optimum.greedy}, within 8u
     * of its normalised inputs); the inputs add e_p + 2e_q (q' = q renormalised outside T).
     */
    public static Figure greedy(Law p, Law q, int k) {
        requireK(k);
        same(p, q);
        double v = Optimum.greedy(p, q, k).value();
        return Figure.floating(clamp(v), p.l1Error() + 2 * q.l1Error() + 8 * U);
    }

    /** spechub (K = 2, hub drafts): α = min(1, p(a) + Σ_{x≠a} min(p(x), w(x))) = α* of the hub law; as greedy. */
    public static Figure spechub(Law p, Law q) {
        same(p, q);
        double v = Optimum.hub(p, q).value();
        return Figure.floating(clamp(v), p.l1Error() + 2 * q.l1Error() + 8 * U);
    }

    // ------------------------------------------------------------------------------ one set of passes for K iid drafts

    /**
     * The figures of the closed forms that walk the tokens in index order, for K iid drafts of one draft law q:
     * {@link #rrsIid}, {@link #equalityMatchIid}, {@link #greedy} and {@link #deterministic} (the last two null where
     * not asked for). Each is bit for bit the figure of its own method ({@code FusedIidFiguresTest}).
     */
    public record IidFigures(Figure rrs, Figure equalityMatch, Figure greedy, Figure deterministic) {
    }

    /** One thread's residual row and top-K marks for {@link #iidFigures}. */
    private static final class IidBuffers {
        double[] residual = new double[0];
        boolean[] fixed = new boolean[0];
    }

    private static final ThreadLocal<IidBuffers> IID_BUFFERS = ThreadLocal.withInitial(IidBuffers::new);

    /**
     * As {@link IidFigures}: K passes over the tokens for all four, where the separate methods make K + 5 (and three
     * row-sized allocations). The first pass makes rrs's first residual, equality-match's sum and the draft mass
     * outside greedy's top K − 1; the second rrs's second residual and greedy's sum; the rest rrs's. Every sum is the
     * same {@link CompensatedSum} of the same terms in the same order as in the separate method, the top K of q is
     * found once ({@link TopK}: greedy's top K − 1 is its first K − 1), and the bounds are the separate methods', so the
     * figures are equal bit for bit.
     *
     * @param withGreedy also greedy (its draft kind must apply: K ≥ 2, K ≤ |V| and at least K tokens with q &gt; 0)
     * @param withDeterministic also deterministic (K ≤ |V|)
     * @throws InvalidInputException for K &lt; 1, different sizes, or a draft kind asked for that does not apply
     */
    public static IidFigures iidFigures(Law p, Law q, int k, boolean withGreedy, boolean withDeterministic) {
        requireK(k);
        same(p, q);
        if (withGreedy) {
            org.specverify.reference.draft.DraftKind.GREEDY.require(k, q.size(), q.support());
        }
        int n = p.size();
        double[] a = p.masses();
        double[] b = q.masses();
        int[] top = withGreedy || withDeterministic ? TopK.indices(b, k) : new int[0];
        Figure deterministic = null;
        if (withDeterministic) {
            double s = 0;
            for (int t : top) {
                s += a[t];
            }
            deterministic = Figure.floating(clamp(s), p.l1Error() + (k + 1) * U);
        }
        IidBuffers buf = IID_BUFFERS.get();
        if (buf.residual.length != n) {
            buf.residual = new double[n];
            buf.fixed = new boolean[n];
        }
        double[] r = buf.residual;
        boolean[] fixed = buf.fixed;
        if (withGreedy) {
            for (int i = 0; i < k - 1; i++) {
                fixed[top[i]] = true;
            }
        }
        try {
            // pass 1: rrs's first residual (P_1 = 1), equality-match, greedy's draft mass outside its top K - 1
            CompensatedSum rs = new CompensatedSum();
            CompensatedSum eq = new CompensatedSum();
            CompensatedSum rest = new CompensatedSum();
            double pk = 1;
            for (int x = 0; x < n; x++) {
                double ax = a[x];
                double bx = b[x];
                double v = Math.max(ax - pk * bx, 0.0);
                r[x] = v;
                rs.add(v);
                double miss = pow(1 - bx, k);
                eq.add(ax * (1 - miss));
                if (!fixed[x]) {
                    rest.add(bx);
                }
            }
            Figure equalityMatch = Figure.floating(clamp(eq.value()), p.l1Error() + k * q.l1Error() + (k + 5) * U);
            double e = p.l1Error();
            double d = 0;
            double next = rs.value();
            e = (e + d + q.l1Error() + 4 * U * pk) * 1.01;
            d = (e + 3 * U * next) * 1.01;
            pk = next;
            Figure greedy = null;
            int pass = 2;
            if (withGreedy) {
                double restTotal = rest.value();
                if (!(restTotal > 0)) {
                    throw new InvalidInputException("greedy drafts need draft mass outside the top K-1 = " + (k - 1)
                        + " tokens, but q puts all its mass on them");
                }
                double totalP = p.total();
                CompensatedSum g = new CompensatedSum();
                if (k >= 2) {
                    // pass 2: rrs's second residual and greedy's sum
                    CompensatedSum s2 = new CompensatedSum();
                    for (int x = 0; x < n; x++) {
                        double ax = a[x];
                        double bx = b[x];
                        double v = Math.max(r[x] - pk * bx, 0.0);
                        r[x] = v;
                        s2.add(v);
                        double px = ax / totalP;
                        g.add(fixed[x] ? px : Math.min(px, bx / restTotal));
                    }
                    next = s2.value();
                    e = (e + d + q.l1Error() + 4 * U * pk) * 1.01;
                    d = (e + 3 * U * next) * 1.01;
                    pk = next;
                    pass = 3;
                }
                greedy = Figure.floating(clamp(g.value()), p.l1Error() + 2 * q.l1Error() + 8 * U);
            }
            for (; pass <= k; pass++) {
                CompensatedSum sk = new CompensatedSum();
                for (int x = 0; x < n; x++) {
                    double v = Math.max(r[x] - pk * b[x], 0.0);
                    r[x] = v;
                    sk.add(v);
                }
                next = sk.value();
                e = (e + d + q.l1Error() + 4 * U * pk) * 1.01;
                d = (e + 3 * U * next) * 1.01;
                pk = next;
            }
            Figure rrs = Figure.floating(clamp(1 - pk), d + U);
            return new IidFigures(rrs, equalityMatch, greedy, deterministic);
        } finally {
            if (withGreedy) {
                for (int i = 0; i < k - 1; i++) {
                    fixed[top[i]] = false;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- optima

    /**
     * α* for K iid drafts (ratio prefix, {@code Optimum.iid}): its bound plus the inputs' effect, e_p + K·e_q
     * (p(H) is 1-Lipschitz and q(H)^K K-Lipschitz in L1).
     */
    public static Figure optimumIid(Law p, Law q, int k) {
        return optimumIid(p, q, k, ratioOrder(p, q));
    }

    /** The ratio order of {@code RatioOrder.of}: ascending p/q, q = 0 last, lowest index on ties. */
    public static int[] ratioOrder(Law p, Law q) {
        same(p, q);
        return RadixRatioOrder.of(p.masses(), q.masses());
    }

    /**
     * As {@link #optimumIid(Law, Law, int)} with the ratio order given (shared with {@link #kseq}): the ratio-prefix
     * scan of {@code RatioPrefix.iid}, the minimum over prefixes H of p(H) + 1 − q(H)^K with compensated prefix sums
     * divided by the compensated totals, and its proved bound (6K + m(K) + 12)u ({@code RatioPrefix.iidErrorBound}).
     */
    public static Figure optimumIid(Law p, Law q, int k, int[] order) {
        requireK(k);
        same(p, q);
        return optimumIid(p, q, k, RatioPrefixSums.of(p, q, order));
    }

    /**
     * As {@link #optimumIid(Law, Law, int, int[])} with the order's prefix sums given (the same compensated sums, so
     * the same bits).
     */
    public static Figure optimumIid(Law p, Law q, int k, RatioPrefixSums sums) {
        requireK(k);
        same(p, q);
        sums.requireFor(p, q);
        double best = sums.minimumK == k ? sums.iidMinimum : 1;
        if (sums.minimumK != k) {
            double invP = 1 / p.total();
            double invQ = 1 / q.total();
            double[] preP = sums.preP;
            double[] preQ = sums.preQ;
            int n = sums.n;
            for (int j = 1; j <= n; j++) {
                double v = preP[j] * invP + (1 - pow(preQ[j] * invQ, k));
                if (v < best) {
                    best = v;
                }
            }
        }
        double bound = org.specverify.lp.optimum.RatioPrefix.iidErrorBound(k) + p.l1Error() + k * q.l1Error();
        return Figure.floating(clamp(best), bound * 1.01);
    }

    /**
     * α* for K drafts without replacement ({@code Optimum.withoutReplacement}): its bound plus the inputs' effect.
     * Each mass is within 5u relatively; the all-in probability is a sum over tuples of products of K masses over K
     * remaining totals, each within the same relative error, so it moves by at most 2K·5u: e_p + 10K·u.
     */
    public static Figure optimumWithoutReplacement(Law p, Law q, int k) {
        Optimum.Estimate e = Optimum.withoutReplacement(p, q, k);
        return estimate(e, p.l1Error() + 10.0 * k * U + q.l1Error());
    }

    /**
     * α* for independent drafts: the bracket of {@code Optimum.independent} (AM-GM lower bound, best-set upper bound),
     * reported as its midpoint with half its width, plus the inputs' effect e_p + Σ e_{q_k}.
     */
    public static Figure optimumIndependent(Law p, Law[] qs) {
        double eq = 0;
        for (Law q : qs) {
            eq += q.l1Error();
        }
        Optimum.Estimate e = Optimum.independent(p, qs);
        return Figure.floating(clamp(0.5 * (e.lower() + e.upper())), 0.5 * (e.upper() - e.lower()) + p.l1Error() + eq
            + 16 * U);
    }

    private static Figure estimate(Optimum.Estimate e, double inputs) {
        double bound = Math.max(e.upper() - e.value(), e.value() - e.lower());
        return Figure.floating(clamp(e.value()), (bound + inputs) * 1.01);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** s^k as k multiplications from 1, left to right (1·s = s exactly, so the small cases below are the same bits). */
    static double pow(double s, int k) {
        switch (k) {
            case 1:
                return s;
            case 2:
                return s * s;
            case 3:
                return s * s * s;
            case 4:
                return s * s * s * s;
            default:
                break;
        }
        double r = 1;
        for (int i = 0; i < k; i++) {
            r *= s;
        }
        return r;
    }

    private static double clamp(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    private static void same(Law p, Law q) {
        if (p.size() != q.size()) {
            throw new InvalidInputException("the draft law has " + q.size() + " tokens but the target has " + p.size());
        }
    }

    private static void requireK(int k) {
        if (k < 1) {
            throw new InvalidInputException("K must be at least 1, got " + k);
        }
    }
}
