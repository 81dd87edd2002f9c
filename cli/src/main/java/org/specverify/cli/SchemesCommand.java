package org.specverify.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.specverify.audit.ExitCodes;
import org.specverify.gpu.GpuSchemes;
import org.specverify.reference.scheme.CapabilityTable;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Schemes;
import org.specverify.report.ReportSchemes;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code specverify schemes}: the schemes the suite knows, with their draft process, K and lossless claim. */
@Command(name = "schemes", mixinStandardHelpOptions = true,
    description = "List the draft selection schemes (level token) and the sequence verifiers (level sequence): id,"
        + " draft process or the drafts verified, supported K, whether it claims to be lossless, the paper it comes"
        + " from, and each token scheme's capabilities (exact, certified, closed-form, chart, gpu; --json gives the"
        + " reason for each one absent).")
final class SchemesCommand implements Callable<Integer> {
    private final Cli.Context context;

    @Spec
    CommandSpec spec;

    static final class Format {
        @Option(names = "--json", description = "Print a JSON array of schemes instead of a table.")
        boolean json;

        @Option(names = "--markdown", description = "Print a Markdown table (the one in README.md).")
        boolean markdown;
    }

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Mixin
    Plugins plugins = new Plugins();

    /** The schemes listed: the registry with the --plugin schemes appended. */
    private Schemes registry() {
        return plugins.extend(context.registry(), context);
    }

    /** The sequence schemes listed: the reference's, with tree-&lt;id&gt; for the token schemes listed. */
    private SequenceSchemes sequenceRegistry() {
        return plugins.extendSequence(registry(), context);
    }

    /** The draft processes of the reference, as shown under the table. */
    static final Map<String, String> DRAFT_PROCESSES = draftProcesses();

