package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.specverify.lp.sequence.ChainAcceptance;
import org.specverify.reference.Distribution;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/**
 * The sequence study's exact numbers against independent routes: tokenwise and block against the closed forms of
 * {@link ChainAcceptance} averaged over the drafted chains, V* against block (equal on chains, proved where the LP's
 * exact certificate meets block's value), C* against the prefix coupling bound, the chain shape of the tree study
 * against the same closed forms and against the greedy path's product of target probabilities, and the cells that
 * must have no number. The models are fixed by the study's seed ({@value SequenceStudy#SEED}).
 */
class SequenceStudyTest {
    static SequenceStudy.Result result;

    @BeforeAll
    static void run() {
        System.out.println("sequence study, seed " + SequenceStudy.SEED);
        result = SequenceStudy.run(2, null);
    }

    private static Map<String, Measurement> chainRows(String model, int gamma) {
        Map<String, Measurement> m = new LinkedHashMap<>();
        for (Measurement x : result.chain()) {
            if (x.setting().equals(model) && x.k() == gamma) {
                m.put(x.quantity(), x);
            }
        }
        return m;
    }

    @Test
    void tokenwiseAndBlockEqualTheClosedFormsAveragedOverTheDrafts() {
        int checked = 0;
        for (SequenceStudy.ModelPair model : result.models()) {
            for (int g = 1; g <= SequenceStudy.MAX_GAMMA; g++) {
                SequenceInstance chain = SequenceStudy.chain(model, g);
                Map<String, Measurement> m = chainRows(model.id(), g);
                assertEquals(ChainAcceptance.tokenwise(chain), m.get("tokenwise").figure().exact(),
                    model.id() + " " + g);
                assertEquals(ChainAcceptance.block(chain), m.get("block").figure().exact(), model.id() + " " + g);
                assertTrue(result.chainVerdicts().get("tokenwise|" + model.id() + "|" + g).equals("lossless")
                    && result.chainVerdicts().get("block|" + model.id() + "|" + g).equals("lossless"), model.id());
                checked++;
            }
        }
        assertEquals(result.models().size() * SequenceStudy.MAX_GAMMA, checked);
    }

    @Test
    void theOptimaAreOrderedAndVStarEqualsBlockOnChains() {
        for (SequenceStudy.ModelPair model : result.models()) {
            for (int g = 1; g <= SequenceStudy.MAX_GAMMA; g++) {
                Map<String, Measurement> m = chainRows(model.id(), g);
                BigFraction tw = m.get("tokenwise").figure().exact();
                BigFraction block = m.get("block").figure().exact();
                BigFraction cStar = m.get(SequenceStudy.C_STAR).figure().exact();
                String where = model.id() + " gamma " + g;
                assertTrue(tw.compareTo(block) <= 0, "tokenwise <= block: " + where);
                assertTrue(block.compareTo(cStar) <= 0, "block <= C*: " + where);
                assertTrue(cStar.compareTo(ChainAcceptance.prefixCouplingBound(SequenceStudy.chain(model, g))) <= 0,
                    "C* <= the prefix coupling bound: " + where);
                if (g == 1) {
                    assertEquals(block, cStar, "at gamma 1 C* is the token optimum, which block reaches: " + where);
                }
                Measurement v = m.get(SequenceStudy.V_STAR);
                if (g > SequenceStudy.MAX_GAMMA_VSTAR) {
                    assertNull(v, where);
                    continue;
                }
                assertNull(result.vStarUnavailable(), "OR-Tools must be usable in the build");
                assertNotNull(v, where);
                // V* >= block (block is lossless) always; on chains they are equal (Sun et al.), proved here when the
                // LP's exact dual certificate meets block's value, which it does on every chain of the study
                assertTrue(v.figure().isExact(), "V* not proved exactly: " + v);
                assertEquals(block, v.figure().exact(), where);
            }
        }
    }

    private static SequenceStudy.TreeCell cell(int[] shape, String scheme, SiblingProcess siblings) {
        for (SequenceStudy.TreeCell c : result.trees()) {
            if (Arrays.equals(c.shape(), shape) && c.column().scheme().equals(scheme)
                && c.column().siblings() == siblings) {
                return c;
            }
        }
        throw new AssertionError("no cell " + Arrays.toString(shape) + " " + scheme + " " + siblings);
    }

    @Test
    void theChainShapeAgreesWithTheClosedForms() {
        int[] chainShape = SequenceStudy.SHAPES.get(0);
        SequenceStudy.ModelPair m = result.models().get(0);
        SequenceInstance chain = SequenceStudy.chain(m, chainShape.length);
        // one child per node: tree-rrs and tree-rrs-wor are token-wise verification, traversal is block verification
        BigFraction tokenwise = ChainAcceptance.tokenwise(chain);
        BigFraction block = ChainAcceptance.block(chain);
        assertEquals(tokenwise, cell(chainShape, "tree-rrs", SiblingProcess.IID).value());
        assertEquals(tokenwise, cell(chainShape, "tree-rrs-wor", SiblingProcess.WITHOUT_REPLACEMENT).value());
        assertEquals(block, cell(chainShape, "traversal", SiblingProcess.IID).value());
        assertEquals(block, cell(chainShape, "traversal", SiblingProcess.WITHOUT_REPLACEMENT).value());
        // top-k chain: the greedy path of the draft, each token accepted with the target's probability of it
        int[] path = new int[chainShape.length];
        BigFraction reach = BigFraction.ONE;
        BigFraction expected = BigFraction.ZERO;
        for (int d = 0; d < path.length; d++) {
            int[] before = Arrays.copyOf(path, d);
            path[d] = m.draft().lawAfter(before).tokensByDecreasingMass()[0];
            reach = reach.multiply(m.target().lawAfter(before).p(path[d]));
            expected = expected.add(reach);
        }
        assertEquals(expected, cell(chainShape, "tree-deterministic", SiblingProcess.TOP_K).value());
    }

