package org.specverify.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.io.InstanceReader;
import org.specverify.properties.engine.Cases;
import org.specverify.properties.gen.InstanceGenerators;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.scheme.Scheme;
import org.specverify.report.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code specverify vectors}: test vectors for other engines, read back by {@code specverify check}. */
@Command(name = "vectors", mixinStandardHelpOptions = true,
    description = {"Write test vectors for another engine: {\"cases\": [{\"id\", \"target\", \"draft\" | \"drafts\","
        + " \"k\", \"draftProcess\"}]}, masses as exact fraction strings. Without --vocab and --k, the built-in"
        + " cases; with them, seeded generated cases of that size (zero-mass tokens, p = q, near-equal and disjoint"
        + " laws, tiny masses, ...). With --scheme, only cases it applies to, with its draft process.",
        "Run the engine on each case, write one JSON line per sample, {\"case\": id, \"output\": token, \"drafts\":"
            + " [...], \"engine\": \"name\"}, and check them with 'specverify check'.",
        "--level sequence writes sequence cases (chains and trees) in the sequence instance format instead: run the"
            + " engine's verification step on each and write one line per step, {\"case\": name, \"drafts\": [...],"
            + " \"emitted\": [...], \"accepted\": n, \"engine\": \"name\"} (\"tree\": {\"tokens\", \"parents\"}"
            + " for trees)."})
final class VectorsCommand implements Callable<Integer> {
    /** The largest generated vocabulary: the cases are exact rational laws, written whole. */
    static final int MAX_VOCAB = 65_536;
    /** The largest generated K. */
    static final int MAX_K = 64;
    /** The most generated cases. */
    static final int MAX_COUNT = 100_000;

    private final Cli.Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Where to write the vectors.")
    String out;

    @Option(names = "--scheme", paramLabel = "ID", description = "Only cases this scheme applies to, with its draft"
        + " process (default: iid drafts for one shared law, independent for one law per draft).")
    String schemeId;

    @Option(names = "--vocab", paramLabel = "V", description = "Generated cases with |V| = V.")
    Integer vocab;

    @Option(names = "--k", paramLabel = "K", description = "Generated cases with K drafts.")
    Integer k;

    @Option(names = "--count", paramLabel = "N", description = "Number of generated cases (default: ${DEFAULT-VALUE}).")
    int count = 8;

    @Option(names = "--level", paramLabel = "L", description = "token (default): token cases; sequence: sequence"
        + " cases (chains and trees, the sequence instance format) for engine traces, from the built-in sequence"
        + " cases or, with --vocab, --gamma or --count, generated ones; --scheme is then a sequence scheme.")
    String level = "token";

    @Option(names = "--gamma", paramLabel = "G", description = "With --level sequence: generated cases drafted to"
        + " depth G.")
    Integer gamma;

    @Option(names = "--chains", description = "With --level sequence: chains only (no trees).")
    boolean chains;

    @picocli.CommandLine.Mixin
    Mixins.Seed seed = new Mixins.Seed(1);

    @Mixin
    Plugins plugins = new Plugins();

    VectorsCommand(Cli.Context context) {
        this.context = context;
    }

    Cli.Context context() {
        return context;
    }

    @Override
    public Integer call() throws IOException {
        if (level.equals("sequence")) {
            return SequenceVectors.write(this);
        }
        if (!level.equals("token")) {
            throw new ParameterException(spec.commandLine(), "--level must be token or sequence, got '" + level + "'");
        }
        if (gamma != null || chains) {
            throw new ParameterException(spec.commandLine(), (gamma != null ? "--gamma" : "--chains")
                + " is for --level sequence (token cases have K drafts at one position: see --k)");
        }
        Scheme scheme = null;
        org.specverify.reference.scheme.Schemes registry = plugins.extend(context.registry(), context);
        if (schemeId != null) {
            try {
                scheme = registry.get(schemeId);
            } catch (InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--scheme: " + e.getMessage());
            }
        }
        Path file = context.resolve(out);
        AtomicFile.checkWritable(file, "--out " + out);
        List<Instance> instances;
        if (vocab == null && k == null) {
            instances = InstanceReader.builtin();
        } else {
            int v = vocab == null ? 4 : vocab;
            int kk = k == null ? (scheme == null ? 1 : Math.max(1, scheme.minK())) : k;
            if (v < 2 || v > MAX_VOCAB) {
                throw new ParameterException(spec.commandLine(), "--vocab must be in 2.." + MAX_VOCAB
                    + " (generated cases are exact rational laws, written whole), got " + v);
            }
            if (kk < 1 || kk > MAX_K) {
                throw new ParameterException(spec.commandLine(), "--k must be in 1.." + MAX_K + ", got " + kk);
            }
            if (count < 1 || count > MAX_COUNT) {
                throw new ParameterException(spec.commandLine(), "--count must be in 1.." + MAX_COUNT + ", got "
                    + count);
            }
            instances = generated(v, kk, scheme);
        }
        List<Cases.Case> cases = new ArrayList<>();
        for (Instance inst : instances) {
            if (scheme != null && scheme.notApplicable(inst).isPresent()) {
                continue;
            }
            String process = scheme != null ? scheme.bind(inst).draftProcess().id()
                : inst.identicalDrafts() ? "iid" : "independent";
            String id = "case-" + cases.size() + "-" + slug(inst.name());
            cases.add(new Cases.Case(id, inst, process));
        }
        if (cases.isEmpty()) {
            throw new InvalidInputException("no case" + (scheme == null ? "" : " that " + scheme.id() + " applies to")
                + " at these sizes");
        }
        AtomicFile.writeString(file, Cases.json(cases));
        spec.commandLine().getOut().println("wrote " + cases.size() + " cases to " + out);
        return ExitCodes.OK;
    }

    private List<Instance> generated(int v, int kk, Scheme scheme) {
        SplittableRandom rng = new SplittableRandom(seed.seed);
        InstanceGenerators.Pick pick = (lo, hi) -> lo + rng.nextInt(hi - lo + 1);
        List<Instance> out = new ArrayList<>();
        for (int attempt = 0; out.size() < count && attempt < 1000 * count; attempt++) {
            Instance i = InstanceGenerators.build(pick, v, v, kk, kk, true);
            if (scheme == null || scheme.notApplicable(i).isEmpty()) {
                String name = String.format(Locale.ROOT, "v%d-k%d-%d", v, kk, out.size());
                out.add(i.identicalDrafts() ? Instance.identical(name, i.target(), i.draft(), i.k())
                    : Instance.independent(name, i.target(), rows(i)));
            }
        }
        return out;
    }

    private static List<org.specverify.reference.Distribution> rows(Instance i) {
        List<org.specverify.reference.Distribution> rows = new ArrayList<>();
        for (int r = 0; r < i.k(); r++) {
            rows.add(i.draft(r));
        }
        return rows;
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "case" : s;
    }
}
