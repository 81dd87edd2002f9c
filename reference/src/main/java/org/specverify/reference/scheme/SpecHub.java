package org.specverify.reference.scheme;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.random.Chooser;

/**
 * spechub: SpecHub (2411.05289), K = 2 on the hub draft law. The draft set is {a, x} with x ≠ a, of probability
 * w(x) = q(x)/(1-q(a)). Verifier: accept the non-hub draft x w.p. min(1, p(x)/w(x)); else the leftover mass flows to
 * the hub: accept a w.p. p(a)/L with L = Σ_{x≠a} (w(x)-p(x))+ ≥ p(a); else y ~ norm((p - w)+ off the hub). Lossless
 * and optimal for its own law: α = min(1, p(a) + Σ_{x≠a} min(p(x), w(x))). (Accept rules reconstructed from the
 * acceptance formula; the exact checks decide.)
 */
public final class SpecHub extends AbstractScheme {
    public SpecHub() {
        super("spechub", "SpecHub: hub token plus one sampled draft; leftover mass of rejected drafts flows to the hub",
            "SpecHub 2411.05289", 2, 2, true, false);
    }

    @Override
    public String draftProcess() {
        return "hub";
    }

    @Override
    Optional<String> extraNotApplicable(Instance instance) {
        return instance.draft().supportSize() < 2
            ? Optional.of("the hub draft process needs at least two tokens of positive draft mass")
            : Optional.empty();
    }

    @Override
    Bound doBind(Instance instance) {
        HubDraft process = new HubDraft(instance.draft());
        Distribution q = instance.draft();
        int a = process.hub();
        BigFraction notHub = BigFraction.ONE.subtract(q.p(a));
        Distribution p = instance.target();
        BigFraction[] w = new BigFraction[p.size()];
        BigFraction[] rest = new BigFraction[p.size()];
        BigFraction leftover = BigFraction.ZERO;
        for (int x = 0; x < w.length; x++) {
            w[x] = x == a ? BigFraction.ZERO : q.p(x).divide(notHub);
            rest[x] = x == a ? BigFraction.ZERO : Fractions.positivePart(p.p(x).subtract(w[x]));
            if (x != a) {
                leftover = leftover.add(Fractions.positivePart(w[x].subtract(p.p(x))));
            }
        }
        BigFraction total = leftover;
        return new BoundBase(instance, process) {
            @Override
            Verdict verdict(int[] drafts, Chooser chooser) {
                int x = drafts[0] == a ? drafts[1] : drafts[0];
                if (chooser.bernoulli(acceptProbability(p.p(x), w[x], drafts[0] == a ? 1 : 0, x))) {
                    return Verdict.accepted(drafts[0] == a ? 1 : 0, x);
                }
                if (chooser.bernoulli(p.p(a).divide(total))) {
                    return Verdict.accepted(drafts[0] == a ? 0 : 1, a);
                }
                return Verdict.residual(chooser.categorical(rest));
            }
        };
    }
}
