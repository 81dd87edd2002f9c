package org.specverify.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.CompensatedSum;
import org.specverify.reference.numeric.Law;
import org.specverify.report.safetensors.SafetensorsFile;

/**
 * The audit of a chain dump: N verification steps of an engine that drafts chains, as a safetensors file with
 * {@code target} [N, gamma + 1, V] (the target laws along each drafted path, the last one for the bonus), {@code draft}
 * [N, gamma, V], {@code draft_tokens} [N, gamma] (I32 or I64) and optionally the engine's own {@code accepted} [N] and
 * {@code emitted} [N, gamma + 1] (-1 padded), I32 or I64. A file is a chain dump when it has {@code draft_tokens}
 * ({@link #isChainDump}). Rows are probabilities or logits, handled as the token dumps' rows are ({@link RowLaws}).
 *
 * <p><b>Per step</b>, given its drafts: the law of the accepted length under {@code tokenwise} and {@code block}
 * ({@link ChainStepLaw}, floating with proved bounds): E[tau], P(tau &gt;= j) and P(tau = n). <b>Over the steps</b>: the
 * mean of E[tau] (its bound the mean of the steps' bounds), min, max, quantiles and a histogram from a fixed grid of
 * {@link #FINE_BINS} bins over [0, gamma] (so memory is flat in N: the quantiles are the upper edges of their bins,
 * within gamma / {@link #FINE_BINS} of the exact nearest-rank value), the mean acceptance at each depth, the mean law of
 * tau, and the gain of block over tokenwise. Steps are read and computed by worker threads in blocks and accumulated in
 * step order, so the result does not depend on the number of threads.
 *
 * <p><b>The engine's trace</b> ({@code accepted} and {@code emitted}), judged under one scheme ({@link Trace}):
 * <ul>
 *   <li>impossible steps, decided exactly: accepted n above gamma, an emitted block that is not n + 1 tokens
 *       followed by -1 padding, emitted[0..n) not the drafts, a length n of probability zero
 *       under the scheme given the drafts, or a last token of probability zero under the scheme's residual (tau &lt;
 *       gamma) or bonus (tau = gamma) law. Each zero is decided on the exact laws the rows stand for ({@link
 *       ExactStep}): from the doubles where they are far from the threshold, exactly (rationals) otherwise. A
 *       negative count or an emitted entry outside -1..|V|-1 is bad input, refused ({@link #requireIntegersInDomain});</li>
 *   <li>calibration tables: every depth j the engine tried (j &lt;= min(n + 1, gamma)) is a trial "tau &gt;= j given
 *       tau &gt;= j - 1" of predicted probability c = P(tau &gt;= j) / P(tau &gt;= j - 1); trials are binned by c
 *       into {@link #CALIBRATION_BINS} bins with their expected and observed accepts;</li>
 *   <li>the observed histogram of accepted lengths and the predicted one (the sum over steps of each step's law).</li>
 * </ul>
 * The statistical tests on these tables are the caller's (the command runs the project's G-test on them). Steps judged
 * impossible are left out of the tables.
 */
public final class ChainDumpAudit {
    /** Grid bins over [0, gamma] for the quantiles and histogram of E[tau] per step. */
    public static final int FINE_BINS = 10_000;
    /** Bins of the displayed histogram over [0, gamma]. */
    public static final int DISPLAY_BINS = 50;
    /** Bins of predicted acceptance probability in the calibration table. */
    public static final int CALIBRATION_BINS = 10;
    /** How many impossible steps are listed by index (all are counted). */
    public static final int LISTED = 1000;
    /** The largest gamma. */
    public static final int MAX_GAMMA = 64;

    /** The tensor names. */
    public static final String TARGET = "target";
    public static final String DRAFT = "draft";
    public static final String DRAFT_TOKENS = "draft_tokens";
    public static final String ACCEPTED = "accepted";
    public static final String EMITTED = "emitted";

    private ChainDumpAudit() {
    }

    /** Whether the file has the chain layout (a {@code draft_tokens} tensor). */
    public static boolean isChainDump(SafetensorsFile f) {
        return f.tensors().containsKey(DRAFT_TOKENS);
    }

    /**
     * What to do with the rows and which scheme the trace is judged under.
     *
     * @param logits the rows are logits (otherwise probabilities)
     * @param temperature logits are divided by it (logits only)
     * @param topK keep the topK largest logits (0: all)
     * @param topP keep the smallest set of most likely tokens of mass at least topP (1: all)
     * @param sumTolerance how far a probability row's sum may be from 1 (NaN: the dtype's default)
     * @param scheme the scheme the engine claims to run (for the trace)
     * @param threads worker threads (fewer when one step's buffers per thread would not fit in half the heap)
     */
    public record Settings(boolean logits, double temperature, int topK, double topP, double sumTolerance,
                           ChainStepLaw.Scheme scheme, int threads) {
    }

