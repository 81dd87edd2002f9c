package org.specverify.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.specverify.gpu.BatchVerifier.Batch;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.BatchVerifier.Result;
import org.specverify.gpu.Conformance.Position;
import org.specverify.reference.interpret.CertifiedDecision;
import org.specverify.reference.interpret.Uniforms;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.scheme.Scheme;

/**
 * The GPU benchmark: positions per second of the batch kernel (kernel time, enqueue to finish, median of the repeats,
 * transfers excluded and reported apart), the effective bandwidth on the bytes the kernel must read (each input row
 * once: (1 + rows) V 4 bytes per position plus the draft tokens), and the CPU certified path
 * ({@link CertifiedDecision}, one thread, bind and decide per position) on the same workload in the same run. kseq's
 * ρ is the fast double root ({@link KSeqRho#fast}) computed on the host before timing; the CPU path's bind computes the
 * reference's exact ρ.
 */
public final class GpuBench {
    private GpuBench() {
    }

    /** One benchmark's numbers. */
    public record Numbers(String device, String scheme, int vocab, int k, int batch, boolean perDraftRows, int repeats,
                          double kernelMillis, double positionsPerSecond, double bytesRead, double gigabytesPerSecond,
                          double transferMillis, int cpuPositions, double cpuPositionsPerSecond, double speedupVsCpu,
                          int certified) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"device\": \"%s\", \"scheme\": \"%s\", \"vocab\": %d, \"k\": %d,"
                    + " \"batch\": %d, \"perDraftRows\": %s, \"repeats\": %d, \"kernelMillis\": %.4f,"
                    + " \"positionsPerSecond\": %.1f, \"bytesRead\": %.0f, \"gigabytesPerSecond\": %.3f,"
                    + " \"transferMillis\": %.3f, \"cpuPositions\": %d, \"cpuPositionsPerSecond\": %.2f,"
                    + " \"speedupVsCpu\": %.2f, \"certified\": %d}", esc(device), scheme, vocab, k, batch, perDraftRows,
                repeats, kernelMillis, positionsPerSecond, bytesRead, gigabytesPerSecond, transferMillis, cpuPositions,
                cpuPositionsPerSecond, speedupVsCpu, certified);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s V=%d K=%d B=%d%s on %s: kernel %.3f ms (median of %d), %.0f"
                    + " positions/s, %.2f GB/s on %.1f MB read (transfer %.1f ms); CPU certified path %.1f positions/s"
                    + " (%d positions); GPU/CPU %.1fx; %d/%d certified", scheme, vocab, k, batch,
                perDraftRows ? " one law per draft" : "", device, kernelMillis, repeats, positionsPerSecond,
                gigabytesPerSecond, bytesRead / 1e6, transferMillis, cpuPositionsPerSecond, cpuPositions,
                speedupVsCpu, certified, batch);
        }
    }

    static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** LLM-like positions: {@code distinct} row sets reused cyclically, drafts drawn per position. */
    public static List<Position> workload(KernelScheme s, int vocab, int k, boolean perDraft, int batch, int distinct,
                                          long seed) {
        List<Position> rows = Workloads.llmLike(s, vocab, k, perDraft, Math.min(distinct, batch), seed);
        List<Position> out = new ArrayList<>(batch);
        List<Scheme.Bound> bounds = new ArrayList<>();
        for (Position p : rows) {
            bounds.add(Conformance.bind(s, k, perDraft, p));
        }
        for (int i = 0; i < batch; i++) {
            Position r = rows.get(i % rows.size());
            int[] x = Workloads.draw(s, k, perDraft, r.draftRows(), bounds.get(i % rows.size()), seed, i);
            out.add(new Position(r.target(), r.draftRows(), x == null ? r.drafts() : x));
        }
        return out;
    }

    /** Runs the benchmark. */
    public static Numbers run(BatchVerifier v, KernelScheme s, int vocab, int k, int batch, boolean perDraft,
                              int repeats, int cpuPositions, long seed) {
        List<Position> ps = workload(s, vocab, k, perDraft, batch, 8, seed);
        Batch b = Conformance.batch(s, vocab, k, perDraft, ps, false);
        Philox u = new Philox(seed, 0);
        v.verify(b, u);
        long[] kernel = new long[repeats];
        long[] total = new long[repeats];
        Result last = null;
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            last = v.verify(b, u);
            total[r] = System.nanoTime() - t0;
            kernel[r] = last.kernelNanos();
        }
        Arrays.sort(kernel);
        Arrays.sort(total);
        double ms = kernel[repeats / 2] / 1e6;
        double transfer = (total[repeats / 2] - kernel[repeats / 2]) / 1e6;
        int rows = perDraft ? k : 1;
        double bytes = (double) batch * ((1.0 + rows) * vocab * 4 + 4.0 * k);
        int certified = 0;
        for (boolean c : last.certified()) {
            certified += c ? 1 : 0;
        }
        int n = Math.min(cpuPositions, batch);
        long c0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Position p = ps.get(i);
            Scheme.Bound bound = Conformance.bind(s, k, perDraft, p);
            long pos = i;
            CertifiedDecision.of(bound, p.drafts(),
                d -> CounterUniforms.uniformFloat(seed, pos, CounterUniforms.VERIFY_STREAM, d), Integer.MAX_VALUE,
                Uniforms.OPEN);
        }
        double cpuSec = (System.nanoTime() - c0) / 1e9;
        double cpuRate = n / cpuSec;
        double rate = batch / (ms / 1e3);
        return new Numbers(v.device().toString(), s.id(), vocab, k, batch, perDraft, repeats, ms, rate, bytes,
            bytes / (ms / 1e3) / 1e9, transfer, n, cpuRate, rate / cpuRate, certified);
    }

    /** Chain-mode numbers. */
    public record ChainNumbers(String device, int vocab, int g, int requests, double kernelMillis,
                               double positionsPerSecond, double requestsPerSecond, double bytesRead,
                               double gigabytesPerSecond, double meanAccepted) {
        public String toJson() {
            return String.format(Locale.ROOT, "{\"device\": \"%s\", \"mode\": \"chain-sd\", \"vocab\": %d, \"g\": %d,"
                    + " \"requests\": %d, \"kernelMillis\": %.4f, \"positionsPerSecond\": %.1f, \"requestsPerSecond\":"
                    + " %.1f, \"bytesRead\": %.0f, \"gigabytesPerSecond\": %.3f, \"meanAccepted\": %.3f}", esc(device),
                vocab, g, requests, kernelMillis, positionsPerSecond, requestsPerSecond, bytesRead,
                gigabytesPerSecond, meanAccepted);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "chain sd V=%d G=%d B=%d on %s: %.3f ms, %.0f positions/s (B x G per"
                    + " batch time), %.2f GB/s on all rows, mean accepted %.2f", vocab, g, requests, device,
                kernelMillis, positionsPerSecond, gigabytesPerSecond, meanAccepted);
        }
    }

    /** Chain mode: B requests x G positions, positions per second counted as B G per batch time. */
    public static ChainNumbers chain(BatchVerifier v, int vocab, int g, int requests, int repeats, long seed) {
        // one set of rows on the host, every request's own copy on the device (GpuLimits.chain)
        ChainWorkload w = ChainWorkload.llmLike(requests, g, vocab, seed, false);
        w.run(v);
        long[] t = new long[repeats];
        BatchVerifier.ChainResult r = null;
        for (int i = 0; i < repeats; i++) {
            r = w.run(v);
            t[i] = r.kernelNanos();
        }
        Arrays.sort(t);
        double ms = t[repeats / 2] / 1e6;
        double acc = 0;
        for (int a : r.accepted()) {
            acc += a;
        }
        double bytes = (double) requests * ((2.0 * g + 1) * vocab * 4 + 4.0 * g);
        return new ChainNumbers(v.device().toString(), vocab, g, requests, ms, (double) requests * g / (ms / 1e3),
            requests / (ms / 1e3), bytes, bytes / (ms / 1e3) / 1e9, acc / requests);
    }
}
