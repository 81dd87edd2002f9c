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

import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.specverify.gpu.BatchVerifier.Explicit;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Uniforms;

/**
 * Sequence-level verification on an OpenCL device (kernels/sequence.cl, built after philox.cl, uniforms.cl and
 * verify.cl, whose Philox stream, row checks, final draw and token decisions it reuses): block verification of drafted
 * chains and token-tree verification, one work-group per request.
 *
 * <p><b>Block</b> ({@link #block}): B requests of gamma drafted tokens; target rows [B, gamma + 1, V] (row i the law
 * after x_1..x_i, row gamma for the bonus), draft rows [B, gamma, V], tokens [B, gamma]. One launch.
 *
 * <p><b>Tree</b> ({@link #tree}): B requests of N nodes in depth-first order, tokens [B, N] and parents [B, N] (-1 for
 * the root's children, else an earlier node); rows by slot, slot 0 the root (the context) and slot i + 1 node i:
 * target [B, N + 1, V] = p(.|path to the slot), draft [B, N + 1, V] = q(.|path to the slot), the law the slot's
 * children were drafted from (a leaf's draft row is not read). One launch per level.
 *
 * <p><b>Uniforms</b>, one stream per request: request b at stream position {@code position0 + b}, draw d keyed exactly
 * as {@code CounterUniforms.uniformFloat(seed, position0 + b, VERIFY_STREAM, d)} ({@link Philox}), or the explicit
 * buffer [B, stride] ({@link Explicit}). Block: draw i - 1 is u_i of the test u_i &lt; h_i (i = 1..gamma), draw gamma
 * the closing draw (residual or bonus), as the reference's BlockVerification numbers them. Tree: the draws in order
 * along the walk, the token scheme's at each node (one per child tested), then the closing draw, as the reference's
 * TreeVerification running the token program at each node with one stream.
 *
 * <p>Outputs per request: the accepted count, the emitted tokens [B, width] (accepted + 1 valid, -1 after; all -1 on
 * an error status), a {@link Status} and the smallest computed relative margin of the comparisons. An empty or
 * non-finite residual, a bad row, a draft token out of range (a placeholder -1 included) and a parent out of range are
 * statuses, never tokens. Not thread-safe.
 */
public final class SequenceBatchVerifier implements AutoCloseable {
    /** Per-request status: verify.cl's {@code ST_*} codes, then {@code SQST_BAD_PARENT} (ordinal = code). */
    public enum Status {
        OK, EMPTY_RESIDUAL, NONFINITE, BAD_INPUT, ZERO_DRAFT_MASS, BAD_UNIFORM, NO_CELL, UNIFORMS_EXHAUSTED, BAD_TOKEN,
        BAD_PARENT
    }

    /** The token schemes a tree kernel runs at each node, with the sequence scheme id and the kernel program. */
    public enum TreeScheme {
        RRS("tree-rrs", BatchVerifier.Program.IID),
        RRS_WOR("tree-rrs-wor", BatchVerifier.Program.WOR),
        DETERMINISTIC("tree-deterministic", BatchVerifier.Program.DETERMINISTIC);

        private final String id;
        private final BatchVerifier.Program program;

        TreeScheme(String id, BatchVerifier.Program program) {
            this.id = id;
            this.program = program;
        }

        /** The sequence scheme id. */
        public String id() {
            return id;
        }

        /** The token scheme id at each node. */
        public String tokenId() {
            return id.substring("tree-".length());
        }

        BatchVerifier.Program program() {
            return program;
        }
    }

    /** The largest drafted depth of a block request (SQ_MAXG in the kernel). */
    public static final int MAX_GAMMA = 32;
    /** The most children of a tree node (the token kernel's K). */
    public static final int MAX_CHILDREN = BatchVerifier.MAX_K;

    /** A batch of drafted chains for block verification. */
    public record Blocks(int requests, int gamma, int vocab, float[] target, float[] draft, int[] tokens) {
        public Blocks {
            if (requests < 1 || gamma < 1 || gamma > MAX_GAMMA || vocab < 1) {
                throw new IllegalArgumentException("blocks need B >= 1, 1 <= gamma <= " + MAX_GAMMA + ", V >= 1; got B"
                    + " = " + requests + ", gamma = " + gamma + ", V = " + vocab);
            }
            BatchVerifier.Batch.check("block target", target.length, GpuLimits.times(requests, gamma + 1, vocab));
            BatchVerifier.Batch.check("block draft", draft.length, GpuLimits.times(requests, gamma, vocab));
            BatchVerifier.Batch.check("block tokens", tokens.length, GpuLimits.times(requests, gamma));
        }
    }