    /**
     * One scheme over the steps.
     *
     * @param scheme tokenwise or block
     * @param mean the mean of E[tau | drafts] over the steps (bound: the mean of the steps' bounds, rounded up)
     * @param min the smallest E[tau | drafts]
     * @param max the largest
     * @param quantiles p5, p25, p50, p75, p95 of E[tau | drafts], each the upper edge of its grid bin (clamped to
     *     [min, max])
     * @param histogram counts over {@link #DISPLAY_BINS} bins of [0, gamma]
     * @param acceptanceByDepth the mean over steps of P(tau &gt;= j | drafts), j = 1..gamma at index j - 1
     * @param lengthLaw the mean over steps of P(tau = n | drafts), n = 0..gamma
     */
    public record Summary(ChainStepLaw.Scheme scheme, Figure mean, double min, double max, double[] quantiles,
                          long[] histogram, double[] acceptanceByDepth, double[] lengthLaw) {
    }

    /**
     * The engine's trace, judged under one scheme.
     *
     * @param scheme the scheme
     * @param steps the steps judged (N)
     * @param impossibleCount how many steps are impossible
     * @param impossibleSteps the first {@link #LISTED} of them, by index
     * @param reasons why, for the first 20
     * @param observedLengths per n = 0..gamma, the possible steps that accepted n
     * @param expectedLengths per n, the sum over the possible steps of P(tau = n | drafts)
     * @param calibrationTrials per bin of predicted probability, the trials
     * @param calibrationAccepts per bin, the trials accepted
     * @param calibrationExpected per bin, the sum of the predicted probabilities
     * @param observedMean the mean accepted length over the possible steps
     * @param predictedMean the mean of E[tau | drafts] over the same steps
     */
    public record Trace(ChainStepLaw.Scheme scheme, long steps, long impossibleCount, List<Long> impossibleSteps,
                        List<String> reasons, long[] observedLengths, double[] expectedLengths,
                        long[] calibrationTrials, long[] calibrationAccepts, double[] calibrationExpected,
                        double observedMean, double predictedMean) {
    }

    /**
     * The result.
     *
     * @param steps N
     * @param gamma gamma
     * @param vocab V
     * @param tolerance the row-sum tolerance (NaN for logits)
     * @param toleranceRule how it was set
     * @param tokenwise the tokenwise summary
     * @param block the block summary
     * @param gain mean over steps of E_block - E_tokenwise (bound: the sum of the two means' bounds)
     * @param trace the engine's trace, or null when the file has no {@code accepted}/{@code emitted}
     * @param warnings things that look wrong but are not errors
     * @param seconds wall time
     * @param metadata the file's __metadata__
     */
    public record Result(long steps, int gamma, int vocab, double tolerance, String toleranceRule, Summary tokenwise,
                         Summary block, Figure gain, Trace trace, List<String> warnings, double seconds,
                         Map<String, String> metadata) {
    }

    /** Progress: steps done of the total. */
    public interface Listener {
        void progress(long done, long total);
    }

    /** The shapes, checked: the layout of one chain dump. */
    record Layout(SafetensorsFile.Tensor target, SafetensorsFile.Tensor draft, SafetensorsFile.Tensor tokens,
                  SafetensorsFile.Tensor accepted, SafetensorsFile.Tensor emitted, long n, int gamma, int vocab) {
    }

