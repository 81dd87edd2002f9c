package org.specverify.properties.schemes;

import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.EqualityMatch;
import org.specverify.reference.scheme.OtPlanVerifier;
import org.specverify.properties.SchemeContract;
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

    /**
     * Law: the plan's rows are validated but its column marginal is not: a plan that sends every row to its first
     * draft (π(x̄, x_1) = Q(x̄)) is well formed, so it binds, and the exact check must flag it lossy (output law q, not p).
     */
    @Test
    void planWithWrongColumnMarginalIsCaughtByTheExactCheck() {
        OtPlanVerifier.PlanSource firstDraft = new OtPlanVerifier.PlanSource() {
            @Override
            public String name() {
                return "first-draft";
            }

            @Override
            public Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process) {
                Map<DraftTuple, BigFraction[]> m = new LinkedHashMap<>();
                process.law().forEach((t, qt) -> {
                    BigFraction[] r = new BigFraction[instance.vocab()];
                    java.util.Arrays.fill(r, BigFraction.ZERO);
                    r[t.get(0)] = qt;
                    m.put(t, r);
                });
                return m;
            }
        };
        Instance inst = Instance.identical("p != q", org.specverify.reference.Distribution.parse("1/2", "1/2"),
            org.specverify.reference.Distribution.parse("3/4", "1/4"), 2);
        org.specverify.reference.interpret.ExactLaw law =
            org.specverify.reference.interpret.ExactLaw.of(new OtPlanVerifier(firstDraft).bind(inst));
        org.junit.jupiter.api.Assertions.assertFalse(law.lossless());
        assertEquals(BigFraction.of(3, 4), law.outputLaw()[0]);
    }

    /** Law: negative entries, wrong row length and missing rows are refused, naming the drafts. */
    @Test
    void malformedPlansAreRefused() {
        Instance inst = applicableInstances().get(0);
        Map<String, java.util.function.BiFunction<DraftTuple, BigFraction[], BigFraction[]>> edits =
            new LinkedHashMap<>();
        edits.put("negative mass", (t, r) -> {
            r[0] = r[0].subtract(BigFraction.ONE);
            r[1] = r[1].add(BigFraction.ONE);
            return r;
        });
        edits.put("expected " + inst.vocab() + " entries", (t, r) -> java.util.Arrays.copyOf(r, r.length + 1));
        edits.put("got none", (t, r) -> null);
        edits.forEach((message, edit) -> {
            OtPlanVerifier.PlanSource src = new OtPlanVerifier.PlanSource() {
                @Override
                public String name() {
                    return message;
                }

                @Override
                public Map<DraftTuple, BigFraction[]> plan(Instance instance, DraftProcess process) {
                    Map<DraftTuple, BigFraction[]> m = new LinkedHashMap<>();
                    OtPlanVerifier.INDEPENDENT_COUPLING.plan(instance, process).forEach((t, row) -> {
                        BigFraction[] e = edit.apply(t, row.clone());
                        if (e != null) {
                            m.put(t, e);
                        }
                    });
                    return m;
                }
            };
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> new OtPlanVerifier(src).bind(inst));
            assertTrue(e.getMessage().contains(message) && e.getMessage().contains("drafts ["), message + ": "
                + e.getMessage());
        });
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

    /** The same scheme with the LP module's optimal inputs: the contract, and α = α*(p, Q) exactly. */
    @org.junit.jupiter.api.Nested
    class WithOptimalInputs implements SchemeContract {
        @Override
        public Scheme scheme() {
            return org.specverify.lp.OptimalSchemes.registry().get("ot-plan");
        }

        @Override
        public boolean claimsOptimal() {
            return true;
        }
    }
}
