package org.specverify.report;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.numeric.Law;
import org.specverify.report.PositionAudit.OneLaw;
import org.specverify.report.PositionAudit.Value;
import org.specverify.report.ReportSchemes.ClosedForm;

/**
 * The closed forms of {@link ReportSchemes}' rows: for each scheme, where it applies on one position and which
 * {@link FastAcceptance} figure it reports, with the optimum its gap is taken to.
 */
final class ClosedForms {
    private ClosedForms() {
    }

    private static ClosedForm of(String law, Function<OneLaw, Optional<Value>> oneLaw) {
        return new ClosedForm() {
            @Override
            public String law() {
                return law;
            }

            @Override
            public Optional<Value> oneLaw(OneLaw at) {
                return oneLaw.apply(at);
            }
        };
    }

    static final ClosedForm SD = of(PositionAudit.IID, c -> c.k() != 1 ? Optional.empty()
        : Optional.of(new Value(FastAcceptance.sd(c.p(), c.q()), c.iidOptimum(), "")));

    static final ClosedForm RRS = new ClosedForm() {
        @Override
        public String law() {
            return PositionAudit.IID;
        }

        @Override
        public Optional<Value> oneLaw(OneLaw c) {
            Figure f = c.iid() != null ? c.iid().rrs() : FastAcceptance.rrsIid(c.p(), c.q(), c.k());
            return Optional.of(new Value(f, c.iidOptimum(), ""));
        }

        @Override
        public Optional<Figure> perDraftLaws(Law p, Law[] qs) {
            return Optional.of(FastAcceptance.rrs(p, qs));
        }
    };

    /** rrs-wor: the closed form is for K = 2 only (K = 1 is rrs). */
    static final ClosedForm RRS_WOR = of(PositionAudit.WITHOUT_REPLACEMENT,
        c -> applies(DraftKind.WITHOUT_REPLACEMENT, c) && c.k() <= 2 && c.k() > 1
            ? Optional.of(new Value(FastAcceptance.rrsWithoutReplacement(c.p(), c.q(), c.k()),
                c.withoutReplacementOptimum(), ""))
            : Optional.empty());

    static final ClosedForm KSEQ = new ClosedForm() {
        @Override
        public String law() {
            return PositionAudit.IID;
        }

        @Override
        public Optional<Value> oneLaw(OneLaw c) {
            if (c.k() <= 1) {
                return Optional.empty();
            }
            FastAcceptance.KSeqResult ks = FastAcceptance.kseq(c.p(), c.q(), c.k(), c.sums());
            return Optional.of(new Value(ks.acceptance(), c.iidOptimum(), String.format(Locale.ROOT,
                "test acceptance at rho = %.6f (membership is at least this)", ks.rho())));
        }

        @Override
        public boolean testAcceptance() {
            return true;
        }
    };

    static final ClosedForm SPECHUB = of(PositionAudit.HUB, c -> {
        if (!applies(DraftKind.HUB, c)) {
            return Optional.empty();
        }
        Figure hub = FastAcceptance.spechub(c.p(), c.q());
        return Optional.of(new Value(hub, hub, "alpha* of the hub law"));
    });

    static final ClosedForm GREEDY = of(PositionAudit.GREEDY, c -> {
        if (c.k() <= 1 || !applies(DraftKind.GREEDY, c)) {
            return Optional.empty();
        }
        Figure g = c.iid() != null && c.iid().greedy() != null ? c.iid().greedy()
            : FastAcceptance.greedy(c.p(), c.q(), c.k());
        return Optional.of(new Value(g, g, "alpha* of the greedy law"));
    });

    static final ClosedForm DETERMINISTIC = of(PositionAudit.DETERMINISTIC, c -> {
        if (!applies(DraftKind.DETERMINISTIC, c)) {
            return Optional.empty();
        }
        Figure d = c.iid() != null && c.iid().deterministic() != null ? c.iid().deterministic()
            : FastAcceptance.deterministic(c.p(), c.q(), c.k());
        return Optional.of(new Value(d, d, "top-K of q; alpha* of fixed drafts"));
    });

    static final ClosedForm EQUALITY_MATCH = new ClosedForm() {
        @Override
        public String law() {
            return PositionAudit.IID;
        }

        @Override
        public Optional<Value> oneLaw(OneLaw c) {
            Figure f = c.iid() != null ? c.iid().equalityMatch() : FastAcceptance.equalityMatchIid(c.p(), c.q(), c.k());
            return Optional.of(new Value(f, c.iidOptimum(), ""));
        }

        @Override
        public Optional<Figure> perDraftLaws(Law p, Law[] qs) {
            return Optional.of(FastAcceptance.equalityMatch(p, qs));
        }
    };

    /** Whether the draft kind applies to the position's draft row (its rule, decided by {@link DraftKind}). */
    private static boolean applies(DraftKind kind, OneLaw c) {
        return kind.notApplicable(c.k(), c.q().size(), c.q().support()).isEmpty();
    }
}