    /**
     * Checks the chain layout's tensors and shapes.
     *
     * @throws InvalidInputException naming the tensor and the shape that does not match
     */
    static Layout layout(SafetensorsFile f) {
        String label = f.label();
        SafetensorsFile.Tensor tokens = f.require(DRAFT_TOKENS);
        SafetensorsFile.Tensor target = f.require(TARGET);
        SafetensorsFile.Tensor draft = f.require(DRAFT);
        if (!tokens.dtype().isInteger()) {
            throw new InvalidInputException(label + ": tensor 'draft_tokens' has dtype " + tokens.dtype()
                + "; token ids must be I32 or I64");
        }
        if (tokens.shape().length != 2) {
            throw new InvalidInputException(label + ": tensor 'draft_tokens' has shape " + tokens.shapeText()
                + "; a chain dump's draft_tokens must be [N, gamma] (steps, drafted depth)");
        }
        long n = tokens.shape()[0];
        long g = tokens.shape()[1];
        if (n < 1 || g < 1) {
            throw new InvalidInputException(label + ": tensor 'draft_tokens' has shape " + tokens.shapeText()
                + ": no steps or no drafted tokens");
        }
        if (g > MAX_GAMMA) {
            throw new InvalidInputException(label + ": tensor 'draft_tokens' has shape " + tokens.shapeText()
                + ": gamma = " + g + " is above the limit of " + MAX_GAMMA);
        }
        if (target.shape().length != 3 || target.shape()[0] != n || target.shape()[1] != g + 1
            || target.shape()[2] < 1) {
            throw new InvalidInputException(label + ": tensor 'target' has shape " + target.shapeText()
                + " but draft_tokens is " + tokens.shapeText() + "; a chain dump's target must be [N, gamma + 1, V] = ["
                + n + ", " + (g + 1) + ", V] (the target law at each drafted depth and the bonus law)");
        }
        long v = target.shape()[2];
        if (v > 1 << 26) {
            throw new InvalidInputException(label + ": tensor 'target' has " + v + " tokens per row, above the limit"
                + " of " + (1 << 26));
        }
        if (draft.shape().length != 3 || draft.shape()[0] != n || draft.shape()[1] != g || draft.shape()[2] != v) {
            throw new InvalidInputException(label + ": tensor 'draft' has shape " + draft.shapeText()
                + " but target is " + target.shapeText() + "; a chain dump's draft must be [N, gamma, V] = [" + n
                + ", " + g + ", " + v + "]");
        }
        for (SafetensorsFile.Tensor t : List.of(target, draft)) {
            if (t.dtype().isInteger()) {
                throw new InvalidInputException(label + ": tensor '" + t.name() + "' has dtype " + t.dtype()
                    + "; its rows must be F32, F16 or BF16 (probabilities or logits)");
            }
        }
        SafetensorsFile.Tensor accepted = f.tensors().get(ACCEPTED);
        SafetensorsFile.Tensor emitted = f.tensors().get(EMITTED);
        if ((accepted == null) != (emitted == null)) {
            throw new InvalidInputException(label + ": the engine's trace needs both 'accepted' [N] and 'emitted' [N,"
                + " gamma + 1]; the file has only '" + (accepted == null ? EMITTED : ACCEPTED) + "'");
        }
        if (accepted != null) {
            if (!accepted.dtype().isInteger() || accepted.shape().length != 1 || accepted.shape()[0] != n) {
                throw new InvalidInputException(label + ": tensor 'accepted' has shape " + accepted.shapeText()
                    + " and dtype " + accepted.dtype() + "; it must be [N] = [" + n + "], I32 or I64");
            }
            if (!emitted.dtype().isInteger() || emitted.shape().length != 2 || emitted.shape()[0] != n
                || emitted.shape()[1] != g + 1) {
                throw new InvalidInputException(label + ": tensor 'emitted' has shape " + emitted.shapeText()
                    + " and dtype " + emitted.dtype() + "; it must be [N, gamma + 1] = [" + n + ", " + (g + 1)
                    + "], I32 or I64, -1 padded");
            }
        }
        return new Layout(target, draft, tokens, accepted, emitted, n, (int) g, (int) v);
    }

