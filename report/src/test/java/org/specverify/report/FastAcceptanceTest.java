package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.optimum.Optimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.scheme.KSeq;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * Every closed form of {@link FastAcceptance} against the exact reference on small random instances: the exact
 * membership acceptance of the scheme's exact output law (ExactLaw) must lie within the figure's bound of the figure,
 * and the optima within their bound of Optimum.exact.
 */
class FastAcceptanceTest {
    private static final Schemes REF = Schemes.reference();

    /** A random row of doubles with some zeros, not normalised (the law is w / Σ w). */
    private static double[] row(Random rng, int n, boolean zeros) {
        double[] w = new double[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            w[i] = zeros && rng.nextInt(5) == 0 ? 0 : Math.pow(rng.nextDouble(), 3) + 1e-3;
            any |= w[i] > 0;
        }
        if (!any) {
            w[0] = 1;
        }
        return w;
    }

    private record Case(double[] p, double[] q, int k) {
    }

    private static List<Case> cases() {
        Random rng = new Random(20261202L);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = 2 + rng.nextInt(4);
            int k = 1 + rng.nextInt(Math.min(3, n));
            out.add(new Case(row(rng, n, i % 3 == 0), row(rng, n, false), k));
        }
        return out;
    }

    private static void within(Figure f, BigFraction exact, String what) {
        double d = Math.abs(f.value() - exact.doubleValue());
        assertTrue(d <= f.bound() + 1e-300, what + ": fast " + f + " vs exact " + exact.doubleValue() + ", off by " + d);
        assertTrue(f.bound() < 1e-9, what + ": bound " + f.bound() + " too loose to be useful");
    }

    private static BigFraction exact(String scheme, Instance inst) {
        Scheme s = REF.get(scheme);
        return ExactLaw.of(s.bind(inst)).acceptance();
    }

    @Test
    void closedFormsMatchTheExactLawOnIidDrafts() {
        int checked = 0;
        for (Case c : cases()) {
            Distribution p = Distribution.ofDoubles(c.p(), "p");
            Distribution q = Distribution.ofDoubles(c.q(), "q");
            Law lp = Law.ofDoubles(c.p(), "p");
            Law lq = Law.ofDoubles(c.q(), "q");
            Instance inst = Instance.identical("c" + checked, p, q, c.k());
            String name = inst.name() + " K=" + c.k() + " |V|=" + c.p().length;
            if (c.k() == 1) {
                within(FastAcceptance.sd(lp, lq), exact("sd", inst), "sd " + name);
            }
            within(FastAcceptance.rrsIid(lp, lq, c.k()), exact("rrs", inst), "rrs " + name);
            within(FastAcceptance.equalityMatchIid(lp, lq, c.k()), exact("equality-match", inst), "eq " + name);
            within(FastAcceptance.optimumIid(lp, lq, c.k()), Optimum.exact(p, new IidDraft(q, c.k())), "opt " + name);
            if (lq.support() >= c.k()) {
                within(FastAcceptance.optimumWithoutReplacement(lp, lq, c.k()),
                    Optimum.exact(p, new WithoutReplacementDraft(q, c.k())), "opt-wor " + name);
                if (c.k() <= 2) {
                    within(FastAcceptance.rrsWithoutReplacement(lp, lq, c.k()), exact("rrs-wor", inst),
                        "rrs-wor " + name);
                }
            }
            if (c.k() <= c.p().length) {
                within(FastAcceptance.deterministic(lp, lq, c.k()), exact("deterministic", inst), "det " + name);
            }
            if (lq.support() >= c.k()) {
                within(FastAcceptance.greedy(lp, lq, c.k()), exact("greedy", inst), "greedy " + name);
            }
            if (c.k() == 2 && lq.support() >= 2) {
                within(FastAcceptance.spechub(lp, lq), exact("spechub", inst), "spechub " + name);
            }
            FastAcceptance.KSeqResult ks = FastAcceptance.kseq(lp, lq, c.k());
            BigFraction rho = KSeq.rho(p, q, c.k());
            BigFraction test = ExactLaw.of(REF.get("kseq").bind(inst)).testAcceptance();
            double slack = c.k() * Math.abs(ks.rho() - rho.doubleValue()) + ks.acceptance().bound();
            assertTrue(Math.abs(ks.acceptance().value() - test.doubleValue()) <= slack + 1e-12,
                "kseq " + name + ": " + ks + " vs exact " + test.doubleValue() + " at rho " + rho.doubleValue());
            checked++;
        }
        assertEquals(40, checked);
    }

    @Test
    void closedFormsMatchTheExactLawOnIndependentDrafts() {
        Random rng = new Random(7);
        for (int i = 0; i < 20; i++) {
            int n = 2 + rng.nextInt(3);
            int k = 1 + rng.nextInt(3);
            double[] pw = row(rng, n, i % 2 == 0);
            List<Distribution> qs = new ArrayList<>();
            Law[] laws = new Law[k];
            for (int j = 0; j < k; j++) {
                double[] qw = row(rng, n, false);
                qs.add(Distribution.ofDoubles(qw, "q"));
                laws[j] = Law.ofDoubles(qw, "q");
            }
            Distribution p = Distribution.ofDoubles(pw, "p");
            Law lp = Law.ofDoubles(pw, "p");
            Instance inst = Instance.independent("i" + i, p, qs);
            within(FastAcceptance.rrs(lp, laws), exact("rrs", inst), "rrs independent " + i);
            within(FastAcceptance.equalityMatch(lp, laws), exact("equality-match", inst), "eq independent " + i);
            Figure opt = FastAcceptance.optimumIndependent(lp, laws);
            BigFraction star = Optimum.exact(p, new IndependentDraft(qs));
            assertTrue(Math.abs(opt.value() - star.doubleValue()) <= opt.bound(),
                "independent optimum bracket " + opt + " misses " + star.doubleValue());
        }
    }

    @Test
    void boundsCoverAFloat32RowAtLargeVocabulary() {
        // a float32 row: the law is w / Σ w exactly; the fast rrs at |V| = 5000 within its bound of an exact sum
        Random rng = new Random(3);
        int n = 5000;
        float[] pw = new float[n];
        float[] qw = new float[n];
        for (int i = 0; i < n; i++) {
            pw[i] = (float) Math.pow(rng.nextDouble(), 4);
            qw[i] = (float) Math.pow(rng.nextDouble(), 4);
        }
        Distribution p = Distribution.ofFloats(pw, "p");
        Distribution q = Distribution.ofFloats(qw, "q");
        Figure sd = FastAcceptance.sd(Law.ofFloats(pw, "p"), Law.ofFloats(qw, "q"));
        BigFraction exactSd = Fractions1.one().subtract(p.totalVariation(q));
        within(sd, exactSd, "sd at |V| = 5000");
    }

    @Test
    void refusesWhatHasNoClosedForm() {
        Law p = Law.ofDoubles(new double[] {1, 2, 3, 4}, "p");
        Law q = Law.ofDoubles(new double[] {4, 3, 2, 1}, "q");
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> FastAcceptance.rrsWithoutReplacement(p, q, 3));
        assertTrue(e.getMessage().contains("no closed form for K = 3"), e.getMessage());
        InvalidInputException nan = assertThrows(InvalidInputException.class,
            () -> Law.ofDoubles(new double[] {0.5, Double.NaN}, "target row 4"));
        assertTrue(nan.getMessage().startsWith("target row 4: token 1 has mass NaN"), nan.getMessage());
    }

    @Test
    void figuresSayWhatTheyAre() {
        assertEquals("0.750000 (exact 3/4)", Figure.exact(BigFraction.of(3, 4)).toString());
        assertEquals("0.500000 ± 1.0e-15", Figure.floating(0.5, 1e-15).toString());
        assertEquals("floating", Figure.floating(0.5, 1e-15).kind());
    }

    /** One, without reaching into another module's helpers. */
    private static final class Fractions1 {
        static BigFraction one() {
            return BigFraction.ONE;
        }
    }
}
