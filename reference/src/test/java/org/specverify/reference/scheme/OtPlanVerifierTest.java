package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;

class OtPlanVerifierTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new OtPlanVerifier();
    }

    /** Law: with the independent coupling π = Q ⊗ p, α = Σ_x̄ Q(x̄) p(set(x̄)), i.e. equality-match's acceptance. */
    @Test
    void independentCouplingAcceptsLikeEqualityMatch() {
        ClosedForms.assertAcceptance(this, "acceptance of equality-match",
            inst -> org.specverify.reference.interpret.ExactLaw.of(new EqualityMatch().bind(inst)).acceptance());
    }

    /** Law: a plan whose rows do not sum to Q(x̄) is refused, naming the drafts and both sums. */
    @Test
    void planWithWrongRowSumIsRefused() {
        OtPlanVerifier.PlanSource doubled = new OtPlanVerifier.PlanSource() {
            @Override
            public String name() {
                return "doubled";
            }

            @Override
            public Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process) {
                Map<DraftTuple, BigFraction[]> m = new LinkedHashMap<>();
                OtPlanVerifier.INDEPENDENT_COUPLING.plan(instance, process).forEach((t, row) -> {
                    BigFraction[] r = row.clone();
                    r[0] = r[0].add(BigFraction.of(1, 7));
                    m.put(t, r);
                });
                return m;
            }
        };
        Instance inst = applicableInstances().get(0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> new OtPlanVerifier(doubled).bind(inst));
        assertTrue(e.getMessage().contains("row sums to"), e.getMessage());
        assertEquals("ot-plan", scheme().id());
    }
}
