package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.GreedyDrafts;
import org.specverify.properties.SchemeContract;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.draft.GreedyDraft;

class GreedyDraftsTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new GreedyDrafts();
    }

    /** Law: α = p(T) + Σ_{x∉T} min(p(x), q'(x)), T = top K-1 of q, q' = norm(q·1[x ∉ T]). */
    @Test
    void acceptanceMatchesGreedyFormula() {
        ClosedForms.assertAcceptance(this, "p(T) + sum_{x not in T} min(p(x), q'(x))", inst -> {
            GreedyDraft g = new GreedyDraft(inst.draft(), inst.k());
            Distribution p = inst.target();
            BigFraction s = p.mass(g::inTop);
            for (int x = 0; x < p.size(); x++) {
                if (!g.inTop(x)) {
                    s = s.add(Fractions.min(p.p(x), g.restLaw().p(x)));
                }
            }
            return s;
        });
    }

    /** Law: acceptance by the test on the sampled draft is Σ_{x∉T} min(p(x), q'(x)); outputs in T come from the residual. */
    @Test
    void testAcceptanceIsOverlapWithRestLaw() {
        for (org.specverify.reference.Instance inst : applicableInstances()) {
            GreedyDraft g = new GreedyDraft(inst.draft(), inst.k());
            BigFraction s = BigFraction.ZERO;
            for (int x = 0; x < inst.vocab(); x++) {
                if (!g.inTop(x)) {
                    s = s.add(Fractions.min(inst.target().p(x), g.restLaw().p(x)));
                }
            }
            org.junit.jupiter.api.Assertions.assertEquals(s,
                org.specverify.reference.interpret.ExactLaw.of(scheme().bind(inst)).testAcceptance(), inst.name());
        }
    }
}
