package org.specverify.reference.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;

/**
 * The closed-form measures of rows ({@code AffineMeasure}) against plain stored measures, for random float rows and
 * random chains of the operations schemes use (residual against one or two rows, without, times, minusPositive):
 * <ul>
 *   <li>exact: the closed form equals the stored form token by token, in total and in every categorical draw;</li>
 *   <li>certified: the certified closed form's totals, masses and cells enclose, respectively equal, the exact ones
 *       whenever it answers.</li>
 * </ul>
 */
class MeasureProperties {
    static float[] row(SplittableRandom r, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = r.nextInt(4) == 0 ? 0f : (float) (r.nextDouble() / n);
        }
        f[r.nextInt(n)] = 1f / n;
        return f;
    }

    /** The same law as a stored list of exact masses (not a row). */
    static Measure<BigFraction> stored(Distribution d) {
        List<BigFraction> w = new ArrayList<>();
        for (int x = 0; x < d.size(); x++) {
            w.add(d.p(x));
        }
        return Exact.INSTANCE.measure(w);
    }

    /** Applies the same random chain of operations to three starting triples and returns the three results. */
    @SuppressWarnings("unchecked")
    static Measure<?>[] chain(long seed, Measure<BigFraction> ep, Measure<BigFraction> eq, Measure<BigFraction> eq2,
                              Measure<BigFraction> dp, Measure<BigFraction> dq, Measure<BigFraction> dq2,
                              Measure<Ball> bp, Measure<Ball> bq, Measure<Ball> bq2) {
        SplittableRandom r = new SplittableRandom(seed);
        int steps = 1 + r.nextInt(6);
        Measure<BigFraction> e = ep;
        Measure<BigFraction> d = dp;
        Measure<Ball> b = bp;
        for (int s = 0; s < steps; s++) {
            int op = r.nextInt(5);
            int token = r.nextInt(ep.size());
            switch (op) {
                case 0:
                    e = e.residual(eq);
                    d = d.residual(dq);
                    b = b.residual(bq);
                    break;
                case 1:
                    e = e.residual(eq2);
                    d = d.residual(dq2);
                    b = b.residual(bq2);
                    break;
                case 2:
                    e = e.without(token);
                    d = d.without(token);
                    b = b.without(token);
                    break;
                case 3: {
                    BigFraction f = BigFraction.of(1 + r.nextInt(9), 1 + r.nextInt(9));
                    e = e.times(f);
                    d = d.times(f);
                    b = b.times(Certified.INSTANCE.of(f));
                    break;
                }
                default: {
                    BigFraction f = BigFraction.of(r.nextInt(5), 1 + r.nextInt(4));
                    e = e.minusPositive(eq.without(token), f);
                    d = d.minusPositive(dq.without(token), f);
                    b = b.minusPositive(bq.without(token), Certified.INSTANCE.of(f));
                }
            }
        }
        return new Measure<?>[] {e, d, b};
    }

    @Test
    @SuppressWarnings("unchecked")
    void closedFormsEqualStoredFormsAndCertifiedFormsEncloseThem() {
        int[] decided = {0};
        qt().withFixedSeed(0x3EA5L).withExamples(300).forAll(integers().between(2, 40), longs().all())
            .checkAssert((n, seed) -> {
                SplittableRandom r = new SplittableRandom(seed);
                Distribution p = Distribution.ofFloats(row(r, n), "p");
                Distribution q = Distribution.ofFloats(row(r, n), "q");
                Distribution q2 = Distribution.ofFloats(row(r, n), "q2");
                Measure<?>[] m = chain(seed, Exact.INSTANCE.law(p), Exact.INSTANCE.law(q), Exact.INSTANCE.law(q2),
                    stored(p), stored(q), stored(q2),
                    Certified.INSTANCE.law(p), Certified.INSTANCE.law(q), Certified.INSTANCE.law(q2));
                Measure<BigFraction> closed = (Measure<BigFraction>) m[0];
                Measure<BigFraction> plain = (Measure<BigFraction>) m[1];
                Measure<Ball> ball = (Measure<Ball>) m[2];
                assertEquals(plain.total(), closed.total(), "total");
                for (int x = 0; x < n; x++) {
                    assertEquals(plain.at(x), closed.at(x), "token " + x);
                    BallArithmeticProperties.assertContains(ball.at(x), plain.at(x), "certified mass at " + x);
                }
                try {
                    BallArithmeticProperties.assertContains(ball.total(), plain.total(), "certified total");
                } catch (Undecided u) {
                    // the certified arithmetic may decline, never err
                }
                if (plain.total().signum() == 0) {
                    return;
                }
                for (int j = 0; j < 8; j++) {
                    BigFraction t = plain.total().multiply(BigFraction.of(r.nextInt(1_000_000), 1_000_000));
                    Cell<BigFraction> c = plain.locate(t);
                    assertEquals(c, closed.locate(t), "cell of " + t);
                    try {
                        Cell<Ball> cb = ball.locate(Certified.INSTANCE.of(t));
                        assertEquals(c.index(), cb.index(), "certified cell of " + t);
                        decided[0]++;
                    } catch (Undecided u) {
                        // too close to a boundary for the certified bound: allowed
                    }
                }
            });
        assertTrue(decided[0] > 500, "the certified categorical draws were rarely decided: " + decided[0]);
    }

    /** ExactSum is the exact sum, for doubles of every magnitude. */
    @Test
    void exactSumIsExact() {
        qt().withFixedSeed(0x5E3L).withExamples(300).forAll(integers().between(0, 3000), longs().all())
            .checkAssert((n, seed) -> {
                SplittableRandom r = new SplittableRandom(seed);
                double[] v = new double[n];
                BigFraction s = BigFraction.ZERO;
                for (int i = 0; i < n; i++) {
                    v[i] = Math.abs(BallArithmeticProperties.randomDouble(r)) * (r.nextInt(10) == 0 ? 1e250 : 1);
                    s = s.add(BigFraction.from(v[i]));
                }
                assertEquals(s, ExactSum.of(v));
            });
    }
}
