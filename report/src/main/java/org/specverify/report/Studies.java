package org.specverify.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.Optimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.scheme.Schemes;

/**
 * The built-in studies of {@code specverify audit}: (a) the |V| = 3, K = 2 simplex with a uniform target, (b) LLM-like
 * synthetic families at |V| ∈ {1000, 32000, 128256}, K ∈ {1, 2, 4, 8}, (c) acceptance against K, read off (b), and
 * (d) the sequence study ({@link SequenceStudy}).
 */
public final class Studies {
    /** The grid of the simplex study: draft masses i/N. */
    public static final int SIMPLEX_GRID = 40;
    public static final int[] VOCABS = {1000, 32000, 128256};
    public static final int[] KS = {1, 2, 4, 8};
    /** Positions averaged per family and vocabulary. */
    public static final int POSITIONS = 3;
    public static final long SEED = 20_260_917L;

    /** Progress of a study: called with the work done and the total, any thread. */
    public interface Listener {
        void progress(String what, int done, int total);
    }

    /**
     * A named point of the simplex with exact values.
     *
     * @param name its name
     * @param q the draft law, as fractions
     * @param values quantity label → exact value
     */
    public record NamedPoint(String name, BigFraction[] q, Map<String, BigFraction> values) {
    }

    /** The results of every study; {@code sequence}: the sequence study ({@link SequenceStudy}). */
    public record Result(List<Measurement> simplex, List<NamedPoint> named, List<Measurement> llm, int positions,
                         double seconds, SequenceStudy.Result sequence) {
    }

    private Studies() {
    }

    /** Runs the studies on {@code threads} threads. */
    public static Result run(int positions, int threads, Listener listener) {
        long t0 = System.nanoTime();
        List<Measurement> simplex = simplex(SIMPLEX_GRID);
        List<NamedPoint> named = named();
        List<Measurement> llm = llm(positions, threads, listener);
        SequenceStudy.Result sequence = SequenceStudy.run(threads, listener);
        return new Result(simplex, named, llm, positions, (System.nanoTime() - t0) / 1e9, sequence);
    }

    // ---------------------------------------------------------------------------------------------- (a) simplex

    /** The setting name of grid point (i, j, N − i − j). */
    static String point(int i, int j, int n) {
        return "q=(" + i + "/" + n + "," + j + "/" + n + "," + (n - i - j) + "/" + n + ")";
    }

    /** Every grid point of the simplex: the fast figures of every scheme and optimum at K = 2, p uniform. */
    public static List<Measurement> simplex(int n) {
        List<Measurement> out = new ArrayList<>();
        Law p = Law.ofDoubles(new double[] {1, 1, 1}, "target");
        for (int i = 0; i <= n; i++) {
            for (int j = 0; i + j <= n; j++) {
                Law q = Law.ofDoubles(new double[] {i, j, n - i - j}, "draft");
                for (PositionAudit.Entry e : PositionAudit.ofOneLaw(p, q, 2)) {
                    double v = e.figure().value();
                    out.add(new Measurement("simplex", point(i, j, n), 3, 2, e.quantity(), e.law(), e.figure(),
                        e.gap(), v, v, 1, e.note()));
                }
            }
        }
        return out;
    }

    /** The named points of the simplex and their draft laws. */
    public static final Map<String, String[]> NAMED = namedPoints();

