package org.specverify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.audit.io.InstanceWriter;
import org.specverify.properties.exhaustive.ExhaustiveCheck;
import org.specverify.properties.exhaustive.Grid;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code specverify verify}: exhaustive small-scope checking ({@link ExhaustiveCheck}). Every (p, q) on the 1/N grid
 * for the vocabularies and K asked, every scheme, exact.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every scheme exactly on every (p, q) whose masses are multiples of 1/N, one shared draft"
        + " law, for each |V| and K asked: is the output law exactly p? A scheme that does not claim losslessness is"
        + " reported with its counterexample and does not fail the run.",
        "With --compare-to ID, also report where a scheme (lossless there, as is ID) accepts strictly less than ID."},
    footer = {"", "Counterexamples are shrunk (fewer tokens, smaller K, smaller denominators)",
        "and printed as instance JSON that 'specverify audit --instance FILE' reads.", "",
        "The size is decided before the work: a run above --max-checks instance-scheme",
        "checks or --max-tuples draft tuples (each scheme's draft process on each q),",
        "or with an instance beyond the exact enumerator's limit, is refused (exit 2);",
        "too large is never reported as a failed check.", "",
        "--level sequence checks the sequence schemes the same way: every order-0",
        "and order-1 model pair of the grid, each gamma, as a chain and as trees;",
        "a counterexample is shrunk (shorter gamma, smaller V, fewer prefixes with",
        "keys, simpler fractions) and printed as the sequence instance JSON that",
        "'specverify audit --instance FILE' reads.", "",
        "Exit codes: 0 every lossless claim holds (and, with --compare-to, no scheme",
        "accepts less); 1 a lossless claim fails, a scheme fails to run, or (with",
        "--compare-to) a scheme accepts less; 2 bad input, usage, or a run too large;",
        "3 internal error."})
final class VerifyCommand implements Callable<Integer> {
    /** The largest number of instance-scheme checks one run takes without --max-checks. */
    static final long DEFAULT_MAX_CHECKS = ExhaustiveCheck.Limits.DEFAULT.maxChecks();

    /** The largest number of draft tuples one run enumerates without --max-tuples. */
    static final long DEFAULT_MAX_TUPLES = ExhaustiveCheck.Limits.DEFAULT.maxTuples();

    private final Cli.Context context;

    @Spec
    CommandSpec spec;

    @Option(names = "--scheme", paramLabel = "IDS", arity = "1..*", split = ",",
        description = "Check only these schemes (default: all, plugins included).")
    List<String> schemeIds = new ArrayList<>();

    @Option(names = "--vocab", paramLabel = "V", split = ",",
        description = "Vocabulary sizes (comma-separated; default: 2,3,4).")
    List<Integer> vocabs = new ArrayList<>(List.of(2, 3, 4));

    @Option(names = "--k", paramLabel = "K", split = ",", description = "Numbers of drafts (default: 1,2,3).")
    List<Integer> ks = new ArrayList<>(List.of(1, 2, 3));

    @Option(names = "--grid", paramLabel = "N", description = "Masses are multiples of 1/N (default: ${DEFAULT-VALUE}).")
    int grid = 4;

    @Option(names = "--compare-to", paramLabel = "ID",
        description = "Also report where each scheme accepts strictly less than this one.")
    String compareTo;

    @Option(names = "--threads", paramLabel = "T",
        description = "Worker threads (default: the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-checks", paramLabel = "C",
        description = "Refuse runs above this many instance-scheme checks (default: ${DEFAULT-VALUE}).")
    long maxChecks = DEFAULT_MAX_CHECKS;

    @Option(names = "--max-tuples", paramLabel = "T",
        description = "Refuse runs that would enumerate more than this many draft tuples, all schemes together"
            + " (default: ${DEFAULT-VALUE}).")
    long maxTuples = DEFAULT_MAX_TUPLES;

    @picocli.CommandLine.Mixin
    Mixins.Json json = new Mixins.Json();

    @Option(names = "--uniform-model", paramLabel = "M", description = "The uniforms the verifier draws: ideal"
        + " (default), float32-closed-open, float32-open-closed, float32-open, bfloat16 or float16; under a discrete"
        + " model a check"
        + " passes when the law is exact or within the row's resolution bound, with no zero-target mass and no error"
        + " path.")
    String uniformModelId;

    @Mixin
    Plugins plugins = new Plugins();

    @Option(names = "--level", paramLabel = "LEVEL", description = "token (default): the token schemes on (p, q)"
        + " grids; sequence: the sequence schemes on every order-0 and order-1 target and draft model of the grid"
        + " (defaults then --vocab 2, --grid 2, --gamma 1,2, --order 0,1, --max-checks "
        + "20000 instances), each drafted as a chain and as [2, 1, ...] trees.")
    String level = "token";

