package org.specverify.report;

import java.util.Locale;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;

/**
 * The law of the accepted length tau of one chain verification step <em>given its drafts</em>, in double arithmetic at
 * LLM vocabulary sizes, every number a floating {@link Figure} whose bound is proved: P(tau &gt;= j) for j = 1..gamma
 * (the acceptance at depth j), P(tau = n) for n = 0..gamma, and E[tau]. The step is given as the floating rows an
 * engine read: the target laws p_1..p_(gamma+1) along the drafted path (the last one for the bonus), the draft laws
 * q_1..q_gamma and the drafted tokens x_1..x_gamma.
 *
 * <p><b>The two schemes.</b> r_i = p_i(x_i) / q_i(x_i).
 * <ul>
 *   <li>{@link Scheme#TOKENWISE}: a_i = min(1, r_i), P(tau &gt;= j) = prod_(i&lt;=j) a_i,
 *       P(tau = n) = P(tau &gt;= n)(1 - a_(n+1)) for n &lt; gamma.</li>
 *   <li>{@link Scheme#BLOCK}: rho_0 = 1, rho_i = min(1, rho_(i-1) r_i); for i &lt; gamma
 *       M_i = sum_y (rho_i p_(i+1)(y) - q_(i+1)(y))+ and h_i = M_i / (M_i + 1 - rho_i) (1 when that denominator is 0),
 *       h_gamma = rho_gamma. The uniforms u_1..u_gamma are independent and tau is the largest i with u_i &lt; h_i (0 if
 *       none), so P(tau &gt;= i) = 1 - prod_(j&gt;=i) (1 - h_j) and P(tau = n) = h_n prod_(j&gt;n) (1 - h_j)
 *       (h_0 = 1). This is <em>not</em> sum_i rho_i in general: E[tau | drafts] = sum_i rho_i holds only averaged over
 *       the drafts (proofs-notes/chain-dumps.md, {@code ChainStepLawTest}). Each M_i is one pass over the rows of depth
 *       i + 1.</li>
 * </ul>
 *
 * <p><b>Error bound (interval evaluation).</b> u = 2^-53, eta = 2^-1074. Every quantity is carried as a computed
 * value and an interval [lo, hi] that contains its exact value for the exact laws the rows stand for. The only input
 * facts used are the rows' {@link Law#l1Error()} e_p, e_q: sum_y |mass(y) - law(y)| &lt;= e, so each single mass is
 * within e of its exact value too.
 * <ol>
 *   <li><i>Outward rounding.</i> For x = fl(E) the rounded result of one operation on exact operands,
 *       down(x) = x - 4u|x| - eta &lt;= E &lt;= x + 4u|x| + eta = up(x) (one rounding errs by at most u|E| + eta/2; the
 *       evaluation of up and down themselves rounds by at most u|x| more, inside the 4u). Every endpoint below is one
 *       operation on endpoints followed by up or down, so the intervals are closed under the evaluation.</li>
 *   <li><i>Ratio.</i> p_i(x_i) in [p̂ - e_p, p̂ + e_p] clamped at 0 and q_i(x_i) in [q̂ - e_q, q̂ + e_q], so
 *       r_i in [down(lo_p / up(q̂ + e_q)), up(hi_p / down(q̂ - e_q))], the upper end +infinity when q̂ &lt;= e_q.
 *       min(1, .) is monotone, so a_i = min(1, r_i) has the interval [min(1, r_lo), min(1, r_hi)].</li>
 *   <li><i>Products.</i> A product of non-negative factors is monotone in each: its interval is the product of the
 *       lower ends (rounded down) and of the upper ends (rounded up). So P(tau &gt;= j) of tokenwise, rho_i of block
 *       (with min(1, .)), and the products prod (1 - h_j).</li>
 *   <li><i>Residual sums.</i> M(rho) = sum_y (rho p(y) - q(y))+ is non-decreasing in rho and 1-Lipschitz in each mass
 *       ((.)+ is 1-Lipschitz), so for rho in [rho_lo, rho_hi]: M in [M̂(rho_lo) - E(rho_lo), M̂(rho_hi) + E(rho_hi)],
 *       M̂(rho) the value computed on the stored masses and E(rho) = rho e_p + e_q + R(rho). R bounds the rounding of
 *       the pass: each term fl(fl(rho p̂) - q̂)+ errs by at most u rho p̂ + u (rho p̂ (1 + u) + q̂) + 1.5 eta, and the
 *       {@link CompensatedSum} of non-negative terms by 2u times its value (&lt;= 2u M̂ (1 + 3u)); with
 *       sum_y p̂ &lt;= T_p / (1 - 2u) (T the row's {@link Law#total()}), R(rho) = 8u (rho T_p + T_q + M̂(rho)) + 3V eta
 *       covers both with room for the few roundings of E itself.</li>
 *   <li><i>The ratio h.</i> h(M, rho) = M / (M + 1 - rho) is non-decreasing in M and in rho on M &gt;= 0, rho &lt;= 1
 *       away from the corner (M, rho) = (0, 1), where it is 1 by definition, its largest value. So h in
 *       [h(M_lo, rho_lo), h(M_hi, rho_hi)] with the denominators rounded the safe way and the corner read as 1.</li>
 *   <li><i>Differences.</i> P(tau &gt;= i) = 1 - F_i and P(tau = n) are monotone in each interval, evaluated at the
 *       ends that bound them; E[tau] = sum_j P(tau &gt;= j) is a compensated sum of the lower (upper) ends, rounded
 *       down (up): its error is at most 2u times the sum, inside the 4u of down and up.</li>
 * </ol>
 * The figure's value is the plain double evaluation on the stored masses; its bound is max(hi - value, value - lo)
 * rounded up, so |value - exact| &lt;= bound whatever the value. For the rows of an engine (e ~ 5u for normalised logits,
 * up to 2(V + 1)u for probability rows) the bounds are a few e times gamma. {@code ChainStepLawTest} checks every figure
 * against the exact law of small instances.
 *
 * <p><b>Edge behaviour.</b> A drafted token outside the vocabulary, or of draft mass 0 (it cannot have been drafted),
 * and rows of different sizes or counts are an {@link InvalidInputException} naming the depth and token. Immutable.
 */
