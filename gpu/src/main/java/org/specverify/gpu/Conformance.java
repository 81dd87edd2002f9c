package org.specverify.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
import org.specverify.gpu.BatchVerifier.Batch;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Result;
import org.specverify.gpu.BatchVerifier.Status;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.GridCells;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.interpret.NoToken;
import org.specverify.reference.interpret.UniformDriven;
import org.specverify.reference.interpret.Uniforms;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.Philox4x32;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * Differential check of kernel outputs against the reference on the same inputs and the same uniforms.
 *
 * <p>Each position's float32 rows are read by the reference as their exact laws ({@code Distribution.ofFloats}); the
 * reference decides with {@link CertifiedDecision} (never different from the exact decision). A kernel output that
 * differs is excused as a near tie only when the kernel did not certify it and the exact decision's trace
 * ({@link UniformDriven#verify}) has a relative margin at most the kernel's (finite) error bound for its comparisons
 * (proofs-notes/gpu-kernels.md); every other difference is an unexplained mismatch. Where the reference refuses the
 * input (zero draft mass, a non-finite entry, ...) or finds no token (an empty residual at a boundary uniform), the
 * kernel must report the matching error status.
 */
public final class Conformance {
    private Conformance() {
    }

    /** One position: the target row, the draft row(s) (one, or one per draft) and the draft tokens. */
    public record Position(float[] target, float[][] draftRows, int[] drafts) {
    }

    /** The outcome of a comparison. */
    public record Report(String device, String scheme, int positions, int mismatches, int excusedNearTies,
                         int certified, int errorStatuses, int residualDraws, List<String> details) {
        public boolean passed() {
            return mismatches == 0;
        }

        /** This report added to another of the same device. */
        public Report plus(Report o) {
            List<String> d = new ArrayList<>(details);
            d.addAll(o.details);
            return new Report(device, scheme.equals(o.scheme) ? scheme : scheme + "," + o.scheme,
                positions + o.positions, mismatches + o.mismatches, excusedNearTies + o.excusedNearTies,
                certified + o.certified, errorStatuses + o.errorStatuses, residualDraws + o.residualDraws,
                d.size() > 20 ? d.subList(0, 20) : d);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s on %s: %d positions (%d residual draws), %d mismatches, %d excused"
                + " near ties, %d certified, %d error statuses%s", scheme, device, positions, residualDraws, mismatches,
                excusedNearTies, certified, errorStatuses, details.isEmpty() ? "" : "; " + details);
        }
    }

    /** The batch of these positions (all with the same V, K and row layout), kseq with the reference's ρ. */
    public static Batch batch(KernelScheme scheme, int vocab, int k, boolean perDraftRows, List<Position> ps) {
        return batch(scheme, vocab, k, perDraftRows, ps, true);
    }

    /**
     * As {@link #batch(KernelScheme, int, int, boolean, List)}; with {@code referenceRho} false kseq takes the fast
     * double ρ ({@link KSeqRho#fast}, for benchmarks), computed once per distinct row pair.
     */
    public static Batch batch(KernelScheme scheme, int vocab, int k, boolean perDraftRows, List<Position> ps,
                              boolean referenceRho) {
        int n = ps.size();
        int rows = perDraftRows ? k : 1;
        // sizes in long, exact: an array past an int's range is refused here, never wrapped (GpuLimits checks first)
        float[] t = new float[Math.toIntExact(GpuLimits.times(n, vocab))];
        float[] d = new float[Math.toIntExact(GpuLimits.times(n, rows, vocab))];
        int[] x = new int[Math.toIntExact(GpuLimits.times(n, k))];
        double[] rho = scheme == KernelScheme.KSEQ ? new double[n] : null;
        // rows shared by several positions (benchmarks) get their fast rho once, keyed by the pair of row objects
        java.util.Map<java.util.Map.Entry<float[], float[]>, Double> fastRho = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            Position p = ps.get(i);
            System.arraycopy(p.target(), 0, t, i * vocab, vocab);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(p.draftRows()[r], 0, d, (i * rows + r) * vocab, vocab);
            }
            System.arraycopy(p.drafts(), 0, x, i * k, k);
            if (rho != null) {
                if (!referenceRho) {
                    rho[i] = fastRho.computeIfAbsent(java.util.Map.entry(p.target(), p.draftRows()[0]),
                        e -> KSeqRho.fast(e.getKey(), e.getValue(), k));
                } else {
                    try {
                        rho[i] = KSeqRho.reference(p.target(), p.draftRows()[0], k);
                    } catch (InvalidInputException e) {
                        rho[i] = 1;
                    }
                }
            }
        }
        return new Batch(scheme, n, vocab, k, perDraftRows, t, d, x, rho);
    }

    /** The reference's bound scheme for one position. */
    public static Scheme.Bound bind(KernelScheme scheme, int k, boolean perDraftRows, Position p) {
        Distribution target = Distribution.ofFloats(p.target(), "target row");
        Instance inst;
        if (perDraftRows) {
            List<Distribution> rows = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                rows.add(Distribution.ofFloats(p.draftRows()[r], "draft row " + r));
            }
            inst = Instance.independent("gpu", target, rows);
        } else {
            inst = Instance.identical("gpu", target, Distribution.ofFloats(p.draftRows()[0], "draft row"), k);
        }
        return Schemes.reference().get(scheme.id()).bind(inst);
    }

    /** The verifier uniform of draw {@code d} at batch index {@code i}, as the kernel as shipped saw it. */
    static IntToDoubleFunction uniformsOf(BatchVerifier.Uniforms u, int i) {
        return uniformsOf(u, i, UniformModel.FLOAT32_OPEN);
    }

    /**
     * The verifier uniform of draw {@code d} at batch index {@code i} for a kernel whose Philox uniforms lie on
     * {@code grid} ({@link BatchVerifier#uniformModel}): Philox word 0 of the draw's counter mapped by
     * {@link UniformModel#floatOfWord}.
     */
    static IntToDoubleFunction uniformsOf(BatchVerifier.Uniforms u, int i, UniformModel grid) {
        if (u instanceof Philox p) {
            long pos = p.position0() + i;
            if (grid == UniformModel.FLOAT32_OPEN) {
                return d -> CounterUniforms.uniformFloat(p.seed(), pos, CounterUniforms.VERIFY_STREAM, d);
            }
            return d -> grid.floatOfWord(Philox4x32.block((int) p.seed(), (int) (p.seed() >>> 32), d, (int) pos,
                (int) (pos >>> 32), CounterUniforms.VERIFY_STREAM)[0]);
        }
        Explicit e = (Explicit) u;
        return d -> e.uniforms()[i * e.stride() + d];
    }

    static int available(BatchVerifier.Uniforms u) {
        return u instanceof Explicit e ? e.stride() : Integer.MAX_VALUE;
    }

    /** Compares a kernel result with the reference, position by position (Philox uniforms on the shipped grid). */
    public static Report compare(String device, KernelScheme scheme, int k, boolean perDraftRows, List<Position> ps,
                                 BatchVerifier.Uniforms u, Result r) {
        return compare(device, scheme, k, perDraftRows, ps, u, r, UniformModel.FLOAT32_OPEN);
    }

    /**
     * Compares a kernel result with the reference, position by position, the kernel's Philox uniforms taken on
     * {@code grid} ({@link BatchVerifier#uniformModel}).
     */
    public static Report compare(String device, KernelScheme scheme, int k, boolean perDraftRows, List<Position> ps,
                                 BatchVerifier.Uniforms u, Result r, UniformModel grid) {
        int mismatches = 0;
        int excused = 0;
        int certified = 0;
        int errors = 0;
        int residuals = 0;
        List<String> details = new ArrayList<>();
        Uniforms policy = u instanceof Explicit e && e.boundary() || u instanceof Philox && grid.countAtMost(
            BigFraction.ZERO) + (UniformModel.N - grid.countBelow(BigFraction.ONE)) > 0 ? Uniforms.BOUNDARY
            : Uniforms.OPEN;
        for (int i = 0; i < ps.size(); i++) {
            Status st = r.status()[i];
            certified += r.certified()[i] ? 1 : 0;
            errors += st == Status.OK ? 0 : 1;
            residuals += st == Status.OK && r.acceptedDraft()[i] < 0 ? 1 : 0;
            IntToDoubleFunction uf = uniformsOf(u, i, grid);
            int refToken;
            int refDraft;
            String refError = null;
            Scheme.Bound bound = null;
            try {
                bound = bind(scheme, k, perDraftRows, ps.get(i));
                CertifiedDecision d = CertifiedDecision.of(bound, ps.get(i).drafts(), uf, available(u), policy);
                refToken = d.output();
                refDraft = d.acceptedDraft();
            } catch (InvalidInputException e) {
                refError = "invalid: " + e.getMessage();
                refToken = -1;
                refDraft = -1;
            } catch (NoToken e) {
                // no token: a categorical draw past the last cell, or a law emptied at a boundary uniform
                refError = "no token: " + e.getMessage();
                refToken = -1;
                refDraft = -1;
            }
            if (refError != null) {
                boolean ok = refError.startsWith("invalid")
                    ? st == Status.BAD_INPUT || st == Status.ZERO_DRAFT_MASS || st == Status.NONFINITE
                    || st == Status.BAD_TOKEN || st == Status.BAD_UNIFORM || st == Status.UNIFORMS_EXHAUSTED
                    : st == Status.NO_CELL || st == Status.EMPTY_RESIDUAL;
                if (!ok) {
                    mismatches++;
                    add(details, "position " + i + ": reference " + refError + " but kernel " + st + " token "
                        + r.token()[i]);
                }
                continue;
            }
            if (st == Status.OK && r.token()[i] == refToken && r.acceptedDraft()[i] == refDraft) {
                continue;
            }
            // the exact trace is needed only where an excuse is possible (uncertified, finite bound)
            boolean excusable = !r.certified()[i] && Float.isFinite(r.bound()[i]);
            double margin = excusable
                ? UniformDriven.verify(bound, ps.get(i).drafts(), uf, available(u), policy).marginValue() : Double.NaN;
            if (excusable && margin <= r.bound()[i]) {
                excused++;
                add(details, String.format(Locale.ROOT, "excused near tie at position %d: reference token %d, kernel"
                    + " %s token %d; reference margin %.3g <= kernel bound %.3g", i, refToken, st, r.token()[i], margin,
                    r.bound()[i]));
            } else {
                mismatches++;
                add(details, String.format(Locale.ROOT, "position %d: reference token %d (draft %d), kernel %s"
                        + " token %d (draft %d); reference margin %.3g, kernel bound %.3g, certified %s", i, refToken,
                    refDraft, st, r.token()[i], r.acceptedDraft()[i], margin, r.bound()[i], r.certified()[i]));
            }
        }
        return new Report(device, scheme.id(), ps.size(), mismatches, excused, certified, errors, residuals, details);
    }

    /**
     * The exact-law part of the conformance, under the kernel's own uniform grid.
     *
     * @param model            the grid of the kernel's uniforms ({@link BatchVerifier#uniformModel})
     * @param referenceVerdict the verdict of the reference's exact law under that grid ({@link UniformModelLaw})
     * @param resolutionBound  the row's resolution bound under that grid
     * @param cells            the boxes of the reference's grid partition over all draft tuples
     * @param probes           kernel runs at the ends of the boxes' ranges
     * @param mismatches       probes where the kernel's token, accepted draft or error status differs
     * @param disagreement     the probability of the grid points where the kernel decides otherwise (exact under the
     *                         structure stated at {@link #gridLaw}; meaningful when {@code exact})
     * @param exact            whether every disagreement was located as one box (the kernel's law is then known)
     * @param kernelLaw        the kernel's output law on the grid (null unless {@code exact})
     * @param zeroTargetMass   the kernel's mass on tokens of zero target mass (when {@code exact})
     * @param errorMass        the kernel's mass on error statuses (when {@code exact})
     * @param verdict          the kernel law's verdict under the grid (null unless {@code exact})
     * @param details          the first mismatches
     */
    public record GridLaw(UniformModel model, UniformModelLaw.Verdict referenceVerdict, BigFraction resolutionBound,
                          int cells, int probes, int mismatches, BigFraction disagreement, boolean exact,
                          BigFraction[] kernelLaw, BigFraction zeroTargetMass, BigFraction errorMass,
                          UniformModelLaw.Verdict verdict, List<String> details) {
        /** Whether the kernel decides like the reference on the whole grid and its law's claim stands. */
        public boolean passed() {
            return mismatches == 0 && referenceVerdict.passes();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "exact law under the kernel's grid %s: reference %s (resolution bound"
                    + " %.3g), %d cells, %d probes, %d mismatches%s%s", model.id(), referenceVerdict,
                resolutionBound.doubleValue(), cells, probes, mismatches, mismatches == 0 ? ""
                    : exact ? "; the kernel decides otherwise on grid points of probability " + disagreement
                    + ", its law: " + verdict + " (mass on zero-target tokens " + zeroTargetMass + ", on errors "
                    + errorMass + ")" : "; the disagreement is not one box per cell (kernel law not determined)",
                details.isEmpty() ? "" : "; " + details);
        }
    }

    /** Kernel runs per launch of the grid probes. */
    private static final int PROBE_CHUNK = 1 << 15;
    /** Mismatching cells whose disagreement is located by bisection (beyond: the kernel law is not determined). */
    private static final int MAX_LOCATED = 64;

    /**
     * The exact law of the kernel on one instance under its own uniform grid, compared with the reference's.
     *
     * <p>The reference's exact replay under the kernel's grid ({@link GridCells}) cuts the grid of every draft tuple
     * into boxes of constant decision; the kernel is run, with explicit uniforms on that grid, at the lower corner of
     * every box and at the top of each of its ranges. The kernel's source compares each uniform with thresholds fixed
     * by the rows and drafts and draws its categoricals by a scan in token order, so on a box its decision changes at most
     * once along each range; agreeing at both ends of every range of every box, it agrees on every grid point, and its
     * law is the reference's law under the grid exactly (proofs-notes/uniform-models.md, "The kernel's grid"). A
     * mismatch is located by bisection along each range from the mismatching probe: the disagreement on that box is the
     * product of the bisected ranges, its probability exact, and the kernel's law is the reference's with that mass
     * moved to the kernel's output there, judged like the reference's law: mass on a zero-target token is a failure
     * at any resolution, an error within the resolution bound "lossless at this resolution", above it a failure.
     */
    public static GridLaw gridLaw(BatchVerifier v, KernelScheme scheme, int k, boolean perDraftRows, float[] p,
                                  float[][] q) {
        UniformModel model = v.uniformModel();
        Scheme.Bound bound = bind(scheme, k, perDraftRows, new Position(p, q, new int[k]));
        UniformModelLaw law = UniformModelLaw.of(bound, model);
        int width = k + 1;
        List<int[]> tuples = new ArrayList<>();
        List<BigFraction> weights = new ArrayList<>();
        bound.draftProcess().forEachTuple((x, pr) -> {
            tuples.add(x.clone());
            weights.add(pr);
        });
        double rho = 1;
        if (scheme == KernelScheme.KSEQ) {
            try {
                rho = KSeqRho.reference(p, q[0], k);
            } catch (InvalidInputException e) {
                rho = 1;
            }
        }
        Prober prober = new Prober(v, scheme, k, perDraftRows, p, q, width, rho);
        List<int[]> probeTuple = new ArrayList<>();
        List<GridCells.Cell> probeCell = new ArrayList<>();
        List<long[]> probePoint = new ArrayList<>();
        List<BigFraction> probeWeight = new ArrayList<>();
        int cellCount = 0;
        for (int t = 0; t < tuples.size(); t++) {
            for (GridCells.Cell c : GridCells.of(bound, tuples.get(t), model, width)) {
                cellCount++;
                probeTuple.add(tuples.get(t));
                probeCell.add(c);
                probePoint.add(c.lo().clone());
                probeWeight.add(weights.get(t));
                for (int j = 0; j < width; j++) {
                    if (c.hi()[j] - 1 > c.lo()[j]) {
                        long[] top = c.lo().clone();
                        top[j] = c.hi()[j] - 1;
                        probeTuple.add(tuples.get(t));
                        probeCell.add(c);
                        probePoint.add(top);
                        probeWeight.add(weights.get(t));
                    }
                }
            }
        }
        Outcome[] got = prober.run(probeTuple, probePoint);
        int mismatches = 0;
        List<String> details = new ArrayList<>();
        // mismatching probes grouped by box (identity), in probe order
        java.util.Map<GridCells.Cell, List<Integer>> bad = new java.util.LinkedHashMap<>();
        for (int i = 0; i < got.length; i++) {
            if (!got[i].matches(probeCell.get(i))) {
                mismatches++;
                bad.computeIfAbsent(probeCell.get(i), c -> new ArrayList<>()).add(i);
                add(details, "drafts " + java.util.Arrays.toString(probeTuple.get(i)) + " at grid indices "
                    + java.util.Arrays.toString(probePoint.get(i)) + ": reference " + describe(probeCell.get(i))
                    + ", kernel " + got[i]);
            }
        }
        int n = p.length;
        BigFraction[] kernel = law.outputLaw().clone();
        BigFraction errors = law.errorMass();
        BigFraction moved = BigFraction.ZERO;
        boolean exact = bad.size() <= MAX_LOCATED;
        for (var e : bad.entrySet()) {
            if (!exact) {
                break;
            }
            GridCells.Cell c = e.getKey();
            int first = e.getValue().get(0);
            int[] x = probeTuple.get(first);
            long[] at = probePoint.get(first);
            Outcome there = got[first];
            long[] dlo = new long[width];
            long[] dhi = new long[width];
            BigFraction share = BigFraction.ONE;
            for (int j = 0; j < width; j++) {
                long[] range = prober.disagreement(x, c, at, j);
                dlo[j] = range[0];
                dhi[j] = range[1];
                share = share.multiply(BigFraction.of(range[1] - range[0], c.hi()[j] - c.lo()[j]));
            }
            for (int i : e.getValue()) {
                long[] pt = probePoint.get(i);
                for (int j = 0; j < width; j++) {
                    exact &= pt[j] >= dlo[j] && pt[j] < dhi[j];
                }
                exact &= got[i].sameAs(there);
            }
            BigFraction m = probeWeight.get(first).multiply(c.probability()).multiply(share);
            moved = moved.add(m);
            if (c.error()) {
                errors = errors.subtract(m);
            } else {
                kernel[c.token()] = kernel[c.token()].subtract(m);
            }
            if (there.error()) {
                errors = errors.add(m);
            } else {
                kernel[there.token()] = kernel[there.token()].add(m);
            }
        }
        BigFraction[] target = bound.instance().target().masses();
        BigFraction zero = BigFraction.ZERO;
        BigFraction maxError = BigFraction.ZERO;
        for (int y = 0; y < n; y++) {
            if (target[y].signum() == 0) {
                zero = zero.add(kernel[y]);
            }
            BigFraction d = kernel[y].subtract(target[y]).abs();
            if (d.compareTo(maxError) > 0) {
                maxError = d;
            }
        }
        UniformModelLaw.Verdict verdict = null;
        if (exact) {
            verdict = zero.signum() > 0 ? UniformModelLaw.Verdict.ZERO_MASS_LEAK
                : errors.signum() > 0 ? UniformModelLaw.Verdict.ERROR_PATH
                : maxError.signum() == 0 ? UniformModelLaw.Verdict.LOSSLESS
                : maxError.compareTo(law.resolutionBound()) <= 0 ? UniformModelLaw.Verdict.LOSSLESS_AT_RESOLUTION
                : UniformModelLaw.Verdict.ABOVE_RESOLUTION;
        }
        return new GridLaw(model, law.verdict(), law.resolutionBound(), cellCount, got.length, mismatches, moved,
            exact, exact ? kernel : null, exact ? zero : null, exact ? errors : null, verdict, details);
    }

    private static String describe(GridCells.Cell c) {
        return c.error() ? "error path" : "token " + c.token() + " (draft " + c.acceptedDraft() + ")";
    }

    /** A kernel output at one probe. */
    private record Outcome(Status status, int token, int acceptedDraft) {
        boolean error() {
            return status != Status.OK;
        }

        boolean matches(GridCells.Cell c) {
            if (c.error()) {
                return status == Status.NO_CELL || status == Status.EMPTY_RESIDUAL;
            }
            return status == Status.OK && token == c.token() && acceptedDraft == c.acceptedDraft();
        }

        boolean sameAs(Outcome o) {
            return error() ? o.error() : status == o.status && token == o.token && acceptedDraft == o.acceptedDraft;
        }

        @Override
        public String toString() {
            return status == Status.OK ? "token " + token + " (draft " + acceptedDraft + ")" : status.toString();
        }
    }

    /** Runs the kernel at grid points (explicit uniforms, 0 and 1 let through). */
    private static final class Prober {
        private final BatchVerifier v;
        private final KernelScheme scheme;
        private final int k;
        private final boolean perDraftRows;
        private final float[] p;
        private final float[][] q;
        private final int width;
        private final double rho;

        Prober(BatchVerifier v, KernelScheme scheme, int k, boolean perDraftRows, float[] p, float[][] q, int width,
               double rho) {
            this.v = v;
            this.scheme = scheme;
            this.k = k;
            this.perDraftRows = perDraftRows;
            this.p = p;
            this.q = q;
            this.width = width;
            this.rho = rho;
        }

        Outcome[] run(List<int[]> tuples, List<long[]> points) {
            Outcome[] out = new Outcome[tuples.size()];
            UniformModel model = v.uniformModel();
            for (int start = 0; start < out.length; start += PROBE_CHUNK) {
                int m = Math.min(PROBE_CHUNK, out.length - start);
                int rows = perDraftRows ? k : 1;
                int vocab = p.length;
                float[] t = new float[m * vocab];
                float[] d = new float[m * rows * vocab];
                int[] x = new int[m * k];
                float[] u = new float[m * width];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(p, 0, t, i * vocab, vocab);
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(q[r], 0, d, (i * rows + r) * vocab, vocab);
                    }
                    System.arraycopy(tuples.get(start + i), 0, x, i * k, k);
                    long[] pt = points.get(start + i);
                    for (int j = 0; j < width; j++) {
                        u[i * width + j] = model.floatOfWord((int) (pt[j] << 8));
                    }
                }
                double[] rhos = null;
                if (scheme == KernelScheme.KSEQ) {
                    rhos = new double[m];
                    java.util.Arrays.fill(rhos, rho);
                }
                Result r = v.verify(new Batch(scheme, m, vocab, k, perDraftRows, t, d, x, rhos),
                    new Explicit(u, width, true));
                for (int i = 0; i < m; i++) {
                    out[start + i] = new Outcome(r.status()[i], r.token()[i], r.acceptedDraft()[i]);
                }
            }
            return out;
        }

        Outcome at(int[] x, long[] point) {
            return run(List.of(x), List.<long[]>of(point))[0];
        }

        /**
         * The range along uniform j, through the mismatching point {@code at}, on which the kernel disagrees with the
         * box's decision: from the point's end of the box's range to the first agreeing index (bisection, the kernel's
         * decision changing at most once along the range).
         */
        long[] disagreement(int[] x, GridCells.Cell c, long[] at, int j) {
            long lo = c.lo()[j];
            long hi = c.hi()[j];
            long[] probe = at.clone();
            if (at[j] == lo) {
                // disagrees at lo: the smallest agreeing index in (lo, hi], hi when none
                long a = lo;
                long b = hi;
                while (b - a > 1) {
                    long mid = (a + b) >>> 1;
                    probe[j] = mid;
                    if (at(x, probe).matches(c)) {
                        b = mid;
                    } else {
                        a = mid;
                    }
                }
                return new long[] {lo, b};
            }
            // disagrees at the top (hi − 1): the largest agreeing index below it, lo − 1 when none
            long a = lo - 1;
            long b = hi - 1;
            while (b - a > 1) {
                long mid = (a + b) >>> 1;
                probe[j] = mid;
                if (at(x, probe).matches(c)) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            return new long[] {b, hi};
        }
    }

    private static void add(List<String> details, String s) {
        if (details.size() < 20) {
            details.add(s);
        }
    }
}
