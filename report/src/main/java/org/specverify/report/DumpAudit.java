package org.specverify.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * The audit of a dump of real positions: a safetensors file with {@code target} [N, V] and {@code draft} [N, V] (one
 * draft law per position, K iid draws of it) or [N, K, V] (one draft law per draft), as probabilities or, with
 * {@link Settings#logits()}, logits that are processed here the same way on both sides (temperature, top-k, top-p,
 * softmax). Every position is read, checked and audited with the closed forms ({@link PositionAudit}); the positions
 * stream through in blocks, so memory does not grow with N. Aggregates: the mean of each quantity (with the largest
 * error bound of any position), its minimum and maximum, exact quantiles (each is the value of one position: the
 * nearest-rank definition, so min <= p5 <= median <= p95 <= max always holds), and a histogram of {@link #BINS} bins
 * over [0, 1] for charts. The quantiles keep one double per position and quantity, so at most
 * {@link #MAX_POSITIONS} positions are audited.
 */
public final class DumpAudit {
    /** Histogram bins over [0, 1]. */
    public static final int BINS = 1000;
    /** The most positions one audit takes (the exact quantiles keep every position's value). */
    public static final long MAX_POSITIONS = 1L << 27;
    /** Positions per block handed to the workers. */
    static final int BLOCK = 16;

    /**
     * What to do with the rows.
     *
     * @param logits the rows are logits (otherwise probabilities)
     * @param temperature logits are divided by it (logits only; positive)
     * @param topK keep the topK largest logits per row (0: all)
     * @param topP keep the smallest set of most likely tokens with probability at least topP (1: all)
     * @param k for draft [N, V]: the number of iid draws of each position's draft law
     * @param sumTolerance how far a probability row's sum may be from 1 (NaN: the dtype's default,
     *     {@link #defaultTolerance})
     * @param withoutReplacementOptimum also α* for drafts without replacement (about ten times the rest at 128k)
     * @param independentOptimum also the α* bracket for one law per draft (about a second per position at 128k)
     * @param threads worker threads
     */
    public record Settings(boolean logits, double temperature, int topK, double topP, int k, double sumTolerance,
                           boolean withoutReplacementOptimum, boolean independentOptimum, int threads) {
    }

    /** Progress: positions done of the total. */
    public interface Listener {
        void progress(long done, long total);
    }

    /**
     * One aggregated quantity.
     *
     * @param measurement mean, min, max, largest bound
     * @param quantiles the 5th, 25th, 50th, 75th and 95th percentiles, exact (nearest rank: the value of the position
     *     of rank ceil(q·N) in increasing order)
     * @param histogram counts per bin over [0, 1]
     */
    public record Aggregate(Measurement measurement, double[] quantiles, long[] histogram) {
    }

    /**
     * The result.
     *
     * @param positions N
     * @param vocab V
     * @param k K
     * @param draftLaws "one law per position, K iid draws" or "one law per draft"
     * @param tolerance the row-sum tolerance used (NaN for logits)
     * @param toleranceRule how it was set
     * @param aggregates per quantity
     * @param warnings things that look wrong but are not errors
     * @param seconds wall time
     * @param cpuSeconds CPU time of the whole process over the run, all threads (NaN where the JVM does not say)
     * @param metadata the file's __metadata__
     */
    public record Result(long positions, int vocab, int k, String draftLaws, double tolerance, String toleranceRule,
                         List<Aggregate> aggregates, List<String> warnings, double seconds, double cpuSeconds,
                         Map<String, String> metadata) {
    }

    /** The process's CPU time in seconds, or NaN. */
    static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
            .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? Double.NaN : t / 1e9;
        }
        return Double.NaN;
    }

    private DumpAudit() {
    }

    /**
     * The default row-sum tolerance for probability rows of a dtype at vocabulary V: 2u + V·η + 10^-6, u the dtype's
     * unit roundoff and η half its subnormal spacing: every entry of a law that sums to one, rounded once to the
     * dtype, moves the sum by at most u times its mass or η, and 10^-6 leaves room for a float32 normalisation.
     */
    public static double defaultTolerance(SafetensorsFile.DType dtype, int vocab) {
        return 2 * dtype.unitRoundoff() + vocab * dtype.subnormalHalfSpacing() + 1e-6;
    }

    /** The per-position CSV header. */
    public static final String POSITION_CSV_HEADER = "position,quantity,law,value,bound,gap_to_optimum";

    /**
     * Runs the audit.
     *
     * @param perPosition where one CSV line per position and quantity goes (null: nowhere)
     */
    public static Result run(SafetensorsFile file, Settings s, Writer perPosition, Listener listener) {
        long t0 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        SafetensorsFile.Tensor target = file.require("target");
        SafetensorsFile.Tensor draft = file.require("draft");
        String label = file.label();
        if (target.shape().length != 2) {
            throw new InvalidInputException(label + ": tensor 'target' has shape " + target.shapeText()
                + "; it must be [N, V] (positions, vocabulary)");
        }
        long n = target.shape()[0];
        long v = target.shape()[1];
        if (v < 1 || n < 1) {
            throw new InvalidInputException(label + ": tensor 'target' has shape " + target.shapeText()
                + ": no positions or no tokens");
        }
        if (v > 1 << 26) {
            throw new InvalidInputException(label + ": tensor 'target' has " + v + " tokens per row, above the limit"
                + " of " + (1 << 26));
        }
        if (n > MAX_POSITIONS) {
            throw new org.specverify.reference.TooLargeException(label + ": tensor 'target' has " + n + " positions,"
                + " above the limit of " + MAX_POSITIONS + " (the exact quantiles keep one value per position)");
        }
        int vocab = (int) v;
        boolean perDraft;
        int k;
        if (draft.shape().length == 2 && draft.shape()[0] == n && draft.shape()[1] == v) {
            perDraft = false;
            k = s.k();
        } else if (draft.shape().length == 3 && draft.shape()[0] == n && draft.shape()[2] == v
            && draft.shape()[1] >= 1) {
            perDraft = true;
            k = (int) Math.min(Integer.MAX_VALUE, draft.shape()[1]);
            if (k > 64) {
                throw new InvalidInputException(label + ": tensor 'draft' has shape " + draft.shapeText()
                    + ": K = " + k + " drafts per position, above the limit of 64");
            }
        } else {
            throw new InvalidInputException(label + ": tensor 'draft' has shape " + draft.shapeText()
                + " but tensor 'target' has " + target.shapeText() + "; draft must be [N, V] = [" + n + ", " + v
                + "] or [N, K, V] = [" + n + ", K, " + v + "]");
        }
        if (k < 1) {
            throw new InvalidInputException("K must be at least 1, got " + k);
        }
        RowRule rows = RowRule.of(s.logits(), s.temperature(), s.topK(), s.topP(), s.sumTolerance(), target.dtype(),
            draft.dtype(), vocab);
        Worker.Context ctx = new Worker.Context(file, target, draft, vocab, k, perDraft, s, rows);
        int threads = Math.max(1, s.threads());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "specverify-input");
            t.setDaemon(true);
            return t;
        });
        Map<String, Acc> acc = new LinkedHashMap<>();
        long[] processedOneSide = new long[4];
        long firstOneSided = -1;
        try {
            for (long start = 0; start < n; start += (long) BLOCK * threads) {
                List<Future<Worker.Out>> fs = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    long from = start + (long) w * BLOCK;
                    if (from >= n) {
                        break;
                    }
                    long to = Math.min(n, from + BLOCK);
                    fs.add(pool.submit(() -> Worker.local(ctx).run(from, to)));
                }
                for (Future<Worker.Out> f : fs) {
                    Worker.Out out = get(f);
                    for (int i = 0; i < out.entries().size(); i++) {
                        long pos = out.from() + i;
                        for (PositionAudit.Entry e : out.entries().get(i)) {
                            acc.computeIfAbsent(e.quantity() + "|" + e.law(), x -> new Acc(e)).add(e);
                            if (perPosition != null) {
                                perPosition.write(pos + "," + e.quantity() + "," + e.law() + ","
                                    + e.figure().value() + "," + e.figure().bound() + ","
                                    + (Double.isNaN(e.gap()) ? "" : Double.toString(e.gap())) + "\n");
                            }
                        }
                    }
                    for (int j = 0; j < 4; j++) {
                        processedOneSide[j] += out.sideCounts()[j];
                    }
                    if (firstOneSided < 0 && out.firstOneSided() >= 0) {
                        firstOneSided = out.firstOneSided();
                    }
                    if (listener != null) {
                        listener.progress(Math.min(n, out.to()), n);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the per-position CSV: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
        List<String> warnings = new ArrayList<>();
        // sideCounts: rows with cut entries (zeros for probabilities, -inf for logits) in target / draft, rows total
        long tCut = processedOneSide[0];
        long dCut = processedOneSide[1];
        long rowsT = processedOneSide[2];
        long rowsD = processedOneSide[3];
        String cut = s.logits() ? "-inf logits" : "exact zeros";
        if ((tCut == 0) != (dCut == 0)) {
            String side = tCut == 0 ? "draft" : "target";
            String other = tCut == 0 ? "target" : "draft";
            warnings.add(String.format(Locale.ROOT, "%s rows look processed (%d of %d rows have %s, as top-k or top-p"
                + " leave them) but no %s row does (first at position %d): were target and draft processed the same"
                + " way? Truncating or rescaling one side only is the classic bug%s.", side,
                tCut == 0 ? dCut : tCut, tCut == 0 ? rowsD : rowsT, cut, other, firstOneSided,
                s.logits() ? "; --top-k/--top-p/--temperature were applied to both sides identically here" : ""));
        }
        List<Aggregate> aggregates = new ArrayList<>();
        for (Acc a : acc.values()) {
            aggregates.add(a.aggregate(label, vocab, k));
        }
        return new Result(n, vocab, k, perDraft ? "one law per draft ([N, K, V])"
            : "one law per position, K = " + k + " iid draws ([N, V])", rows.tolerance, rows.rule, aggregates, warnings,
            (System.nanoTime() - t0) / 1e9, processCpuSeconds() - cpu0, file.metadata());
    }

    /** A worker's result; a worker's RuntimeException is thrown as it is (shared with {@link ChainDumpAudit}). */
    static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One thread's buffers and the per-row work. */
    static final class Worker implements RowRule.Place {
        record Context(SafetensorsFile file, SafetensorsFile.Tensor target, SafetensorsFile.Tensor draft, int vocab,
                       int k, boolean perDraft, Settings s, RowRule rows) {
        }

        record Out(long from, long to, List<List<PositionAudit.Entry>> entries, long[] sideCounts,
                   long firstOneSided) {
        }

        private static final ThreadLocal<Worker> LOCAL = new ThreadLocal<>();

        static Worker local(Context c) {
            Worker w = LOCAL.get();
            if (w == null || w.c != c) {
                w = new Worker(c);
                LOCAL.set(w);
            }
            return w;
        }

        private final Context c;
        private final ByteBuffer scratch;
        private final double[] sort;
        private final double[] rowTarget;
        private final double[][] rowDrafts;

        Worker(Context c) {
            this.c = c;
            this.scratch = ByteBuffer.allocateDirect(c.vocab() * 4);
            this.sort = new double[c.vocab()];
            this.rowTarget = new double[c.vocab()];
            this.rowDrafts = new double[c.perDraft() ? c.k() : 1][c.vocab()];
        }

        Out run(long from, long to) {
            List<List<PositionAudit.Entry>> out = new ArrayList<>();
            long[] counts = new long[4];
            long firstOneSided = -1;
            int rows = c.perDraft() ? c.k() : 1;
            // the row buffers are reused across positions: a position's laws wrap them and are dropped before the next
            double[] t = rowTarget;
            double[][] d = rowDrafts;
            for (long pos = from; pos < to; pos++) {
                c.file().readRow(c.target(), pos * c.vocab(), c.vocab(), t, scratch);
                for (int j = 0; j < rows; j++) {
                    c.file().readRow(c.draft(), (pos * rows + j) * c.vocab(), c.vocab(), d[j], scratch);
                }
                // logits are cut where -inf (looked for before the softmax); a probability row where a mass is 0,
                // which its law counts while validating it (support below |V|): no scan of its own
                boolean logits = c.s().logits();
                boolean tc = logits && hasCut(t);
                boolean dc = false;
                for (int j = 0; logits && j < rows; j++) {
                    dc |= hasCut(d[j]);
                }
                Law p = law(t, "target", pos, -1);
                Law[] qs = new Law[rows];
                for (int j = 0; j < rows; j++) {
                    qs[j] = law(d[j], "draft", pos, c.perDraft() ? j : -1);
                }
                if (!logits) {
                    tc = p.support() < p.size();
                    for (Law q : qs) {
                        dc |= q.support() < q.size();
                    }
                }
                counts[0] += tc ? 1 : 0;
                counts[1] += dc ? 1 : 0;
                counts[2]++;
                counts[3]++;
                if (tc != dc && firstOneSided < 0) {
                    firstOneSided = pos;
                }
                if (!c.perDraft() || allEqual(d)) {
                    out.add(PositionAudit.ofOneLaw(p, qs[0], c.k(), c.s().withoutReplacementOptimum()));
                } else {
                    out.add(PositionAudit.ofLaws(p, qs, c.s().independentOptimum()));
                }
            }
            return new Out(from, to, out, counts, firstOneSided);
        }

        private boolean hasCut(double[] row) {
            if (c.s().logits()) {
                for (double x : row) {
                    if (x == Double.NEGATIVE_INFINITY) {
                        return true;
                    }
                }
                return false;
            }
            for (double x : row) {
                if (x == 0) {
                    return true;
                }
            }
            return false;
        }

        private static boolean allEqual(double[][] d) {
            for (int j = 1; j < d.length; j++) {
                if (!Arrays.equals(d[0], d[j])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String where(String tensor, long pos, int draft) {
            return c.file().label() + ": tensor '" + tensor + "' row " + (draft < 0 ? pos : pos * c.k() + draft)
                + " (position " + pos + (draft < 0 ? "" : ", draft " + draft) + ")";
        }

        private Law law(double[] row, String tensor, long pos, int draft) {
            if (c.rows().logits()) {
                return Law.ofDoublesInPlace(c.rows().logitWeights(row, sort, this, tensor, pos, draft),
                    where(tensor, pos, draft));
            }
            return c.rows().probabilities(row, this, tensor, pos, draft);
        }
    }

    /**
     * The exact q-quantile of sorted values by the nearest-rank definition: the value of rank ceil(q·n) (at least 1),
     * so it is always one of the values.
     */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * sorted.length));
        return sorted[(int) Math.min(sorted.length, rank) - 1];
    }

    /** Running aggregate of one quantity. */
    private static final class Acc {
        final PositionAudit.Entry first;
        final CompensatedSum sum = new CompensatedSum();
        double gapSum;
        long gapCount;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double bound;
        long count;
        /** Values within 1e-12 of one (counted in the last bin too). */
        long ones;
        final long[] hist = new long[BINS];
        /** Every value, for the exact quantiles. */
        double[] values = new double[64];

        Acc(PositionAudit.Entry first) {
            this.first = first;
        }

        void add(PositionAudit.Entry e) {
            double v = e.figure().value();
            sum.add(v);
            if (!Double.isNaN(e.gap())) {
                gapSum += e.gap();
                gapCount++;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            bound = Math.max(bound, e.figure().bound());
            hist[Math.min(BINS - 1, Math.max(0, (int) (v * BINS)))]++;
            if (v >= 1 - 1e-12) {
                ones++;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * values.length));
            }
            values[(int) count] = v;
            count++;
        }

        Aggregate aggregate(String label, int vocab, int k) {
            double mean = sum.value() / count;
            Measurement m = new Measurement("input", label, vocab, k, first.quantity(), first.law(),
                Figure.floating(mean, bound * (1 + 1e-9) + 0x1p-50), gapCount == 0 ? Double.NaN : gapSum / gapCount,
                min, max, (int) Math.min(Integer.MAX_VALUE, count), first.note());
            double[] qs = {0.05, 0.25, 0.5, 0.75, 0.95};
            double[] sorted = Arrays.copyOf(values, (int) count);
            Arrays.sort(sorted);
            double[] out = new double[qs.length];
            for (int i = 0; i < qs.length; i++) {
                out[i] = quantile(sorted, qs[i]);
            }
            return new Aggregate(m, out, hist.clone());
        }
    }
}