public final class ChainStepLaw {
    private static final double U = Law.UNIT_ROUNDOFF;
    private static final double ETA = Double.MIN_VALUE;

    /** The chain schemes whose conditional law given the drafts this class computes. */
    public enum Scheme {
        /** Token-wise speculative decoding at every depth (the sequence scheme {@code tokenwise}). */
        TOKENWISE("tokenwise"),
        /** Block verification (the sequence scheme {@code block}). */
        BLOCK("block");

        private final String id;

        Scheme(String id) {
            this.id = id;
        }

        /** The id, as the sequence schemes name it: tokenwise, block. */
        public String id() {
            return id;
        }

        /**
         * The scheme named {@code id}.
         *
         * @throws InvalidInputException naming the text and the known ids
         */
        public static Scheme parse(String id) {
            for (Scheme s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new InvalidInputException("unknown chain scheme '" + id + "' (known: tokenwise, block)");
        }
    }

    private final Scheme scheme;
    private final Figure[] reached;
    private final Figure[] length;
    private final Figure expected;

    private ChainStepLaw(Scheme scheme, Figure[] reached, Figure[] length, Figure expected) {
        this.scheme = scheme;
        this.reached = reached;
        this.length = length;
        this.expected = expected;
    }

    /** The tokenwise law: {@link #of of(Scheme.TOKENWISE, ...)}. */
    public static ChainStepLaw tokenwise(Law[] target, Law[] draft, int[] drafts) {
        return of(Scheme.TOKENWISE, target, draft, drafts);
    }

    /** The block law: {@link #of of(Scheme.BLOCK, ...)}. */
    public static ChainStepLaw block(Law[] target, Law[] draft, int[] drafts) {
        return of(Scheme.BLOCK, target, draft, drafts);
    }