    @Option(names = "--gamma", paramLabel = "G", split = ",",
        description = "With --level sequence: drafted depths (comma-separated, 1..4; default: 1,2).")
    List<Integer> gammas = new ArrayList<>(List.of(1, 2));

    @Option(names = "--order", paramLabel = "O", split = ",",
        description = "With --level sequence: model orders, 0 (one law after every prefix) or 1 (a law after each"
            + " token; default: 0,1).")
    List<Integer> orders = new ArrayList<>(List.of(0, 1));

    VerifyCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (!level.equals("token") && !level.equals("sequence")) {
            throw new ParameterException(spec.commandLine(), "--level must be token or sequence, got '" + level + "'");
        }
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (level.equals("sequence")) {
            for (String tokenOnly : List.of("--k", "--compare-to", "--max-tuples", "--threads")) {
                if (parsed.hasMatchedOption(tokenOnly)) {
                    throw new ParameterException(spec.commandLine(), tokenOnly + " belongs to --level token");
                }
            }
            org.specverify.properties.exhaustive.SequenceExhaustiveCheck.Config sequenceConfig;
            try {
                sequenceConfig = new org.specverify.properties.exhaustive.SequenceExhaustiveCheck.Config(
                    parsed.hasMatchedOption("--vocab") ? vocabs : List.of(2), gammas, orders,
                    parsed.hasMatchedOption("--grid") ? grid : 2);
            } catch (org.specverify.reference.InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            return SequenceVerify.run(spec.commandLine().getOut(),
                plugins.extendSequence(plugins.extend(context.registry(), context), context), schemeIds, sequenceConfig,
                parsed.hasMatchedOption("--max-checks") ? maxChecks
                    : org.specverify.properties.exhaustive.SequenceExhaustiveCheck.Limits.DEFAULT.maxInstances(),
                json.json);
        }
        for (String sequenceOnly : List.of("--gamma", "--order")) {
            if (parsed.hasMatchedOption(sequenceOnly)) {
                throw new ParameterException(spec.commandLine(), sequenceOnly + " belongs to --level sequence");
            }
        }
        ExhaustiveCheck.Config config;
        ExhaustiveCheck.Limits limits;
        try {
            config = new ExhaustiveCheck.Config(vocabs, ks, grid, threads);
            limits = new ExhaustiveCheck.Limits(maxChecks, maxTuples);
        } catch (org.specverify.reference.InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        org.specverify.reference.random.UniformModel model;
        try {
            model = uniformModelId == null ? org.specverify.reference.random.UniformModel.IDEAL
                : org.specverify.reference.random.UniformModel.of(uniformModelId);
        } catch (org.specverify.reference.InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), "--uniform-model: " + e.getMessage());
        }
        Schemes registry = plugins.extend(context.registry(), context);
        List<Scheme> schemes = select(registry);
        Scheme reference = null;
        if (compareTo != null) {
            try {
                reference = registry.get(compareTo);
            } catch (org.specverify.reference.InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--compare-to: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        // refuses a run too large (TooLargeException) before any work
        ExhaustiveCheck.Result r = ExhaustiveCheck.run(config, schemes, reference, null, limits, model);
        long acceptsLess = 0;
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            acceptsLess += s.scheme == reference ? 0 : s.acceptsLess();
        }
        if (json.json) {
            ObjectNode root = toJson(r, config);
            if (model.discrete()) {
                root.put("uniformModel", model.id());
                root.withArray("schemes").forEach(o -> ((ObjectNode) o).put("resolutionBound", Fractions.format(
                    r.schemes().stream().filter(x -> x.scheme.id().equals(o.get("id").asText())).findFirst()
                        .orElseThrow().resolutionBound())));
            }
            out.println(Json.PRETTY.writeValueAsString(root));
        } else {
            if (model.discrete()) {
                out.println("uniform model " + model.id() + ": a check passes when the law is exact or within its"
                    + " row's resolution bound, with no zero-target mass and no error path");
            }
            printTable(out, r, config);
        }
        out.flush();
        return r.failures() > 0 || r.errors() > 0 || (reference != null && acceptsLess > 0)
            ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private List<Scheme> select(Schemes registry) {
        if (schemeIds.isEmpty()) {
            return registry.all();
        }
        Set<String> ids = new LinkedHashSet<>(schemeIds);
        List<Scheme> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(registry.get(id.trim()));
            } catch (org.specverify.reference.InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), "--scheme: " + e.getMessage());
            }
        }
        return out;
    }

    static ObjectNode toJson(ExhaustiveCheck.Result r, ExhaustiveCheck.Config c) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("instances", r.instances());
        root.put("checks", r.checks());
        root.put("failures", r.failures());
        root.put("errors", r.errors());
        ArrayNode v = root.putArray("vocab");
        c.vocabs().forEach(v::add);
        ArrayNode k = root.putArray("k");
        c.ks().forEach(k::add);
        root.put("grid", c.grid());
        root.put("threads", c.threads());
        root.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        root.put("checksPerSecond", Math.round(r.checksPerSecond()));
        if (r.compareTo() == null) {
            root.putNull("compareTo");
        } else {
            root.put("compareTo", r.compareTo().id());
        }
        ArrayNode schemes = root.putArray("schemes");
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            ObjectNode o = schemes.addObject();
            o.put("id", s.scheme.id());
            o.put("claimsLossless", s.scheme.claimsLossless());
            o.put("lossless", s.lossless());
            o.put("checked", s.checked());
            o.put("failed", s.failed());
            o.put("notApplicable", s.notApplicable());
            if (s.counterexample().isPresent()) {
                o.set("counterexample", Json.MAPPER.readTree(InstanceWriter.json(s.counterexample().get())));
            } else {
                o.putNull("counterexample");
            }
            o.put("maxLawError", Fractions.format(s.maxLawError()));
            if (s.error() != null) {
                o.put("error", s.error());
                o.put("errors", s.errors());
                o.set("errorInstance", Json.MAPPER.readTree(InstanceWriter.json(s.errorInstance().get())));
            }
            if (r.compareTo() != null && s.scheme != r.compareTo()) {
                o.put("acceptsLess", s.acceptsLess());
                if (s.acceptsLessExample().isPresent()) {
                    ObjectNode ex = o.putObject("acceptsLessExample");
                    ex.set("instance", Json.MAPPER.readTree(InstanceWriter.json(s.acceptsLessExample().get())));
                    ex.put("acceptance", Fractions.format(s.acceptsLessMine()));
                    ex.put("compareAcceptance", Fractions.format(s.acceptsLessTheirs()));
                }
            }
        }
        return root;
    }

    private static void printTable(PrintWriter out, ExhaustiveCheck.Result r, ExhaustiveCheck.Config c) {
        out.printf(Locale.ROOT, "verify: every (p, q) on the 1/%d grid, |V| in %s, K in %s: %d instances, %d checks"
            + " in %.1f s (%,d checks/s, %d threads)%n%n", c.grid(), c.vocabs(), c.ks(), r.instances(), r.checks(),
            r.seconds(), Math.round(r.checksPerSecond()), c.threads());
        TextTable t = new TextTable("scheme", "claims lossless", "checked", "not lossless", "max law error",
            "verdict");
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            String verdict = s.error() != null ? "ERROR"
                : s.lossless() ? (s.checked() == 0 ? "not applicable" : "lossless")
                : s.scheme.claimsLossless() ? "FAILS" : "lossy (by design)";
            t.row(s.scheme.id(), s.scheme.claimsLossless() ? "yes" : "no", Long.toString(s.checked()),
                Long.toString(s.failed()), Fractions.format(s.maxLawError()), verdict);
        }
        out.print(t.render());
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            if (s.error() != null) {
                out.println();
                out.println(s.scheme.id() + " failed to run on " + s.errors() + " instance" + (s.errors() == 1 ? "" : "s")
                    + "; the first in grid order threw " + s.error() + ", on:");
                out.println("  " + InstanceWriter.json(s.errorInstance().get()));
            }
            if (s.counterexample().isPresent()) {
                Instance ce = s.counterexample().get();
                out.println();
                out.println("counterexample for " + s.scheme.id()
                    + (s.scheme.claimsLossless() ? "" : " (lossy by design)") + ", shrunk:");
                out.println("  " + InstanceWriter.json(ce));
            }
        }
        if (r.compareTo() != null) {
            out.println();
            for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
                if (s.scheme == r.compareTo()) {
                    continue;
                }
                if (s.acceptsLess() == 0) {
                    out.println(s.scheme.id() + " never accepts less than " + r.compareTo().id()
                        + " where both are lossless");
                } else {
                    out.println(s.scheme.id() + " accepts less than " + r.compareTo().id() + " on " + s.acceptsLess()
                        + " instances; shrunk (alpha " + Fractions.format(s.acceptsLessMine()) + " vs "
                        + Fractions.format(s.acceptsLessTheirs()) + "):");
                    out.println("  " + InstanceWriter.json(s.acceptsLessExample().get()));
                }
            }
        }
        out.println();
        if (r.errors() > 0) {
            out.println(r.errors() + " checks threw (schemes that fail to run; not a verdict on losslessness)");
        }
        out.println(r.failures() == 0 ? (r.errors() == 0 ? "every lossless claim holds"
            : "no lossless claim fails where the schemes ran") : r.failures()
            + " failed checks of schemes that claim losslessness");
    }

    /** For the README: the grid sizes. */
    static long lawsOnGrid(int vocab, int n) {
        return Grid.count(vocab, n);
    }
}
