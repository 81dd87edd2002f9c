package org.specverify.lp.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.OptimalSchemes;
import org.specverify.lp.optimum.SubsetOptimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.interpret.ExactLaw;

/**
 * Hand-made (p, draft process) cases covering the edges the optimal verifiers and LPs must handle: p = q, one-hot p,
 * disjoint supports, zero-mass tokens, K = 1..3, |V| = 2..5, iid, independent non-identical and without-replacement
 * drafts. Cases with an {@link Instance} are the ones the reference schemes bind (iid and independent).
 */
public final class HandMadeCases {
    /** One case: a name, the target, the draft process, and the instance when the reference schemes can run it. */
    public record Case(String name, Distribution p, DraftProcess process, Instance instance) {
        @Override
        public String toString() {
            return name + " (" + process.id() + ", K = " + process.k() + ", |V| = " + p.size() + ")";
        }
    }

    private HandMadeCases() {
    }

    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        Distribution p3 = Distribution.parse("1/2", "1/3", "1/6");
        for (int k = 1; k <= 3; k++) {
            c.add(iid("p = q", p3, p3, k));
        }
        Distribution oneHot = Distribution.pointMass(4, 1);
        for (int k = 1; k <= 3; k++) {
            c.add(iid("one-hot p", oneHot, Distribution.uniform(4), k));
        }
        c.add(iid("disjoint supports", Distribution.parse("1/2", "1/2", "0", "0"),
            Distribution.parse("0", "0", "1/3", "2/3"), 2));
        c.add(iid("zero-mass tokens", Distribution.parse("1/2", "0", "1/3", "1/6", "0"),
            Distribution.parse("0", "1/4", "1/4", "1/4", "1/4"), 2));
        c.add(iid("two tokens", Distribution.parse("1/3", "2/3"), Distribution.parse("1/2", "1/2"), 1));
        c.add(iid("two tokens", Distribution.parse("1/10", "9/10"), Distribution.parse("3/4", "1/4"), 3));
        c.add(iid("five tokens", Distribution.parse("3/10", "1/4", "1/5", "3/20", "1/10"),
            Distribution.parse("1/10", "1/5", "2/5", "1/5", "1/10"), 3));
        c.add(iid("one-hot q", Distribution.parse("1/4", "1/4", "1/2"), Distribution.pointMass(3, 2), 2));
        c.add(independent("independent", Distribution.parse("2/5", "1/5", "1/5", "1/5"),
            List.of(Distribution.parse("1/2", "1/2", "0", "0"), Distribution.parse("0", "1/4", "1/4", "1/2"))));
        c.add(independent("independent", Distribution.parse("1/6", "1/3", "1/2"),
            List.of(Distribution.parse("1", "0", "0"), Distribution.parse("1/3", "1/3", "1/3"),
                Distribution.parse("1/8", "5/8", "1/4"))));
        c.add(new Case("without replacement", Distribution.parse("1/8", "1/8", "1/4", "1/2"),
            new WithoutReplacementDraft(Distribution.parse("1/2", "1/4", "1/8", "1/8"), 2), null));
        c.add(new Case("without replacement", Distribution.parse("1/5", "1/5", "0", "1/5", "2/5"),
            new WithoutReplacementDraft(Distribution.parse("1/3", "1/6", "1/6", "1/12", "1/4"), 3), null));
        c.add(new Case("without replacement", Distribution.parse("1/2", "1/4", "1/4"),
            new WithoutReplacementDraft(Distribution.parse("1/3", "1/3", "1/3"), 1), null));
        return c;
    }

    /** The cases the reference schemes bind. */
    public static List<Case> bindable() {
        return all().stream().filter(x -> x.instance() != null).toList();
    }

    public static Case iid(String name, Distribution p, Distribution q, int k) {
        return new Case(name, p, new IidDraft(q, k), Instance.identical(name, p, q, k));
    }

    public static Case independent(String name, Distribution p, List<Distribution> qs) {
        return new Case(name, p, new IndependentDraft(qs), Instance.independent(name, p, qs));
    }

    /**
     * The registry's scheme {@code schemeId} (with the LP module's optimal inputs) is exactly lossless on the case and
     * its acceptance P(Y ∈ x̄) equals α* of the subset characterisation, as rationals.
     */
    static void assertLosslessAndOptimal(String schemeId, Case c) {
        ExactLaw law = ExactLaw.of(OptimalSchemes.registry().get(schemeId).bind(c.instance()));
        assertTrue(law.lossless(), () -> schemeId + " on " + c + ": not lossless, worst token " + law.worstToken()
            + " off by " + Fractions.format(law.maxLawError()) + " (tolerance exact)");
        BigFraction alpha = SubsetOptimum.of(c.p(), c.process()).value();
        assertEquals(alpha, law.acceptance(), () -> schemeId + " on " + c + ": acceptance "
            + Fractions.format(law.acceptance()) + " vs α* " + Fractions.format(alpha) + " (tolerance exact)");
    }
}
