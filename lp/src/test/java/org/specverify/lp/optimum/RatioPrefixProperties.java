package org.specverify.lp.optimum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.specverify.reference.Distribution;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * Property-based search (QuickTheories, integrated shrinking) for counterexamples to the ratio-prefix property, beyond
 * the exhaustive grids: skewed integer weights (zeros, 1..1000) over up to 8 tokens. A failure is shrunk toward fewer
 * tokens and smaller weights before it is reported. Seeds are printed; -Dspecverify.seed=N replays one.
 */
class RatioPrefixProperties {
    private static QuickTheory theory(String name, int examples) {
        return qt().withFixedSeed(OptimumCases.seed("RatioPrefixProperties#" + name)).withExamples(examples);
    }

    /** Optimality (iid, a theorem): the best prefix of the p/q order is α*. */
    @Test
    void iidPrefixIsOptimal() {
        theory("iidPrefixIsOptimal", 400).forAll(OptimumCases.laws(2, 8), integers().between(1, 5))
            .checkAssert((laws, k) -> {
                Distribution p = laws.get(0);
                Distribution q = laws.get(1);
                assertEquals(SubsetOptimum.of(p, new IidDraft(q, k)).value(), RatioPrefix.iid(p, q, k).value(),
                    "iid K=" + k + ", p = " + p + ", q = " + q);
            });
    }

    /** Optimality (without replacement, a theorem): the best prefix is α*. */
    @Test
    void withoutReplacementPrefixIsOptimal() {
        theory("withoutReplacementPrefixIsOptimal", 300).forAll(OptimumCases.laws(2, 7), integers().between(1, 5))
            .checkAssert((laws, k0) -> {
                Distribution p = laws.get(0);
                Distribution q = laws.get(1);
                int k = Math.min(k0, q.supportSize());
                assertEquals(SubsetOptimum.of(p, new WithoutReplacementDraft(q, k)).value(),
                    WithoutReplacementOptimum.exact(p, q, k).value(), "without replacement K=" + k + ", p = " + p
                        + ", q = " + q);
            });
    }

    /**
     * Upper bound (independent drafts): every prefix value of the p/q̄ order is at least α*, and the double bracket
     * contains α*. (Optimality fails: see RatioPrefixTest#meanOrderMissesTheOptimum.)
     */
    @Test
    void independentMeanOrderIsAnUpperBoundAndTheBracketHolds() {
        theory("independentMeanOrderIsAnUpperBoundAndTheBracketHolds", 300)
            .forAll(OptimumCases.laws(4, 6), integers().between(2, 3))
            .checkAssert((laws, k) -> {
                Distribution p = laws.get(0);
                List<Distribution> qs = laws.subList(1, 1 + k);
                BigFraction exact = SubsetOptimum.of(p, new IndependentDraft(qs)).value();
                String where = "p = " + p + ", q = " + qs;
                assertTrue(Fractions.compare(RatioPrefix.independentMeanOrder(p, qs).value(), exact) >= 0, where);
                double[][] qd = qs.stream().map(Distribution::toDoubles).toArray(double[][]::new);
                IndependentBounds b = IndependentBounds.of(p.toDoubles(), qd);
                double v = exact.doubleValue();
                assertTrue(b.lower() <= v && v <= b.upper(), b + " vs " + v + ", " + where);
            });
    }
}
