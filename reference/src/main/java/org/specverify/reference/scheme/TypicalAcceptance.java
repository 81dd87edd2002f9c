package org.specverify.reference.scheme;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.random.Chooser;

/**
 * typical: Medusa's typical acceptance (2401.10774), lossy by design. The first draft x_k (in order) with
 * p(x_k) &gt; τ is accepted, τ = min(ε, δ·exp(-H(p))) with H the natural-log entropy of p; if none passes, y ~ p. The
 * threshold is computed in double and then used as the exact rational value of that double, so the decision (and the
 * lossiness) is exact for that τ (StrictMath makes τ the same double on every JVM). Defaults ε = {@value #DEFAULT_EPSILON}, δ = {@value #DEFAULT_DELTA}.
 */
public final class TypicalAcceptance extends AbstractScheme {
    public static final double DEFAULT_EPSILON = 0.09;
    public static final double DEFAULT_DELTA = 0.3;

    private final double epsilon;
    private final double delta;

    public TypicalAcceptance() {
        this(DEFAULT_EPSILON, DEFAULT_DELTA);
    }

    public TypicalAcceptance(double epsilon, double delta) {
        super("typical", "Medusa typical acceptance (lossy): accept the first draft with p(x) > min(eps, delta*exp(-H(p)))"
                + " [eps=" + epsilon + ", delta=" + delta + "]",
            "Medusa 2401.10774", 1, Integer.MAX_VALUE, false, false);
        this.epsilon = epsilon;
        this.delta = delta;
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
    Bound doBind(Instance instance) {
        BigFraction tau = threshold(instance.target());
        return new BoundBase(instance, sampledDrafts(instance)) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (p.p(x).compareTo(tau) > 0) {
                        return Verdict.accepted(k, x);
                    }
                }
                return Verdict.residual(chooser.sample(p));
            }
        };
    }
}
