package org.specverify.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.specverify.reference.numeric.Law;
import org.specverify.reference.scheme.CapabilityTable;
import org.specverify.reference.scheme.CapabilityTable.Entry;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * The report module's one table keyed by the scheme registry: for each scheme its short name (narrow table columns),
 * its closed form at LLM size ({@link PositionAudit} applies them in registry order) and its chart column (where the
 * studies draw it), each present or declared absent with the reason. {@link Studies}, {@link StudyReport} and the
 * command line's studies summary read their columns from here; the registry test in cli checks that every scheme of
 * the registry has a row.
 */
public final class ReportSchemes {
    /** The capability names of the rows. */
    public static final String SHORT_NAME = "short-name";
    public static final String CLOSED_FORM = "closed-form";
    public static final String CHART = "chart";

    /**
     * A scheme's closed form at LLM size: its figure on one position, in double arithmetic with a proved bound
     * ({@link FastAcceptance}).
     */
    public interface ClosedForm {
        /** The draft law its entries for K drafts of one draft law are reported under ({@link PositionAudit#IID}, ...). */
        String law();

        /** Its figure for K drafts of one draft law, or empty where it does not apply to this q and K. */
        Optional<PositionAudit.Value> oneLaw(PositionAudit.OneLaw at);

        /** Its figure for one draft law per draft (drafts from independent draft models), or empty where it has none. */
        default Optional<Figure> perDraftLaws(Law p, Law[] qs) {
            return Optional.empty();
        }

        /**
         * Whether the figure is the scheme's test acceptance (the probability that a draft passes its test) rather
         * than membership acceptance P(Y in drafts); the exact named points show the same quantity.
         */
        default boolean testAcceptance() {
            return false;
        }
    }

    /**
     * Where the studies draw a scheme (needs its closed form).
     *
     * @param simplexLabel the title of its chart over the |V| = 3 simplex, or null for none
     * @param curveLabel its curve in the acceptance-against-K charts and its column in the LLM summary, or null
     * @param colour its colour slot in line charts (fixed, so adding a scheme changes no other's colour; unused without
     *     a curve); slots 0 and 1 are the optima's
     * @param overview whether the overview table of the report has its column
     * @param overviewGap whether the overview table also has its gap to alpha*
     * @param gapCaption the caption of its chart of the gap to alpha* against K (which the command line's summary shows
     *     as a column too), or null for none
     */
    public record Chart(String simplexLabel, String curveLabel, int colour, boolean overview, boolean overviewGap,
                        String gapCaption) {
    }

    /**
     * One scheme's row.
     *
     * @param shortName the name in narrow columns
     * @param closedForm its closed form at LLM size
     * @param chart where the studies draw it
     */
    public record Row(Entry<String> shortName, Entry<ClosedForm> closedForm, Entry<Chart> chart)
        implements CapabilityTable.Row {
        @Override
        public Map<String, Entry<?>> capabilities() {
            Map<String, Entry<?>> m = new LinkedHashMap<>();
            m.put(SHORT_NAME, shortName);
            m.put(CLOSED_FORM, closedForm);
            m.put(CHART, chart);
            return m;
        }
    }

    private static final String ALPHA_STAR = "reaches alpha* with its optimal inputs: reported as the alpha* (iid)"
        + " entry, not as a scheme";

