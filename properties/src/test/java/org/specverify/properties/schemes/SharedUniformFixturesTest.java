package org.specverify.properties.schemes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ConditionalLaw;
import org.specverify.reference.interpret.ExactEnumerator;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;

/**
 * The shared-uniform fixtures of the broken-scheme catalogue, each caught by the exact law with the exact size of its
 * error, checked against a closed form of the law that the shared uniform really produces (derived by hand from the
 * intervals each path leaves to the uniform; proofs-notes/shared-uniforms.md).
 */
class SharedUniformFixturesTest {
    private static BigFraction f(int n, int d) {
        return BigFraction.of(n, d);
    }

    private static Distribution d(BigFraction... m) {
        return Distribution.of(m);
    }

    private static BigFraction accept(BigFraction q, BigFraction p) {
        return Draws.acceptProbability(q, p);
    }

    /** |[a, b) ∩ [c, e)|. */
    private static BigFraction overlap(BigFraction a, BigFraction b, BigFraction c, BigFraction e) {
        BigFraction lo = Fractions.max(a, c);
        BigFraction hi = Fractions.min(b, e);
        return Fractions.compare(lo, hi) < 0 ? hi.subtract(lo) : BigFraction.ZERO;
    }

    private static BigFraction[] zeros(int n) {
        BigFraction[] z = new BigFraction[n];
        Arrays.fill(z, BigFraction.ZERO);
        return z;
    }

    /** norm((p − q)+) as masses (all zero when p = q). */
    private static BigFraction[] residual(BigFraction[] p, BigFraction[] q) {
        BigFraction[] r = zeros(p.length);
        BigFraction t = BigFraction.ZERO;
        for (int y = 0; y < p.length; y++) {
            BigFraction m = p[y].subtract(q[y]);
            if (m.signum() > 0) {
                r[y] = m;
                t = t.add(m);
            }
        }
        if (t.signum() > 0) {
            for (int y = 0; y < p.length; y++) {
                r[y] = r[y].divide(t);
            }
        }
        return r;
    }

    private static BigFraction maxError(BigFraction[] out, Distribution p) {
        BigFraction w = BigFraction.ZERO;
        for (int y = 0; y < out.length; y++) {
            w = Fractions.max(w, out[y].subtract(p.p(y)).abs());
        }
        return w;
    }

    /** sd with the residual drawn by the rejected acceptance uniform, u uniform on [a, 1) given the rejection. */
    static BigFraction[] residualReusesAcceptClosedForm(Distribution p, Distribution q) {
        int n = p.size();
        BigFraction[] out = zeros(n);
        BigFraction[] r = residual(p.masses(), q.masses());
        for (int x = 0; x < n; x++) {
            if (!q.positive(x)) {
                continue;
            }
            BigFraction a = accept(q.p(x), p.p(x));
            out[x] = out[x].add(q.p(x).multiply(a));
            BigFraction below = BigFraction.ZERO;
            for (int y = 0; y < n; y++) {
                BigFraction above = below.add(r[y]);
                out[y] = out[y].add(q.p(x).multiply(overlap(a, BigFraction.ONE, below, above)));
                below = above;
            }
        }
        return out;
    }

    @Test
    void acceptUniformReusedForResidualIsCaughtWithItsExactError() {
        Distribution p = d(f(1, 2), f(3, 8), f(1, 8));
        Distribution q = d(f(1, 8), f(1, 8), f(3, 4));
        ExactLaw law = ExactLaw.of(new BrokenSchemes.AcceptUniformReusedForResidual()
            .bind(Instance.identical("reuse", p, q, 1)));
        // rejection only of token 2 (a = 1/6); u on [1/6, 1) meets the residual cells [0, 3/5), [3/5, 1) in 13/30, 2/5
        assertArrayEquals(new BigFraction[] {f(9, 20), f(17, 40), f(1, 8)}, law.outputLaw());
        assertArrayEquals(residualReusesAcceptClosedForm(p, q), law.outputLaw());
        assertEquals(f(1, 20), law.maxLawError());
        assertFalse(law.lossless());
        System.out.println("bug-residual-reuses-accept-uniform: max law error " + law.maxLawError() + " at token "
            + law.worstToken() + " on p = " + p + ", q = " + q);
    }