    /**
     * Runs the audit (memory: one step's rows per thread and fixed tables, whatever N).
     *
     * @param perStep where the per-step CSV goes, header first ({@link #stepCsvHeader}; null: nowhere)
     * @throws InvalidInputException for a layout, dtype, row or token that is not as required, naming it
     */
    public static Result run(SafetensorsFile file, Settings s, Writer perStep, Listener listener) {
        long t0 = System.nanoTime();
        Layout lay = layout(file);
        requireIntegersInDomain(file, lay);
        RowLaws rows = RowLaws.of(s, lay.target().dtype(), lay.draft().dtype(), lay.vocab(), file.label());
        int g = lay.gamma();
        int v = lay.vocab();
        boolean traced = lay.accepted() != null;
        Acc tw = new Acc(ChainStepLaw.Scheme.TOKENWISE, g);
        Acc bl = new Acc(ChainStepLaw.Scheme.BLOCK, g);
        TraceAcc trace = traced ? new TraceAcc(s.scheme(), g) : null;
        // one worker per thread, each with one step's buffers: memory is threads x (2 gamma + 1) rows, whatever N
        long perWorker = (2L * g + 1) * v * 8 * (traced ? 2 : 1) + 4L * v;
        int threads = (int) Math.max(1, Math.min(Math.max(1, s.threads()),
            Runtime.getRuntime().maxMemory() / 2 / perWorker));
        Worker[] workers = new Worker[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Worker(file, lay, s, RowLaws.of(s, lay.target().dtype(), lay.draft().dtype(), v,
                file.label()));
        }
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "specverify-chain");
            t.setDaemon(true);
            return t;
        });
        try {
            if (perStep != null) {
                perStep.write(stepCsvHeader(g) + "\n");
            }
            for (long start = 0; start < lay.n(); start += (long) BLOCK * threads) {
                List<Future<List<StepOut>>> fs = new ArrayList<>();
                List<Long> froms = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    long from = start + (long) w * BLOCK;
                    if (from >= lay.n()) {
                        break;
                    }
                    long to = Math.min(lay.n(), from + BLOCK);
                    Worker wk = workers[w];
                    froms.add(from);
                    fs.add(pool == null ? CompletableFuture.completedFuture(wk.run(from, to))
                        : pool.submit(() -> wk.run(from, to)));
                }
                for (int b = 0; b < fs.size(); b++) {
                    List<StepOut> outs = DumpAudit.get(fs.get(b));
                    for (int i = 0; i < outs.size(); i++) {
                        long step = froms.get(b) + i;
                        StepOut o = outs.get(i);
                        tw.add(o.tokenwise());
                        bl.add(o.block());
                        if (trace != null) {
                            trace.add(step, o.accepted(), o.why(),
                                s.scheme() == ChainStepLaw.Scheme.BLOCK ? o.block() : o.tokenwise());
                        }
                        if (perStep != null) {
                            perStep.write(csvLine(step, o, trace != null));
                        }
                    }
                    if (listener != null) {
                        listener.progress(froms.get(b) + outs.size(), lay.n());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the per-step CSV: " + e.getMessage(), e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Summary st = tw.summary();
        Summary sb = bl.summary();
        Figure gain = Figure.floating(sb.mean().value() - st.mean().value(),
            ChainStepLaw.up(sb.mean().bound() + st.mean().bound()) + 4 * Law.UNIT_ROUNDOFF * g);
        List<String> warnings = new ArrayList<>();
        if (trace != null && trace.judged == 0) {
            warnings.add("every step of the engine's trace is impossible: no statistical test was possible");
        }
        return new Result(lay.n(), g, v, rows.tolerance, rows.rule, st, sb, gain,
            trace == null ? null : trace.trace(), warnings, (System.nanoTime() - t0) / 1e9, file.metadata());
    }

    /** Steps per block handed to a worker. */
    static final int BLOCK = 8;

    /**
     * The per-step CSV header for gamma: the step, E[tau | drafts] and its bound under each scheme, P(tau &gt;= j |
     * drafts) for j = 1..gamma under each, and the engine's accepted count (empty without a trace).
     */
    public static String stepCsvHeader(int gamma) {
        StringBuilder b = new StringBuilder("step,tokenwise,tokenwise_bound,block,block_bound");
        for (String scheme : List.of("tokenwise", "block")) {
            for (int j = 1; j <= gamma; j++) {
                b.append(',').append(scheme).append("_reach_").append(j);
            }
        }
        return b.append(",accepted").toString();
    }

    private static String csvLine(long step, StepOut o, boolean traced) {
        StringBuilder b = new StringBuilder().append(step).append(',').append(o.tokenwise().expected().value())
            .append(',').append(o.tokenwise().expected().bound()).append(',').append(o.block().expected().value())
            .append(',').append(o.block().expected().bound());
        for (ChainStepLaw law : List.of(o.tokenwise(), o.block())) {
            for (int j = 1; j <= law.gamma(); j++) {
                b.append(',').append(law.reached(j).value());
            }
        }
        return b.append(',').append(traced ? Long.toString(o.accepted()) : "").append('\n').toString();
    }

    /** What one step gives: its two laws and, with a trace, the accepted count and why it is impossible (or null). */
    record StepOut(ChainStepLaw tokenwise, ChainStepLaw block, long accepted, String why) {
    }

    /** One thread's buffers and the per-step work. */
    private static final class Worker {
        private final SafetensorsFile file;
        private final Layout lay;
        private final Settings s;
        private final RowLaws rows;
        private final ByteBuffer scratch;
        private final double[][] t;
        private final double[][] d;
        private final double[][] tw8;
        private final double[][] dw8;
        private final long[] ids;
        private final long[] emitted;
        private final long[] accepted = new long[1];

        Worker(SafetensorsFile file, Layout lay, Settings s, RowLaws rows) {
            int g = lay.gamma();
            int v = lay.vocab();
            boolean traced = lay.accepted() != null;
            this.file = file;
            this.lay = lay;
            this.s = s;
            this.rows = rows.gamma(g);
            this.scratch = ByteBuffer.allocateDirect(Math.max(v * 4, (g + 1) * 8));
            this.t = new double[g + 1][v];
            this.d = new double[g][v];
            this.tw8 = traced ? new double[g + 1][v] : null;
            this.dw8 = traced ? new double[g][v] : null;
            this.ids = new long[g + 1];
            this.emitted = new long[g + 1];
        }

        List<StepOut> run(long from, long to) {
            List<StepOut> out = new ArrayList<>();
            for (long step = from; step < to; step++) {
                out.add(step(step));
            }
            return out;
        }

        private StepOut step(long step) {
            int g = lay.gamma();
            int v = lay.vocab();
            int[] drafts = new int[g];
            file.readIntegers(lay.tokens(), step * g, g, ids, scratch);
            for (int i = 0; i < g; i++) {
                drafts[i] = (int) ids[i]; // in 0..V-1: requireIntegersInDomain
            }
            Law[] p = new Law[g + 1];
            Law[] q = new Law[g];
            for (int i = 0; i <= g; i++) {
                file.readRow(lay.target(), (step * (g + 1) + i) * v, v, t[i], scratch);
                p[i] = rows.law(t[i], TARGET, step, i, tw8 == null ? null : tw8[i]);
            }
            for (int i = 0; i < g; i++) {
                file.readRow(lay.draft(), (step * g + i) * v, v, d[i], scratch);
                q[i] = rows.law(d[i], DRAFT, step, i, dw8 == null ? null : dw8[i]);
            }
            ChainStepLaw lt;
            ChainStepLaw lb;
            try {
                lt = ChainStepLaw.tokenwise(p, q, drafts);
                lb = ChainStepLaw.block(p, q, drafts);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file.label() + ": step " + step + ": " + e.getMessage());
            }
            if (lay.accepted() == null) {
                return new StepOut(lt, lb, -1, null);
            }
            file.readIntegers(lay.accepted(), step, 1, accepted, scratch);
            file.readIntegers(lay.emitted(), step * (g + 1), g + 1, emitted, scratch);
            String why = impossibility(s.scheme(), g, accepted[0], emitted, drafts, new ExactStep(p, q, tw8, dw8,
                drafts));
            return new StepOut(lt, lb, accepted[0], why);
        }
    }

    // ------------------------------------------------------------------------------------------------ the rows

    /**
     * A row as a {@link Law}, by the rules of the token dumps ({@link DumpAudit}): probability rows validated (finite,
     * non-negative, summing to 1 within the tolerance) and normalised; logit rows divided by the temperature, cut by
     * top-k and top-p and put through the softmax, in double. The same rule for the same settings as the token path;
     * the messages name the tensor, the step and the depth.
     */
    static final class RowLaws implements RowRule.Place {
        private final RowRule r;
        final double tolerance;
        final String rule;
        private final String label;
        private final double[] sort;
        private int gammaPlusOne = 1;

        /** Sets gamma + 1, for the row numbers in messages. */
        RowLaws gamma(int g) {
            this.gammaPlusOne = g + 1;
            return this;
        }

        private RowLaws(RowRule r, String label, int vocab) {
            this.r = r;
            this.tolerance = r.tolerance;
            this.rule = r.rule;
            this.label = label;
            this.sort = new double[vocab];
        }

        static RowLaws of(Settings s, SafetensorsFile.DType targetType, SafetensorsFile.DType draftType, int vocab,
                          String label) {
            return new RowLaws(RowRule.of(s.logits(), s.temperature(), s.topK(), s.topP(), s.sumTolerance(),
                targetType, draftType, vocab), label, vocab);
        }

        @Override
        public String where(String tensor, long step, int depth) {
            return label + ": tensor '" + tensor + "' step " + step + " depth " + (depth + 1) + " (row "
                + (step * (tensor.equals(TARGET) ? gammaPlusOne : gammaPlusOne - 1) + depth) + ")";
        }

        /**
         * The law of a row (normalised in place); {@code weights}, when not null, receives the weights the law
         * normalises (the exact law is weights / their exact sum).
         */
        Law law(double[] row, String tensor, long step, int depth, double[] weights) {
            if (r.logits()) {
                double[] w = r.logitWeights(row, sort, this, tensor, step, depth);
                if (weights != null) {
                    System.arraycopy(w, 0, weights, 0, w.length);
                }
                return Law.ofDoublesInPlace(w, where(tensor, step, depth));
            }
            if (weights != null) {
                System.arraycopy(row, 0, weights, 0, row.length);
            }
            return r.probabilities(row, this, tensor, step, depth);
        }
    }

    // --------------------------------------------------------------------------------------- exact zero decisions

    /**
     * The zero decisions of one step on the exact laws its rows stand for (law(y) = w(y) / sum w, w the weights the
     * {@link Law} normalised). A comparison a vs b of two products of masses and ratios of masses is first made on
     * the doubles: every mass of a {@link Law#ofDoublesInPlace} row is within 4u(1 + 2u) of its exact value relatively
     * when it is at least 2^-1000, so a product of at most 2 gamma + 2 such factors and as many roundings is within
     * (12 gamma + 12)u &lt; 10^-9 relatively for gamma &lt;= {@link #MAX_GAMMA}; the doubles decide when they differ by
     * more than {@link #MARGIN} relatively and no factor is below 2^-1000. Otherwise the comparison is made in exact
     * rationals (the weights' exact sums, {@link #exactSum}). Zero masses are exact zeros (weight 0).
     */
    static final class ExactStep {
        /** The relative margin above which the doubles decide a comparison. */
        static final double MARGIN = 1e-9;
        private static final double TINY = 0x1p-1000;

        private final Law[] p;
        private final Law[] q;
        private final double[][] wp;
        private final double[][] wq;
        private final int[] x;
        private final BigFraction[] sumP;
        private final BigFraction[] sumQ;

        ExactStep(Law[] p, Law[] q, double[][] wp, double[][] wq, int[] x) {
            this.p = p;
            this.q = q;
            this.wp = wp;
            this.wq = wq;
            this.x = x;
            this.sumP = new BigFraction[p.length];
            this.sumQ = new BigFraction[q.length];
        }

        /** r_i = p_i(x_i) / q_i(x_i) in double (i 1-based). */
        double ratio(int i) {
            return p[i - 1].p(x[i - 1]) / q[i - 1].p(x[i - 1]);
        }

        /** p_i(x_i) &gt; 0 exactly (i 1-based): its weight is positive. */
        boolean targetPositive(int i) {
            return wp[i - 1][x[i - 1]] > 0;
        }

        /** p_i(y) &gt; 0 exactly (i 1-based). */
        boolean targetPositive(int i, int y) {
            return wp[i - 1][y] > 0;
        }

        /**
         * The sign of rho_(i-1)·p_i(y) - q_i(y) on the exact laws (i 1-based); {@code rhoValue} is rho_(i-1) in double,
         * {@code rhoExact} the memo of the exact rho (null when rho is 1, as for tokenwise), {@code rhoIndex} = i - 1.
         */
        int compare(int i, int y, double rhoValue, BigFraction[] rhoExact, int rhoIndex) {
            boolean rhoZero = false;
            if (rhoExact != null) {
                for (int k = 1; k <= rhoIndex; k++) {
                    rhoZero |= !targetPositive(k);
                }
            }
            boolean left = !rhoZero && wp[i - 1][y] > 0;
            boolean right = wq[i - 1][y] > 0;
            if (!left) {
                return right ? -1 : 0;
            }
            if (!right) {
                return 1;
            }
            double pm = p[i - 1].p(y);
            double qm = q[i - 1].p(y);
            double a = rhoValue * pm;
            if (pm >= TINY && qm >= TINY && rhoValue >= TINY && a >= TINY
                && Math.abs(a - qm) > MARGIN * Math.max(a, qm)) {
                return a > qm ? 1 : -1;
            }
            BigFraction r = rhoExact == null ? BigFraction.ONE : rho(rhoExact, rhoIndex);
            BigFraction ea = r.multiply(mass(wp[i - 1], sumP, i - 1, y));
            BigFraction eb = mass(wq[i - 1], sumQ, i - 1, y);
            return Integer.signum(ea.compareTo(eb));
        }

        /** rho_j exactly (j 0-based into the memo, rho_0 = 1), filling the memo. */
        BigFraction rho(BigFraction[] memo, int j) {
            if (memo[j] != null) {
                return memo[j];
            }
            if (j == 0) {
                memo[0] = BigFraction.ONE;
                return memo[0];
            }
            BigFraction prev = rho(memo, j - 1);
            BigFraction r = mass(wp[j - 1], sumP, j - 1, x[j - 1]).divide(mass(wq[j - 1], sumQ, j - 1, x[j - 1]));
            BigFraction v = prev.multiply(r);
            memo[j] = v.compareTo(BigFraction.ONE) >= 0 ? BigFraction.ONE : v;
            return memo[j];
        }

        /** rho_j &lt; 1, decided as compare does: rho_j = min(1, rho_(j-1) r_j) &lt; 1 iff rho_(j-1) p_j(x_j) &lt; q_j(x_j). */
        boolean rhoBelowOne(int j, double[] rhoValues, BigFraction[] memo) {
            return compare(j, x[j - 1], rhoValues[j - 1], memo, j - 1) < 0;
        }

        private static BigFraction mass(double[] w, BigFraction[] sums, int row, int y) {
            if (sums[row] == null) {
                sums[row] = exactSum(w);
            }
            return BigFraction.from(w[y]).divide(sums[row]);
        }

        /**
         * The exact sum of non-negative finite doubles: each is m·2^(e - 1075) with an integer m &lt; 2^53, so the sum
         * is an integer times 2^-1074, accumulated in a {@link BigInteger}.
         */
        static BigFraction exactSum(double[] w) {
            BigInteger acc = BigInteger.ZERO;
            for (double v : w) {
                if (v != 0) {
                    long bits = Double.doubleToRawLongBits(v);
                    int exp = (int) ((bits >>> 52) & 0x7ff);
                    long mant = bits & ((1L << 52) - 1);
                    if (exp == 0) {
                        exp = 1;
                    } else {
                        mant |= 1L << 52;
                    }
                    acc = acc.add(BigInteger.valueOf(mant).shiftLeft(exp - 1));
                }
            }
            return BigFraction.of(acc, BigInteger.ONE.shiftLeft(1074));
        }
    }

    // -------------------------------------------------------------------------------------------- accumulators

    private static final class Acc {
        final ChainStepLaw.Scheme scheme;
        final int g;
        final CompensatedSum sum = new CompensatedSum();
        final CompensatedSum bounds = new CompensatedSum();
        final CompensatedSum[] depth;
        final CompensatedSum[] length;
        final long[] fine = new long[FINE_BINS];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long count;

        Acc(ChainStepLaw.Scheme scheme, int g) {
            this.scheme = scheme;
            this.g = g;
            this.depth = new CompensatedSum[g];
            this.length = new CompensatedSum[g + 1];
            for (int j = 0; j < g; j++) {
                depth[j] = new CompensatedSum();
            }
            for (int n = 0; n <= g; n++) {
                length[n] = new CompensatedSum();
            }
        }

        void add(ChainStepLaw law) {
            double e = law.expected().value();
            sum.add(e);
            bounds.add(law.expected().bound());
            min = Math.min(min, e);
            max = Math.max(max, e);
            fine[bin(e)]++;
            for (int j = 1; j <= g; j++) {
                depth[j - 1].add(law.reached(j).value());
            }
            for (int n = 0; n <= g; n++) {
                length[n].add(law.length(n).value());
            }
            count++;
        }

        int bin(double e) {
            return Math.min(FINE_BINS - 1, Math.max(0, (int) (e / g * FINE_BINS)));
        }

        Summary summary() {
            double mean = sum.value() / count;
            double bound = ChainStepLaw.up(bounds.value() / count) + 4 * Law.UNIT_ROUNDOFF * g;
            double[] qs = {0.05, 0.25, 0.5, 0.75, 0.95};
            double[] quantiles = new double[qs.length];
            for (int i = 0; i < qs.length; i++) {
                long rank = Math.max(1, (long) Math.ceil(qs[i] * count));
                long seen = 0;
                int b = 0;
                while (b < FINE_BINS - 1 && seen + fine[b] < rank) {
                    seen += fine[b];
                    b++;
                }
                quantiles[i] = Math.max(min, Math.min(max, (double) (b + 1) * g / FINE_BINS));
            }
            long[] hist = new long[DISPLAY_BINS];
            int per = FINE_BINS / DISPLAY_BINS;
            for (int b = 0; b < FINE_BINS; b++) {
                hist[b / per] += fine[b];
            }
            double[] byDepth = new double[g];
            for (int j = 0; j < g; j++) {
                byDepth[j] = depth[j].value() / count;
            }
            double[] law = new double[g + 1];
            for (int n = 0; n <= g; n++) {
                law[n] = length[n].value() / count;
            }
            return new Summary(scheme, Figure.floating(mean, bound), min, max, quantiles, hist, byDepth, law);
        }
    }

    private static final class TraceAcc {
        final ChainStepLaw.Scheme scheme;
        final int g;
        long steps;
        long judged;
        long impossible;
        final List<Long> listed = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        final long[] observed;
        final CompensatedSum[] expected;
        final long[] trials = new long[CALIBRATION_BINS];
        final long[] accepts = new long[CALIBRATION_BINS];
        final CompensatedSum[] predicted = new CompensatedSum[CALIBRATION_BINS];
        final CompensatedSum observedSum = new CompensatedSum();
        final CompensatedSum predictedSum = new CompensatedSum();

        TraceAcc(ChainStepLaw.Scheme scheme, int g) {
            this.scheme = scheme;
            this.g = g;
            this.observed = new long[g + 1];
            this.expected = new CompensatedSum[g + 1];
            for (int n = 0; n <= g; n++) {
                expected[n] = new CompensatedSum();
            }
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                predicted[b] = new CompensatedSum();
            }
        }

        void add(long step, long accepted, String why, ChainStepLaw law) {
            steps++;
            if (why != null) {
                impossible++;
                if (listed.size() < LISTED) {
                    listed.add(step);
                }
                if (reasons.size() < 20) {
                    reasons.add("step " + step + ": " + why);
                }
                return;
            }
            judged++;
            int n = (int) accepted;
            observed[n]++;
            observedSum.add(n);
            predictedSum.add(law.expected().value());
            for (int k = 0; k <= g; k++) {
                expected[k].add(law.length(k).value());
            }
            double before = 1;
            for (int j = 1; j <= Math.min(n + 1, g); j++) {
                double reach = law.reached(j).value();
                double c = before > 0 ? Math.min(1, Math.max(0, reach / before)) : 0;
                int b = Math.min(CALIBRATION_BINS - 1, (int) (c * CALIBRATION_BINS));
                trials[b]++;
                predicted[b].add(c);
                if (n >= j) {
                    accepts[b]++;
                }
                before = reach;
            }
        }


        Trace trace() {
            double[] exp = new double[g + 1];
            for (int n = 0; n <= g; n++) {
                exp[n] = expected[n].value();
            }
            double[] pred = new double[CALIBRATION_BINS];
            for (int b = 0; b < CALIBRATION_BINS; b++) {
                pred[b] = predicted[b].value();
            }
            return new Trace(scheme, steps, impossible, List.copyOf(listed), List.copyOf(reasons), observed.clone(),
                exp, trials.clone(), accepts.clone(), pred, judged == 0 ? Double.NaN : observedSum.value() / judged,
                judged == 0 ? Double.NaN : predictedSum.value() / judged);
        }
    }

    /** Why the step cannot happen under the scheme given its drafts and laws, or null when it can (Claim 5). */
    /** About how many integers one read of {@link #requireIntegersInDomain} takes (at least one step's). */
    private static final int DOMAIN_CHUNK_ELEMENTS = 1 << 16;

    /**
     * Refuses (bad input, exit 2), before any row is read, integers outside their domain, as {@code check} refuses
     * them in sample lines: a draft token outside 0..|V|-1, a negative accepted count, an emitted entry below -1 (the
     * padding) or at or above |V|. Values inside their domain that the scheme cannot produce (accepted above gamma,
     * padding in the middle, a token of probability zero) are impossible steps of the engine under test, not bad input
     * ({@link #impossibility}). One pass over the integer tensors, in chunks (memory flat in N).
     */
    static void requireIntegersInDomain(SafetensorsFile file, Layout lay) {
        int g = lay.gamma();
        int v = lay.vocab();
        String label = file.label();
        int chunk = Math.max(1, DOMAIN_CHUNK_ELEMENTS / (g + 1));
        ByteBuffer scratch = ByteBuffer.allocateDirect(chunk * (g + 1) * 8);
        long[] x = new long[chunk * (g + 1)];
        for (long s0 = 0; s0 < lay.n(); s0 += chunk) {
            int m = (int) Math.min(chunk, lay.n() - s0);
            file.readIntegers(lay.tokens(), s0 * g, m * g, x, scratch);
            for (int i = 0; i < m * g; i++) {
                if (x[i] < 0 || x[i] >= v) {
                    throw new InvalidInputException(label + ": tensor 'draft_tokens' step " + (s0 + i / g) + " depth "
                        + (i % g + 1) + ": token " + x[i] + " is outside the vocabulary 0.." + (v - 1));
                }
            }
            if (lay.accepted() == null) {
                continue;
            }
            file.readIntegers(lay.accepted(), s0, m, x, scratch);
            for (int i = 0; i < m; i++) {
                if (x[i] < 0) {
                    throw new InvalidInputException(label + ": tensor 'accepted' step " + (s0 + i) + ": " + x[i]
                        + " is negative (an accepted count is 0..gamma)");
                }
            }
            file.readIntegers(lay.emitted(), s0 * (g + 1), m * (g + 1), x, scratch);
            for (int i = 0; i < m * (g + 1); i++) {
                if (x[i] < -1 || x[i] >= v) {
                    throw new InvalidInputException(label + ": tensor 'emitted' step " + (s0 + i / (g + 1)) + " entry "
                        + (i % (g + 1)) + ": " + x[i] + " is neither a token 0.." + (v - 1) + " nor the padding -1");
                }
            }
        }
    }

    /** Why the step is impossible under {@code scheme}, or null; its values passed {@link #requireIntegersInDomain}. */
    static String impossibility(ChainStepLaw.Scheme scheme, int g, long accepted, long[] emitted, int[] x,
                                ExactStep exact) {
        if (accepted > g) {
            return "accepted " + accepted + " is outside 0.." + g;
        }
        int n = (int) accepted;
        int len = 0;
        while (len <= g && emitted[len] >= 0) {
            len++;
        }
        for (int i = len; i <= g; i++) {
            if (emitted[i] != -1) {
                return "emitted " + Arrays.toString(emitted) + " is not tokens followed by -1 padding (entry " + i
                    + " is " + emitted[i] + ")";
            }
        }
        if (len != n + 1) {
            return "accepted " + n + " but " + len + " tokens emitted (accepting n emits n + 1: the drafts and one"
                + " residual or bonus token)";
        }
        for (int i = 0; i < n; i++) {
            if (emitted[i] != x[i]) {
                return "accepted " + n + " but emitted token " + i + " is " + emitted[i] + ", not the draft "
                    + x[i];
            }
        }
        int y = (int) emitted[n];
        for (int i = 1; i <= n; i++) {
            if (!exact.targetPositive(i)) {
                return "accepted " + n + " but the draft " + x[i - 1] + " at depth " + i + " has target"
                    + " probability 0";
            }
        }
        if (n == g) {
            return exact.targetPositive(g + 1, y) ? null : "bonus token " + y + " has probability 0 in the bonus"
                + " row p_" + (g + 1);
        }
        if (scheme == ChainStepLaw.Scheme.TOKENWISE) {
            if (exact.compare(n + 1, x[n], 1, null, 0) >= 0) {
                return "accepted " + n + " but the draft " + x[n] + " at depth " + (n + 1) + " has p >= q there,"
                    + " so tokenwise accepts it with probability 1";
            }
            if (exact.compare(n + 1, y, 1, null, 0) <= 0) {
                return "token " + y + " after " + n + " accepted has probability 0 in the residual (p_" + (n + 1)
                    + " - q_" + (n + 1) + ")+";
            }
            return null;
        }
        // block: rho_j < 1 for every j > n, and the residual (rho_n p_(n+1) - q_(n+1))+ positive at y
        double[] rhoValues = rhoValues(exact, g);
        BigFraction[] memo = new BigFraction[g + 1];
        for (int j = n + 1; j <= g; j++) {
            if (!exact.rhoBelowOne(j, rhoValues, memo)) {
                return "accepted " + n + " but rho_" + j + " = 1, so block accepts at least " + j + " tokens";
            }
        }
        if (exact.compare(n + 1, y, rhoValues[n], memo, n) <= 0) {
            return "token " + y + " after " + n + " accepted has probability 0 in the residual (rho_" + n + " p_"
                + (n + 1) + " - q_" + (n + 1) + ")+";
        }
        return null;
    }

    private static double[] rhoValues(ExactStep e, int g) {
        double[] r = new double[g + 1];
        r[0] = 1;
        for (int i = 1; i <= g; i++) {
            r[i] = Math.min(1, r[i - 1] * e.ratio(i));
        }
        return r;
    }
}
