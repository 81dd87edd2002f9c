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
import org.specverify.reference.interpret.NoToken;
import org.specverify.reference.interpret.UniformDriven;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
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

    /** The verifier uniform of draw {@code d} at batch index {@code i}, as the kernel saw it. */
    static IntToDoubleFunction uniformsOf(BatchVerifier.Uniforms u, int i) {
        if (u instanceof Philox p) {
            long pos = p.position0() + i;
            return d -> CounterUniforms.uniformFloat(p.seed(), pos, CounterUniforms.VERIFY_STREAM, d);
        }
        Explicit e = (Explicit) u;
        return d -> e.uniforms()[i * e.stride() + d];
    }

    static int available(BatchVerifier.Uniforms u) {
        return u instanceof Explicit e ? e.stride() : Integer.MAX_VALUE;
    }

    /** Compares a kernel result with the reference, position by position. */
    public static Report compare(String device, KernelScheme scheme, int k, boolean perDraftRows, List<Position> ps,
                                 BatchVerifier.Uniforms u, Result r) {
        int mismatches = 0;
        int excused = 0;
        int certified = 0;
        int errors = 0;
        int residuals = 0;
        List<String> details = new ArrayList<>();
        Uniforms policy = u instanceof Explicit e && e.boundary() ? Uniforms.BOUNDARY : Uniforms.OPEN;
        for (int i = 0; i < ps.size(); i++) {
            Status st = r.status()[i];
            certified += r.certified()[i] ? 1 : 0;
            errors += st == Status.OK ? 0 : 1;
            residuals += st == Status.OK && r.acceptedDraft()[i] < 0 ? 1 : 0;
            IntToDoubleFunction uf = uniformsOf(u, i);
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

    private static void add(List<String> details, String s) {
        if (details.size() < 20) {
            details.add(s);
        }
    }
}
