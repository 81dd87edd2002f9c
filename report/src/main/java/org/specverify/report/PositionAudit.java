package org.specverify.report;

import java.util.ArrayList;
import java.util.List;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.numeric.Law;

/**
 * Everything the fast path reports for one position (one target law and its drafts): the acceptance of each scheme
 * with a closed form ({@link ReportSchemes}, in registry order), and the optimum α* of each draft law, as {@link Figure}s. Drafts come either as K draws of one
 * draft law ({@link #ofOneLaw}) or one draft law per draft ({@link #ofLaws}).
 */
public final class PositionAudit {
    /** The draft laws ("draft processes") the entries refer to. */
    public static final String IID = "iid";
    public static final String WITHOUT_REPLACEMENT = "without-replacement";
    public static final String INDEPENDENT = "independent";
    public static final String HUB = "hub";
    public static final String GREEDY = "greedy";
    public static final String DETERMINISTIC = "deterministic";
    /** The quantity name of an optimum. */
    public static final String OPTIMUM = "alpha*";

    /**
     * One reported number.
     *
     * @param quantity a scheme id, or {@link #OPTIMUM}
     * @param law the draft law it is for
     * @param figure the number
     * @param gap α* of the same law minus the figure (0 for an optimum), a double
     * @param note what the number is, when not plain membership acceptance ("" otherwise)
     */
    public record Entry(String quantity, String law, Figure figure, double gap, String note) {
    }

    /**
     * What a closed form sees of one position with K drafts of one draft law.
     *
     * @param p the target law
     * @param q the draft law
     * @param k K
     * @param order the ratio order of p and q ({@link FastAcceptance#ratioOrder})
     * @param iidOptimum α* for iid drafts
     * @param withoutReplacementOptimum α* for drafts without replacement, or null where not computed
     * @param sums the prefix sums of p and q in the ratio order, shared by α* and kseq
     * @param iid rrs, equality-match, greedy and deterministic from one set of passes over the tokens
     *     ({@link FastAcceptance#iidFigures}; greedy and deterministic null where their draft kinds do not apply), or
     *     null: each closed form then computes its own
     */
    public record OneLaw(Law p, Law q, int k, int[] order, Figure iidOptimum, Figure withoutReplacementOptimum,
                         RatioPrefixSums sums, FastAcceptance.IidFigures iid) {
    }

    /**
     * A closed form's figure on one position.
     *
     * @param figure the figure
     * @param optimum the α* its gap is taken to (the figure itself where it is an optimum; null: gap NaN)
     * @param note what the number is, when not plain membership acceptance ("" otherwise)
     */
    public record Value(Figure figure, Figure optimum, String note) {
    }

    private PositionAudit() {
    }

    /** K drafts of one draft law q: every applicable scheme, then α* for iid and without-replacement drafts. */
    public static List<Entry> ofOneLaw(Law p, Law q, int k) {
        return ofOneLaw(p, q, k, true);
    }

    /**
     * As {@link #ofOneLaw(Law, Law, int)}; {@code withoutReplacementOptimum} false leaves out α* for drafts without
     * replacement (at |V| = 128k its integral costs about ten times everything else together) and with it the rrs-wor
     * gap, reported as NaN.
     */
    public static List<Entry> ofOneLaw(Law p, Law q, int k, boolean withoutReplacementOptimum) {
        p.requireSameSize(q, "the draft law");
        // one sort into this thread's buffers, its prefix sums and α*'s minimum in one more pass: nothing allocated
        // per position (the order and sums are read before this returns, and the next call reuses them)
        RadixRatioOrder.Sorted sorted = RadixRatioOrder.sort(p.masses(), q.masses());
        return ofOneLaw(p, q, k, withoutReplacementOptimum, sorted.order, RatioPrefixSums.ofSorted(p, q, sorted, k));
    }

    /**
     * As {@link #ofOneLaw(Law, Law, int, boolean)} with the ratio order of p and q given (one sort for every K): the
     * closed form of every scheme of the registry that has one ({@link ReportSchemes}), in registry order, where it
     * applies.
     */
    public static List<Entry> ofOneLaw(Law p, Law q, int k, boolean withoutReplacementOptimum, int[] order) {
        return ofOneLaw(p, q, k, withoutReplacementOptimum, order, RatioPrefixSums.of(p, q, order));
    }

    private static List<Entry> ofOneLaw(Law p, Law q, int k, boolean withoutReplacementOptimum, int[] order,
                                        RatioPrefixSums sums) {
        List<Entry> out = new ArrayList<>();
        Figure iid = FastAcceptance.optimumIid(p, q, k, sums);
        boolean worOk = DraftKind.WITHOUT_REPLACEMENT.notApplicable(k, q.size(), q.support()).isEmpty();
        Figure wor = worOk && k > 1 && withoutReplacementOptimum ? FastAcceptance.optimumWithoutReplacement(p, q, k)
            : null;
        boolean greedy = k > 1 && DraftKind.GREEDY.notApplicable(k, q.size(), q.support()).isEmpty();
        boolean deterministic = DraftKind.DETERMINISTIC.notApplicable(k, q.size(), q.support()).isEmpty();
        OneLaw at = new OneLaw(p, q, k, order, iid, wor, sums,
            FastAcceptance.iidFigures(p, q, k, greedy, deterministic));
        for (String id : ReportSchemes.REFERENCE_CLOSED_FORMS) {
            ReportSchemes.ClosedForm form = ReportSchemes.closedForm(id).orElseThrow();
            form.oneLaw(at).ifPresent(v -> out.add(entry(id, form.law(), v.figure(), v.optimum(), v.note())));
        }
        out.add(new Entry(OPTIMUM, IID, iid, 0, "reached by ot-plan and canonical-is (optimal weights)"));
        if (wor != null && k > 1) {
            out.add(new Entry(OPTIMUM, WITHOUT_REPLACEMENT, wor, 0, ""));
        }
        return out;
    }

    /** One draft law per draft (independent drafts): rrs, equality-match and the α* bracket. */
    public static List<Entry> ofLaws(Law p, Law[] qs) {
        return ofLaws(p, qs, true);
    }

    /**
     * As {@link #ofLaws(Law, Law[])}; {@code optimum} false leaves out the α* bracket (at |V| = 128k its local search
     * takes about a second per position) and with it the gaps, reported as NaN. The schemes are those of the registry
     * whose closed form has a figure for one draft law per draft, in registry order.
     */
    public static List<Entry> ofLaws(Law p, Law[] qs, boolean optimum) {
        if (qs.length == 0) {
            throw new InvalidInputException("no drafts");
        }
        List<Entry> out = new ArrayList<>();
        Figure opt = optimum ? FastAcceptance.optimumIndependent(p, qs) : null;
        for (String id : ReportSchemes.REFERENCE_CLOSED_FORMS) {
            ReportSchemes.closedForm(id).orElseThrow().perDraftLaws(p, qs)
                .ifPresent(f -> out.add(entry(id, INDEPENDENT, f, opt, "")));
        }
        if (opt != null) {
            out.add(new Entry(OPTIMUM, INDEPENDENT, opt, 0, "midpoint of the proved bracket"));
        }
        return out;
    }

    private static Entry entry(String scheme, String law, Figure f, Figure optimum, String note) {
        return new Entry(scheme, law, f, optimum == null ? Double.NaN : Math.max(0, optimum.value() - f.value()), note);
    }
}