    /** The table. */
    public static final CapabilityTable<Row> TABLE = CapabilityTable.<Row>builder("report", SHORT_NAME, CLOSED_FORM,
            CHART)
        .put("sd", new Row(Entry.of("sd"), Entry.of(ClosedForms.SD),
            Entry.absent("K = 1 only, where it is rrs: drawn as rrs")))
        .put("rrs", new Row(Entry.of("rrs"), Entry.of(ClosedForms.RRS),
            Entry.of(new Chart("rrs (iid)", "rrs", 2, true, true,
                "How far rrs stays below the optimum of its own draft law, per draft family (kseq at K = 1 is sd,"
                    + " with no gap)."))))
        .put("rrs-wor", new Row(Entry.of("rrs-wor"), Entry.of(ClosedForms.RRS_WOR),
            Entry.of(new Chart("rrs-wor", "rrs-wor", 4, false, false, null))))
        .put("kseq", new Row(Entry.of("kseq"), Entry.of(ClosedForms.KSEQ),
            Entry.of(new Chart("kseq (test acceptance)", "kseq", 3, true, false,
                "The same for K-SEQ's test acceptance."))))
        .put("spechub", new Row(Entry.of("spechub"), Entry.of(ClosedForms.SPECHUB),
            Entry.of(new Chart("spechub (= alpha* of hub drafts)", null, 8, false, false, null))))
        .put("greedy", new Row(Entry.of("greedy"), Entry.of(ClosedForms.GREEDY),
            Entry.of(new Chart(null, "greedy", 5, true, false, null))))
        .put("deterministic", new Row(Entry.of("determ."), Entry.of(ClosedForms.DETERMINISTIC),
            Entry.of(new Chart(null, "deterministic top-K", 6, false, false, null))))
        .put("equality-match", new Row(Entry.of("eq-match"), Entry.of(ClosedForms.EQUALITY_MATCH),
            Entry.of(new Chart(null, "equality-match", 7, false, false, null))))
        .put("typical", new Row(Entry.of("typical"),
            Entry.absent("lossy by design, its acceptance depends on its thresholds: no closed form at LLM size"),
            Entry.absent("no closed form to draw")))
        .put("canonical-is", new Row(Entry.of("can-is"), Entry.absent(ALPHA_STAR), Entry.absent(ALPHA_STAR)))
        .put("ot-plan", new Row(Entry.of("ot-plan"), Entry.absent(ALPHA_STAR), Entry.absent(ALPHA_STAR)))
        .put("gumbel", new Row(Entry.of("gumbel"),
            Entry.absent("its match probability sum_x 1/sum_z max(p(z)/p(x), q(z)/q(x)) is O(|V|^2): not wired into the"
                + " per-position audit at LLM size"),
            Entry.absent("no closed form in the studies")))
        .put("gls", new Row(Entry.of("gls"),
            Entry.absent("no closed form known for K >= 2 (its exact law is an integral over |V|^K draft tuples)"),
            Entry.absent("no closed form to draw")))
        .build();

    private ReportSchemes() {
    }

    /** The short name of a scheme id: its row's, else the id itself (a plugin's scheme). */
    public static String shortName(String schemeId) {
        return TABLE.row(schemeId).flatMap(r -> r.shortName().value()).orElse(schemeId);
    }

    /** The closed form of a scheme id, empty when absent or without a row. */
    public static Optional<ClosedForm> closedForm(String schemeId) {
        return TABLE.row(schemeId).flatMap(r -> r.closedForm().value());
    }

    /** A scheme id with its closed form and chart column. */
    public record Column(String id, ClosedForm closedForm, Chart chart) {
        /** Its measurements' key, {@code quantity|law}. */
        public String key() {
            return id + "|" + closedForm.law();
        }
    }

    /** The schemes of the registry with a closed form, in registry order. */
    public static List<String> withClosedForm(Schemes registry) {
        List<String> out = new ArrayList<>();
        for (Scheme s : registry.all()) {
            if (closedForm(s.id()).isPresent()) {
                out.add(s.id());
            }
        }
        return out;
    }

    /** The reference registry's schemes with a closed form, in registry order (computed once). */
    static final List<String> REFERENCE_CLOSED_FORMS = List.copyOf(withClosedForm(Schemes.reference()));

    /** The schemes of the reference registry with a chart column, in registry order. */
    public static List<Column> charted() {
        List<Column> out = new ArrayList<>();
        for (Scheme s : Schemes.reference().all()) {
            TABLE.row(s.id()).ifPresent(r -> {
                if (r.closedForm().isPresent() && r.chart().isPresent()) {
                    out.add(new Column(s.id(), r.closedForm().value().orElseThrow(), r.chart().value().orElseThrow()));
                }
            });
        }
        return out;
    }

    /** The charted schemes with a curve in the acceptance-against-K charts, in colour order. */
    public static List<Column> curves() {
        List<Column> out = new ArrayList<>();
        for (Column c : charted()) {
            if (c.chart().curveLabel() != null) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt(c -> c.chart().colour()));
        return out;
    }
}
