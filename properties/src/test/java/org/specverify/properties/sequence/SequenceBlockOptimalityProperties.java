package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.OptimalSchemes;
import org.specverify.lp.sequence.ChainAcceptance;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.lp.solver.LosslessVerifierLp;
import org.specverify.lp.solver.LpResult;
import org.specverify.lp.solver.LpSettings;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Tolerance;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * Section 4's open question, "is block verification the optimum among verifiers that see only the conditionals along
 * the drafted path?", answered per instance by a stronger statement: block verification's exact acceptance equals V*,
 * the best expected acceptance of ANY verifier that is lossless on the instance (it may read every conditional of the
 * tables, the whole draft tree and private randomness; {@link LosslessVerifierLp}). The path class (the verifier's
 * output given the drafted chain x is a function of p(.|c, x_&lt;i), i = 1..gamma+1, q(.|c, x_&lt;i), i = 1..gamma, and
 * private uniforms, and it must be lossless for every pair of tables) is a subclass that contains block, so block is
 * optimal in it. Trees: the best tree-&lt;scheme&gt; is not V* (proofs-notes/sequence-optimum.md).
 */
class SequenceBlockOptimalityProperties {
    static final long SEED = 4140L;

    /** GLOP's optimum against an exact value: the solver's primal/dual agreement scale, named here. */
    static final Tolerance GLOP_VS_EXACT = Tolerance.absolute(1e-9);

    /**
     * The same where some mass is below {@link #SMALL} (the generators go down to 2^-30): GLOP's 1e-10 feasibility
     * applies to its scaled rows, and on such chains its primal exceeds the exactly certified upper bound by up to
     * 3e-8 (chain 119 of the sample: GLOP 1.60000268815, certified bound 1.60000267330, block 1.60000265836).
     */
    static final Tolerance GLOP_VS_EXACT_SMALL_MASSES = Tolerance.absolute(1e-7);

    /** 2^-16. */
    static final BigFraction SMALL = BigFraction.of(1, 1 << 16);

    /**
     * On generated chains (order-0, order-1 and order-2 tables, zero-mass tokens, one-hot rows, masses down to 2^-30):
     * the certified rational upper bound on V* is never below block (soundness, exact); where it equals block, V* =
     * block is proved exactly on that instance; elsewhere GLOP's V* must equal block within {@link #GLOP_VS_EXACT}.
     */
    @Test
    void blockIsTheBestLosslessVerifierOnChains() {
        System.out.println("seed " + SEED);
        List<SequenceInstance> chains = SequenceInstanceGenerators.sample(SEED, 120, true);
        int proved = 0;
        int n = 0;
        int glopFailed = 0;
        List<String> orders = new ArrayList<>();
        for (SequenceInstance c : chains) {
            n++;
            BigFraction block = ChainAcceptance.block(c);
            String at = "chain " + n + " (seed " + SEED + "): " + c + " target " + c.target() + " draft " + c.draftFor(0);
            LpResult lp;
            try {
                lp = LosslessVerifierLp.solve(c, LpSettings.glop());
            } catch (org.specverify.lp.solver.LpSolveException e) {
                // a known defect of the verifier LP: GLOP reports INFEASIBLE (a refusal, never a value) on some
                // feasible instances with small masses (2^-10 and below); counted and bounded below, see
                // proofs-notes/sequence-optimum.md
                System.out.println("GLOP refused " + at + " (smallest mass " + smallestMass(c) + "): " + e.getMessage());
                glopFailed++;
                continue;
            }
            BigFraction bound = LosslessVerifierLp.certifiedUpperBound(c, LpSettings.glop());
            assertTrue(Fractions.compare(bound, block) >= 0, at + ": certified bound " + bound + " below block " + block);
            if (bound.equals(block)) {
                proved++; // V* = block exactly, whatever GLOP's rounding
            } else {
                Tolerance tol = smallestMass(c).compareTo(SMALL) < 0 ? GLOP_VS_EXACT_SMALL_MASSES : GLOP_VS_EXACT;
                assertTrue(tol.test(lp.primalObjective(), block.doubleValue())
                    && tol.test(bound.doubleValue(), block.doubleValue()), at + ": V* (GLOP) " + lp.primalObjective()
                    + ", block " + block + " (" + block.doubleValue() + "), certified bound " + bound + " ("
                    + bound.doubleValue() + "), " + tol);
                System.out.println("not closed exactly: " + at + ": certified bound " + bound.doubleValue()
                    + ", block " + block.doubleValue() + ", GLOP " + lp.primalObjective());
            }
            orders.add(c.target().toString().contains("order 2") ? "2" : c.target().toString().contains("order 1")
                ? "1" : "0");
        }
        System.out.println(glopFailed + " of " + n + " chains refused by GLOP");
        assertTrue(glopFailed <= n / 5, glopFailed + " GLOP failures of " + n);
        System.out.println(proved + " of " + n + " chains: V* = block proved exactly (certified bound = block);"
            + " target orders " + orders.stream().distinct().sorted().toList());
        assertTrue(orders.containsAll(List.of("0", "1", "2")), "the sample must hold order-0, 1 and 2 targets");
        assertTrue(proved >= (n - glopFailed) / 2, "only " + proved + " of " + (n - glopFailed)
            + " certified bounds were exact");
    }

