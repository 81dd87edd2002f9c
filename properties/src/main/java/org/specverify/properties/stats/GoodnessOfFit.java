package org.specverify.properties.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.numbers.rootfinder.BrentSolver;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.inference.GTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * A G-test of observed counts against exact expected probabilities, with the size of the bias it can see.
 *
 * <p><b>Binning.</b> Cells whose expected count is below {@link #MIN_EXPECTED} are pooled into one cell (and, if the pool
 * is still below it, with the smallest remaining cell), so the χ² approximation holds. A count in a cell of expected
 * probability zero is not a statistical matter: it is reported as {@link Result#impossible()} and the p-value is 0.
 *
 * <p><b>Power.</b> Under an alternative law p₁ the statistic is approximately non-central χ² with df degrees of freedom
 * and non-centrality λ = n·Σ (p₁ − p₀)²/p₀ (Pearson's form of 2n·KL). Among alternatives at total-variation distance δ
 * from p₀, λ is smallest when the excess δ sits on a set of expected mass one half and is taken from its complement,
 * proportionally: λ = 4nδ² (a split at mass a gives nδ²/(a(1−a)) ≥ 4nδ²). So every alternative with
 * TV(p₁, p₀) ≥ δ* = sqrt(λ_β / (4n)) is rejected with probability at least β, where λ_β is the non-centrality at which
 * the level-α test has power β ({@link #detectableBias}). The statement is asymptotic (large n, the usual χ² regime)
 * and is checked by simulation in the property library's tests.
 *
 * <p><b>One cell left.</b> When pooling leaves a single cell although several cells have positive probability (a law
 * with one dominant cell and a remainder of expected count below {@link #MIN_EXPECTED}), the G statistic compares
 * nothing. The remainder r (the pooled small cells, before they joined the dominant one) is then tested exactly: its
 * count is Binomial(n, r) under the law, and the two-sided exact test rejects when 2·min(P(X ≥ k), P(X ≤ k)) &lt; α.
 * A shift of total variation δ either moves δ onto the remainder (its probability becomes r + δ) or takes at most r
 * from it, so the stated detectable bias is the larger of r and the smallest δ at which P(Bin(n, r + δ) ≥ k*) ≥ β,
 * k* the smallest count the test rejects (exact, no approximation). The result names this test
 * ({@link Result#test()}).
 */
public final class GoodnessOfFit {
    /** The smallest expected count of a cell after pooling. */
    public static final double MIN_EXPECTED = 5;
    /** The name of the G-test in results. */
    public static final String G = "G";
    /** The name of the exact binomial test of the remainder, used when pooling leaves one cell. */
    public static final String EXACT_BINOMIAL = "exact binomial (remainder)";
    /** The power at which the detectable bias is stated. */
    public static final double POWER = 0.9;

    private GoodnessOfFit() {
    }

    /**
     * @param n              number of observations
     * @param cells          cells after pooling
     * @param statistic      the G statistic (0 when fewer than two cells)
     * @param pValue         its p-value (1 with fewer than two cells; 0 when an impossible cell was observed)
     * @param alpha          the significance level
     * @param rejected       p-value &lt; α, or an impossible observation
     * @param impossible     observations in cells of expected probability zero
     * @param detectableBias the smallest total-variation bias detected with power {@link #POWER} at this n and level
     *                       (infinite when pooling left a single cell of several of positive probability: nothing is
     *                       tested)
     * @param table          expected and observed count per pooled cell, for failure messages
     * @param test           {@link #G} or {@link #EXACT_BINOMIAL} (one cell left, see the class comment); with the
     *                       exact test the statistic is the count in the remainder
     */
    public record Result(long n, int cells, double statistic, double pValue, double alpha, boolean rejected,
                         long impossible, double detectableBias, String table, String test) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s = %.4g, %d cells, n = %d, p-value %.4g at alpha %.3g (%s); detects a"
                    + " bias of TV >= %.4g with power %.2f%s", G.equals(test) ? "G" : "remainder count", statistic,
                cells, n, pValue, alpha,
                rejected ? "REJECTED" : "not rejected", detectableBias, POWER,
                impossible > 0 ? "; " + impossible + " observations of probability zero" : "");
        }
    }

    /**
     * Tests counts against probabilities.
     *
     * @param expected probabilities (non-negative, summing to one within 1e-9)
     * @param observed counts, one per probability
     * @param labels   names of the cells for the table (token ids), or null for indices
     * @throws IllegalArgumentException for mismatched lengths, negative values, probabilities not summing to one or no
     *     observation
     */
    public static Result gTest(double[] expected, long[] observed, String[] labels, double alpha) {
        if (expected.length != observed.length || expected.length == 0) {
            throw new IllegalArgumentException("expected " + expected.length + " probabilities and " + observed.length
                + " counts");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
        double sum = 0;
        long n = 0;
        long impossible = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] >= 0) || observed[i] < 0) {
                throw new IllegalArgumentException("cell " + i + ": probability " + expected[i] + ", count "
                    + observed[i]);
            }
            sum += expected[i];
            n += observed[i];
            if (expected[i] == 0) {
                impossible += observed[i];
            }
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("expected probabilities sum to " + sum + ", not 1");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no observations");
        }
        // pool small cells
        List<double[]> cells = new ArrayList<>();
        List<String> names = new ArrayList<>();
        double poolP = 0;
        long poolO = 0;
        double remainderP = -1;
        long remainderO = 0;
        StringBuilder poolNames = new StringBuilder();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                continue;
            }
            String name = labels == null ? Integer.toString(i) : labels[i];
            if (expected[i] * n < MIN_EXPECTED) {
                poolP += expected[i];
                poolO += observed[i];
                if (poolNames.length() < 40) {
                    poolNames.append(poolNames.length() == 0 ? "" : ",").append(name);
                }
            } else {
                cells.add(new double[] {expected[i], observed[i]});
                names.add(name);
            }
        }
        if (poolP > 0) {
            if (poolP * n < MIN_EXPECTED && !cells.isEmpty()) {
                remainderP = poolP;
                remainderO = poolO;
                int smallest = 0;
                for (int c = 1; c < cells.size(); c++) {
                    if (cells.get(c)[0] < cells.get(smallest)[0]) {
                        smallest = c;
                    }
                }
                double[] s = cells.remove(smallest);
                poolP += s[0];
                poolO += (long) s[1];
                poolNames.append(",").append(names.remove(smallest));
            }
            cells.add(new double[] {poolP, poolO});
            names.add("pool(" + poolNames + (poolNames.length() >= 40 ? ",..." : "") + ")");
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-24s %14s %12s%n", "cell", "expected",
            "observed"));
        double[] e = new double[cells.size()];
        long[] o = new long[cells.size()];
        for (int c = 0; c < e.length; c++) {
            e[c] = cells.get(c)[0];
            o[c] = (long) cells.get(c)[1];
            table.append(String.format(Locale.ROOT, "%-24s %14.2f %12d%n", names.get(c), e[c] * n, o[c]));
        }
        if (impossible > 0) {
            table.append(String.format(Locale.ROOT, "%-24s %14.2f %12d%n", "probability zero", 0.0, impossible));
        }
        double statistic = 0;
        double p = 1;
        if (e.length >= 2) {
            long inCells = n - impossible;
            if (inCells > 0) {
                SignificanceResult r = GTest.withDefaults().test(e, o);
                statistic = r.getStatistic();
                p = r.getPValue();
            }
        }
        if (impossible > 0) {
            p = 0;
        }
        int df = Math.max(1, e.length - 1);
        int positive = 0;
        for (double x : expected) {
            positive += x > 0 ? 1 : 0;
        }
        if (e.length < 2 && positive >= 2) {
            // one cell left of several of positive probability: the G statistic compares nothing
            if (remainderP > 0 && n - impossible > 0 && n - impossible <= Integer.MAX_VALUE) {
                return exactRemainder(n, impossible, remainderP, remainderO, alpha, table.toString());
            }
            return new Result(n, e.length, statistic, p, alpha, p < alpha, impossible, Double.POSITIVE_INFINITY,
                table.toString(), G);
        }
        return new Result(n, e.length, statistic, p, alpha, p < alpha, impossible, detectableBias(n, df, alpha, POWER),
            table.toString(), G);
    }

    /** The exact two-sided binomial test of the remainder's count (see the class comment, "One cell left"). */
    private static Result exactRemainder(long n, long impossible, double r, long k, double alpha, String table) {
        int m = (int) (n - impossible);
        BinomialDistribution b = BinomialDistribution.of(m, r);
        double upper = k == 0 ? 1 : b.survivalProbability((int) k - 1);
        double lower = b.cumulativeProbability((int) k);
        double p = impossible > 0 ? 0 : Math.min(1, 2 * Math.min(upper, lower));
        // k*: the smallest count with 2 P(X >= k*) <= alpha, i.e. P(X > k* - 1) <= alpha / 2
        long kStar = (long) b.inverseSurvivalProbability(alpha / 2) + 1;
        double detectable = Double.POSITIVE_INFINITY;
        if (kStar <= m) {
            // P(Bin(m, r + delta) >= k*) grows with delta and is 1 at r + delta = 1 (k* <= m): bisect for POWER
            double lo = 0;
            double hi = 1 - r;
            for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
                double mid = 0.5 * (lo + hi);
                if (BinomialDistribution.of(m, r + mid).survivalProbability((int) kStar - 1) >= POWER) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            detectable = Math.max(hi, Math.nextUp(r));
        }
        String t = table + String.format(Locale.ROOT, "one cell after pooling: the remainder (expected %.3g) tested"
            + " exactly, %d observed, rejects from %d%n", r * m, k, kStar);
        return new Result(n, 2, k, p, alpha, p < alpha, impossible, detectable, t, EXACT_BINOMIAL);
    }

    /**
     * The smallest total-variation distance δ* = sqrt(λ_β / (4n)) detected with power β by the level-α test with df
     * degrees of freedom (see the class comment).
     */
    public static double detectableBias(long n, int df, double alpha, double power) {
        double lambda = noncentralityForPower(df, alpha, power);
        return Math.sqrt(lambda / (4.0 * n));
    }

    /** Solved values of {@link #noncentralityForPower}, by (df, α, power): a check runs one test per group. */
    private static final java.util.Map<java.util.List<Double>, Double> LAMBDA =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** The λ at which P(χ²(df, λ) &gt; the level-α critical value) = power. */
    public static double noncentralityForPower(int df, double alpha, double power) {
        java.util.List<Double> key = java.util.List.of((double) df, alpha, power);
        Double known = LAMBDA.get(key);
        if (known != null) {
            return known;
        }
        double lambda = solveNoncentrality(df, alpha, power);
        if (LAMBDA.size() < 10_000) {
            LAMBDA.put(key, lambda);
        }
        return lambda;
    }

    private static double solveNoncentrality(int df, double alpha, double power) {
        double critical = ChiSquaredDistribution.of(df).inverseSurvivalProbability(alpha);
        double hi = 1;
        while (noncentralSurvival(critical, df, hi) < power) {
            hi *= 2;
        }
        return new BrentSolver(1e-12, 1e-10, 0).findRoot(l -> noncentralSurvival(critical, df, l) - power, 0, hi);
    }

    /** P(X &gt; x) for X ~ non-central χ²(df, λ): a Poisson(λ/2) mixture of central χ²(df + 2j). */
    public static double noncentralSurvival(double x, int df, double lambda) {
        if (lambda == 0) {
            return ChiSquaredDistribution.of(df).survivalProbability(x);
        }
        double half = lambda / 2;
        int mode = (int) Math.floor(half);
        double logWeightMode = -half + mode * Math.log(half) - logFactorial(mode);
        double s = 0;
        // outward from the mode until the weights no longer matter
        double w = Math.exp(logWeightMode);
        for (int j = mode; ; j++) {
            s += w * ChiSquaredDistribution.of(df + 2 * j).survivalProbability(x);
            w *= half / (j + 1);
            if (w < 1e-16 && j > mode + 10) {
                break;
            }
        }
        w = Math.exp(logWeightMode);
        for (int j = mode - 1; j >= 0; j--) {
            w *= (j + 1) / half;
            s += w * ChiSquaredDistribution.of(df + 2 * j).survivalProbability(x);
            if (w < 1e-16) {
                break;
            }
        }
        return Math.min(1, s);
    }

    private static double logFactorial(int m) {
        double s = 0;
        for (int i = 2; i <= m; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
