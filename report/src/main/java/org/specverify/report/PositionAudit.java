package org.specverify.report;

import java.util.ArrayList;
import java.util.List;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.numeric.Law;

/**
 * Everything the fast path reports for one position (one target law and its drafts): the acceptance of each scheme
 * with a closed form, and the optimum α* of each draft law, as {@link Figure}s. Drafts come either as K draws of one
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

    private PositionAudit() {
    }

    /** The schemes in report order (those with a closed form on one draft law). */
    public static final List<String> ONE_LAW_SCHEMES = List.of("sd", "rrs", "rrs-wor", "kseq", "spechub", "greedy",
        "deterministic", "equality-match");

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
        return ofOneLaw(p, q, k, withoutReplacementOptimum, FastAcceptance.ratioOrder(p, q));
    }

    /** As {@link #ofOneLaw(Law, Law, int, boolean)} with the ratio order of p and q given (one sort for every K). */
    public static List<Entry> ofOneLaw(Law p, Law q, int k, boolean withoutReplacementOptimum, int[] order) {
        List<Entry> out = new ArrayList<>();
        RatioPrefixSums sums = RatioPrefixSums.of(p, q, order);
        Figure iid = FastAcceptance.optimumIid(p, q, k, sums);
        boolean worOk = q.support() >= k;
        Figure wor = worOk && k > 1 && withoutReplacementOptimum ? FastAcceptance.optimumWithoutReplacement(p, q, k)
            : null;
        if (k == 1) {
            out.add(entry("sd", IID, FastAcceptance.sd(p, q), iid, ""));
        }
        out.add(entry("rrs", IID, FastAcceptance.rrsIid(p, q, k), iid, ""));
        if (worOk && k <= 2 && k > 1) {
            out.add(entry("rrs-wor", WITHOUT_REPLACEMENT, FastAcceptance.rrsWithoutReplacement(p, q, k), wor, ""));
        }
        if (k > 1) {
            FastAcceptance.KSeqResult ks = FastAcceptance.kseq(p, q, k, sums);
            out.add(entry("kseq", IID, ks.acceptance(), iid, String.format(java.util.Locale.ROOT,
                "test acceptance at rho = %.6f (membership is at least this)", ks.rho())));
        }
        if (k == 2 && q.support() >= 2) {
            Figure hub = FastAcceptance.spechub(p, q);
            out.add(entry("spechub", HUB, hub, hub, "alpha* of the hub law"));
        }
        if (k > 1 && q.support() >= k) {
            Figure g = FastAcceptance.greedy(p, q, k);
            out.add(entry("greedy", GREEDY, g, g, "alpha* of the greedy law"));
        }
        if (k <= p.size()) {
            Figure d = FastAcceptance.deterministic(p, q, k);
            out.add(entry("deterministic", DETERMINISTIC, d, d, "top-K of q; alpha* of fixed drafts"));
        }
        out.add(entry("equality-match", IID, FastAcceptance.equalityMatchIid(p, q, k), iid, ""));
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
     * takes about a second per position) and with it the gaps, reported as NaN.
     */
    public static List<Entry> ofLaws(Law p, Law[] qs, boolean optimum) {
        if (qs.length == 0) {
            throw new InvalidInputException("no drafts");
        }
        List<Entry> out = new ArrayList<>();
        Figure opt = optimum ? FastAcceptance.optimumIndependent(p, qs) : null;
        out.add(entry("rrs", INDEPENDENT, FastAcceptance.rrs(p, qs), opt, ""));
        out.add(entry("equality-match", INDEPENDENT, FastAcceptance.equalityMatch(p, qs), opt, ""));
        if (opt != null) {
            out.add(new Entry(OPTIMUM, INDEPENDENT, opt, 0, "midpoint of the proved bracket"));
        }
        return out;
    }

    private static Entry entry(String scheme, String law, Figure f, Figure optimum, String note) {
        return new Entry(scheme, law, f, optimum == null ? Double.NaN : Math.max(0, optimum.value() - f.value()), note);
    }
}
