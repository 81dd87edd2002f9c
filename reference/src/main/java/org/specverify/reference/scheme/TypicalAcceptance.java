package org.specverify.reference.scheme;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;

/**
 * typical: Medusa's typical acceptance (2401.10774), lossy by design. The first draft x_k (in order) with
 * p(x_k) &gt; τ is accepted, τ = min(ε, δ·exp(-H(p))) with H the natural-log entropy of p; if none passes, y ~ p. The
 * threshold is computed in double and then used as the exact rational value of that double, so the decision (and the
 * lossiness) is exact for that τ (StrictMath makes τ the same double on every JVM). Defaults ε = {@value #DEFAULT_EPSILON},
 * δ = {@value #DEFAULT_DELTA}; both are typed parameters ({@code eps}, {@code delta}).
 */
public final class TypicalAcceptance extends SchemeBase {
    public static final double DEFAULT_EPSILON = 0.09;
    public static final double DEFAULT_DELTA = 0.3;

    private final double epsilon;
    private final double delta;

    public TypicalAcceptance() {
        this(DEFAULT_EPSILON, DEFAULT_DELTA);
    }

    /**
     * @throws IllegalArgumentException unless ε and δ are finite and positive
     */
    public TypicalAcceptance(double epsilon, double delta) {
        super(define("typical")
            .description("Medusa typical acceptance (lossy): accept the first draft with p(x) > min(eps, delta*exp(-H(p)))")
            .paper("Medusa 2401.10774").lossless(false).drafts(DraftKind.IID)
            .parameters(Parameters.of(
                new Parameters.Parameter("eps", checked("eps", epsilon), "the largest threshold"),
                new Parameters.Parameter("delta", checked("delta", delta), "scale of exp(-H(p)) in the threshold")))
            .build());
        this.epsilon = epsilon;
        this.delta = delta;
    }

    private static double checked(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("typical acceptance: " + name + " must be finite and positive, got " + v);
        }
        return v;
    }

    /** τ = min(ε, δ·exp(-H(p))) as the exact value of its double. */
    public BigFraction threshold(Distribution p) {
        double h = 0;
        for (double v : p.toDoubles()) {
            if (v > 0) {
                h -= v * StrictMath.log(v);
            }
        }
        return Fractions.ofDouble(Math.min(epsilon, delta * StrictMath.exp(-h)));
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        S tau = ar.of(threshold(laws.instance().target()));
        Measure<S> p = laws.target();
        return (draws, drafts) -> {
            for (int k = 0; k < drafts.length; k++) {
                int x = drafts[k];
                if (ar.compare(p.probability(x), tau) > 0) {
                    return Outcome.accept(k, x);
                }
            }
            return Outcome.emit("fallback y ~ p", p);
        };
    }
}