    /**
     * The law of tau given the drafts under {@code scheme}.
     *
     * @param target the target laws p_1..p_(gamma+1) (gamma + 1 rows; the last, the bonus row, is checked for size only)
     * @param draft  the draft laws q_1..q_gamma
     * @param drafts the drafted tokens x_1..x_gamma
     * @throws InvalidInputException for gamma = 0, row counts or sizes that do not match, a drafted token out of range
     *     or of draft mass 0
     */
    public static ChainStepLaw of(Scheme scheme, Law[] target, Law[] draft, int[] drafts) {
        int g = drafts.length;
        check(target, draft, drafts);
        double[] aV = new double[g + 1];
        double[] aLo = new double[g + 1];
        double[] aHi = new double[g + 1];
        for (int i = 0; i < g; i++) {
            ratio(target[i], draft[i], drafts[i], i + 1, aV, aLo, aHi);
        }
        if (scheme == Scheme.BLOCK) {
            return block(target, draft, aV, aLo, aHi, g);
        }
        for (int i = 0; i < g; i++) {
            aV[i] = Math.min(1, aV[i]);
            aLo[i] = Math.min(1, aLo[i]);
            aHi[i] = Math.min(1, aHi[i]);
        }
        return tokenwise(aV, aLo, aHi, g);
    }

    /** Which scheme. */
    public Scheme scheme() {
        return scheme;
    }

    /** gamma, the number of drafted tokens. */
    public int gamma() {
        return reached.length;
    }

    /** P(tau &gt;= j | drafts), j = 1..gamma: the acceptance at depth j. */
    public Figure reached(int j) {
        if (j < 1 || j > reached.length) {
            throw new IndexOutOfBoundsException("depth " + j + " outside 1.." + reached.length);
        }
        return reached[j - 1];
    }

    /** P(tau &gt;= j | drafts) for j = 1..gamma at index j - 1 (a copy). */
    public Figure[] reachedByDepth() {
        return reached.clone();
    }

    /** P(tau = n | drafts), n = 0..gamma. */
    public Figure length(int n) {
        if (n < 0 || n >= length.length) {
            throw new IndexOutOfBoundsException("length " + n + " outside 0.." + (length.length - 1));
        }
        return length[n];
    }

    /** P(tau = n | drafts) at index n = 0..gamma (a copy). */
    public Figure[] lengthLaw() {
        return length.clone();
    }

    /** E[tau | drafts]. */
    public Figure expected() {
        return expected;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: E[tau | drafts] = %s", scheme.id(), expected);
    }

    // ------------------------------------------------------------------------------------------------- the schemes

    private static ChainStepLaw tokenwise(double[] aV, double[] aLo, double[] aHi, int g) {
        double[] rV = new double[g + 1];
        double[] rLo = new double[g + 1];
        double[] rHi = new double[g + 1];
        rV[0] = 1;
        rLo[0] = 1;
        rHi[0] = 1;
        for (int j = 1; j <= g; j++) {
            rV[j] = rV[j - 1] * aV[j - 1];
            rLo[j] = clamp01(down(rLo[j - 1] * aLo[j - 1]));
            rHi[j] = clamp01(up(rHi[j - 1] * aHi[j - 1]));
        }
        Figure[] length = new Figure[g + 1];
        for (int n = 0; n < g; n++) {
            double v = rV[n] * (1 - aV[n]);
            double lo = clamp01(down(rLo[n] * clamp01(down(1 - aHi[n]))));
            double hi = clamp01(up(rHi[n] * clamp01(up(1 - aLo[n]))));
            length[n] = figure(v, lo, hi);
        }
        length[g] = figure(rV[g], rLo[g], rHi[g]);
        return finish(Scheme.TOKENWISE, rV, rLo, rHi, length, g);
    }

