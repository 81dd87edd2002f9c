package org.specverify.gpu;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Batched verification on an OpenCL device (kernels/verify.cl): B positions per call, one work-group per position.
 *
 * <p>Inputs are float32 structure-of-arrays: target rows [B, V], draft rows [B, V] (one law shared by the K drafts) or
 * [B, K, V] (one law per draft, rrs only), draft tokens [B, K]. Each row stands for its exact law, entry over row sum,
 * as the reference's {@code DyadicRow} does. Outputs per position: the token, the index of the draft accepted by a test
 * (-1 for a residual draw), a {@link Status} (an empty or non-finite residual is an error status, never a token), and
 * whether every comparison's computed margin exceeded its error bound (proofs-notes/gpu-kernels.md).
 *
 * <p>Uniforms come either from Philox4x32-10 in the kernel, draw d of position i keyed exactly as
 * {@code CounterUniforms.uniformFloat(seed, i, VERIFY_STREAM, d)}, or from an explicit buffer [B, stride]. Device
 * buffers are kept and reused across calls (grown when a batch needs more). Not thread-safe.
 */
public final class BatchVerifier implements AutoCloseable {
    /** Per-position status, in the kernel's numbering (ordinal = the kernel's {@code ST_*} code, KernelCodesTest). */
    public enum Status {
        OK, EMPTY_RESIDUAL, NONFINITE, BAD_INPUT, ZERO_DRAFT_MASS, BAD_UNIFORM, NO_CELL, UNIFORMS_EXHAUSTED, BAD_TOKEN
    }

    /**
     * The decision functions of verify.cl, each with the kernel's code ({@code SVP_*} there, tied by KernelCodesTest):
     * what the kernel runs, as a scheme with its row layout maps to it ({@link KernelScheme#program}).
     */
    public enum Program {
        /** sd and rrs, K drafts of one draft law. */
        IID(0),
        /** rrs, one draft law per draft. */
        INDEPENDENT(1),
        /** rrs without replacement. */
        WOR(2),
        GREEDY(3),
        DETERMINISTIC(4),
        KSEQ(5);

        private final int code;

        Program(int code) {
            this.code = code;
        }

        /** The kernel's code. */
        public int code() {
            return code;
        }
    }

    /**
     * The schemes the kernel implements: the scheme's id in the registry, the kernel program it runs with one draft
     * law (and with one law per draft, where supported), and the K it takes. Which registry scheme has a kernel, and
     * why the others have none, is {@link GpuSchemes}' table.
     */
    public enum KernelScheme {
        SD("sd", Program.IID, null, 1, 1), RRS("rrs", Program.IID, Program.INDEPENDENT, 1, MAX_K),
        RRS_WOR("rrs-wor", Program.WOR, null, 2, MAX_K), GREEDY("greedy", Program.GREEDY, null, 2, MAX_K),
        DETERMINISTIC("deterministic", Program.DETERMINISTIC, null, 1, MAX_K), KSEQ("kseq", Program.KSEQ, null, 1,
            MAX_K);

        private final String id;
        private final Program oneLaw;
        private final Program perDraft;
        private final int minK;
        private final int maxK;

        KernelScheme(String id, Program oneLaw, Program perDraft, int minK, int maxK) {
            this.id = id;
            this.oneLaw = oneLaw;
            this.perDraft = perDraft;
            this.minK = minK;
            this.maxK = maxK;
        }

        public String id() {
            return id;
        }

        /** The smallest K the command line offers for this scheme (the kernel itself takes K >= 1). */
        public int minK() {
            return minK;
        }

        /** The largest K the kernel takes for this scheme. */
        public int maxK() {
            return maxK;
        }

        /** Whether the kernel runs this scheme with one draft law per draft. */
        public boolean perDraftRows() {
            return perDraft != null;
        }

        /**
         * The kernel program for this row layout.
         *
         * @throws IllegalArgumentException with one law per draft where the scheme has no such program
         */
        public Program program(boolean perDraftRows) {
            if (!perDraftRows) {
                return oneLaw;
            }
            if (perDraft == null) {
                throw new IllegalArgumentException("one draft law per draft is supported by rrs only, not " + id);
            }
            return perDraft;
        }