    /** A batch of token trees of N nodes each. */
    public record Trees(int requests, int nodes, int vocab, float[] target, float[] draft, int[] tokens,
                        int[] parents) {
        public Trees {
            if (requests < 1 || nodes < 0 || vocab < 1) {
                throw new IllegalArgumentException("trees need B >= 1, N >= 0, V >= 1; got B = " + requests + ", N = "
                    + nodes + ", V = " + vocab);
            }
            BatchVerifier.Batch.check("tree target", target.length, GpuLimits.times(requests, nodes + 1, vocab));
            BatchVerifier.Batch.check("tree draft", draft.length, GpuLimits.times(requests, nodes + 1, vocab));
            BatchVerifier.Batch.check("tree tokens", tokens.length, GpuLimits.times(requests, nodes));
            BatchVerifier.Batch.check("tree parents", parents.length, GpuLimits.times(requests, nodes));
        }

        /**
         * The largest depth of any request's tree (a node's depth is its parent's plus one; a parent index out of
         * range counts as the root here, the kernel reports it as {@link Status#BAD_PARENT}).
         */
        public int maxDepth() {
            int max = 0;
            int[] depth = new int[nodes];
            for (int b = 0; b < requests; b++) {
                for (int i = 0; i < nodes; i++) {
                    int p = parents[b * nodes + i];
                    depth[i] = p >= 0 && p < i ? depth[p] + 1 : 1;
                    max = Math.max(max, depth[i]);
                }
            }
            return max;
        }

        /**
         * For each depth d = 0..{@link #maxDepth()} (0 the root), the most children a node of that depth has in any
         * request (parents out of range read as the root's, as in {@link #maxDepth()}).
         */
        public int[] maxChildrenByDepth() {
            int[] out = new int[maxDepth() + 1];
            int[] depth = new int[nodes];
            int[] kids = new int[nodes + 1];
            for (int b = 0; b < requests; b++) {
                java.util.Arrays.fill(kids, 0);
                for (int i = 0; i < nodes; i++) {
                    int p = parents[b * nodes + i];
                    boolean ok = p >= 0 && p < i;
                    depth[i] = ok ? depth[p] + 1 : 1;
                    kids[ok ? p + 1 : 0]++;
                }
                for (int s = 0; s <= nodes; s++) {
                    int d = s == 0 ? 0 : depth[s - 1];
                    out[d] = Math.max(out[d], kids[s]);
                }
            }
            return out;
        }
    }

    /**
     * Per-request outputs.
     *
     * @param accepted     the accepted draft tokens (-1 on an error status)
     * @param emitted      [B, width]: the accepted tokens then the closing token, -1 after
     * @param width        gamma + 1 for blocks, the largest depth + 1 for trees
     * @param status       the status
     * @param margin       the smallest computed relative margin of the request's comparisons
     * @param kernelNanos  the kernel wall time (enqueue to finish, all launches, excluding transfers)
     */
    public record Result(int[] accepted, int[] emitted, int width, Status[] status, float[] margin,
                         long kernelNanos) {
        /** Request b's emitted block (accepted + 1 tokens), empty on an error status. */
        public int[] block(int b) {
            if (status[b] != Status.OK) {
                return new int[0];
            }
            return java.util.Arrays.copyOfRange(emitted, b * width, b * width + accepted[b] + 1);
        }
    }

    private final OpenCl.Device device;
    private final String options;
    private BlockProgram blockProgram;
    private final java.util.Map<TreeScheme, TreeProgram> trees = new java.util.EnumMap<>(TreeScheme.class);

    public SequenceBatchVerifier(OpenCl.Device device) {
        this(device, "");
    }

