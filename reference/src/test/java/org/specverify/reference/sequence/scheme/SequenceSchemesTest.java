package org.specverify.reference.sequence.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;

/** Example tests of the sequence verifiers on hand-made instances, checked by the exact interpreter. */
class SequenceSchemesTest {
    static final ContextModel P = ContextModel.constant(Distribution.parse("1/3", "2/3"));
    static final ContextModel Q = ContextModel.constant(Distribution.parse("2/3", "1/3"));
    static final ContextModel MARKOV_P = ContextModel.of(3, Map.of(List.of(), Distribution.parse("1/2", "1/4", "1/4"),
        List.of(0), Distribution.parse("0", "1/2", "1/2"), List.of(1), Distribution.parse("1/3", "1/3", "1/3"),
        List.of(2), Distribution.parse("3/4", "1/4", "0")));
    static final ContextModel MARKOV_Q = ContextModel.of(3, Map.of(List.of(), Distribution.parse("1/4", "1/4", "1/2"),
        List.of(0), Distribution.parse("1/2", "1/2", "0"), List.of(2), Distribution.parse("1/8", "1/2", "3/8")));

    /** Sun et al.'s motivating example: 10/9 token-wise, 11/9 block, both lossless. */
    @Test
    void paperExample() {
        SequenceInstance chain = SequenceInstance.chain("sun-example", P, Q, 2);
        SequenceExact.Result t = SequenceExact.check(chain, new Tokenwise());
        SequenceExact.Result b = SequenceExact.check(chain, new BlockVerification());
        assertTrue(t.lossless(), t.toString());
        assertTrue(b.lossless(), b.toString());
        assertEquals(BigFraction.of(10, 9), t.expectedAccepted());
        assertEquals(BigFraction.of(11, 9), b.expectedAccepted());
        assertEquals("lossless", b.verdict());
    }

    @Test
    void contextDependentChainsAndTrees() {
        SequenceInstance chain = SequenceInstance.chain("markov", MARKOV_P, MARKOV_Q, 3);
        for (SequenceScheme s : List.of(new Tokenwise(), new BlockVerification(), new Traversal())) {
            SequenceExact.Result r = SequenceExact.check(chain, s);
            assertTrue(r.lossless(), r.toString());
        }
        SequenceInstance tree = SequenceInstance.tree("markov-tree", MARKOV_P, MARKOV_Q, new int[] {2, 2},
            SiblingProcess.IID);
        SequenceSchemes all = SequenceSchemes.reference();
        assertTrue(SequenceExact.check(tree, all.get("tree-rrs")).lossless());
        assertTrue(SequenceExact.check(tree, all.get("traversal")).lossless());
        SequenceInstance topk = SequenceInstance.tree("markov-topk", MARKOV_P, MARKOV_Q, new int[] {2, 2},
            SiblingProcess.TOP_K);
        assertTrue(SequenceExact.check(topk, all.get("tree-deterministic")).lossless());
        assertTrue(SequenceExact.check(topk, all.get("target-only")).lossless());
        SequenceExact.Result lossy = SequenceExact.check(topk, all.get("target-only-lossy"));
        assertFalse(lossy.lossless(), lossy.toString());
        assertEquals("lossy", lossy.verdict());
    }

    /** Block verification with the token-wise residual: caught, with the worst sequence. */
    @Test
    void blockWithTheTokenwiseResidualIsCaught() {
        SequenceScheme broken = new SequenceSchemeBase(SequenceSchemeBase.define("block-tokenwise-residual")
            .chainsOnly().build()) {
            @Override
            public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
                SequenceVerifier<S> block = new BlockVerification().verifier(laws);
                return (draws, tree) -> {
                    BlockOutcome<S> o = block.verify(draws, tree);
                    int[] path = o.accepted();
                    if (path.length == laws.gamma()) {
                        return o;
                    }
                    Measure<S> p = laws.target(path);
                    return BlockOutcome.emit(path, "token-wise residual", p.residual(laws.draft(path)));
                };
            }
        };
        // rho_1 p_2 - q_2 is positive at two tokens with different ratios, so the residuals differ
        SequenceInstance skewed = SequenceInstance.chain("skewed", ContextModel.constant(Distribution.parse("9/20",
            "9/20", "1/10")), ContextModel.constant(Distribution.parse("1/100", "1/50", "97/100")), 2);
        assertTrue(SequenceExact.check(skewed, new BlockVerification()).lossless());
        SequenceExact.Result r = SequenceExact.check(skewed, broken);
        assertFalse(r.lossless(), r.toString());
        assertEquals("FALSE CLAIM", r.verdict());
        assertEquals(3, r.comparison().worst().size());
    }

    @Test
    void registryAndApplicability() {
        SequenceSchemes all = SequenceSchemes.reference();
        for (String id : List.of("tokenwise", "block", "traversal", "target-only", "target-only-lossy", "tree-sd",
            "tree-rrs", "tree-rrs-wor", "tree-deterministic")) {
            assertEquals(id, all.get(id).id());
        }
        SequenceInstance tree = SequenceInstance.tree("t", P, Q, new int[] {2, 1}, SiblingProcess.IID);
        assertTrue(all.get("block").notApplicable(tree).orElseThrow().contains("chains"));
        assertTrue(all.get("tree-rrs-wor").notApplicable(tree).orElseThrow().contains("iid"));
        assertTrue(all.get("tree-sd").notApplicable(tree).orElseThrow().contains("K = 1"));
        assertThrows(InvalidInputException.class, () -> SequenceExact.check(tree, all.get("block")));
        assertThrows(InvalidInputException.class, () -> all.get("nope"));
    }

    /** tree-sd and tree-rrs on a chain are tokenwise: the same block law. */
    @Test
    void treeOnAChainIsTokenwise() {
        SequenceInstance chain = SequenceInstance.chain("markov", MARKOV_P, MARKOV_Q, 3);
        SequenceSchemes all = SequenceSchemes.reference();
        var tokenwise = SequenceExact.blockLaw(chain, new Tokenwise());
        assertEquals(tokenwise, SequenceExact.blockLaw(chain, all.get("tree-rrs")));
        assertEquals(tokenwise, SequenceExact.blockLaw(chain, all.get("tree-sd")));
        assertEquals(SequenceExact.blockLaw(chain, new BlockVerification()),
            SequenceExact.blockLaw(chain, all.get("traversal")), Arrays.toString(new int[0]));
    }
}
