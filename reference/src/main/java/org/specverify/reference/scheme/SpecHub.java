package org.specverify.reference.scheme;

import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.HubDraft;

/**
 * spechub: SpecHub (2411.05289), K = 2 on the hub draft law. The draft set is {a, x} with x ≠ a, of probability
 * w(x) = q(x)/(1-q(a)). Verifier: accept the non-hub draft x iff u·w(x) &lt; p(x); else the leftover mass flows to the
 * hub: accept a w.p. p(a)/L with L = Σ_{x≠a} (w(x)-p(x))+ ≥ p(a); else y ~ norm((p - w)+ off the hub). Lossless and
 * optimal for its own law: α = min(1, p(a) + Σ_{x≠a} min(p(x), w(x))). (Accept rules reconstructed from the acceptance
 * formula; the exact checks decide.)
 */
public final class SpecHub extends SchemeBase {
    public SpecHub() {
        super(define("spechub")
            .description("SpecHub: hub token plus one sampled draft; leftover mass of rejected drafts flows to the hub")
            .paper("SpecHub 2411.05289").k(2, 2).lossless(true).drafts(DraftKind.HUB).build());
    }

    @Override
    protected <S> Verifier<S> verifier(Laws<S> laws) {
        Arithmetic<S> ar = laws.arithmetic();
        int a = ((HubDraft) laws.process()).hub();
        Measure<S> p = laws.target();
        Measure<S> q = laws.draft(0);
        Measure<S> w = q.without(a).times(ar.divide(ar.one(), ar.subtract(ar.one(), q.probability(a))));
        Measure<S> offHub = p.without(a);
        Measure<S> rest = offHub.minusPositive(w, ar.one());
        Measure<S> leftover = w.minusPositive(offHub, ar.one());
        return (draws, drafts) -> {
            int xi = drafts[0] == a ? 1 : 0;
            int x = drafts[xi];
            if (draws.accept(xi, x, w.at(x), p.probability(x))) {
                return Outcome.accept(xi, x);
            }
            if (draws.bernoulli("hub accept p(a)/L", ar.divide(p.probability(a), leftover.total()))) {
                return Outcome.accept(1 - xi, a);
            }
            return Outcome.emit("residual norm((p - w)+) off the hub", rest);
        };
    }
}