    /**
     * The programs are built on first use (block, and each tree scheme's); a build failure raises an error with the
     * compiler's log then.
     *
     * @param options OpenCL compiler options, e.g. {@code -DSQ_BROKEN_FIRST_FAIL} for a broken variant (tests)
     */
    public SequenceBatchVerifier(OpenCl.Device device, String options) {
        this.device = device;
        this.options = options;
    }

    /** The block kernel: sequence.cl built without SQ_TREE_PROGRAM. */
    private record BlockProgram(ClProgram program, cl_kernel block, int maxLocal, Mem mem) {
        void close() {
            mem.release();
            clReleaseKernel(block);
            program.close();
        }
    }

    private BlockProgram blockProgram() {
        if (blockProgram == null) {
            ClProgram p = new ClProgram(device, options, SOURCES);
            cl_kernel k = clCreateKernel(p.program(), "sq_block", null);
            long[] wg = new long[1];
            clGetKernelWorkGroupInfo(k, device.deviceId(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(wg),
                null);
            blockProgram = new BlockProgram(p, k, (int) Math.min(wg[0], 256), new Mem(p));
        }
        return blockProgram;
    }

    private static final String[] SOURCES = {"philox.cl", "uniforms.cl", "verify.cl", "sequence.cl"};

    /**
     * The tree kernels of one token scheme: sequence.cl built with {@code -DSQ_TREE_PROGRAM=<its program code>} (one
     * decision function per build keeps PoCL's per-local-size builds short), on first use.
     */
    private record TreeProgram(ClProgram program, cl_kernel init, cl_kernel step, int maxLocal, Mem mem) {
        void close() {
            mem.release();
            clReleaseKernel(init);
            clReleaseKernel(step);
            program.close();
        }
    }

    private TreeProgram treeProgram(TreeScheme s) {
        return trees.computeIfAbsent(s, k -> {
            ClProgram p = new ClProgram(device, (options + " -DSQ_TREE_PROGRAM=" + k.program().code())
                .trim(), SOURCES);
            cl_kernel init = clCreateKernel(p.program(), "sq_tree_init", null);
            cl_kernel step = clCreateKernel(p.program(), "sq_tree_step", null);
            long[] wg = new long[1];
            clGetKernelWorkGroupInfo(step, p.device().deviceId(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                Pointer.to(wg), null);
            return new TreeProgram(p, init, step, (int) Math.min(wg[0], 256), new Mem(p));
        });
    }

    public OpenCl.Device device() {
        return device;
    }

    /** The work-group size for a vocabulary: a power of two, about V / 16, at most 256 and the device's limit. */
    private static int localSizeFor(int vocab, int limit) {
        int want = Integer.highestOneBit(Math.max(1, (vocab + BatchVerifier.TILE_PER_ITEM - 1)
            / BatchVerifier.TILE_PER_ITEM) * 2 - 1);
        return Math.max(1, Math.min(want, Integer.highestOneBit(limit)));
    }

    private record Source(int explicit, int boundary, int stride, long seed, long position0) {
    }

    private static Source uniforms(Mem m, Uniforms u, int n) {
        if (u instanceof Explicit e) {
            if (e.stride() < 1 || e.uniforms().length != (long) e.stride() * n) {
                throw new IllegalArgumentException("explicit uniforms: expected " + n + " x " + e.stride()
                    + " values, got " + e.uniforms().length);
            }
            m.uniforms.write(e.uniforms());
            return new Source(1, e.boundary() ? 1 : 0, e.stride(), 0, 0);
        }
        Philox p = (Philox) u;
        m.uniforms.write(new float[1]);
        return new Source(0, 0, 0, p.seed(), p.position0());
    }

    /** Block verification of a batch of chains. */
    public Result block(Blocks in, Uniforms u) {
        int n = in.requests();
        int g = in.gamma();
        BlockProgram bp = blockProgram();
        cl_kernel block = bp.block();
        ClProgram program = bp.program();
        Mem m = bp.mem();
        m.target.write(in.target());
        m.draft.write(in.draft());
        m.tokens.write(in.tokens());
        Source src = uniforms(m, u, n);
        m.out.ensure(GpuLimits.times(4, 3, n));
        m.outf.ensure(GpuLimits.times(4, n));
        m.emitted.ensure(GpuLimits.times(4, g + 1, n));
        int local = localSizeFor(in.vocab(), bp.maxLocal());
        int tiles = (in.vocab() + local * BatchVerifier.TILE_PER_ITEM - 1) / (local * BatchVerifier.TILE_PER_ITEM);
        int a = 0;
        for (cl_mem x : new cl_mem[] {m.target.mem, m.draft.mem, m.tokens.mem, m.uniforms.mem, m.out.mem,
            m.emitted.mem, m.outf.mem}) {
            a = arg(block, a, x);
        }
        for (int v : new int[] {in.vocab(), g, src.explicit(), src.boundary(), src.stride()}) {
            clSetKernelArg(block, a++, Sizeof.cl_int, Pointer.to(new int[] {v}));
        }
        clSetKernelArg(block, a++, Sizeof.cl_ulong, Pointer.to(new long[] {src.seed()}));
        clSetKernelArg(block, a++, Sizeof.cl_ulong, Pointer.to(new long[] {src.position0()}));
        clSetKernelArg(block, a++, (long) Sizeof.cl_double * (BatchVerifier.MAX_K + 3) * local, null);
        clSetKernelArg(block, a++, (long) Sizeof.cl_double * (tiles + 2), null);
        clSetKernelArg(block, a, (long) Sizeof.cl_int * 3, null);
        long t0 = System.nanoTime();
        clEnqueueNDRangeKernel(program.queue(), block, 1, null, new long[] {(long) n * local}, new long[] {local}, 0,
            null, null);
        clFinish(program.queue());
        long t1 = System.nanoTime();
        int[] o = new int[Math.multiplyExact(3, n)];
        int[] em = new int[Math.toIntExact(GpuLimits.times(g + 1, n))];
        float[] mg = new float[n];
        read(program, m.out.mem, o);
        read(program, m.emitted.mem, em);
        clEnqueueReadBuffer(program.queue(), m.outf.mem, CL_TRUE, 0, 4L * n, Pointer.to(mg), 0, null, null);
        int[] acc = new int[n];
        Status[] st = new Status[n];
        for (int i = 0; i < n; i++) {
            acc[i] = o[3 * i];
            st[i] = Status.values()[o[3 * i + 1]];
        }
        return new Result(acc, em, g + 1, st, mg, t1 - t0);
    }

    /** Token-tree verification of a batch of trees with a token scheme at each node. */
    public Result tree(TreeScheme scheme, Trees in, Uniforms u) {
        int n = in.requests();
        int nodes = in.nodes();
        int depth = in.maxDepth();
        TreeProgram tp = treeProgram(scheme);
        Mem m = tp.mem();
        int[] maxKids = in.maxChildrenByDepth();
        m.target.write(in.target());
        m.draft.write(in.draft());
        m.tokens.write(nodes == 0 ? new int[1] : in.tokens());
        m.parents.write(nodes == 0 ? new int[1] : in.parents());
        Source src = uniforms(m, u, n);
        m.out.ensure(GpuLimits.times(4, 5, n));
        m.outf.ensure(GpuLimits.times(4, n));
        m.emitted.ensure(GpuLimits.times(4, depth + 1, n));
        m.ktok.ensure(GpuLimits.times(4, MAX_CHILDREN, n));
        cl_kernel treeInit = tp.init();
        int local = localSizeFor(in.vocab(), tp.maxLocal());
        int tiles = (in.vocab() + local * BatchVerifier.TILE_PER_ITEM - 1) / (local * BatchVerifier.TILE_PER_ITEM);
        long t0 = System.nanoTime();
        int a0 = 0;
        for (cl_mem x : new cl_mem[] {m.tokens.mem, m.parents.mem, m.out.mem, m.emitted.mem, m.outf.mem}) {
            a0 = arg(treeInit, a0, x);
        }
        for (int v : new int[] {in.vocab(), nodes, depth}) {
            clSetKernelArg(treeInit, a0++, Sizeof.cl_int, Pointer.to(new int[] {v}));
        }
        clEnqueueNDRangeKernel(tp.program().queue(), treeInit, 1, null, new long[] {n}, null, 0, null, null);
        for (int d = 0; d <= depth; d++) {
            for (int k = 0; k <= Math.min(maxKids[d], MAX_CHILDREN); k++) {
                launchTree(tp, in, src, depth, k, n, local, tiles);
            }
        }
        clFinish(tp.program().queue());
        long t1 = System.nanoTime();
        int[] o = new int[Math.multiplyExact(5, n)];
        int[] em = new int[Math.toIntExact(GpuLimits.times(depth + 1, n))];
        float[] mg = new float[n];
        read(tp.program(), m.out.mem, o);
        read(tp.program(), m.emitted.mem, em);
        clEnqueueReadBuffer(tp.program().queue(), m.outf.mem, CL_TRUE, 0, 4L * n, Pointer.to(mg), 0, null, null);
        int[] acc = new int[n];
        Status[] st = new Status[n];
        for (int i = 0; i < n; i++) {
            st[i] = Status.values()[o[5 * i + 1]];
            if (st[i] == Status.OK && o[5 * i + 3] == 0) {
                throw new IllegalStateException("tree request " + i + " did not finish after the launches of every"
                    + " (depth, children) pair: a defect of the tree kernel or its launch plan");
            }
            acc[i] = st[i] == Status.OK ? o[5 * i] : -1;
        }
        return new Result(acc, em, depth + 1, st, mg, t1 - t0);
    }

    private void launchTree(TreeProgram tp, Trees in, Source src, int depth, int k, int n, int local, int tiles) {
        cl_kernel tree = tp.step();
        Mem m = tp.mem();
        int a = 0;
        for (cl_mem x : new cl_mem[] {m.target.mem, m.draft.mem, m.tokens.mem, m.parents.mem, m.uniforms.mem,
            m.out.mem, m.emitted.mem, m.ktok.mem, m.outf.mem}) {
            a = arg(tree, a, x);
        }
        for (int v : new int[] {in.vocab(), in.nodes(), depth, k, src.explicit(),
            src.boundary(), src.stride()}) {
            clSetKernelArg(tree, a++, Sizeof.cl_int, Pointer.to(new int[] {v}));
        }
        clSetKernelArg(tree, a++, Sizeof.cl_ulong, Pointer.to(new long[] {src.seed()}));
        clSetKernelArg(tree, a++, Sizeof.cl_ulong, Pointer.to(new long[] {src.position0()}));
        clSetKernelArg(tree, a++, (long) Sizeof.cl_double * (BatchVerifier.MAX_K + 3) * local, null);
        clSetKernelArg(tree, a++, (long) Sizeof.cl_double * (tiles + 2), null);
        clSetKernelArg(tree, a, (long) Sizeof.cl_int * 3, null);
        clEnqueueNDRangeKernel(tp.program().queue(), tree, 1, null, new long[] {(long) n * local},
            new long[] {local}, 0, null, null);
    }

    private static void read(ClProgram p, cl_mem m, int[] a) {
        clEnqueueReadBuffer(p.queue(), m, CL_TRUE, 0, 4L * a.length, Pointer.to(a), 0, null, null);
    }

    private static int arg(cl_kernel k, int index, cl_mem m) {
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(m));
        return index + 1;
    }

    /** The device buffers of one program's context, kept across calls. */
    private static final class Mem {
        final DeviceBuffer target;
        final DeviceBuffer draft;
        final DeviceBuffer tokens;
        final DeviceBuffer parents;
        final DeviceBuffer uniforms;
        final DeviceBuffer out;
        final DeviceBuffer outf;
        final DeviceBuffer emitted;
        final DeviceBuffer ktok;

        Mem(ClProgram p) {
            target = new DeviceBuffer(p);
            draft = new DeviceBuffer(p);
            tokens = new DeviceBuffer(p);
            parents = new DeviceBuffer(p);
            uniforms = new DeviceBuffer(p);
            out = new DeviceBuffer(p);
            outf = new DeviceBuffer(p);
            emitted = new DeviceBuffer(p);
            ktok = new DeviceBuffer(p);
        }

        void release() {
            for (DeviceBuffer b : new DeviceBuffer[] {target, draft, tokens, parents, uniforms, out, outf, emitted,
                ktok}) {
                b.release();
            }
        }
    }

    @Override
    public void close() {
        if (blockProgram != null) {
            blockProgram.close();
            blockProgram = null;
        }
        for (TreeProgram t : trees.values()) {
            t.close();
        }
        trees.clear();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SequenceBatchVerifier on %s", device);
    }
}