    /** rrs (iid drafts) with one uniform u for all K tests: accept k with prob (t_k − max_{j<k} t_j)+. */
    static BigFraction[] oneUniformClosedForm(Distribution p, Distribution q, int k) {
        int n = p.size();
        BigFraction[] out = zeros(n);
        int[] x = new int[k];
        int total = (int) Math.pow(n, k);
        for (int code = 0; code < total; code++) {
            int c = code;
            BigFraction qx = BigFraction.ONE;
            for (int i = 0; i < k; i++) {
                x[i] = c % n;
                c /= n;
                qx = qx.multiply(q.p(x[i]));
            }
            if (qx.signum() == 0) {
                continue;
            }
            BigFraction[] pk = p.masses();
            BigFraction m = BigFraction.ZERO;
            for (int i = 0; i < k && Fractions.compare(m, BigFraction.ONE) < 0; i++) {
                BigFraction t = accept(q.p(x[i]), pk[x[i]]);
                if (Fractions.compare(t, m) > 0) {
                    out[x[i]] = out[x[i]].add(qx.multiply(t.subtract(m)));
                    m = t;
                }
                pk = residual(pk, q.masses());
            }
            BigFraction rest = BigFraction.ONE.subtract(m);
            if (rest.signum() > 0) {
                for (int y = 0; y < n; y++) {
                    out[y] = out[y].add(qx.multiply(rest).multiply(pk[y]));
                }
            }
        }
        return out;
    }

    @Test
    void oneUniformForAllSiblingsIsCaughtWithItsExactError() {
        // p_2 = (1/5, 4/5, 0): draft 0 meets a fractional second threshold 2/5 after the first test's 3/8 on draft 2
        Distribution p = d(f(11, 20), f(3, 10), f(3, 20));
        Distribution q = d(f(1, 2), f(1, 10), f(2, 5));
        for (int k = 2; k <= 3; k++) {
            ExactLaw law = ExactLaw.of(new BrokenSchemes.OneUniformForAllSiblings()
                .bind(Instance.identical("one-u", p, q, k)));
            assertArrayEquals(oneUniformClosedForm(p, q, k), law.outputLaw(), "K = " + k);
            assertFalse(law.lossless(), "K = " + k);
            assertEquals(maxError(oneUniformClosedForm(p, q, k), p), law.maxLawError());
            System.out.println("bug-one-uniform-all-siblings, K = " + k + ": max law error " + law.maxLawError()
                + " at token " + law.worstToken() + ", output " + Arrays.toString(law.outputLaw()));
        }
    }

    /** sd with the accept test on the draft's own uniform: given x, u is uniform on x's cell [F_(x-1), F_x). */
    static BigFraction[] draftUniformClosedForm(Distribution p, Distribution q) {
        int n = p.size();
        BigFraction[] out = zeros(n);
        BigFraction[] r = residual(p.masses(), q.masses());
        BigFraction below = BigFraction.ZERO;
        for (int x = 0; x < n; x++) {
            BigFraction above = below.add(q.p(x));
            if (q.positive(x)) {
                BigFraction a = accept(q.p(x), p.p(x));
                BigFraction acc = overlap(below, above, BigFraction.ZERO, a);
                out[x] = out[x].add(acc);
                BigFraction rej = q.p(x).subtract(acc);
                for (int y = 0; y < n; y++) {
                    out[y] = out[y].add(rej.multiply(r[y]));
                }
            }
            below = above;
        }
        return out;
    }

    @Test
    void draftUniformReusedForAcceptanceNeedsTheJointRouteAndIsCaughtExactly() {
        Distribution p = d(f(1, 4), f(1, 4), f(1, 2));
        Distribution q = d(f(1, 2), f(1, 4), f(1, 4));
        Scheme.Bound b = new BrokenSchemes.DraftUniformReusedForAcceptance().bind(Instance.identical("shared", p, q, 1));
        ExactLaw law = ExactLaw.of(b);
        // token 0's cell is [0, 1/2) and its threshold 1/2: always accepted; independent uniforms would accept it with
        // probability 1/2
        assertArrayEquals(draftUniformClosedForm(p, q), law.outputLaw());
        assertArrayEquals(new BigFraction[] {f(1, 2), f(1, 4), f(1, 4)}, law.outputLaw());
        assertEquals(f(1, 4), law.maxLawError());
        assertFalse(law.lossless());
        // the joint law and the conditional law given the drafts follow the same uniform
        assertEquals(f(1, 2), law.joint().get(new org.specverify.reference.interpret.Run(
            org.specverify.reference.draft.DraftTuple.of(new int[] {0}), 0)));
        ConditionalLaw c = ConditionalLaw.of(b, new int[] {0});
        assertEquals(BigFraction.ONE, c.probability(0));
        assertEquals(BigFraction.ONE, c.total());
        System.out.println("bug-draft-uniform-accepts: max law error " + law.maxLawError() + " at token "
            + law.worstToken());
    }