    private static ChainStepLaw block(Law[] target, Law[] draft, double[] rV, double[] rLo, double[] rHi, int g) {
        double[] rhoV = new double[g + 1];
        double[] rhoLo = new double[g + 1];
        double[] rhoHi = new double[g + 1];
        rhoV[0] = 1;
        rhoLo[0] = 1;
        rhoHi[0] = 1;
        for (int i = 1; i <= g; i++) {
            rhoV[i] = Math.min(1, rhoV[i - 1] * rV[i - 1]);
            rhoLo[i] = Math.min(1, clamp0(down(mul(rhoLo[i - 1], rLo[i - 1]))));
            rhoHi[i] = Math.min(1, up(mul(rhoHi[i - 1], rHi[i - 1])));
        }
        // h_1..h_gamma at index 1..gamma
        double[] hV = new double[g + 1];
        double[] hLo = new double[g + 1];
        double[] hHi = new double[g + 1];
        for (int i = 1; i < g; i++) {
            residualWeights(target[i], draft[i], rhoV[i], rhoLo[i], rhoHi[i], i, hV, hLo, hHi);
        }
        hV[g] = rhoV[g];
        hLo[g] = rhoLo[g];
        hHi[g] = rhoHi[g];
        // F_i = prod_(j>=i) (1 - h_j), F_(g+1) = 1, at index i
        double[] fV = new double[g + 2];
        double[] fLo = new double[g + 2];
        double[] fHi = new double[g + 2];
        fV[g + 1] = 1;
        fLo[g + 1] = 1;
        fHi[g + 1] = 1;
        for (int i = g; i >= 1; i--) {
            fV[i] = fV[i + 1] * (1 - hV[i]);
            fLo[i] = clamp01(down(fLo[i + 1] * clamp01(down(1 - hHi[i]))));
            fHi[i] = clamp01(up(fHi[i + 1] * clamp01(up(1 - hLo[i]))));
        }
        double[] reachV = new double[g + 1];
        double[] reachLo = new double[g + 1];
        double[] reachHi = new double[g + 1];
        for (int i = 1; i <= g; i++) {
            reachV[i] = 1 - fV[i];
            reachLo[i] = clamp01(down(1 - fHi[i]));
            reachHi[i] = clamp01(up(1 - fLo[i]));
        }
        Figure[] length = new Figure[g + 1];
        length[0] = figure(fV[1], fLo[1], fHi[1]);
        for (int n = 1; n <= g; n++) {
            length[n] = figure(hV[n] * fV[n + 1], clamp01(down(hLo[n] * fLo[n + 1])),
                clamp01(up(hHi[n] * fHi[n + 1])));
        }
        return finish(Scheme.BLOCK, reachV, reachLo, reachHi, length, g);
    }

    /**
     * h_i for 1 &lt;= i &lt; gamma from one pass over p_(i+1) = target row i and q_(i+1) = draft row i (0-based), at the
     * computed rho and at both ends of its interval.
     */
    private static void residualWeights(Law pNext, Law qNext, double rho, double rhoLo, double rhoHi, int i,
                                        double[] hV, double[] hLo, double[] hHi) {
        double[] p = pNext.masses();
        double[] q = qNext.masses();
        CompensatedSum sV = new CompensatedSum();
        CompensatedSum sLo = new CompensatedSum();
        CompensatedSum sHi = new CompensatedSum();
        for (int y = 0; y < p.length; y++) {
            double py = p[y];
            double qy = q[y];
            double t = rho * py - qy;
            if (t > 0) {
                sV.add(t);
            }
            t = rhoLo * py - qy;
            if (t > 0) {
                sLo.add(t);
            }
            t = rhoHi * py - qy;
            if (t > 0) {
                sHi.add(t);
            }
        }
        double mV = sV.value();
        double mLoSum = sLo.value();
        double mHiSum = sHi.value();
        double tp = pNext.total();
        double tq = qNext.total();
        double subnormal = 3.0 * p.length * ETA;
        double ep = pNext.l1Error();
        double eq = qNext.l1Error();
        double errLo = 8 * U * (rhoLo * tp + tq + mLoSum) + subnormal + rhoLo * ep + eq;
        double errHi = 8 * U * (rhoHi * tp + tq + mHiSum) + subnormal + rhoHi * ep + eq;
        double mLo = clamp0(down(mLoSum - errLo));
        double mHi = up(mHiSum + errHi);

        double den = mV + (1 - rho);
        hV[i] = den == 0 ? 1 : mV / den;
        // lower end: h(M_lo, rho_lo)
        if (mLo == 0) {
            hLo[i] = rhoLo >= 1 ? 1 : 0;
        } else {
            double c = up(1 - rhoLo);
            hLo[i] = clamp01(down(mLo / up(mLo + c)));
        }
        // upper end: h(M_hi, rho_hi)
        if (rhoHi >= 1) {
            hHi[i] = 1;
        } else if (mHi == 0) {
            hHi[i] = 0;
        } else {
            double c = clamp0(down(1 - rhoHi));
            double d = clamp0(down(mHi + c));
            hHi[i] = d == 0 ? 1 : clamp01(up(mHi / d));
        }
    }

