package org.specverify.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditResult;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.OptimalityExtension;
import org.specverify.audit.SchemeAudit;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench exact-audit}: the exact audit of one seeded random instance (rational laws with integer weights 0..9
 * over |V| tokens) with every scheme of the registry and the optimality extension, timed per scheme, with the peak heap
 * of the run. Goals: |V| = 100, K = 2 and |V| = 20, K = 4 each in under 30 s and 1 GB of heap.
 */
@Command(name = "exact-audit", mixinStandardHelpOptions = true,
    description = {"Time the exact audit of one seeded random instance with every scheme (exact laws, optima, gaps)"
        + " and report the peak heap. Goals: --vocab 100 --k 2 and --vocab 20 --k 4 each under 30 s and 1 GB.",
        "", "Example: specverify bench exact-audit --vocab 20 --k 4"})
final class ExactAuditBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    Mixins.Size size = new Mixins.Size(20, 2, 1000, 4, 1, 8);

    @picocli.CommandLine.Mixin
    Mixins.Seed seed = new Mixins.Seed(7);

    @Option(names = "--max-seconds", paramLabel = "S", description = "Per-row time limit of the audit"
        + " (default: ${DEFAULT-VALUE}).")
    double maxSeconds = 600;

    @picocli.CommandLine.Mixin
    Mixins.Json json = new Mixins.Json();

    /** A law with integer weights 0..9 (at least one positive), exact. */
    static Distribution law(SplittableRandom r, int n) {
        long[] w = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = r.nextInt(10);
            total += w[i];
        }
        if (total == 0) {
            w[0] = 1;
            total = 1;
        }
        BigFraction[] m = new BigFraction[n];
        for (int i = 0; i < n; i++) {
            m[i] = BigFraction.of(w[i], total);
        }
        return Distribution.of(m);
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        size.check(cl);
        int vocab = size.vocab;
        int k = size.k;
        long seed = this.seed.seed;
        SplittableRandom r = new SplittableRandom(seed);
        Instance inst = Instance.identical("bench V=" + vocab + " K=" + k, law(r, vocab), law(r, vocab), k);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        List<String> lines = new ArrayList<>();
        StringBuilder perScheme = new StringBuilder();
        long start = System.nanoTime();
        boolean ok = true;
        for (Scheme s : OptimalSchemes.registry().all()) {
            long t0 = System.nanoTime();
            AuditResult res = Audit.of(List.of(s)).with(new OptimalityExtension()).withMaxSeconds(maxSeconds)
                .run(List.of(inst));
            double secs = (System.nanoTime() - t0) / 1e9;
            SchemeAudit row = res.instances().get(0).schemes().get(0);
            ok &= !row.verdict().isFailure();
            lines.add(String.format(Locale.ROOT, "  %-15s %8.2f s  %s", s.id(), secs, row.verdict().label()));
            perScheme.append(perScheme.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                "{\"scheme\": \"%s\", \"seconds\": %.3f, \"verdict\": \"%s\"}", s.id(), secs, row.verdict().id()));
        }
        double total = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        PrintWriter out = cl.getOut();
        if (json.json) {
            out.printf(Locale.ROOT, "{\"vocab\": %d, \"k\": %d, \"seed\": %d, \"totalSeconds\": %.3f,"
                    + " \"peakHeapBytes\": %d, \"maxHeapBytes\": %d, \"perScheme\": [%s], \"machine\": \"%s\"}%n",
                vocab, k, seed, total, peak, Runtime.getRuntime().maxMemory(), perScheme, Machine.describe());
        } else {
            out.printf(Locale.ROOT, "exact audit of one random instance, V = %d, K = %d, seed %d (%s)%n", vocab, k,
                seed, Machine.describe());
            lines.forEach(out::println);
            out.printf(Locale.ROOT, "  total %.2f s; peak heap %.0f MB (sum of pool peaks) of %.0f MB max%n", total,
                peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        }
        out.flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