    @Test
    void aLosslessSchemeThatReadsTheDraftStreamIndependentlyStaysLossless() {
        // sd whose accept uniform is draft#5, a uniform the iid K = 1 process never draws: the joint route must find it
        // independent of the drafts, so the law is exact
        Scheme s = new org.specverify.reference.scheme.SchemeBase(org.specverify.reference.scheme.SchemeBase
            .define("sd-on-draft-5").k(1, 1).build()) {
            @Override
            protected <S> org.specverify.reference.scheme.Verifier<S> verifier(
                org.specverify.reference.scheme.Laws<S> laws) {
                var pm = laws.target();
                var qm = laws.draft(0);
                return (draws, x) -> draws.uniform(DrawId.draft(5)).timesLessThan(qm.probability(x[0]),
                    pm.probability(x[0])) ? org.specverify.reference.scheme.Outcome.accept(0, x[0])
                    : org.specverify.reference.scheme.Outcome.emit("residual", pm.residual(qm));
            }
        };
        Distribution p = d(f(1, 4), f(1, 4), f(1, 2));
        Distribution q = d(f(1, 2), f(1, 4), f(1, 4));
        ExactLaw law = ExactLaw.of(s.bind(Instance.identical("far", p, q, 1)));
        assertTrue(law.lossless());
        assertEquals(f(3, 4), law.acceptance());
    }

    /** The law of the three tokens of one step of the two-position program. */
    private static Map<List<Integer>, BigFraction> stepLaw(boolean repeats, Distribution[] p, Distribution[] q) {
        BrokenSchemes.CounterRepeatsAcrossPositions prog = new BrokenSchemes.CounterRepeatsAcrossPositions(p, q,
            repeats);
        return ExactEnumerator.enumerate(Draws.VERIFY, prog::run, ExactEnumerator.DEFAULT_MAX_LEAVES);
    }

    private static Map<List<Integer>, BigFraction> product(Distribution[] p) {
        Map<List<Integer>, BigFraction> m = new LinkedHashMap<>();
        int n = p[0].size();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < n; c++) {
                    BigFraction v = p[0].p(a).multiply(p[1].p(b)).multiply(p[2].p(c));
                    if (v.signum() > 0) {
                        m.put(List.of(a, b, c), v);
                    }
                }
            }
        }
        return m;
    }

    private static BigFraction maxDifference(Map<List<Integer>, BigFraction> a, Map<List<Integer>, BigFraction> b) {
        BigFraction w = BigFraction.ZERO;
        java.util.Set<List<Integer>> keys = new java.util.HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (List<Integer> k : keys) {
            w = Fractions.max(w, a.getOrDefault(k, BigFraction.ZERO).subtract(b.getOrDefault(k, BigFraction.ZERO))
                .abs());
        }
        return w;
    }

    @Test
    void aCounterThatRepeatsAcrossPositionsIsCaughtOnTheBlockLaw() {
        Distribution half = d(f(1, 2), f(1, 2));
        Distribution q = d(f(1, 4), f(3, 4));
        Distribution[] p = {half, half, half};
        Distribution[] qs = {q, q};
        Map<List<Integer>, BigFraction> target = product(p);
        // the correct key (position in the counter): the block continued by the target has the product law
        Map<List<Integer>, BigFraction> good = stepLaw(false, p, qs);
        assertEquals(target, withoutZeros(good));
        // the repeated counter: position 2's test and the bonus reuse position 1's acceptance uniform u < 2/3
        Map<List<Integer>, BigFraction> bad = stepLaw(true, p, qs);
        assertNotEquals(target, withoutZeros(bad));
        // (1,1,1): both drafts 1 (9/16), u < 2/3 accepts both (2/3), the bonus cell [1/2, 1) given u < 2/3 (1/4)
        assertEquals(f(3, 32), bad.get(List.of(1, 1, 1)));
        assertEquals(f(9, 32), bad.get(List.of(1, 1, 0)));
        BigFraction err = maxDifference(bad, target);
        assertEquals(f(5, 32), err);
        // each position alone is still exact: the first token's law is p_1
        BigFraction first1 = BigFraction.ZERO;
        for (Map.Entry<List<Integer>, BigFraction> e : bad.entrySet()) {
            if (e.getKey().get(0) == 1) {
                first1 = first1.add(e.getValue());
            }
        }
        assertEquals(f(1, 2), first1);
        System.out.println("counter repeating across positions: max block-law error " + err + " (at (1,1,0))");
    }

    private static Map<List<Integer>, BigFraction> withoutZeros(Map<List<Integer>, BigFraction> m) {
        Map<List<Integer>, BigFraction> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v.signum() > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void aProgramThatIsNotAFunctionOfItsDrawsIsRefused() {
        int[] runs = {0};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ExactEnumerator.enumerate(d -> {
            runs[0]++;
            return d.choose("varying", runs[0] == 1 ? List.of(f(1, 2), f(1, 2)) : List.of(f(1, 3), f(1, 3),
                f(1, 3)));
        }));
        assertTrue(e.getMessage().contains("not a function of its draws"), e.getMessage());
    }
}
