package org.specverify.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.SequenceAudit;
import org.specverify.audit.io.AnyInstanceReader;
import org.specverify.audit.io.SequenceInstanceWriter;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.report.AtomicFile;
import picocli.CommandLine.ParameterException;

/**
 * {@code specverify vectors --level sequence}: sequence cases for engine traces, in the sequence instance format
 * ({@code {"instances": [...]}}, each name a case id), read back by {@code specverify check}.
 */
final class SequenceVectors {
    /** The largest generated vocabulary: the check's stream test has V^(gamma+1) cells. */
    static final int MAX_VOCAB = 8;
    /** The largest generated gamma. */
    static final int MAX_GAMMA = 4;
    /** The most generated cases. */
    static final int MAX_COUNT = 1000;
    /** Default sizes of generated cases. */
    static final int DEFAULT_VOCAB = 3;
    static final int DEFAULT_GAMMA = 2;
    static final int DEFAULT_COUNT = 8;

    private SequenceVectors() {
    }

    static int write(VectorsCommand c) throws java.io.IOException {
        picocli.CommandLine cl = c.spec.commandLine();
        picocli.CommandLine.ParseResult parsed = cl.getParseResult();
        if (c.k != null) {
            throw new ParameterException(cl, "--k is for --level token: a sequence case drafts a chain or a tree"
                + " (see --gamma, --chains)");
        }
        SequenceScheme scheme = null;
        if (c.schemeId != null) {
            try {
                scheme = c.plugins.sequenceRegistry(c.context()).get(c.schemeId);
            } catch (InvalidInputException e) {
                throw new ParameterException(cl, "--scheme: " + e.getMessage() + " (at --level sequence, a sequence"
                    + " scheme)");
            }
        }
        boolean countGiven = parsed != null && parsed.hasMatchedOption("--count");
        boolean generate = c.vocab != null || c.gamma != null || countGiven;
        Path file = c.context().resolve(c.out);
        AtomicFile.checkWritable(file, "--out " + c.out);
        List<SequenceInstance> instances = new ArrayList<>();
        if (!generate) {
            for (SequenceAudit.Item item : AnyInstanceReader.builtinSequences()) {
                if (item instanceof SequenceAudit.Sequence s && keep(s.instance(), scheme, c.chains)) {
                    instances.add(s.instance());
                }
            }
        } else {
            int v = c.vocab == null ? DEFAULT_VOCAB : c.vocab;
            int g = c.gamma == null ? DEFAULT_GAMMA : c.gamma;
            int n = countGiven ? c.count : DEFAULT_COUNT;
            if (v < 2 || v > MAX_VOCAB) {
                throw new ParameterException(cl, "--vocab must be in 2.." + MAX_VOCAB + " at --level sequence (the"
                    + " check tests the law of gamma + 1 tokens, V^(gamma+1) cells), got " + v);
            }
            if (g < 1 || g > MAX_GAMMA) {
                throw new ParameterException(cl, "--gamma must be in 1.." + MAX_GAMMA + ", got " + g);
            }
            if (n < 1 || n > MAX_COUNT) {
                throw new ParameterException(cl, "--count must be in 1.." + MAX_COUNT + " at --level sequence, got "
                    + n);
            }
            instances = generated(v, g, n, scheme, c.chains, c.seed.seed);
        }
        if (instances.isEmpty()) {
            throw new InvalidInputException("no sequence case" + (scheme == null ? "" : " that " + scheme.id()
                + " applies to") + (c.chains ? " among the chains" : "") + (generate ? " at these sizes" : ""));
        }
        AtomicFile.writeString(file, SequenceInstanceWriter.json(instances));
        cl.getOut().println("wrote " + instances.size() + " sequence cases to " + c.out);
        return ExitCodes.OK;
    }

    private static boolean keep(SequenceInstance inst, SequenceScheme scheme, boolean chainsOnly) {
        return (!chainsOnly || inst.isChain()) && (scheme == null || scheme.notApplicable(inst).isEmpty());
    }

    private static List<SequenceInstance> generated(int v, int g, int n, SequenceScheme scheme, boolean chainsOnly,
                                                    long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        org.specverify.properties.gen.InstanceGenerators.Pick pick = (lo, hi) -> lo + rng.nextInt(hi - lo + 1);
        List<SequenceInstance> out = new ArrayList<>();
        for (int attempt = 0; out.size() < n && attempt < 1000 * n; attempt++) {
            SequenceInstance i = SequenceInstanceGenerators.build(pick, v, v, g, chainsOnly);
            if (i.gamma() != g || !keep(i, scheme, chainsOnly)) {
                continue;
            }
            String kind = i.isChain() ? "chain" : i.isDynamic() ? "dynamic" : "tree-" + i.siblings().id();
            String name = String.format(Locale.ROOT, "case-%d-v%d-g%d-%s", out.size(), v, g, kind);
            out.add(SequenceInstance.of(name, i.gamma(), i.target(), i.drafts(), i.isDynamic() ? null : i.shape(),
                i.siblings(), i.nodeBudget(), null));
        }
        return out;
    }
}