    private static Map<String, String> draftProcesses() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("iid", "K drafts drawn independently from one draft law q (duplicates possible)");
        m.put("independent", "one draft law per draft model (the rows of \"drafts\")");
        m.put("without-replacement", "K distinct tokens: each drawn from q with the earlier ones removed");
        m.put("hub", "K = 2: x1 ~ q; x2 = argmax q, or a draw from q without it when x1 is the argmax");
        m.put("greedy", "the K-1 most likely tokens of q, plus one token drawn from the rest");
        m.put("deterministic", "the K most likely tokens of q, fixed (no sampling)");
        return m;
    }

    SchemesCommand(Cli.Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (format.json) {
            out.println(Json.PRETTY.writeValueAsString(json()));
        } else if (format.markdown) {
            out.print(markdown());
        } else {
            TextTable t = new TextTable("id", "level", "draft process", "supported K", "claims lossless", "paper");
            for (Scheme s : registry().all()) {
                t.row(s.id(), "token", s.draftProcess(), Scheme.describeK(s.minK(), s.maxK()),
                    s.claimsLossless() ? "yes" : "no", s.paper());
            }
            out.print(t.render());
            out.println();
            out.println("Sequence schemes (one verification step over a drafted chain or tree; audited on sequence"
                + " instances):");
            TextTable q = new TextTable("id", "level", "verifies", "claims lossless", "paper");
            for (SequenceScheme s : sequenceRegistry().all()) {
                q.row(s.id(), "sequence", s.appliesTo(), s.claimsLossless() ? "yes" : "no", s.paper());
            }
            out.print(q.render());
            out.println();
            out.println("Draft processes:");
            DRAFT_PROCESSES.forEach((id, what) -> out.printf("  %-20s %s%n", id, what));
            out.println();
            out.println("What each scheme does (lossless claims are checked by 'specverify audit'):");
            for (Scheme s : registry().all()) {
                out.printf("  %-15s %s%n", s.id(), s.description());
            }
            for (SequenceScheme s : sequenceRegistry().all()) {
                out.printf("  %-15s %s%n", s.id(), s.description());
            }
            out.println();
            out.println("Capabilities (why one is absent: --json):");
            for (Scheme s : context.registry().all()) {
                out.printf("  %-15s %s%n", s.id(), String.join(", ", capabilities(s)));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    ArrayNode json() {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Scheme s : registry().all()) {
            ObjectNode o = a.addObject();
            o.put("id", s.id());
            o.put("level", "token");
            o.put("draftProcess", s.draftProcess());
            o.put("supportedK", Scheme.describeK(s.minK(), s.maxK()));
            o.put("minK", s.minK());
            if (s.maxK() == Integer.MAX_VALUE) {
                o.putNull("maxK");
            } else {
                o.put("maxK", s.maxK());
            }
            o.put("claimsLossless", s.claimsLossless());
            o.put("paper", s.paper());
            o.put("description", s.description());
            o.put("shortName", ReportSchemes.shortName(s.id()));
            ArrayNode caps = o.putArray("capabilities");
            capabilities(s).forEach(caps::add);
            ObjectNode absent = o.putObject("absent");
            absent(s).forEach(absent::put);
        }
        for (SequenceScheme s : sequenceRegistry().all()) {
            ObjectNode o = a.addObject();
            o.put("id", s.id());
            o.put("level", "sequence");
            o.put("appliesTo", s.appliesTo());
            o.put("claimsLossless", s.claimsLossless());
            o.put("paper", s.paper());
            o.put("description", s.description());
        }
        return a;
    }

    /**
     * Every module's capability table, keyed by scheme id (the registry test checks each against the registry). A
     * module that adds something per scheme adds its table here.
     */
    static final List<CapabilityTable<?>> TABLES = List.of(ReportSchemes.TABLE, GpuSchemes.TABLE);

    /** The capabilities of the reference itself: exact enumeration for every scheme, certified with a program. */
    static final String EXACT = "exact";
    static final String CERTIFIED = "certified";

    /** The capabilities a scheme has, in order: the reference's, then each table's (its short name left out). */
    static List<String> capabilities(Scheme s) {
        List<String> out = new ArrayList<>();
        out.add(EXACT);
        if (s instanceof SchemeBase) {
            out.add(CERTIFIED);
        }
        for (CapabilityTable<?> t : TABLES) {
            for (String c : t.present(s.id())) {
                if (!c.equals(ReportSchemes.SHORT_NAME)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** The capabilities a scheme lacks, each with the reason its table declares. */
    static Map<String, String> absent(Scheme s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(s instanceof SchemeBase)) {
            out.put(CERTIFIED, "written directly against Scheme: only decide(drafts, chooser), no program for the"
                + " certified interpreter");
        }
        for (CapabilityTable<?> t : TABLES) {
            t.absent(s.id()).forEach((c, why) -> {
                if (!c.equals(ReportSchemes.SHORT_NAME)) {
                    out.put(c, why);
                }
            });
        }
        return out;
    }

    /** The Markdown table of README.md: id, paper, draft law, supported K, lossless. */
    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| id | level | draft law | supported K | lossless | paper |\n");
        sb.append("|---|---|---|---|---|---|\n");
        for (Scheme s : registry().all()) {
            sb.append("| `").append(s.id()).append("` | token | ")
                .append(markdownDraftLaw(s.draftProcess())).append(" | ")
                .append(Scheme.describeK(s.minK(), s.maxK())).append(" | ")
                .append(s.claimsLossless() ? "yes (claimed, checked)" : "no (lossy by design)").append(" | ")
                .append(s.paper().replace("|", "\\|")).append(" |\n");
        }
        for (SequenceScheme s : sequenceRegistry().all()) {
            sb.append("| `").append(s.id()).append("` | sequence | ")
                .append(s.appliesTo().replace("|", " or ")).append(" | any gamma | ")
                .append(s.claimsLossless() ? "yes (claimed, checked)" : "no (lossy by design)").append(" | ")
                .append(s.paper().replace("|", "\\|")).append(" |\n");
        }
        return sb.toString();
    }

    /** "iid|independent" reads as "iid or independent" in a Markdown cell. */
    static String markdownDraftLaw(String draftProcess) {
        return draftProcess.replace("|", " or ");
    }
}