    private static ChainStepLaw finish(Scheme scheme, double[] rV, double[] rLo, double[] rHi, Figure[] length,
                                       int g) {
        Figure[] reached = new Figure[g];
        CompensatedSum eV = new CompensatedSum();
        CompensatedSum eLo = new CompensatedSum();
        CompensatedSum eHi = new CompensatedSum();
        for (int j = 1; j <= g; j++) {
            reached[j - 1] = figure(rV[j], rLo[j], rHi[j]);
            eV.add(rV[j]);
            eLo.add(rLo[j]);
            eHi.add(rHi[j]);
        }
        Figure expected = figure(eV.value(), clamp0(down(eLo.value())), Math.min(g, up(eHi.value())));
        return new ChainStepLaw(scheme, reached, length, expected);
    }

    // ------------------------------------------------------------------------------------------------ the pieces

    /** r_i at index depth - 1: the computed ratio into v, the ends of its interval into lo and hi. */
    private static void ratio(Law p, Law q, int x, int depth, double[] v, double[] lo, double[] hi) {
        double ph = p.p(x);
        double qh = q.p(x);
        if (!(qh > 0)) {
            throw new InvalidInputException("drafted token " + x + " at depth " + depth + " has draft probability 0"
                + " in the draft row of that depth: it cannot have been drafted");
        }
        double ep = p.l1Error();
        double eq = q.l1Error();
        v[depth - 1] = ph / qh;
        double pLo = clamp0(down(ph - ep));
        double pHi = up(ph + ep);
        double qLo = clamp0(down(qh - eq));
        double qHi = up(qh + eq);
        lo[depth - 1] = clamp0(down(pLo / qHi));
        hi[depth - 1] = qLo > 0 ? up(pHi / qLo) : Double.POSITIVE_INFINITY;
    }

    private static void check(Law[] target, Law[] draft, int[] drafts) {
        int g = drafts.length;
        if (g < 1) {
            throw new InvalidInputException("a chain step needs at least one drafted token (gamma = 0)");
        }
        if (draft.length != g) {
            throw new InvalidInputException("the step has " + g + " drafted tokens but " + draft.length
                + " draft rows (one per drafted depth)");
        }
        if (target.length != g + 1) {
            throw new InvalidInputException("the step has " + g + " drafted tokens but " + target.length
                + " target rows (gamma + 1 = " + (g + 1) + ": one per drafted depth and the bonus row)");
        }
        int v = target[0].size();
        for (int i = 0; i <= g; i++) {
            if (target[i].size() != v) {
                throw new InvalidInputException("target row of depth " + (i + 1) + " has " + target[i].size()
                    + " tokens, the row of depth 1 has " + v);
            }
            if (i < g && draft[i].size() != v) {
                throw new InvalidInputException("draft row of depth " + (i + 1) + " has " + draft[i].size()
                    + " tokens, the target rows have " + v);
            }
        }
        for (int i = 0; i < g; i++) {
            if (drafts[i] < 0 || drafts[i] >= v) {
                throw new InvalidInputException("drafted token " + drafts[i] + " at depth " + (i + 1)
                    + " is outside the vocabulary 0.." + (v - 1));
            }
        }
    }

    private static Figure figure(double v, double lo, double hi) {
        double b = Math.max(hi - v, v - lo);
        return Figure.floating(v, up(Math.max(0, b)));
    }

    private static double mul(double a, double b) {
        return a == 0 || b == 0 ? 0 : a * b;
    }

    /** An upper end for the exact result of the one operation that rounded to x. */
    static double up(double x) {
        return x + (4 * U * Math.abs(x) + ETA);
    }

    /** A lower end for the exact result of the one operation that rounded to x. */
    static double down(double x) {
        return x - (4 * U * Math.abs(x) + ETA);
    }

    private static double clamp0(double x) {
        return Math.max(0, x);
    }

    private static double clamp01(double x) {
        return Math.min(1, Math.max(0, x));
    }
}
