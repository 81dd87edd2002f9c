package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.specverify.audit.io.InstanceReader;
import org.specverify.lp.OptimalSchemes;
import org.specverify.reference.Instance;

/**
 * The optimality half of the audit on the built-in cases, with the optimal verifiers of the LP module: every lossless
 * scheme is at or below the optimum of its own draft law, the schemes that are optimal for their law reach it exactly,
 * and the ones that are not fall short somewhere.
 */
class OptimalityAuditTest {
    private static AuditResult result;

    @BeforeAll
    static void audit() {
        List<Instance> cases = InstanceReader.builtin();
        result = Audit.of(OptimalSchemes.registry()).with(new OptimalityExtension()).run(cases);
    }

    private static BigFraction gap(SchemeAudit s) {
        return ((ExactValue) s.extras().get("gap")).exact();
    }

    /** Law: a lossless scheme never beats α* of its own draft law (gap ≥ 0, exactly), and no gapError is reported. */
    @Test
    void losslessSchemesNeverExceedTheirOptimum() {
        int checked = 0;
        for (AuditResult.Row r : result.rows()) {
            SchemeAudit s = r.scheme();
            if (s.verdict() == AuditVerdict.LOSSLESS) {
                assertTrue(s.extras().containsKey("optimum"), r.instance().name() + "/" + s.id() + ": " + s.extras());
                assertTrue(gap(s).signum() >= 0, r.instance().name() + "/" + s.id() + ": gap " + gap(s));
                assertFalse(s.extras().containsKey("gapError"));
                checked++;
            }
        }
        assertTrue(checked > 50, "only " + checked + " lossless rows");
    }

    /**
     * Law: sd (K = 1), spechub, greedy and deterministic are optimal for their own draft laws, and ot-plan and canonical-is with
     * the LP module's exact plan and weights are optimal for theirs: gap = 0 exactly on every instance.
     */
    @Test
    void optimalSchemesHaveZeroGap() {
        Set<String> optimal = Set.of("sd", "spechub", "greedy", "deterministic", "ot-plan", "canonical-is");
        int checked = 0;
        for (AuditResult.Row r : result.rows()) {
            SchemeAudit s = r.scheme();
            if (optimal.contains(s.id()) && s.verdict() == AuditVerdict.LOSSLESS) {
                assertEquals(BigFraction.ZERO, gap(s), r.instance().name() + "/" + s.id() + " (tolerance: exact)");
                checked++;
            }
        }
        assertTrue(checked >= 30, "only " + checked + " rows of optimal schemes");
    }

    /** Law: rrs, rrs-wor, kseq and equality-match are not optimal: each has a positive gap on some built-in case. */
    @Test
    void suboptimalSchemesFallShortSomewhere() {
        for (String id : List.of("rrs", "rrs-wor", "kseq", "equality-match")) {
            boolean shortfall = result.rows().stream()
                .filter(r -> r.scheme().id().equals(id) && r.scheme().verdict() == AuditVerdict.LOSSLESS)
                .anyMatch(r -> gap(r.scheme()).signum() > 0);
            assertTrue(shortfall, id + " reached the optimum on every built-in case");
        }
    }

    /**
     * Law: K-SEQ's guarantee (SpecTr 2310.15141): α ≥ (1 - 1/e)·α* of iid drafts. Checked exactly without
     * evaluating e: with r = α/α* &lt; 1 the claim 1 - r ≤ 1/e is 1/(1 - r) ≥ e, and 1/(1 - r) ≥ 2.718281829 (a
     * rational above e) implies it.
     */
    @Test
    void kseqIsWithinOneMinusOneOverEOfTheOptimum() {
        BigFraction eUpper = BigFraction.of(2718281829L, 1000000000L);
        int checked = 0;
        for (AuditResult.Row r : result.rows()) {
            SchemeAudit s = r.scheme();
            if (s.id().equals("kseq") && s.verdict() == AuditVerdict.LOSSLESS) {
                BigFraction opt = ((ExactValue) s.extras().get("optimum")).exact();
                BigFraction acc = opt.subtract(gap(s));
                if (opt.signum() > 0 && Fractions.compare(acc, opt) < 0) {
                    BigFraction ratio = acc.divide(opt);
                    assertTrue(Fractions.compare(BigFraction.ONE.divide(BigFraction.ONE.subtract(ratio)), eUpper) >= 0,
                        r.instance().name() + ": kseq " + acc.doubleValue() + " below (1-1/e) of " + opt.doubleValue());
                }
                checked++;
            }
        }
        assertTrue(checked > 5, "only " + checked + " kseq rows");
    }

    /** Law: the per-instance optima list every applicable draft law, and a scheme's optimum is its law's entry. */
    @Test
    void instanceOptimaMatchSchemeOptima() {
        for (InstanceAudit i : result.instances()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> optima = (Map<String, Object>) i.extras().get("optima");
            assertTrue(optima != null && !optima.isEmpty(), i.name());
            assertEquals(i.identicalDrafts(), optima.containsKey("iid"), i.name());
            assertEquals(!i.identicalDrafts(), optima.containsKey("independent"), i.name());
            for (SchemeAudit s : i.schemes()) {
                if (s.extras().containsKey("optimum")) {
                    // the race drafts of gumbel and gls (a custom process) have the law of iid drafts
                    String law = s.draftProcess().equals("race") ? "iid" : s.draftProcess();
                    assertEquals(s.extras().get("optimum"), optima.get(law), i.name() + "/" + s.id());
                }
            }
        }
    }

    /**
     * α* bounds lossless verifiers only: a lossy row that accepts more reports the excess as aboveLosslessOptimum, and
     * no row of any verdict shows a negative gap.
     */
    @Test
    void noRowShowsANegativeGap() {
        int above = 0;
        for (AuditResult.Row r : result.rows()) {
            SchemeAudit s = r.scheme();
            if (s.extras().containsKey("gap")) {
                assertTrue(gap(s).signum() >= 0, r.instance().name() + "/" + s.id() + ": gap " + gap(s));
            }
            if (s.extras().containsKey("aboveLosslessOptimum")) {
                assertFalse(s.measured().orElseThrow().lossless(), r.instance().name() + "/" + s.id());
                assertTrue(((ExactValue) s.extras().get("aboveLosslessOptimum")).exact().signum() > 0);
                above++;
            }
        }
        assertTrue(above > 0, "typical accepts more than alpha* on some built-in cases");
    }
}
