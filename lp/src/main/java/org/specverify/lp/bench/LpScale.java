package org.specverify.lp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.RatioPrefix;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.lp.solver.CanonicalLp;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.lp.solver.LpSize;
import org.specverify.lp.solver.LpSolveException;
import org.specverify.lp.solver.TransportLp;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * LP-scale benchmark: for growing (draft process, |V|, K), the optimal-transport LP's size, GLOP's solve time and the
 * LP optimum's distance to the exact α*; optionally PDLP on the same LP; and the canonical LP (same optimum, about
 * K/|V| of the variables) for comparison. Not a unit test: run {@link #main} (see lp/BENCHMARKS.md).
 *
 * <p><b>Instances.</b> LLM-like and reproducible from a seed: the target p has Zipf weights 1/(i+1)^1.5 times a uniform
 * factor in [0.5, 1.5); the draft law q is flatter (exponent 0.8) and ranks the tokens with Gaussian noise of |V|/10
 * ranks, so α* is well below one for every K shown. Weights are integers (rounded to at least 1), so p and q are exact
 * rationals and every token has positive mass.
 *
 * <p><b>Exact α*.</b> From the exact maximum flow over rationals ({@link AcceptanceFlow}), valid for any draft law
 * (max-flow = α* is a theorem; proofs-notes/lp-and-dual.md). For iid drafts the exact ratio-prefix value
 * ({@link RatioPrefix#iid(Distribution, Distribution, int)}) is computed too and compared for equality with the flow, an
 * independent cross-check at sizes far beyond the subset enumeration.
 *
 * <p><b>Times.</b> Wall seconds inside {@code MPSolver.solve} and the CPU seconds of the calling thread over the same
 * span (GLOP's simplex runs on the calling thread, so its CPU time is insensitive to other load on the machine; PDLP
 * runs worker threads, whose time the calling thread's CPU clock does not include). Build time (enumerating the law and
 * building the model through JNI) is reported separately.
 */
public final class LpScale {
    /** One benchmark size: draft process ("iid" or "without-replacement"), vocabulary, number of drafts. */
    public record Size(String process, int vocab, int k) {
        /** Variables of the optimal-transport LP for this size (every token has positive draft mass). */
        public long variables() {
            return LpSize.transportVariables(draftProcess(uniformDraft()));
        }

        private Distribution uniformDraft() {
            return Distribution.uniform(vocab);
        }

        DraftProcess draftProcess(Distribution q) {
            return switch (process) {
                case "iid" -> new IidDraft(q, k);
                case "without-replacement" -> new WithoutReplacementDraft(q, k);
                default -> throw new InvalidInputException("benchmark draft process must be iid or without-replacement,"
                    + " got '" + process + "'");
            };
        }
    }

    /**
     * One measured size. PDLP fields are NaN when PDLP was not run; {@code pdlpNote} says why or how it ended.
     *
     * @param size the size
     * @param tuples draft tuples of positive probability
     * @param variables OT LP variables
     * @param buildSeconds law enumeration and model building
     * @param glopSeconds wall seconds in GLOP's solve
     * @param glopCpuSeconds CPU seconds of the solving thread
     * @param glopIterations simplex iterations
     * @param lpValue GLOP's optimum
     * @param dualityGap dual minus primal objective at GLOP's duals
     * @param exact the exact α*
     * @param exactSeconds seconds for the exact max-flow
     * @param distance |GLOP optimum - α*|
     * @param canonicalVariables canonical LP variables
     * @param canonicalSeconds GLOP wall seconds on the canonical LP
     * @param canonicalDistance |canonical optimum - α*|
     * @param pdlpSeconds PDLP wall seconds, or NaN
     * @param pdlpDistance |PDLP optimum - α*|, or NaN
     * @param pdlpNote "", "not run", or the failure status
     * @param ratioPrefixAgrees for iid drafts, whether the exact ratio-prefix value equals the exact flow value; null
     *     for other draft processes
     */
    public record Row(Size size, long tuples, long variables, double buildSeconds, double glopSeconds,
                      double glopCpuSeconds, long glopIterations, double lpValue, double dualityGap, BigFraction exact,
                      double exactSeconds, double distance, long canonicalVariables, double canonicalSeconds,
                      double canonicalDistance, double pdlpSeconds, double pdlpDistance, String pdlpNote,
                      Boolean ratioPrefixAgrees) {
    }

    private LpScale() {
    }

    /** The sizes of lp/BENCHMARKS.md: about 10^4, 10^5 and 10^6 variables for K = 1, 2, 3, and 10^6 without replacement. */
    public static List<Size> defaultSizes() {
        return List.of(
            new Size("iid", 100, 1), new Size("iid", 316, 1), new Size("iid", 1000, 1),
            new Size("iid", 22, 2), new Size("iid", 46, 2), new Size("iid", 100, 2),
            new Size("iid", 10, 3), new Size("iid", 18, 3), new Size("iid", 32, 3),
            new Size("without-replacement", 101, 2));
    }

    /** The target of a size, from the seed. */
    public static Distribution target(Size size, long seed) {
        return zipf(new SplittableRandom(seed), size.vocab(), 1.5, 0);
    }

    /** The draft process of a size, from the seed (independent of the target's stream). */
    public static DraftProcess drafts(Size size, long seed) {
        return size.draftProcess(zipf(new SplittableRandom(seed ^ 0x5DEECE66DL), size.vocab(), 0.8, size.vocab() / 10.0));
    }

    private static Distribution zipf(SplittableRandom rng, int n, double exponent, double rankNoise) {
        BigFraction[] w = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            double rank = rankNoise == 0 ? i : Math.max(0, i + rankNoise * gaussian(rng));
            w[i] = BigFraction.of(Math.max(1, Math.round(1e6 / Math.pow(rank + 1, exponent) * (0.5 + rng.nextDouble()))));
        }
        return Distribution.normalize(w);
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * Measures one size: GLOP on the OT LP and on the canonical LP, the exact α*, and PDLP when asked, on
     * {@code pdlpThreads} threads.
     *
     * @throws LpSolveException when GLOP does not reach a verified optimum
     * @throws InvalidInputException when the PDLP time limit is not positive or the thread count is below one
     */
    public static Row measure(Size size, long seed, boolean pdlp, double pdlpTimeLimitSeconds, int pdlpThreads) {
        LpSettings pdlpSettings = LpSettings.pdlp().withTimeLimitSeconds(pdlpTimeLimitSeconds).withThreads(pdlpThreads);
        Distribution p = target(size, seed);
        DraftProcess d = drafts(size, seed);
        LpSettings glop = LpSettings.glop();
        LpResult ot = TransportLp.solve(p, d, glop);
        long t0 = System.nanoTime();
        AcceptanceFlow flow = AcceptanceFlow.of(p, d);
        double exactSeconds = (System.nanoTime() - t0) / 1e9;
        double exact = flow.value().doubleValue();
        LpResult canonical = CanonicalLp.solve(p, d, glop);
        double pdlpSeconds = Double.NaN;
        double pdlpDistance = Double.NaN;
        String note = "not run";
        if (pdlp) {
            try {
                LpResult r = TransportLp.solve(p, d, pdlpSettings);
                pdlpSeconds = r.solveSeconds();
                pdlpDistance = Math.abs(r.primalObjective() - exact);
                note = "";
            } catch (LpSolveException e) {
                note = e.status() + " within " + pdlpTimeLimitSeconds + " s";
            }
        }
        Boolean prefix = d instanceof IidDraft
            ? RatioPrefix.iid(p, ((IidDraft) d).q(), d.k()).value().equals(flow.value()) : null;
        return new Row(size, flow.tuples().size(), ot.variables(), ot.buildSeconds(), ot.solveSeconds(), ot.solveCpuSeconds(),
            ot.iterations(), ot.primalObjective(), ot.dualityGap(), flow.value(), exactSeconds,
            Math.abs(ot.primalObjective() - exact), canonical.variables(), canonical.solveSeconds(),
            Math.abs(canonical.primalObjective() - exact), pdlpSeconds, pdlpDistance, note, prefix);
    }

    /**
     * Measures each size in order; PDLP, on {@code pdlpThreads} threads, only for sizes of at least
     * {@code pdlpFromVariables} variables.
     */
    public static List<Row> run(List<Size> sizes, long seed, long pdlpFromVariables, double pdlpTimeLimitSeconds,
                                int pdlpThreads) {
        List<Row> rows = new ArrayList<>();
        for (Size s : sizes) {
            rows.add(measure(s, seed, s.variables() >= pdlpFromVariables, pdlpTimeLimitSeconds, pdlpThreads));
        }
        return rows;
    }

    /** The header of {@link #markdownRow}. */
    public static String markdownHeader() {
        return "| drafts | V | K | variables | build s | GLOP s | GLOP CPU s | iterations | LP optimum | exact α* "
            + "| LP − α* | dual − primal | exact flow s | ratio-prefix = flow | canonical LP vars | canonical GLOP s "
            + "| PDLP s | PDLP − α* |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|---:|---:|---:|";
    }

    /** One markdown table row. */
    public static String markdownRow(Row r) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.2f | %.2f | %d | %.12f | %.12f | %.1e | %.1e "
                + "| %.1f | %s | %d | %.2f | %s | %s |",
            r.size().process(), r.size().vocab(), r.size().k(), r.variables(), r.buildSeconds(), r.glopSeconds(),
            r.glopCpuSeconds(), r.glopIterations(), r.lpValue(), r.exact().doubleValue(), r.distance(), r.dualityGap(),
            r.exactSeconds(), r.ratioPrefixAgrees() == null ? "n/a" : r.ratioPrefixAgrees() ? "yes" : "NO",
            r.canonicalVariables(), r.canonicalSeconds(),
            Double.isNaN(r.pdlpSeconds()) ? r.pdlpNote() : String.format(Locale.ROOT, "%.1f", r.pdlpSeconds()),
            Double.isNaN(r.pdlpDistance()) ? "" : String.format(Locale.ROOT, "%.1e", r.pdlpDistance()));
    }

    /**
     * Runs the benchmark and prints a markdown table row by row. Arguments (all optional): {@code --max-variables N}
     * (skip larger sizes; default 1100000), {@code --pdlp-from N} (run PDLP from this many variables; default 1000000,
     * 0 for every size, -1 for none), {@code --pdlp-time-limit S} (default 300), {@code --pdlp-threads N} (default
     * {@value LpSettings#DEFAULT_PDLP_THREADS}), {@code --seed S} (default 1).
     */
    public static void main(String[] args) {
        long maxVariables = 1_100_000;
        long pdlpFrom = 1_000_000;
        double pdlpLimit = 300;
        int pdlpThreads = LpSettings.DEFAULT_PDLP_THREADS;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--max-variables" -> maxVariables = Long.parseLong(require(args[i], v));
                case "--pdlp-from" -> pdlpFrom = Long.parseLong(require(args[i], v));
                case "--pdlp-time-limit" -> pdlpLimit = Double.parseDouble(require(args[i], v));
                case "--pdlp-threads" -> pdlpThreads = Integer.parseInt(require(args[i], v));
                case "--seed" -> seed = Long.parseLong(require(args[i], v));
                default -> throw new InvalidInputException("unknown argument '" + args[i] + "'; known: --max-variables,"
                    + " --pdlp-from, --pdlp-time-limit, --pdlp-threads, --seed");
            }
            i++;
        }
        System.out.println("LP-scale benchmark, seed " + seed + ", PDLP threads " + pdlpThreads + ", "
            + Runtime.getRuntime().availableProcessors() + " processors, Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + "/"
            + System.getProperty("os.arch"));
        System.out.println(markdownHeader());
        for (Size s : defaultSizes()) {
            if (s.variables() > maxVariables) {
                continue;
            }
            Row r = measure(s, seed, pdlpFrom >= 0 && s.variables() >= pdlpFrom, pdlpLimit, pdlpThreads);
            System.out.println(markdownRow(r));
        }
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new InvalidInputException(flag + " needs a value");
        }
        return value;
    }
}