    private static Map<String, String[]> namedPoints() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("q = p (uniform)", new String[] {"1/3", "1/3", "1/3"});
        m.put("(1/2, 1/4, 1/4): alpha* = 1", new String[] {"1/2", "1/4", "1/4"});
        m.put("(3/5, 1/5, 1/5): past 1/sqrt(3)", new String[] {"3/5", "1/5", "1/5"});
        m.put("(1/2, 1/2, 0): an edge", new String[] {"1/2", "1/2", "0"});
        m.put("(1/10, 9/20, 9/20)", new String[] {"1/10", "9/20", "9/20"});
        m.put("(9/10, 1/20, 1/20): near a vertex", new String[] {"9/10", "1/20", "1/20"});
        return m;
    }

    /**
     * Exact values at the named points: the exact counterpart of each closed form of {@link ReportSchemes} (in registry
     * order, where the scheme applies at K = 2): membership acceptance from the scheme's exact output law, or its test
     * acceptance where the closed form reports that (kseq, at the rational ρ it runs with); and α* exactly for iid and
     * without-replacement drafts.
     */
    public static List<NamedPoint> named() {
        Schemes ref = Schemes.reference();
        Distribution p = Distribution.uniform(3);
        List<NamedPoint> out = new ArrayList<>();
        for (Map.Entry<String, String[]> e : NAMED.entrySet()) {
            Distribution q = Distribution.parse(e.getValue());
            Instance inst = Instance.identical(e.getKey(), p, q, 2);
            Map<String, BigFraction> values = new LinkedHashMap<>();
            for (String id : ReportSchemes.withClosedForm(ref)) {
                var bound = bindOrNull(ref.get(id), inst);
                if (bound == null) {
                    continue;
                }
                ExactLaw law = ExactLaw.of(bound);
                values.put(id, ReportSchemes.closedForm(id).orElseThrow().testAcceptance() ? law.testAcceptance()
                    : law.acceptance());
            }
            values.put("alpha* (iid)", Optimum.exact(p, new IidDraft(q, 2)));
            if (q.supportSize() >= 2) {
                values.put("alpha* (without-replacement)", Optimum.exact(p, new WithoutReplacementDraft(q, 2)));
            }
            out.add(new NamedPoint(e.getKey(), q.masses(), values));
        }
        return out;
    }

    private static org.specverify.reference.scheme.Scheme.Bound bindOrNull(
        org.specverify.reference.scheme.Scheme s, Instance inst) {
        try {
            return s.bind(inst);
        } catch (org.specverify.reference.InvalidInputException notApplicable) {
            return null;
        }
    }

    // -------------------------------------------------------------------------------------------------- (b) llm

    /** The LLM-like study: every family, vocabulary and K, averaged over {@code positions} seeded positions. */
    public static List<Measurement> llm(int positions, int threads, Listener listener) {
        SyntheticRows.Family[] families = SyntheticRows.Family.values();
        int total = families.length * VOCABS.length * positions;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "specverify-study");
            t.setDaemon(true);
            return t;
        });
        // largest vocabularies first, so the pool ends on short tasks
        List<Future<List<PositionAudit.Entry>[]>> futures = new ArrayList<>();
        List<int[]> keys = new ArrayList<>();
        for (int vi = VOCABS.length - 1; vi >= 0; vi--) {
            for (int f = 0; f < families.length; f++) {
                for (int pos = 0; pos < positions; pos++) {
                    int vocab = VOCABS[vi];
                    SyntheticRows.Family family = families[f];
                    int position = pos;
                    keys.add(new int[] {f, vi, pos});
                    futures.add(pool.submit(() -> {
                        SyntheticRows.Pair pair = SyntheticRows.generate(SEED, family, vocab, position);
                        Law p = Law.ofFloats(pair.target(), "target");
                        Law q = Law.ofFloats(pair.draft(), "draft");
                        @SuppressWarnings("unchecked")
                        List<PositionAudit.Entry>[] byK = new List[KS.length];
                        int[] order = FastAcceptance.ratioOrder(p, q);
                        for (int ki = 0; ki < KS.length; ki++) {
                            byK[ki] = PositionAudit.ofOneLaw(p, q, KS[ki], true, order);
                        }
                        if (listener != null) {
                            listener.progress("LLM-like study (|V| up to 128256)", done.incrementAndGet(), total);
                        }
                        return byK;
                    }));
                }
            }
        }
        Map<String, Aggregate> agg = new LinkedHashMap<>();
        try {
            for (int i = 0; i < futures.size(); i++) {
                int[] key = keys.get(i);
                List<PositionAudit.Entry>[] byK = futures.get(i).get();
                for (int ki = 0; ki < KS.length; ki++) {
                    int kk = KS[ki];
                    for (PositionAudit.Entry e : byK[ki]) {
                        String id = key[0] + "|" + key[1] + "|" + ki + "|" + e.quantity() + "|" + e.law();
                        agg.computeIfAbsent(id, x -> new Aggregate(families[key[0]], VOCABS[key[1]], kk, e))
                            .add(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        List<Measurement> out = new ArrayList<>();
        // report order: family, vocabulary, K, then the entries' own order
        for (SyntheticRows.Family f : families) {
            for (int vocab : VOCABS) {
                for (int k : KS) {
                    for (Aggregate a : agg.values()) {
                        if (a.family == f && a.vocab == vocab && a.k == k) {
                            out.add(a.measurement());
                        }
                    }
                }
            }
        }
        return out;
    }

    private static final class Aggregate {
        final SyntheticRows.Family family;
        final int vocab;
        final int k;
        final PositionAudit.Entry first;
        double sum;
        double gapSum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double bound;
        int n;

        Aggregate(SyntheticRows.Family family, int vocab, int k, PositionAudit.Entry first) {
            this.family = family;
            this.vocab = vocab;
            this.k = k;
            this.first = first;
        }

        void add(PositionAudit.Entry e) {
            double v = e.figure().value();
            sum += v;
            gapSum += e.gap();
            min = Math.min(min, v);
            max = Math.max(max, v);
            bound = Math.max(bound, e.figure().bound());
            n++;
        }

        Measurement measurement() {
            // the mean of values each within its bound is within the largest bound of the mean of the true values
            // (plus the rounding of n additions, far below it)
            return new Measurement("llm", family.id(), vocab, k, first.quantity(), first.law(),
                Figure.floating(sum / n, bound * (1 + 1e-9) + n * 0x1p-52), gapSum / n, min, max, n, first.note());
        }
    }
}
