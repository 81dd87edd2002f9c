package org.specverify.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.specverify.audit.ExitCodes;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.GpuLimits;
import org.specverify.gpu.GpuSequenceBench;
import org.specverify.gpu.GpuSequenceSchemes;
import org.specverify.gpu.GpuSequenceSchemes.SequenceKernel;
import org.specverify.gpu.OpenCl;
import org.specverify.gpu.SequenceBatchVerifier;
import org.specverify.gpu.SequenceConformance;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The sequence-level side of {@code gpu conformance} and {@code gpu bench} ({@code --scheme block}, {@code tree-rrs},
 * {@code tree-rrs-wor}, {@code tree-deterministic}): the kernels of {@link SequenceBatchVerifier} on LLM-like requests,
 * compared with the sequence reference ({@link SequenceConformance}) or timed ({@link GpuSequenceBench}).
 */
final class GpuSequenceRun {
    /** The largest tree a command takes, in nodes. */
    static final int MAX_TREE_NODES = 256;

    private GpuSequenceRun() {
    }

    /** Whether --scheme names a sequence scheme (with or without a kernel). */
    static boolean isSequence(String scheme) {
        return GpuSequenceSchemes.hasRow(scheme);
    }

    static SequenceKernel kernel(CommandLine cl, String id) {
        try {
            return GpuSequenceSchemes.kernel(id);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "--scheme: " + e.getMessage());
        }
    }

    /** "2,2,1" as children per depth, each 1..MAX_CHILDREN, at most MAX_TREE_NODES nodes. */
    static int[] shape(CommandLine cl, String text) {
        String[] parts = text.split(",");
        int[] s = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                s[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(cl, "--shape: expected children per depth such as 2,2,1, got '" + text
                    + "'");
            }
            if (s[i] < 1 || s[i] > SequenceBatchVerifier.MAX_CHILDREN) {
                throw new ParameterException(cl, "--shape: depth " + (i + 1) + " has " + s[i] + " children; each depth"
                    + " takes 1.." + SequenceBatchVerifier.MAX_CHILDREN);
            }
        }
        if (GpuSequenceBench.nodes(s) > MAX_TREE_NODES) {
            throw new ParameterException(cl, "--shape " + text + " has " + GpuSequenceBench.nodes(s) + " nodes, more"
                + " than " + MAX_TREE_NODES);
        }
        return s;
    }

    private static void checkSizes(CommandLine cl, SequenceKernel k, int gamma, int[] shape, String option,
                                   long value, int vocab, OpenCl.Device d) {
        if (k == SequenceKernel.BLOCK) {
            BenchCommand.requireAtLeast(cl, "--gamma", gamma, 1);
            BenchCommand.requireAtMost(cl, "--gamma", gamma, SequenceBatchVerifier.MAX_GAMMA);
        }
        long rows = GpuSequenceBench.rowsPerRequest(k, gamma, shape);
        GpuLimits.Budget budget = d == null ? GpuLimits.Budget.hostOnly() : GpuLimits.Budget.of(d);
        GpuCommand.requireFits(cl, option, value, Integer.MAX_VALUE, budget,
            n -> GpuSequenceBench.need(n, rows, vocab));
    }

    /** {@code gpu conformance --scheme block|tree-...}: exit 1 on a mismatch. */
    static int conformance(CommandLine cl, String deviceSpec, String scheme, int vocab, int requests, int gamma,
                           String shapeText, boolean json) {
        SequenceKernel k = kernel(cl, scheme);
        BenchCommand.requireAtLeast(cl, "--vocab", vocab, 2);
        BenchCommand.requireAtMost(cl, "--vocab", vocab, BenchCommand.MAX_ROW_VOCAB);
        BenchCommand.requireAtLeast(cl, "--positions", requests, 1);
        int[] shape = k == SequenceKernel.BLOCK ? null : shape(cl, shapeText);
        checkSizes(cl, k, gamma, shape, "--positions", requests, vocab, null);
        OpenCl.Device d = GpuCommand.device(cl, deviceSpec);
        checkSizes(cl, k, gamma, shape, "--positions", requests, vocab, d);
        long seed = 20_261_207L;
        Philox u = new Philox(seed, 0);
        SequenceConformance.Report rep;
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            if (k == SequenceKernel.BLOCK) {
                List<SequenceConformance.Chain> cs = SequenceConformance.llmChains(requests, gamma, vocab, seed);
                rep = SequenceConformance.compareBlocks(d.toString(), cs, u,
                    v.block(SequenceConformance.blocks(cs), u));
            } else {
                List<SequenceConformance.Tree> ts = SequenceConformance.llmTrees(k.tree(), requests, shape, vocab,
                    seed);
                rep = SequenceConformance.compareTrees(d.toString(), k.tree(), ts, u,
                    v.tree(k.tree(), SequenceConformance.trees(ts), u));
            }
        }
        PrintWriter out = cl.getOut();
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"device\": %s, \"scheme\": \"%s\", \"vocab\": %d, \"gamma\": %d,"
                    + " \"shape\": %s, \"requests\": %d, \"mismatches\": %d, \"excusedNearTies\": %d,"
                    + " \"exactFallbacks\": %d, \"errorStatuses\": %d, \"acceptedTokens\": %d, \"passed\": %s}",
                Json.MAPPER.valueToTree(d.toString()), k.id(), vocab, k == SequenceKernel.BLOCK ? gamma
                    : shape.length, shape == null ? "null" : "\"" + shapeText.replace(" ", "") + "\"",
                rep.requests(), rep.mismatches(), rep.excusedNearTies(), rep.exactFallbacks(), rep.errorStatuses(),
                rep.acceptedTokens(), rep.passed()));
        } else {
            out.println(rep);
        }
        return rep.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** {@code gpu bench --scheme block|tree-...}. */
    static int bench(CommandLine cl, String deviceSpec, String scheme, int vocab, int requests, int gamma,
                     String shapeText, int repeats, boolean json) {
        SequenceKernel k = kernel(cl, scheme);
        BenchCommand.requireAtLeast(cl, "--vocab", vocab, 2);
        BenchCommand.requireAtMost(cl, "--vocab", vocab, BenchCommand.MAX_ROW_VOCAB);
        BenchCommand.requireAtLeast(cl, "--batch", requests, 1);
        BenchCommand.requireAtLeast(cl, "--repeats", repeats, 1);
        int[] shape = k == SequenceKernel.BLOCK ? null : shape(cl, shapeText);
        checkSizes(cl, k, gamma, shape, "--batch", requests, vocab, null);
        OpenCl.Device d = GpuCommand.device(cl, deviceSpec);
        checkSizes(cl, k, gamma, shape, "--batch", requests, vocab, d);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d)) {
            GpuSequenceBench.Numbers n = GpuSequenceBench.run(v, k, vocab, gamma, shape, requests, repeats, 7);
            cl.getOut().println(json ? n.toJson() : n + "; machine: " + Machine.describe());
        }
        return ExitCodes.OK;
    }
}
