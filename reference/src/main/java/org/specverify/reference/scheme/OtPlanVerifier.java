package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;

/**
 * ot-plan: the verifier of a transport plan π(x̄, y) ≥ 0 with Σ_y π(x̄, y) = Q(x̄) (SpecTr OTM 2310.15141; Khisti et al.
 * 2410.18234; Hu et al. 2502.18779): y ~ π(x̄, ·)/Q(x̄). Lossless iff the other marginal Σ_x̄ π(x̄, y) equals p, which is
 * what the exact checks verify. The plan is an input ({@link PlanSource}, the typed parameter {@code plan}), validated
 * when the scheme is bound; the default {@link #INDEPENDENT_COUPLING} π = Q ⊗ p is lossless with low acceptance, and
 * the optimal plan is computed by the LP module.
 */
public final class OtPlanVerifier extends SchemeBase.WithInput<OtPlanVerifier.Plan> {
    /** A transport plan for every draft tuple of positive probability. */
    public interface PlanSource {
        /** Shown in reports. */
        String name();

        /** π(x̄, ·) over the vocabulary, for every x̄ in {@code process.law()}. */
        Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process);
    }

    /** π(x̄, y) = Q(x̄) p(y): the drafts are ignored. */
    public static final PlanSource INDEPENDENT_COUPLING = new PlanSource() {
        @Override
        public String name() {
            return "independent-coupling";
        }

        @Override
        public Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process) {
            Map<DraftTuple, BigFraction[]> out = new LinkedHashMap<>();
            BigFraction[] p = instance.target().masses();
            process.law().forEach((t, qt) -> out.put(t, Arrays.stream(p).map(qt::multiply).toArray(BigFraction[]::new)));
            return out;
        }
    };

    private final PlanSource source;

    public OtPlanVerifier() {
        this(INDEPENDENT_COUPLING);
    }

    public OtPlanVerifier(PlanSource source) {
        super(define("ot-plan")
            .description("verifier of a transport plan pi(drafts, y): y ~ pi(drafts, .)/Q(drafts)")
            .paper("SpecTr OTM 2310.15141; Khisti et al. 2410.18234; Hu et al. 2502.18779").lossless(true)
            .drafts(DraftKind.IID, DraftKind.INDEPENDENT)
            .parameters(Parameters.of(new Parameters.Parameter("plan", source.name(),
                "the transport plan pi(drafts, y)")))
            .build());
        this.source = source;
    }

    public PlanSource source() {
        return source;
    }

    @Override
    protected Plan prepare(Instance instance, DraftProcess process) {
        SchemeBase.requirePerTupleInputFits(id(), process);
        Map<DraftTuple, BigFraction> law = process.law();
        Map<DraftTuple, BigFraction[]> plan = source.plan(instance, process);
        int n = instance.vocab();
        for (Map.Entry<DraftTuple, BigFraction> e : law.entrySet()) {
            String where = "ot-plan (" + source.name() + ") row for drafts " + e.getKey();
            BigFraction[] row = plan.get(e.getKey());
            if (row == null || row.length != n) {
                throw new InvalidInputException(where + ": expected " + n + " entries, got "
                    + (row == null ? "none" : row.length));
            }
            BigFraction s = BigFraction.ZERO;
            for (int y = 0; y < n; y++) {
                if (row[y].signum() < 0) {
                    throw new InvalidInputException(where + ": token " + y + " has negative mass "
                        + Fractions.format(row[y]));
                }
                s = s.add(row[y]);
            }
            if (!s.equals(e.getValue())) {
                throw new InvalidInputException(where + ": row sums to " + Fractions.format(s) + " but Q(drafts) = "
                    + Fractions.format(e.getValue()));
            }
        }
        return new Plan(plan);
    }

    /** The validated plan. */
    record Plan(Map<DraftTuple, BigFraction[]> rows) {
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws, Plan input) {
        Arithmetic<S> ar = laws.arithmetic();
        Map<DraftTuple, BigFraction[]> plan = input.rows();
        Map<DraftTuple, Measure<S>> rows = new ConcurrentHashMap<>();
        return (draws, drafts) -> {
            DraftTuple t = DraftTuple.of(drafts);
            BigFraction[] row = plan.get(t);
            if (row == null) {
                throw new InvalidInputException("ot-plan: no plan row for drafts " + t
                    + " (a tuple of probability zero under the draft law)");
            }
            Measure<S> m = rows.computeIfAbsent(t, key -> {
                List<S> w = new ArrayList<>(row.length);
                for (BigFraction v : row) {
                    w.add(ar.of(v));
                }
                return ar.measure(w);
            });
            return Outcome.emitByMembership("y ~ pi(drafts, .)/Q(drafts)", m);
        };
    }
}
