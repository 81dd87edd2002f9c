package org.specverify.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.gpu.BatchVerifier;
import org.specverify.gpu.BatchVerifier.KernelScheme;
import org.specverify.gpu.Conformance;
import org.specverify.gpu.GpuBench;
import org.specverify.gpu.GpuLimits;
import org.specverify.gpu.LawSampling;
import org.specverify.gpu.OpenCl;
import org.specverify.gpu.Workloads;
import org.specverify.properties.stats.GoodnessOfFit;
import org.specverify.reference.bench.LlmLikeRows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code specverify gpu}: the OpenCL batch kernels: devices, conformance against the reference, benchmarks. */
@Command(name = "gpu", mixinStandardHelpOptions = true,
    description = "OpenCL batch verification kernels: list devices, check them against the reference, time them.",
    subcommands = {GpuCommand.Devices.class, GpuCommand.ConformanceCommand.class, GpuCommand.Bench.class})
final class GpuCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("error: missing gpu command (devices, conformance or bench)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.BAD_INPUT;
    }

    /**
     * The device of --device; no OpenCL device is reported as bad input (exit code 2) with the reason and the install
     * hint, an unknown device as a usage error listing the devices.
     */
    static OpenCl.Device device(CommandLine cl, String spec) {
        try {
            return OpenCl.choose(spec);
        } catch (IllegalStateException e) {
            throw new org.specverify.reference.InvalidInputException(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--device: " + e.getMessage());
        }
    }

    static KernelScheme scheme(CommandLine cl, String id) {
        try {
            return KernelScheme.of(id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--scheme: " + e.getMessage());
        }
    }

    static int kFor(CommandLine cl, KernelScheme s, int k) {
        if (s.minK() == s.maxK()) {
            return s.minK();
        }
        BenchCommand.requireAtLeast(cl, "--k", k, s.minK());
        BenchCommand.requireAtMost(cl, "--k", k, s.maxK());
        return k;
    }

    /**
     * Refuses a run whose arrays or memory cannot fit, before anything is allocated (exit code 2): the option, its
     * value, the estimate, the limit and the largest value that fits.
     *
     * @param option the option the size grows with, as the user wrote it
     * @param value its value
     * @param max the largest value the option takes whatever the memory
     * @param need what the run needs as a function of the option's value
     */
    static void requireFits(CommandLine cl, String option, long value, long max, GpuLimits.Budget budget,
                            java.util.function.LongFunction<GpuLimits.Need> need) {
        if (value > max) {
            throw new ParameterException(cl, option + " must be at most " + max + ", got " + value + " (it would need "
                + GpuLimits.describe(need.apply(value)) + ")");
        }
        GpuLimits.refusal(need.apply(value), budget).ifPresent(why -> {
            long fits = GpuLimits.largestFitting(need, budget, Math.min(value, max));
            throw new ParameterException(cl, option + " " + value + " does not fit: " + why + "; with the other"
                + " options as given, the largest " + option + " that fits is " + fits);
        });
    }

    /** {@code gpu devices}. */
    @Command(name = "devices", mixinStandardHelpOptions = true, description = "List the OpenCL devices.")
    static final class Devices implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            OpenCl.Probe p = OpenCl.probe();
            if (!p.available()) {
                spec.commandLine().getErr().println("error: no OpenCL device: " + p.unavailableReason());
                return ExitCodes.BAD_INPUT;
            }
            OpenCl.Device def = OpenCl.choose(null);
            for (OpenCl.Device d : p.devices()) {
                out.println((d.equals(def) ? "* " : "  ") + d.name() + " [" + d.type() + "] platform: " + d.platform());
            }
            out.println("(* the default device; choose another with --device pocl, nvidia or part of its name)");
            return ExitCodes.OK;
        }
    }

    /** {@code gpu conformance}. */
    @Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run the kernel on LLM-like positions and edge rows and compare every output with the"
            + " reference's decision on the same float32 rows and uniforms; then, at V = 8, a G-test of kernel samples"
            + " against the exact law under the kernel's own uniform grid and the kernel run at the ends of every box of"
            + " that grid's exact partition (its law exactly). Exit code 1 on an unexplained mismatch, a rejected G-test"
            + " or a grid point where the kernel decides otherwise.",
            "", "Example: specverify gpu conformance --device pocl --scheme rrs --vocab 32000 --k 4 --json"})
    static final class ConformanceCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Mixins.Device device = new Mixins.Device();

        @Option(names = "--scheme", defaultValue = "rrs",
            description = "sd, rrs, rrs-wor, greedy, deterministic, kseq or all; or a sequence scheme: block,"
                + " tree-rrs, tree-rrs-wor, tree-deterministic (default: ${DEFAULT-VALUE}; which schemes have a"
                + " kernel, and why the others have none: schemes --json).")
        String scheme;

        @Option(names = "--vocab", defaultValue = "1000", description = "V (default: ${DEFAULT-VALUE}).")
        int vocab;

        @Option(names = "--k", defaultValue = "2", description = "drafts per position (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--positions", defaultValue = "64",
            description = "LLM-like positions besides the edge rows, 1.." + GpuLimits.MAX_CONFORMANCE_POSITIONS
                + " (default: ${DEFAULT-VALUE}).")
        int positions;

        @Option(names = "--per-draft", description = "rrs: one draft law per draft.")
        boolean perDraft;

        @Option(names = "--samples", defaultValue = "100000",
            description = "samples of the G-test (default: ${DEFAULT-VALUE}).")
        int samples;

        @picocli.CommandLine.Mixin
        Mixins.ChainShape drafted = new Mixins.ChainShape();

        @picocli.CommandLine.Mixin
        Mixins.Json json = new Mixins.Json();

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            if (GpuSequenceRun.isSequence(scheme)) {
                return GpuSequenceRun.conformance(cl, device.device, scheme, vocab, positions, drafted.gamma,
                    drafted.shape, json.json);
            }
            BenchCommand.requireAtLeast(cl, "--vocab", vocab, 2);
            BenchCommand.requireAtMost(cl, "--vocab", vocab, BenchCommand.MAX_ROW_VOCAB);
            BenchCommand.requireAtLeast(cl, "--positions", positions, 1);
            BenchCommand.requireAtLeast(cl, "--samples", samples, 100);
            List<KernelScheme> schemes = new ArrayList<>();
            if (scheme.equals("all")) {
                schemes.addAll(List.of(KernelScheme.values()));
            } else {
                schemes.add(scheme(cl, scheme));
            }
            if (perDraft && (schemes.size() != 1 || !schemes.get(0).perDraftRows())) {
                throw new ParameterException(cl, "--per-draft: one draft law per draft is supported by rrs only");
            }
            int maxK = 1;
            for (KernelScheme s : schemes) {
                maxK = Math.max(maxK, kFor(cl, s, k));
            }
            // the positions plus the edge rows, at the largest K of the run, before anything is allocated
            long kk0 = maxK;
            GpuLimits.Budget hostOnly = GpuLimits.Budget.hostOnly();
            requireFits(cl, "--positions", positions, GpuLimits.MAX_CONFORMANCE_POSITIONS, hostOnly,
                n -> GpuLimits.conformance(n + Workloads.Edge.values().length, vocab, kk0, perDraft));
            OpenCl.Device d = device(cl, device.device);
            requireFits(cl, "--positions", positions, GpuLimits.MAX_CONFORMANCE_POSITIONS, GpuLimits.Budget.of(d),
                n -> GpuLimits.conformance(n + Workloads.Edge.values().length, vocab, kk0, perDraft));
            PrintWriter out = cl.getOut();
            boolean failed = false;
            try (BatchVerifier v = new BatchVerifier(d)) {
                for (KernelScheme s : schemes) {
                    int kk = kFor(cl, s, k);
                    List<Conformance.Position> ps = new ArrayList<>(Workloads.llmLike(s, vocab, kk, perDraft,
                        positions, 20_261_202L));
                    ps.addAll(Workloads.edges(s, vocab, kk, perDraft, 20_261_202L));
                    BatchVerifier.Philox u = new BatchVerifier.Philox(20_261_202L, 0);
                    BatchVerifier.Result r = v.verify(Conformance.batch(s, vocab, kk, perDraft, ps), u);
                    Conformance.Report rep = Conformance.compare(d.toString(), s, kk, perDraft, ps, u, r);
                    int ks = Math.min(kk, 3);
                    LlmLikeRows rows = LlmLikeRows.generate(4242, 8, perDraft ? ks : 1);
                    float[][] q = new float[perDraft ? ks : 1][];
                    for (int i = 0; i < q.length; i++) {
                        q[i] = rows.draft(i);
                    }
                    long[] counts = LawSampling.counts(v, s, ks, perDraft, rows.target(), q, samples, 777);
                    GoodnessOfFit.Result g = GoodnessOfFit.gTest(LawSampling.exactLaw(s, ks, perDraft, rows.target(),
                        q, v.uniformModel()), counts, null, 1e-4);
                    Conformance.GridLaw grid = Conformance.gridLaw(v, s, ks, perDraft, rows.target(), q);
                    failed |= !rep.passed() || g.rejected() || !grid.passed();
                    if (json.json) {
                        out.println(String.format(Locale.ROOT, "{\"device\": %s, \"scheme\": \"%s\", \"vocab\": %d,"
                                + " \"k\": %d, \"positions\": %d, \"mismatches\": %d, \"excusedNearTies\": %d,"
                                + " \"certified\": %d, \"errorStatuses\": %d, \"residualDraws\": %d, \"statistical\":"
                                + " {\"vocab\": 8, \"k\": %d, \"samples\": %d, \"pValue\": %.6g, \"detectableBias\":"
                                + " %.6g, \"rejected\": %s}, \"exactLaw\": {\"vocab\": 8, \"k\": %d,"
                                + " \"uniformModel\": \"%s\", \"resolutionBound\": \"%s\", \"referenceVerdict\":"
                                + " \"%s\", \"cells\": %d, \"probes\": %d, \"mismatches\": %d, \"passed\": %s}}",
                            Json.MAPPER.valueToTree(d.toString()), s.id(), vocab, kk,
                            rep.positions(), rep.mismatches(), rep.excusedNearTies(), rep.certified(),
                            rep.errorStatuses(), rep.residualDraws(), ks, samples, g.pValue(), g.detectableBias(),
                            g.rejected(), ks, grid.model().id(), grid.resolutionBound(), grid.referenceVerdict(),
                            grid.cells(), grid.probes(), grid.mismatches(), grid.passed()));
                    } else {
                        out.println(rep);
                        out.println("  G-test at V = 8, K = " + ks + ": " + g);
                        out.println("  " + grid);
                    }
                }
            }
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    /** {@code gpu bench}. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the batch kernel: positions per second and effective bandwidth on the bytes it must"
            + " read, with the CPU certified path on the same workload; --chain G times chain-mode sd instead.",
            "", "Example: specverify gpu bench --device nvidia --scheme rrs --vocab 128256 --k 4 --batch 1024 --json"})
    static final class Bench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Mixins.Device device = new Mixins.Device();

        @Option(names = "--scheme", required = true, description = "sd, rrs, rrs-wor, greedy, deterministic or kseq;"
            + " or a sequence scheme: block, tree-rrs, tree-rrs-wor, tree-deterministic (--batch requests).")
        String scheme;

        @picocli.CommandLine.Mixin
        Mixins.ChainShape drafted = new Mixins.ChainShape();

        @Option(names = "--vocab", required = true, description = "V.")
        int vocab;

        @Option(names = "--k", defaultValue = "1", description = "drafts per position (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--batch", required = true, description = "B, positions (or requests with --chain).")
        int batch;

        @Option(names = "--per-draft", description = "rrs: one draft law per draft.")
        boolean perDraft;

        @Option(names = "--chain", defaultValue = "0",
            description = "sd only: chain mode with G positions per request, 1.." + GpuLimits.MAX_CHAIN + ".")
        int chain;

        @Option(names = "--repeats", defaultValue = "5", description = "timed repeats (default: ${DEFAULT-VALUE}).")
        int repeats;

        @Option(names = "--cpu-positions", defaultValue = "16",
            description = "positions timed on the CPU certified path (default: ${DEFAULT-VALUE}).")
        int cpuPositions;

        @picocli.CommandLine.Mixin
        Mixins.Json json = new Mixins.Json();

        @Override
        public Integer call() {
            CommandLine cl = spec.commandLine();
            if (GpuSequenceRun.isSequence(scheme)) {
                return GpuSequenceRun.bench(cl, device.device, scheme, vocab, batch, drafted.gamma, drafted.shape,
                    repeats, json.json);
            }
            KernelScheme s = scheme(cl, scheme);
            BenchCommand.requireAtLeast(cl, "--vocab", vocab, 2);
            BenchCommand.requireAtMost(cl, "--vocab", vocab, BenchCommand.MAX_ROW_VOCAB);
            BenchCommand.requireAtLeast(cl, "--batch", batch, 1);
            BenchCommand.requireAtLeast(cl, "--repeats", repeats, 1);
            BenchCommand.requireAtLeast(cl, "--cpu-positions", cpuPositions, 1);
            BenchCommand.requireAtLeast(cl, "--chain", chain, 0);
            int kk = kFor(cl, s, k);
            if (perDraft && !s.perDraftRows()) {
                throw new ParameterException(cl, "--per-draft: one draft law per draft is supported by rrs only");
            }
            if (chain != 0 && s != KernelScheme.SD) {
                throw new ParameterException(cl, "--chain: chain mode is single-draft sd only");
            }
            // sizes before anything is allocated: Java arrays and heap first, then the device's memory
            GpuLimits.Budget hostOnly = GpuLimits.Budget.hostOnly();
            if (chain > 0) {
                // one request first (its rows grow with --chain), then the batch of them
                requireFits(cl, "--chain", chain, GpuLimits.MAX_CHAIN, hostOnly, g -> GpuLimits.chain(1, g, vocab));
                requireFits(cl, "--batch", batch, Integer.MAX_VALUE, hostOnly,
                    n -> GpuLimits.chain(n, chain, vocab));
            } else {
                requireFits(cl, "--batch", batch, Integer.MAX_VALUE, hostOnly,
                    n -> GpuLimits.bench(n, vocab, kk, perDraft));
            }
            OpenCl.Device d = device(cl, device.device);
            GpuLimits.Budget budget = GpuLimits.Budget.of(d);
            if (chain > 0) {
                requireFits(cl, "--chain", chain, GpuLimits.MAX_CHAIN, budget, g -> GpuLimits.chain(1, g, vocab));
                requireFits(cl, "--batch", batch, Integer.MAX_VALUE, budget, n -> GpuLimits.chain(n, chain, vocab));
            } else {
                requireFits(cl, "--batch", batch, Integer.MAX_VALUE, budget,
                    n -> GpuLimits.bench(n, vocab, kk, perDraft));
            }
            PrintWriter out = cl.getOut();
            try (BatchVerifier v = new BatchVerifier(d)) {
                if (chain > 0) {
                    GpuBench.ChainNumbers n = GpuBench.chain(v, vocab, chain, batch, repeats, 7);
                    out.println(json.json ? n.toJson() : n.toString() + "; machine: " + Machine.describe());
                } else {
                    GpuBench.Numbers n = GpuBench.run(v, s, vocab, kk, batch, perDraft, repeats, cpuPositions, 7);
                    out.println(json.json ? n.toJson() : n.toString() + "; machine: " + Machine.describe());
                }
            }
            return ExitCodes.OK;
        }
    }
}