    @Test
    void cellsWithoutANumberSayWhy() {
        // [4, 2] needs four distinct children at the root: not for distinct-token siblings over 3 tokens
        for (SiblingProcess s : List.of(SiblingProcess.WITHOUT_REPLACEMENT, SiblingProcess.TOP_K)) {
            String scheme = s == SiblingProcess.TOP_K ? "tree-deterministic" : "tree-rrs-wor";
            SequenceStudy.TreeCell c = cell(new int[] {4, 2}, scheme, s);
            assertNull(c.value());
            assertEquals("not applicable", c.status());
            assertTrue(c.reason().contains("4 children") && c.reason().contains("vocabulary has 3"), c.reason());
        }
        for (SequenceStudy.TreeCell c : result.trees()) {
            assertEquals(c.value() == null, !c.status().equals("ok"), c.toString());
            if (c.value() != null) {
                assertTrue(c.lossless(), "every tree scheme of the study is lossless: " + c);
                assertEquals(SequenceStudy.nodes(c.shape()), c.nodes());
            } else {
                assertTrue(!c.reason().isEmpty(), c.toString());
            }
        }
        assertEquals(result.trees().stream().filter(c -> c.value() != null).count(), result.treeMeasurements().size());
    }

    @Test
    void theLlmStudyAveragesItsStepsAndAgreesAtDepthOne() {
        SyntheticRows.Family f = SyntheticRows.Family.NOISE;
        int vocab = SequenceLlmStudy.VOCABS[0];
        double[][] sum = new double[SequenceLlmStudy.MAX_GAMMA][2];
        List<SequenceLlmStudy.Step> steps = new java.util.ArrayList<>();
        for (int c = 0; c < SequenceLlmStudy.CONTEXTS; c++) {
            steps.addAll(SequenceLlmStudy.steps(f, vocab, c));
        }
        assertEquals(SequenceLlmStudy.STEPS, steps.size());
        for (int s = 0; s < steps.size(); s++) {
            SequenceLlmStudy.Step step = steps.get(s);
            Figure[][] e = SequenceLlmStudy.expected(step);
            for (int g = 0; g < SequenceLlmStudy.MAX_GAMMA; g++) {
                sum[g][0] += e[g][0].value();
                sum[g][1] += e[g][1].value();
            }
            // every drafted token has positive draft mass
            for (int d = 0; d < SequenceLlmStudy.MAX_GAMMA; d++) {
                assertTrue(step.draft()[d].p(step.drafts()[d]) > 0, "step " + s + " depth " + d);
            }
            // at gamma = 1 both schemes accept with min(1, p(x)/q(x)): computed directly, within the proved bounds
            int x = step.drafts()[0];
            double direct = Math.min(1, step.target()[0].p(x) / step.draft()[0].p(x));
            for (Figure fig : e[0]) {
                assertTrue(Math.abs(fig.value() - direct) <= fig.bound(), fig + " vs " + direct);
            }
        }
        for (int g = 1; g <= SequenceLlmStudy.MAX_GAMMA; g++) {
            for (int si = 0; si < 2; si++) {
                Measurement m = SequenceStudySection.llmValue(result, f.id(), vocab, g, si == 0 ? "tokenwise"
                    : "block");
                // the same sums in the same order: the same double
                assertEquals(sum[g - 1][si] / SequenceLlmStudy.STEPS, m.figure().value(), 0.0, m.toString());
                assertTrue(m.min() <= m.figure().value() && m.figure().value() <= m.max(), m.toString());
            }
            // the gain is the mean of the per-step differences, with a finite standard error in its note
            Measurement gain = SequenceStudySection.llmValue(result, f.id(), vocab, g, SequenceLlmStudy.GAIN);
            double diff = 0;
            for (SequenceLlmStudy.Step step : steps) {
                Figure[][] e = SequenceLlmStudy.expected(step);
                diff += e[g - 1][1].value() - e[g - 1][0].value();
            }
            assertEquals(diff / SequenceLlmStudy.STEPS, gain.figure().value(), 0.0, gain.toString());
            double se = SequenceLlmStudy.standardError(gain);
            assertTrue(se >= 0 && Double.isFinite(se), gain.note());
        }
    }

    @Test
    void theModelsAreContextDependentAndSeeded() {
        List<SequenceStudy.ModelPair> again = SequenceStudy.models();
        assertEquals(3, again.size());
        for (int i = 0; i < again.size(); i++) {
            SequenceStudy.ModelPair a = again.get(i);
            SequenceStudy.ModelPair b = result.models().get(i);
            assertEquals(a.target(), b.target());
            assertEquals(a.draft(), b.draft());
            ContextModel p = a.target();
            assertTrue(p.order() >= 1 && !p.isConstant(), a.id());
            // the law depends on the context: some one-token prefix has a row other than the empty prefix's
            Distribution empty = p.lawAfter();
            boolean differs = false;
            for (int x = 0; x < SequenceStudy.VOCAB; x++) {
                differs |= !p.lawAfter(x).equals(empty);
            }
            assertTrue(differs, a.id());
        }
        assertEquals(2, result.models().get(2).target().order());
    }
}
