package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * Differential: a certified floating-point decision equals the exact decision, always (proofs-notes/
 * certified-decisions.md). Each property draws an instance, drafts from the scheme's own draft process and verifier
 * uniforms, then decides with {@link CertifiedDecision#of} and with {@link UniformDriven#verify} and requires the same
 * output, the same accepted draft and the same number of uniforms. Failures shrink (QuickTheories) toward fewer tokens
 * and smaller weights; the seed is fixed and printed.
 *
 * <p>The adversarial properties put a uniform on, or within 1e-12 or one ulp of, the threshold of each draw of the
 * exact trace (the accept ratio p/q, a Bernoulli probability, a cell boundary F_i/W), and use rows where p and q are
 * equal but for one ulp; there the certified arithmetic must hand positions to the exact one, and the count of such
 * hand-overs is checked to be positive so the fallback is exercised.
 */
class CertifiedDecisionProperties {
    private static final long SEED = 0x5EC71F1EDL;
    /** The registry less the schemes whose verifier reads the draft's race noise (not the verify stream alone). */
    private static final List<Scheme> SCHEMES = Schemes.reference().all().stream()
        .filter(s -> !(s instanceof org.specverify.reference.scheme.RaceCoupling)).toList();
    private static final AtomicLong DECISIONS = new AtomicLong();
    private static final AtomicLong EXACT_FALLBACKS = new AtomicLong();

    @AfterAll
    static void report() {
        System.out.println("CertifiedDecisionProperties: " + DECISIONS.get() + " decisions compared, "
            + EXACT_FALLBACKS.get() + " handed to the exact arithmetic (seed " + SEED + ")");
    }

    /** Integer weights over 2..8 tokens, zeros likely, at least one positive. */
    private static Gen<List<Integer>> weights(int minTokens, int maxTokens) {
        return lists().of(integers().between(0, 12)).ofSizeBetween(minTokens, maxTokens)
            .assuming(l -> l.stream().anyMatch(w -> w > 0));
    }

    private static Distribution rational(List<Integer> w, int size) {
        BigFraction[] m = new BigFraction[size];
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += w.get(i % w.size());
        }
        for (int i = 0; i < size; i++) {
            m[i] = BigFraction.of(w.get(i % w.size()), total);
        }
        return Distribution.of(m);
    }

    /** A float row from integer weights, scaled so it sums to about 1 (not exactly). */
    private static Distribution floats(List<Integer> w, int size, long salt) {
        SplittableRandom r = new SplittableRandom(salt);
        float[] f = new float[size];
        for (int i = 0; i < size; i++) {
            int base = w.get(i % w.size());
            f[i] = base == 0 && r.nextInt(3) > 0 ? 0f : (float) ((base + r.nextDouble()) / (7.0 * size));
        }
        if (Arrays.equals(f, new float[size])) {
            f[0] = 1f;
        }
        return Distribution.ofFloats(f, "row");
    }

    /** Decides one position both ways and compares; returns the exact decision. */
    static UniformDriven.Decision compare(Scheme.Bound b, int[] drafts, double[] uniforms, String where) {
        UniformDriven.Decision exact = UniformDriven.verify(b, drafts, uniforms);
        CertifiedDecision cert = CertifiedDecision.of(b, drafts, uniforms);
        DECISIONS.incrementAndGet();
        if (cert.exact()) {
            EXACT_FALLBACKS.incrementAndGet();
        }
        String msg = where + ": scheme " + b.scheme().id() + ", drafts " + Arrays.toString(drafts) + ", uniforms "
            + Arrays.toString(uniforms) + ", instance " + b.instance();
        assertEquals(exact.output(), cert.output(), "output, " + msg);
        assertEquals(exact.acceptedDraft(), cert.acceptedDraft(), "accepted draft, " + msg);
        assertEquals(exact.uniformsConsumed(), cert.uniformsConsumed(), "uniforms consumed, " + msg);
        return exact;
    }

    private static int[] draw(Scheme.Bound b, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return b.draftProcess().draw(UniformDraws.exact(i -> open(r.nextDouble()), Integer.MAX_VALUE, Draws.DRAFT,
            Uniforms.OPEN));
    }

    private static double open(double u) {
        return u == 0 ? Double.MIN_VALUE : u;
    }

    private static double[] uniforms(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = open(r.nextDouble());
        }
        return u;
    }

    private static List<Instance> instances(Distribution p, Distribution q, int k) {
        List<Instance> out = new ArrayList<>();
        out.add(Instance.identical("identical", p, q, k));
        if (k >= 2) {
            List<Distribution> rows = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rows.add(i % 2 == 0 ? q : p);
            }
            out.add(Instance.independent("independent", p, rows));
        }
        return out;
    }

    /**
     * Whether the scheme can be bound here: ot-plan and canonical-is take an input over every draft tuple (a plan,
     * weights), which is meant for small vocabularies (here: at most 20,000 plan or weight entries).
     */
    static boolean bindable(Scheme s, Instance inst) {
        if (s.notApplicable(inst).isPresent()) {
            return false;
        }
        boolean perTuple = s.id().equals("ot-plan") || s.id().equals("canonical-is");
        return !perTuple || s.draftProcessFor(inst).flatMap(d -> d.tupleCount())
            .map(c -> c.multiply(java.math.BigInteger.valueOf(inst.vocab()))
                .compareTo(java.math.BigInteger.valueOf(20_000)) <= 0).orElse(false);
    }

    private static void everyScheme(List<Instance> instances, long seed, String where) {
        for (Instance inst : instances) {
            for (Scheme s : SCHEMES) {
                if (!bindable(s, inst)) {
                    continue;
                }
                Scheme.Bound b = s.bind(inst);
                int[] drafts = draw(b, seed);
                compare(b, drafts, uniforms(seed, 4 * inst.k() + 4), where);
            }
        }
    }

    /** Differential, random rational laws: |V| 2..8, K 1..4, every applicable scheme. */
    @Test
    void certifiedEqualsExactOnRandomRationalLaws() {
        qt().withFixedSeed(SEED).withExamples(150)
            .forAll(weights(2, 8), weights(2, 8), integers().between(1, 4), longs().all())
            .checkAssert((wp, wq, k, seed) -> {
                int n = wp.size();
                everyScheme(instances(rational(wp, n), rational(wq, n), k), seed, "rational laws");
            });
    }

    /** Differential, float rows of 10..300 tokens and K 1..4 (the closed-form residual path), every applicable scheme. */
    @Test
    void certifiedEqualsExactOnFloatRows() {
        qt().withFixedSeed(SEED + 1).withExamples(60)
            .forAll(weights(2, 8), weights(2, 8), integers().between(4 * 10, 4 * 300 + 3), longs().all())
            .checkAssert((wp, wq, sizeAndK, seed) -> {
                int n = sizeAndK / 4;
                int k = sizeAndK % 4 + 1;
                everyScheme(instances(floats(wp, n, seed), floats(wq, n, seed + 1), k), seed, "float rows");
            });
    }

    /**
     * Differential, adversarial uniforms: for each draw of the exact trace, the uniform is replaced by its threshold
     * (the ratio p/q of an accept test, the probability of a Bernoulli, each cell boundary F/W of a categorical draw),
     * by the threshold ± 1e-12 and by its neighbouring doubles; every variant must decide the same both ways.
     */
    @Test
    void certifiedEqualsExactWithUniformsAtThresholds() {
        long before = EXACT_FALLBACKS.get();
        qt().withFixedSeed(SEED + 2).withExamples(60)
            .forAll(weights(2, 6), weights(2, 6), integers().between(1, 3), longs().all())
            .checkAssert((wp, wq, k, seed) -> {
                int n = wp.size();
                for (boolean asFloats : new boolean[] {false, true}) {
                    Distribution p = asFloats ? floats(wp, n * 7, seed) : rational(wp, n);
                    Distribution q = asFloats ? floats(wq, n * 7, seed + 1) : rational(wq, n);
                    for (Instance inst : instances(p, q, k)) {
                        for (Scheme s : SCHEMES) {
                            if (bindable(s, inst)) {
                                thresholds(s.bind(inst), seed);
                            }
                        }
                    }
                }
            });
        assertTrue(EXACT_FALLBACKS.get() > before, "no adversarial uniform reached the exact fallback");
    }

    private static void thresholds(Scheme.Bound b, long seed) {
        int[] drafts = draw(b, seed);
        double[] base = uniforms(seed, 4 * b.instance().k() + 4);
        UniformDriven.Decision exact = UniformDriven.verify(b, drafts, base);
        for (Draw d : exact.trace()) {
            for (BigFraction t : thresholdsOf(d)) {
                double c = t.doubleValue();
                for (double u : new double[] {c, Math.nextDown(c), Math.nextUp(c), c - 1e-12, c + 1e-12}) {
                    if (u > 0 && u < 1) {
                        double[] v = base.clone();
                        v[d.index()] = u;
                        compare(b, drafts, v, "uniform " + d.index() + " at the threshold of " + d);
                    }
                }
            }
        }
    }

    /** The uniforms at which a draw changes its outcome. */
    private static List<BigFraction> thresholdsOf(Draw d) {
        List<BigFraction> out = new ArrayList<>();
        switch (d.kind()) {
            case ACCEPT_TEST: {
                // u*q < p flips at u = p/q = u*(p/(u*q)) = right/left*u
                if (d.left().signum() > 0) {
                    out.add(d.uniform().multiply(d.right()).divide(d.left()));
                }
                break;
            }
            case BERNOULLI:
                out.add(d.right());
                break;
            default: {
                BigFraction total = d.target().divide(d.uniform());
                out.add(d.left().divide(total));
                out.add(d.right().divide(total));
            }
        }
        return out;
    }

    /**
     * Differential, p and q equal but for one ulp on one token (float rows of 64..2048 tokens): residuals are tiny and
     * accept ratios within an ulp of 1.
     */
    @Test
    void certifiedEqualsExactWhenTargetAndDraftDifferByOneUlp() {
        long before = EXACT_FALLBACKS.get();
        qt().withFixedSeed(SEED + 3).withExamples(40)
            .forAll(integers().between(64, 2048), integers().between(1, 4), longs().all())
            .checkAssert((n, k, seed) -> {
                SplittableRandom r = new SplittableRandom(seed);
                float[] pf = new float[n];
                for (int i = 0; i < n; i++) {
                    pf[i] = (float) (r.nextDouble() / n);
                }
                float[] qf = pf.clone();
                int t = r.nextInt(n);
                qf[t] = r.nextBoolean() ? Math.nextUp(qf[t]) : Math.nextDown(qf[t]);
                List<Instance> insts = instances(Distribution.ofFloats(pf, "p"), Distribution.ofFloats(qf, "q"), k);
                for (Instance inst : insts) {
                    for (Scheme s : SCHEMES) {
                        if (!bindable(s, inst)) {
                            continue;
                        }
                        Scheme.Bound b = s.bind(inst);
                        int[] drafts = draw(b, seed);
                        compare(b, drafts, uniforms(seed, 4 * k + 4), "one-ulp rows");
                        // a uniform just below 1 makes every accept test close to p/q ≈ 1 and reaches the residual
                        double[] high = uniforms(seed, 4 * k + 4);
                        Arrays.fill(high, Math.nextDown(1.0));
                        compare(b, drafts, high, "one-ulp rows, u just below 1");
                    }
                }
            });
        assertTrue(EXACT_FALLBACKS.get() > before, "one-ulp rows never reached the exact fallback");
    }
}