        /**
         * The kernel of this scheme id ({@link GpuSchemes}).
         *
         * @throws IllegalArgumentException naming why the scheme has none, or the ids there are
         */
        public static KernelScheme of(String id) {
            return GpuSchemes.kernel(id);
        }
    }

    /** The largest K the kernel supports. */
    public static final int MAX_K = 8;
    /** Tokens per work-item per tile of the final draw (SV_E in the kernel). */
    static final int TILE_PER_ITEM = 16;

    /** Where the verifier uniforms come from. */
    public sealed interface Uniforms permits Philox, Explicit {
    }

    /** Philox in the kernel: position i of the batch is position {@code position0 + i} of the stream. */
    public record Philox(long seed, long position0) implements Uniforms {
    }

    /**
     * Explicit uniforms, {@code stride} per position ([B, stride]); with {@code boundary} 0 and 1 are let through (as
     * the reference's {@code Uniforms.BOUNDARY}), otherwise they must lie in (0, 1).
     */
    public record Explicit(float[] uniforms, int stride, boolean boundary) implements Uniforms {
    }

    /**
     * One batch.
     *
     * @param scheme       the scheme
     * @param positions    B
     * @param vocab        V
     * @param k            K, the drafts per position
     * @param perDraftRows whether {@code draft} holds one row per draft ([B, K, V]) rather than one per position
     * @param target       [B, V]
     * @param draft        [B, V] or [B, K, V]
     * @param tokens       [B, K]
     * @param rho          kseq only: the ρ of each position (computed on the host, see {@link KSeqRho}); else null
     */
    public record Batch(KernelScheme scheme, int positions, int vocab, int k, boolean perDraftRows, float[] target,
                        float[] draft, int[] tokens, double[] rho) {
        public Batch {
            Objects.requireNonNull(scheme, "scheme");
            if (positions < 1 || vocab < 1 || k < 1 || k > MAX_K) {
                throw new IllegalArgumentException("batch needs B >= 1, V >= 1 and 1 <= K <= " + MAX_K + "; got B = "
                    + positions + ", V = " + vocab + ", K = " + k);
            }
            if (k > scheme.maxK()) {
                throw new IllegalArgumentException(scheme.id() + (scheme.maxK() == 1 ? " has exactly one draft"
                    : " takes at most " + scheme.maxK() + " drafts") + ", got K = " + k);
            }
            scheme.program(perDraftRows);
            int rows = perDraftRows ? k : 1;
            check("target", target.length, (long) positions * vocab);
            check("draft", draft.length, (long) positions * rows * vocab);
            check("tokens", tokens.length, (long) positions * k);
            if (scheme == KernelScheme.KSEQ) {
                Objects.requireNonNull(rho, "kseq needs rho per position");
                check("rho", rho.length, positions);
            }
        }

        static void check(String what, int length, long expected) {
            if (length != expected) {
                throw new IllegalArgumentException(what + " has " + length + " entries, expected " + expected);
            }
        }

        int rows() {
            return perDraftRows ? k : 1;
        }
    }

    /** Per-position outputs, with the kernel's wall time (enqueue to finish, excluding transfers). */
    public record Result(int[] token, int[] acceptedDraft, Status[] status, boolean[] certified, float[] margin,
                         float[] bound, long kernelNanos) {
    }

    /** Chain-mode outputs per request: accepted drafts, emitted tokens [B, G + 1] (-1 past the end), status. */
    public record ChainResult(int[] accepted, int[] emitted, Status[] status, boolean[] certified, long kernelNanos) {
    }

    private final ClProgram program;
    private final cl_kernel verify;
    private final cl_kernel chain;
    private final int maxLocal;
    private final DeviceBuffer target;
    private final DeviceBuffer draft;
    private final DeviceBuffer tokens;
    private final DeviceBuffer uniforms;
    private final DeviceBuffer rho;
    private final DeviceBuffer out;
    private final DeviceBuffer outf;
    private final DeviceBuffer emitted;
    private int localOverride;
    private final org.specverify.reference.random.UniformModel uniformModel;

    public BatchVerifier(OpenCl.Device device) {
        this(device, "");
    }

