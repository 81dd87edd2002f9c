package org.specverify.gpu;

import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * What a GPU run needs before it allocates anything, and whether that fits: Java arrays (at most {@link #MAX_ARRAY}
 * elements), the JVM's heap, and the device's global memory and largest buffer. Every size is computed in long with
 * {@link Math#multiplyExact}; a product that overflows a long counts as needing more than any machine has. The
 * command line refuses a size that does not fit (exit code 2) with the estimate, the limit and the largest size that
 * fits in the message.
 */
public final class GpuLimits {
    /** The largest Java array, in elements. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** The most positions {@code gpu conformance} checks (each is decided again by the exact reference). */
    public static final int MAX_CONFORMANCE_POSITIONS = 65_536;
    /** The most positions per request in chain mode. */
    public static final int MAX_CHAIN = 1024;

    /** Bytes per position outside the rows: outputs, result arrays and the position's record (a generous bound). */
    private static final long PER_POSITION = 128;

    private GpuLimits() {
    }

    /**
     * What a run needs.
     *
     * @param hostBytes bytes of Java heap its arrays take
     * @param largestArray elements of its largest Java array
     * @param deviceBytes bytes of device buffers
     * @param largestBuffer bytes of its largest device buffer
     */
    public record Need(long hostBytes, long largestArray, long deviceBytes, long largestBuffer) {
    }

    /**
     * What there is: free JVM heap, device global memory and the largest device buffer (bytes).
     *
     * @param hostBytes the heap the JVM may still take
     * @param deviceBytes the device's global memory
     * @param maxBuffer the device's largest buffer
     */
    public record Budget(long hostBytes, long deviceBytes, long maxBuffer) {
        /** The budget of this JVM and device now. */
        public static Budget of(OpenCl.Device d) {
            Runtime rt = Runtime.getRuntime();
            OpenCl.Memory m = OpenCl.memory(d);
            return new Budget(rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), m.globalBytes(),
                m.maxAllocBytes());
        }

        /** No device limit: only the Java arrays and the heap count. */
        public static Budget hostOnly() {
            Runtime rt = Runtime.getRuntime();
            return new Budget(rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), Long.MAX_VALUE, Long.MAX_VALUE);
        }
    }

    /** a x b x ..., or {@link Long#MAX_VALUE} when it overflows. */
    static long times(long... factors) {
        long r = 1;
        try {
            for (long f : factors) {
                r = Math.multiplyExact(r, f);
            }
            return r;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** a + b + ..., or {@link Long#MAX_VALUE} when it overflows. */
    static long plus(long... terms) {
        long r = 0;
        try {
            for (long t : terms) {
                r = Math.addExact(r, t);
            }
            return r;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * {@code gpu bench}: B positions of V tokens, K drafts, one draft row per position or per draft. The host holds the
     * batch's rows ([B, V] and [B, rows, V] floats), tokens and outputs; the device the same rows.
     */
    public static Need bench(long batch, long vocab, long k, boolean perDraftRows) {
        long rows = perDraftRows ? k : 1;
        long rowFloats = times(batch, vocab, 1 + rows);
        long host = plus(times(4, rowFloats), times(4, batch, k), times(PER_POSITION + 4 * k, batch));
        long largest = Math.max(times(batch, rows, vocab), times(4, batch));
        long device = plus(times(4, rowFloats), times(4, batch, k), times(40, batch));
        return new Need(host, largest, device, times(4, batch, rows, vocab));
    }

    /**
     * {@code gpu conformance}: P positions (each with rows of its own, kept for the comparison with the reference)
     * plus the batch made of them: twice the rows on the host.
     */
    public static Need conformance(long positions, long vocab, long k, boolean perDraftRows) {
        Need b = bench(positions, vocab, k, perDraftRows);
        long rows = perDraftRows ? k : 1;
        long own = plus(times(4, positions, vocab, 1 + rows), times(PER_POSITION, positions));
        return new Need(plus(b.hostBytes(), own), b.largestArray(), b.deviceBytes(), b.largestBuffer());
    }

    /**
     * Chain mode: B requests of G positions. The host keeps one set of G + 1 row pairs shared by every request
     * ({@link ChainWorkload#shared}); the device holds every request's own copy ([B, G + 1, V] and [B, G, V] floats),
     * so the kernel reads as many distinct bytes as with distinct rows.
     */
    public static Need chain(long requests, long g, long vocab) {
        long host = plus(times(4, 2 * g + 1, vocab), times(4, requests, 2 * g + 1), times(PER_POSITION, requests));
        long largest = Math.max(times(g + 1, vocab), times(requests, g + 1));
        long target = times(4, requests, g + 1, vocab);
        long device = plus(target, times(4, requests, g, vocab), times(4, requests, 2 * g + 1), times(16, requests));
        return new Need(host, largest, device, target);
    }

    /** Why {@code need} does not fit {@code budget}, or empty when it fits. */
    public static Optional<String> refusal(Need need, Budget budget) {
        if (need.largestArray() > MAX_ARRAY) {
            return Optional.of(String.format(Locale.ROOT, "it needs a Java array of %s elements, above the limit of"
                + " %d (about %s of host memory in all)", count(need.largestArray()), MAX_ARRAY,
                bytes(need.hostBytes())));
        }
        if (need.hostBytes() > budget.hostBytes()) {
            return Optional.of(String.format(Locale.ROOT, "it needs about %s of host memory, and the JVM has %s free"
                + " (raise it with -Xmx)", bytes(need.hostBytes()), bytes(budget.hostBytes())));
        }
        if (need.largestBuffer() > budget.maxBuffer()) {
            return Optional.of(String.format(Locale.ROOT, "it needs a device buffer of %s, and the device allocates"
                + " at most %s in one buffer", bytes(need.largestBuffer()), bytes(budget.maxBuffer())));
        }
        if (need.deviceBytes() > budget.deviceBytes()) {
            return Optional.of(String.format(Locale.ROOT, "it needs about %s of device memory, and the device has %s",
                bytes(need.deviceBytes()), bytes(budget.deviceBytes())));
        }
        return Optional.empty();
    }

    /**
     * The largest n in [1, hi] whose need fits (the need growing with n), or 0 when even 1 does not.
     */
    public static long largestFitting(LongFunction<Need> need, Budget budget, long hi) {
        if (refusal(need.apply(1), budget).isPresent()) {
            return 0;
        }
        long lo = 1;
        while (lo < hi) {
            long mid = lo + (hi - lo + 1) / 2;
            if (refusal(need.apply(mid), budget).isPresent()) {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    /** "about 1.2 GB of host memory and 2.4 GB of device memory". */
    public static String describe(Need need) {
        return "about " + bytes(need.hostBytes()) + " of host memory and " + bytes(need.deviceBytes())
            + " of device memory";
    }

    /** "1.5 GB", "12.0 MB", "more than 9 EB". */
    static String bytes(long b) {
        if (b == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = b;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? b + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String count(long n) {
        return n == Long.MAX_VALUE ? "more than 9.2e18" : String.format(Locale.ROOT, "%d", n);
    }
}