    /** The smallest positive mass of any row of the target or the draft (every row key). */
    static BigFraction smallestMass(SequenceInstance c) {
        BigFraction min = BigFraction.ONE;
        for (ContextModel m : List.of(c.target(), c.draftFor(0))) {
            for (Distribution row : m.rows().values()) {
                for (BigFraction x : row.masses()) {
                    if (x.signum() > 0 && x.compareTo(min) < 0) {
                        min = x;
                    }
                }
            }
        }
        return min;
    }

    /** The lossless tree verifiers of the registries (every tree-&lt;scheme&gt; built from the optimal token registry too). */
    static List<SequenceScheme> treeSchemes(SequenceInstance tree) {
        List<SequenceScheme> out = new ArrayList<>();
        for (SequenceScheme s : SequenceSchemes.reference(OptimalSchemes.registry()).all()) {
            if (s.claimsLossless() && s.notApplicable(tree).isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** GLOP's V* must exceed the best tree verifier by more than this for the gap to count: 1e-6, 1000 times the LP's scale. */
    static final Tolerance TREE_GAP = Tolerance.absolute(1e-6);

    /**
     * Trees: the best lossless tree verifier of the registries (every tree-&lt;scheme&gt;, the token scheme at each node
     * with that node's laws, the optimal token schemes included, and traversal) against V*. Search, in order: shapes
     * [2], [2, 1], [1, 2], iid siblings, binary order-0 tables from a small list; the first instance where V* (GLOP)
     * exceeds the best tree verifier's exact acceptance by more than {@link #TREE_GAP} is printed with the certified
     * upper bound on V*. On [2] (gamma = 1, the token level) V* equals the exact coupling optimum and tree-&lt;optimal&gt;
     * reaches it: checked exactly.
     */
    @Test
    void treeVerifiersFallShortOfTheBestLosslessVerifier() {
        String[][] rows = {{"1/2", "1/2"}, {"1/3", "2/3"}, {"2/3", "1/3"}, {"1/4", "3/4"}, {"3/4", "1/4"}};
        String found = null;
        for (int[] shape : List.of(new int[] {2}, new int[] {2, 1}, new int[] {1, 2})) {
            for (String[] t : rows) {
                for (String[] d : rows) {
                    ContextModel p = ContextModel.constant(Distribution.parse(t));
                    ContextModel q = ContextModel.constant(Distribution.parse(d));
                    SequenceInstance tree = SequenceInstance.tree("tree " + java.util.Arrays.toString(shape) + " iid p "
                        + p + " q " + q, p, q, shape, SiblingProcess.IID);
                    BigFraction max = BigFraction.ZERO;
                    String id = null;
                    for (SequenceScheme s : treeSchemes(tree)) {
                        SequenceExact.Result r = SequenceExact.check(tree, s);
                        assertTrue(r.lossless(), r.toString());
                        if (Fractions.compare(r.expectedAccepted(), max) > 0) {
                            max = r.expectedAccepted();
                            id = s.id();
                        }
                    }
                    if (shape.length == 1) {
                        assertTrue(max.equals(SequenceOptimum.exact(tree)), tree.name() + ": best tree verifier " + id
                            + " " + max + ", token-level optimum " + SequenceOptimum.exact(tree));
                        continue;
                    }
                    double vstar = LosslessVerifierLp.solve(tree, LpSettings.glop()).primalObjective();
                    BigFraction upper = LosslessVerifierLp.certifiedUpperBound(tree, LpSettings.glop());
                    assertTrue(Fractions.compare(max, upper) <= 0, tree.name() + ": " + id + " accepts " + max
                        + " above the certified bound " + upper);
                    if (found == null && !TREE_GAP.test(Math.min(vstar, max.doubleValue()), vstar)) {
                        found = tree.name() + ": tree verifiers " + treeSchemes(tree).stream().map(SequenceScheme::id)
                            .toList() + "; best " + id + " accepts exactly " + max + " = "
                            + max.doubleValue() + " < V* = " + vstar + " (GLOP; certified upper bound " + upper + " = "
                            + upper.doubleValue() + "), coupling " + SequenceOptimum.exact(tree);
                    }
                }
            }
        }
        System.out.println(found);
        assertTrue(found != null, "no tree of the list separates the tree verifiers from V* by " + TREE_GAP);
    }
}
