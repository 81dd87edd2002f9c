package org.specverify.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.GpuSequenceSchemes.SequenceKernel;

/**
 * Timing of the sequence kernels ({@code gpu bench --scheme block|tree-...}): B requests of LLM-like rows (a few
 * distinct requests from {@link SequenceConformance#llmChains} or {@link SequenceConformance#llmTrees}, repeated to
 * fill the batch, each request with its own copy of the rows on the host and on the device), Philox uniforms; the
 * median kernel time of the repeats, requests per second and the bandwidth on the bytes the kernel must read (block:
 * every row of the batch; tree: the rows of the nodes each request's walk visits, the last repeat's walks).
 */
public final class GpuSequenceBench {
    /** Distinct requests generated (the batch repeats them). */
    static final int DISTINCT = 8;

    private GpuSequenceBench() {
    }

    /** The rows per request: 2 gamma + 1 for block, 2 (N + 1) for a tree of N nodes. */
    public static long rowsPerRequest(SequenceKernel k, int gamma, int[] shape) {
        if (k == SequenceKernel.BLOCK) {
            return 2L * gamma + 1;
        }
        return 2 * (nodes(shape) + 1);
    }

    /** The nodes of a tree of this shape (children per depth). */
    public static long nodes(int[] shape) {
        long n = 0;
        long level = 1;
        for (int k : shape) {
            level = GpuLimits.times(level, k);
            n = GpuLimits.plus(n, level);
        }
        return n;
    }

    /**
     * What a bench of B requests needs: the batch's rows twice on the host (the requests' own rows and the batch
     * arrays), once on the device.
     */
    public static GpuLimits.Need need(long requests, long rowsPerRequest, long vocab) {
        long floats = GpuLimits.times(requests, rowsPerRequest, vocab);
        long host = GpuLimits.plus(GpuLimits.times(8, floats), GpuLimits.times(256, requests));
        long device = GpuLimits.plus(GpuLimits.times(4, floats), GpuLimits.times(64, requests));
        return new GpuLimits.Need(host, floats, device, GpuLimits.times(4, (rowsPerRequest + 1) / 2, requests,
            vocab));
    }

    /** The numbers of one bench. */
    public record Numbers(String device, String scheme, int vocab, int gamma, String shape, int requests, int repeats,
                          double kernelMillis, double requestsPerSecond, double meanAccepted, double bytesRead,
                          double gigabytesPerSecond) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"device\": %s, \"mode\": \"sequence\", \"scheme\": \"%s\", \"vocab\":"
                    + " %d, \"gamma\": %d, \"shape\": \"%s\", \"requests\": %d, \"repeats\": %d,"
                    + " \"kernelMillis\": %.4f,"
                    + " \"requestsPerSecond\": %.1f, \"meanAccepted\": %.4f, \"bytesRead\": %.0f,"
                    + " \"gigabytesPerSecond\": %.3f}", quote(device), scheme, vocab, gamma, shape, requests, repeats,
                kernelMillis, requestsPerSecond, meanAccepted, bytesRead, gigabytesPerSecond);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s V=%d %s B=%d on %s: %.3f ms (median of %d), %.0f requests/s, mean"
                    + " accepted %.3f, %.2f GB/s on the rows it must read", scheme, vocab, shape.isEmpty() ? "gamma=" + gamma
                    : "shape=" + shape, requests, device, kernelMillis, repeats, requestsPerSecond, meanAccepted,
                gigabytesPerSecond);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Times a sequence kernel. */
    public static Numbers run(SequenceBatchVerifier v, SequenceKernel k, int vocab, int gamma, int[] shape,
                              int requests, int repeats, long seed) {
        int distinct = Math.min(DISTINCT, requests);
        long[] t = new long[repeats];
        SequenceBatchVerifier.Result r = null;
        Philox u = new Philox(seed, 0);
        long rows;
        if (k == SequenceKernel.BLOCK) {
            List<SequenceConformance.Chain> base = SequenceConformance.llmChains(distinct, gamma, vocab, seed);
            List<SequenceConformance.Chain> all = new ArrayList<>(requests);
            for (int b = 0; b < requests; b++) {
                all.add(base.get(b % distinct));
            }
            SequenceBatchVerifier.Blocks in = SequenceConformance.blocks(all);
            v.block(in, u);
            for (int i = 0; i < repeats; i++) {
                r = v.block(in, u);
                t[i] = r.kernelNanos();
            }
            rows = 2L * gamma + 1;
        } else {
            List<SequenceConformance.Tree> base = SequenceConformance.llmTrees(k.tree(), distinct, shape, vocab, seed);
            List<SequenceConformance.Tree> all = new ArrayList<>(requests);
            for (int b = 0; b < requests; b++) {
                all.add(base.get(b % distinct));
            }
            SequenceBatchVerifier.Trees in = SequenceConformance.trees(all);
            v.tree(k.tree(), in, u);
            for (int i = 0; i < repeats; i++) {
                r = v.tree(k.tree(), in, u);
                t[i] = r.kernelNanos();
            }
            rows = 2 * (nodes(shape) + 1);
        }
        Arrays.sort(t);
        double ms = t[repeats / 2] / 1e6;
        double acc = 0;
        for (int a : r.accepted()) {
            acc += Math.max(a, 0);
        }
        // block reads every row of the batch; a tree kernel reads the rows of the nodes its walk visits: target and
        // draft at each node tested, the target row alone at a leaf (the bonus)
        double bytes = 0;
        for (int b = 0; b < requests; b++) {
            long read = k == SequenceKernel.BLOCK ? rows
                : 2L * r.accepted()[b] + (r.accepted()[b] == shape.length ? 1 : 2);
            bytes += (double) read * vocab * 4;
        }
        String shapeText = k == SequenceKernel.BLOCK ? "" : Arrays.toString(shape).replace(" ", "");
        return new Numbers(v.device().toString(), k.id(), vocab, k == SequenceKernel.BLOCK ? gamma : shape.length,
            shapeText, requests, repeats, ms, requests / (ms / 1e3), acc / requests, bytes, bytes / (ms / 1e3) / 1e9);
    }
}
