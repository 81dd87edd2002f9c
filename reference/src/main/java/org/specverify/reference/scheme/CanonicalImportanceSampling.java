package org.specverify.reference.scheme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;

/**
 * canonical-is: Khisti et al.'s canonical two-step scheme (2410.18234). Step 1 picks Y' = y ∈ set(x̄) with weights
 * β_y(x̄) (β ≥ 0, zero off the draft set, Σ_y β_y(x̄) = 1), inducing r(y) = Σ_x̄ Q(x̄) β_y(x̄); step 2 is sd from r to p
 * on Y'. Lossless for any valid weights; its acceptance depends on them. The weights are an input ({@link Step1Weights},
 * the typed parameter {@code weights}); the default {@link #IMPORTANCE} uses β_y ∝ p(y)/q̄(y) over the distinct drafts
 * (q̄ the mean draft law), and the optimal weights are computed by the LP module. The weights are validated when the
 * scheme is bound.
 */
public final class CanonicalImportanceSampling
    extends SchemeBase.WithInput<CanonicalImportanceSampling.Prepared> {
    /** Step-1 weights for every draft tuple of positive probability. */
    public interface Step1Weights {
        /** Shown in reports. */
        String name();

        /** β(x̄) over the vocabulary, for every x̄ in {@code process.law()}. */
        Map<DraftTuple, BigFraction[]> weights(Instance instance, DraftProcess process);
    }

    /** β_y ∝ p(y)/q̄(y) over the distinct drafts; uniform over them when all have p = 0. */
    public static final Step1Weights IMPORTANCE = new Step1Weights() {
        @Override
        public String name() {
            return "importance";
        }

        @Override
        public Map<DraftTuple, BigFraction[]> weights(Instance instance, DraftProcess process) {
            int n = instance.vocab();
            BigFraction[] mean = new BigFraction[n];
            for (int y = 0; y < n; y++) {
                BigFraction s = BigFraction.ZERO;
                for (int i = 0; i < instance.k(); i++) {
                    s = s.add(instance.draft(i).p(y));
                }
                mean[y] = s.divide(instance.k());
            }
            Map<DraftTuple, BigFraction[]> out = new LinkedHashMap<>();
            for (DraftTuple t : process.law().keySet()) {
                BigFraction[] w = new BigFraction[n];
                Arrays.fill(w, BigFraction.ZERO);
                boolean anyPositive = false;
                for (int i = 0; i < t.k(); i++) {
                    int y = t.get(i);
                    w[y] = mean[y].signum() == 0 ? BigFraction.ZERO : instance.target().p(y).divide(mean[y]);
                    anyPositive |= w[y].signum() > 0;
                }
                if (!anyPositive) {
                    for (int i = 0; i < t.k(); i++) {
                        w[t.get(i)] = BigFraction.ONE;
                    }
                }
                out.put(t, Distribution.normalize(w).masses());
            }
            return out;
        }
    };

    /** The validated weights and the law r they induce. */
    record Prepared(Map<DraftTuple, BigFraction[]> beta, Distribution induced) {
    }

    private final Step1Weights step1;

    public CanonicalImportanceSampling() {
        this(IMPORTANCE);
    }

    public CanonicalImportanceSampling(Step1Weights step1) {
        super(define("canonical-is")
            .description("canonical two-step: pick a draft with step-1 weights, then sd from the induced law r to p")
            .paper("Khisti et al. 2410.18234").lossless(true).drafts(DraftKind.IID, DraftKind.INDEPENDENT)
            .parameters(Parameters.of(new Parameters.Parameter("weights", step1.name(),
                "the step-1 weights beta_y(drafts)")))
            .build());
        this.step1 = step1;
    }

    public Step1Weights step1() {
        return step1;
    }

    @Override
    protected Prepared prepare(Instance instance, DraftProcess process) {
        SchemeBase.requirePerTupleInputFits(id(), process);
        Map<DraftTuple, BigFraction> law = process.law();
        Map<DraftTuple, BigFraction[]> beta = step1.weights(instance, process);
        int n = instance.vocab();
        BigFraction[] r = new BigFraction[n];
        Arrays.fill(r, BigFraction.ZERO);
        for (Map.Entry<DraftTuple, BigFraction> e : law.entrySet()) {
            BigFraction[] b = checkWeights(e.getKey(), beta.get(e.getKey()), n);
            for (int y = 0; y < n; y++) {
                if (b[y].signum() != 0) {
                    r[y] = r[y].add(e.getValue().multiply(b[y]));
                }
            }
        }
        return new Prepared(beta, Distribution.of(r));
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws, Prepared prepared) {
        Arithmetic<S> ar = laws.arithmetic();
        Measure<S> p = laws.target();
        Measure<S> r = laws.of(prepared.induced());
        Measure<S> residual = p.residual(r);
        return (draws, drafts) -> {
            DraftTuple t = DraftTuple.of(drafts);
            BigFraction[] b = prepared.beta().get(t);
            if (b == null) {
                throw new InvalidInputException("canonical-is: no step-1 weights for drafts " + t
                    + " (a tuple of probability zero under the draft law)");
            }
            List<S> w = new ArrayList<>(b.length);
            for (BigFraction v : b) {
                w.add(ar.of(v));
            }
            int y = draws.choose("step 1: a draft by its weight", w);
            int draft = t.indexOf(y);
            if (draws.accept(draft, y, r.probability(y), p.probability(y))) {
                return Outcome.accept(draft, y);
            }
            return Outcome.emit("residual norm((p - r)+)", residual);
        };
    }

    private BigFraction[] checkWeights(DraftTuple t, BigFraction[] b, int n) {
        String where = "canonical-is step-1 weights (" + step1.name() + ") for drafts " + t;
        if (b == null || b.length != n) {
            throw new InvalidInputException(where + ": expected " + n + " weights, got "
                + (b == null ? "none" : b.length));
        }
        BigFraction s = BigFraction.ZERO;
        for (int y = 0; y < n; y++) {
            if (b[y].signum() < 0) {
                throw new InvalidInputException(where + ": token " + y + " has negative weight " + Fractions.format(b[y]));
            }
            if (b[y].signum() > 0 && !t.contains(y)) {
                throw new InvalidInputException(where + ": token " + y + " is not a draft but has weight "
                    + Fractions.format(b[y]));
            }
            s = s.add(b[y]);
        }
        if (!s.equals(BigFraction.ONE)) {
            throw new InvalidInputException(where + ": weights sum to " + Fractions.format(s) + ", not 1");
        }
        return b;
    }
}