    /**
     * @param options OpenCL compiler options, e.g. {@code -DSV_BROKEN_LE_ACCEPT} for a broken variant kept as a test
     *                fixture, or {@code -DSV_UNIFORM_CLOSED_OPEN} for Philox uniforms on the closed-open grid
     */
    public BatchVerifier(OpenCl.Device device, String options) {
        this.program = new ClProgram(device, options, new String[] {"philox.cl", "uniforms.cl", "verify.cl"});
        this.target = new DeviceBuffer(program);
        this.draft = new DeviceBuffer(program);
        this.tokens = new DeviceBuffer(program);
        this.uniforms = new DeviceBuffer(program);
        this.rho = new DeviceBuffer(program);
        this.out = new DeviceBuffer(program);
        this.outf = new DeviceBuffer(program);
        this.emitted = new DeviceBuffer(program);
        this.uniformModel = java.util.Arrays.asList(options.trim().split("\\s+")).contains("-DSV_UNIFORM_CLOSED_OPEN")
            ? org.specverify.reference.random.UniformModel.FLOAT32_CLOSED_OPEN
            : org.specverify.reference.random.UniformModel.FLOAT32_OPEN;
        this.verify = clCreateKernel(program.program(), "sv_verify", null);
        this.chain = clCreateKernel(program.program(), "sv_chain_step", null);
        long[] wg = new long[1];
        clGetKernelWorkGroupInfo(verify, device.deviceId(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
            Pointer.to(wg), null);
        long[] wg2 = new long[1];
        clGetKernelWorkGroupInfo(chain, device.deviceId(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
            Pointer.to(wg2), null);
        this.maxLocal = (int) Math.min(Math.min(wg[0], wg2[0]), 256);
    }

    /**
     * The grid the kernel's Philox uniforms lie on: {@code FLOAT32_OPEN}, (2m + 1)·2^-24 from the word's top 23 bits
     * (the kernel as shipped), or {@code FLOAT32_CLOSED_OPEN}, m·2^-24 from its top 24 bits (built with
     * {@code -DSV_UNIFORM_CLOSED_OPEN}); either way {@link org.specverify.reference.random.UniformModel#floatOfWord} of
     * Philox word 0 is the kernel's uniform bit for bit.
     */
    public org.specverify.reference.random.UniformModel uniformModel() {
        return uniformModel;
    }

        public OpenCl.Device device() {
        return program.device();
    }

    /** Forces the work-group size (a power of two), 0 for the automatic choice. */
    public void localSize(int size) {
        if (size != 0 && Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("work-group size must be a power of two, got " + size);
        }
        this.localOverride = size;
    }

    /** The work-group size used for a vocabulary: a power of two, about V / 16, at most 256 and the device's limit. */
    public int localSizeFor(int vocab) {
        if (localOverride > 0) {
            return Math.min(localOverride, Integer.highestOneBit(maxLocal));
        }
        int want = Integer.highestOneBit(Math.max(1, (vocab + TILE_PER_ITEM - 1) / TILE_PER_ITEM) * 2 - 1);
        return Math.max(1, Math.min(want, Integer.highestOneBit(maxLocal)));
    }

    /** Verifies a batch. */
    public Result verify(Batch b, Uniforms u) {
        int n = b.positions();
        target.write(b.target());
        draft.write(b.draft());
        tokens.write(b.tokens());
        int explicit = 0;
        int boundary = 0;
        int stride = 0;
        long seed = 0;
        long pos0 = 0;
        if (u instanceof Explicit e) {
            if (e.stride() < 1 || e.uniforms().length != (long) e.stride() * n) {
                throw new IllegalArgumentException("explicit uniforms: expected " + n + " x " + e.stride()
                    + " values, got " + e.uniforms().length);
            }
            uniforms.write(e.uniforms());
            explicit = 1;
            boundary = e.boundary() ? 1 : 0;
            stride = e.stride();
        } else {
            Philox p = (Philox) u;
            uniforms.write(new float[1]);
            seed = p.seed();
            pos0 = p.position0();
        }
        rho.write(b.rho() == null ? new double[1] : b.rho());
        out.ensure(GpuLimits.times(4, 4, n));
        outf.ensure(GpuLimits.times(4, 2, n));
        int local = localSizeFor(b.vocab());
        int tiles = (b.vocab() + local * TILE_PER_ITEM - 1) / (local * TILE_PER_ITEM);
        int code = b.scheme().program(b.perDraftRows()).code();
        int a = 0;
        a = arg(verify, a, target.mem);
        a = arg(verify, a, draft.mem);
        a = arg(verify, a, tokens.mem);
        a = arg(verify, a, uniforms.mem);
        a = arg(verify, a, rho.mem);
        a = arg(verify, a, out.mem);
        a = arg(verify, a, outf.mem);
        for (int v : new int[] {b.vocab(), b.k(), code, b.rows(), explicit, boundary, stride}) {
            clSetKernelArg(verify, a++, Sizeof.cl_int, Pointer.to(new int[] {v}));
        }
        clSetKernelArg(verify, a++, Sizeof.cl_ulong, Pointer.to(new long[] {seed}));
        clSetKernelArg(verify, a++, Sizeof.cl_ulong, Pointer.to(new long[] {pos0}));
        clSetKernelArg(verify, a++, Sizeof.cl_int, Pointer.to(new int[] {n}));
        clSetKernelArg(verify, a++, (long) Sizeof.cl_double * (MAX_K + 3) * local, null);
        clSetKernelArg(verify, a++, (long) Sizeof.cl_double * (tiles + 2), null);
        clSetKernelArg(verify, a, (long) Sizeof.cl_int * 3, null);
        long t0 = System.nanoTime();
        clEnqueueNDRangeKernel(program.queue(), verify, 1, null, new long[] {(long) n * local}, new long[] {local}, 0,
            null, null);
        clFinish(program.queue());
        long t1 = System.nanoTime();
        int[] o = new int[Math.multiplyExact(4, n)];
        float[] of = new float[Math.multiplyExact(2, n)];
        clEnqueueReadBuffer(program.queue(), out.mem, CL_TRUE, 0, 4L * o.length, Pointer.to(o), 0, null, null);
        clEnqueueReadBuffer(program.queue(), outf.mem, CL_TRUE, 0, 4L * of.length, Pointer.to(of), 0, null, null);
        int[] tok = new int[n];
        int[] acc = new int[n];
        Status[] st = new Status[n];
        boolean[] cert = new boolean[n];
        float[] mg = new float[n];
        float[] bd = new float[n];
        Status[] all = Status.values();
        for (int i = 0; i < n; i++) {
            tok[i] = o[4 * i];
            acc[i] = o[4 * i + 1];
            st[i] = all[o[4 * i + 2]];
            cert[i] = o[4 * i + 3] != 0;
            mg[i] = of[2 * i];
            bd[i] = of[2 * i + 1];
        }
        return new Result(tok, acc, st, cert, mg, bd, t1 - t0);
    }

    /**
     * Chain mode of single-draft speculative decoding: B requests of G positions each, target rows [B, G + 1, V] (the
     * last one for the bonus token), draft rows [B, G, V], draft tokens [B, G]; Philox uniforms, position g of request
     * b at stream position {@code position0 + b (G + 1) + g}. G + 1 launches of one step each (the per-request state
     * stays on the device); the time reported covers them all.
     */
    public ChainResult chain(int requests, int g, int vocab, float[] targetRows, float[] draftRows, int[] draftTokens,
                             long seed, long position0) {
        if (requests < 1 || g < 1 || vocab < 1) {
            throw new IllegalArgumentException("chain needs B, G, V >= 1; got " + requests + ", " + g + ", " + vocab);
        }
        Batch.check("chain target", targetRows.length, GpuLimits.times(requests, g + 1, vocab));
        Batch.check("chain draft", draftRows.length, GpuLimits.times(requests, g, vocab));
        Batch.check("chain tokens", draftTokens.length, GpuLimits.times(requests, g));
        target.write(targetRows);
        draft.write(draftRows);
        tokens.write(draftTokens);
        return runChain(requests, g, vocab, seed, position0);
    }

    /**
     * As {@link #chain}, with one set of rows shared by every request: target rows [G + 1, V] and draft rows [G, V] on
     * the host, written to the device once per request, so the device holds (and the kernel reads) every request's
     * own copy, as with distinct rows, while the host holds one.
     */
    public ChainResult chainShared(int requests, int g, int vocab, float[] targetRows, float[] draftRows,
                                   int[] draftTokens, long seed, long position0) {
        if (requests < 1 || g < 1 || vocab < 1) {
            throw new IllegalArgumentException("chain needs B, G, V >= 1; got " + requests + ", " + g + ", " + vocab);
        }
        Batch.check("shared chain target", targetRows.length, GpuLimits.times(g + 1, vocab));
        Batch.check("shared chain draft", draftRows.length, GpuLimits.times(g, vocab));
        Batch.check("chain tokens", draftTokens.length, GpuLimits.times(requests, g));
        target.replicate(targetRows, requests);
        draft.replicate(draftRows, requests);
        tokens.write(draftTokens);
        return runChain(requests, g, vocab, seed, position0);
    }

    private ChainResult runChain(int requests, int g, int vocab, long seed, long position0) {
        out.ensure(GpuLimits.times(4, 4, requests));
        emitted.ensure(GpuLimits.times(4, g + 1, requests));
        int local = localSizeFor(vocab);
        int tiles = (vocab + local * TILE_PER_ITEM - 1) / (local * TILE_PER_ITEM);
        long t0 = System.nanoTime();
        for (int step = 0; step <= g; step++) {
            int a = 0;
            a = arg(chain, a, target.mem);
            a = arg(chain, a, draft.mem);
            a = arg(chain, a, tokens.mem);
            a = arg(chain, a, out.mem);
            a = arg(chain, a, emitted.mem);
            clSetKernelArg(chain, a++, Sizeof.cl_int, Pointer.to(new int[] {vocab}));
            clSetKernelArg(chain, a++, Sizeof.cl_int, Pointer.to(new int[] {g}));
            clSetKernelArg(chain, a++, Sizeof.cl_int, Pointer.to(new int[] {step}));
            clSetKernelArg(chain, a++, Sizeof.cl_ulong, Pointer.to(new long[] {seed}));
            clSetKernelArg(chain, a++, Sizeof.cl_ulong, Pointer.to(new long[] {position0}));
            clSetKernelArg(chain, a++, (long) Sizeof.cl_double * (MAX_K + 3) * local, null);
            clSetKernelArg(chain, a++, (long) Sizeof.cl_double * (tiles + 2), null);
            clSetKernelArg(chain, a, (long) Sizeof.cl_int * 3, null);
            clEnqueueNDRangeKernel(program.queue(), chain, 1, null, new long[] {(long) requests * local},
                new long[] {local}, 0, null, null);
        }
        clFinish(program.queue());
        long t1 = System.nanoTime();
        int[] o = new int[Math.multiplyExact(4, requests)];
        int[] em = new int[Math.toIntExact(GpuLimits.times(g + 1, requests))];
        clEnqueueReadBuffer(program.queue(), out.mem, CL_TRUE, 0, 4L * o.length, Pointer.to(o), 0, null, null);
        clEnqueueReadBuffer(program.queue(), emitted.mem, CL_TRUE, 0, 4L * em.length, Pointer.to(em), 0, null, null);
        int[] accepted = new int[requests];
        Status[] st = new Status[requests];
        boolean[] cert = new boolean[requests];
        for (int i = 0; i < requests; i++) {
            accepted[i] = o[4 * i];
            st[i] = Status.values()[o[4 * i + 1]];
            cert[i] = o[4 * i + 2] != 0;
        }
        return new ChainResult(accepted, em, st, cert, t1 - t0);
    }

    private static int arg(cl_kernel k, int index, cl_mem m) {
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(m));
        return index + 1;
    }

    /** Device buffers currently held, in bytes (for tests of reuse). */
    long bufferBytes() {
        long s = 0;
        for (DeviceBuffer b : new DeviceBuffer[] {target, draft, tokens, uniforms, rho, out, outf, emitted}) {
            s += b.capacity;
        }
        return s;
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {target, draft, tokens, uniforms, rho, out, outf, emitted}) {
            b.release();
        }
        clReleaseKernel(verify);
        clReleaseKernel(chain);
        program.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BatchVerifier on %s", program.device());
    }
}
