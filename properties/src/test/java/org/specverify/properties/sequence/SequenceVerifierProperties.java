package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.lp.sequence.ChainAcceptance;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.scheme.Schemes;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.BlockVerification;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;
import org.specverify.reference.sequence.scheme.Tokenwise;

/**
 * Laws of the sequence verifiers on generated instances (order-0/1/2 models, zero-mass tokens, p = q prefixes, every
 * sibling process), each checked by the exact sequence interpreter.
 */
class SequenceVerifierProperties {
    static final long SEED = 1414L;
    static final SequenceSchemes ALL = SequenceSchemes.reference();

    /**
     * Chains: tokenwise and block are lossless; their exact mean acceptance equals the closed forms of lp's
     * ChainAcceptance (tokenwise: its whole length law); tokenwise &lt;= block &lt;= the sequence optimum.
     */
    @Test
    void chainsTokenwiseAndBlock() {
        System.out.println("seed " + SEED);
        qt().withFixedSeed(SEED).withExamples(300).forAll(SequenceInstanceGenerators.chains(4, 3)).checkAssert(c -> {
            String at = c + " target " + c.target() + " draft " + c.draftFor(0);
            SequenceExact.Result t = SequenceExact.check(c, new Tokenwise());
            SequenceExact.Result b = SequenceExact.check(c, new BlockVerification());
            assertTrue(t.lossless(), at + ": " + t);
            assertTrue(b.lossless(), at + ": " + b);
            assertEquals(ChainAcceptance.tokenwise(c), t.expectedAccepted(), at);
            assertEquals(ChainAcceptance.tokenwiseLengthLaw(c), t.acceptedLengthLaw(), at);
            assertEquals(ChainAcceptance.block(c), b.expectedAccepted(), at);
            assertTrue(Fractions.compare(t.expectedAccepted(), b.expectedAccepted()) <= 0, at);
            BigFraction optimum = SequenceOptimum.exact(c);
            assertTrue(Fractions.compare(b.expectedAccepted(), optimum) <= 0, at + ": block " + b + " > optimum "
                + optimum);
        });
    }

    /**
     * Every scheme of the registry that applies to a generated instance (any tree, any sibling process): a scheme
     * claiming losslessness is lossless, and accepts at most the sequence optimum; the acceptance law lies in
     * [0, gamma].
     */
    @Test
    void everyApplicableSchemeKeepsItsClaim() {
        System.out.println("seed " + (SEED + 1));
        Map<String, Integer> checked = new java.util.TreeMap<>();
        Map<String, Integer> refused = new java.util.TreeMap<>();
        qt().withFixedSeed(SEED + 1).withExamples(120).forAll(SequenceInstanceGenerators.instances(3, 3))
            .checkAssert(i -> {
                String at = i + " target " + i.target() + " drafts " + i.drafts();
                BigFraction optimum = null;
                for (SequenceScheme s : ALL.all()) {
                    if (s.notApplicable(i).isPresent()) {
                        continue;
                    }
                    SequenceExact.Result r;
                    try {
                        r = SequenceExact.check(i, s);
                    } catch (org.specverify.reference.InvalidInputException e) {
                        refused.merge(s.id(), 1, Integer::sum);
                        continue; // the token scheme refuses a node (a refusal, named, not a verdict)
                    }
                    checked.merge(s.id(), 1, Integer::sum);
                    assertEquals(i.gamma(), r.acceptedLengthLaw().gamma(), at);
                    if (s.claimsLossless()) {
                        assertTrue(r.lossless(), s.id() + " on " + at + ": " + r);
                        if (optimum == null) {
                            optimum = SequenceOptimum.exact(i);
                        }
                        assertTrue(Fractions.compare(r.expectedAccepted(), optimum) <= 0, s.id() + " on " + at
                            + ": " + r.expectedAccepted() + " > optimum " + optimum);
                    }
                }
            });
        System.out.println("checked per scheme " + checked + ", refused at a node " + refused);
        for (String id : List.of("tokenwise", "block", "traversal", "target-only", "tree-rrs", "tree-rrs-wor",
            "tree-deterministic", "tree-kseq")) {
            assertTrue(checked.getOrDefault(id, 0) >= 5, id + " was checked on " + checked.get(id) + " instances");
        }
    }

    /**
     * The two routes of the exact interpreter agree: the tree drawn on demand inside the replay gives the same block
     * law as every whole tree enumerated first, for every applicable scheme.
     */
    @Test
    void lazyAndEagerRoutesAgree() {
        System.out.println("seed " + (SEED + 4));
        qt().withFixedSeed(SEED + 4).withExamples(60).forAll(SequenceInstanceGenerators.instances(3, 2))
            .checkAssert(i -> {
                for (String id : List.of("tokenwise", "block", "traversal", "tree-rrs", "tree-rrs-wor", "tree-kseq",
                    "tree-equality-match")) {
                    SequenceScheme s = ALL.get(id);
                    if (s.notApplicable(i).isPresent()) {
                        continue;
                    }
                    assertEquals(SequenceExact.blockLaw(i, s, SequenceExact.Route.EAGER),
                        SequenceExact.blockLaw(i, s, SequenceExact.Route.LAZY), id + " on " + i);
                }
            });
    }

    /** A tree whose every node has one child is the chain: tree-rrs and tree-sd give tokenwise's block law. */
    @Test
    void oneChildTreesAreTheChain() {
        System.out.println("seed " + (SEED + 2));
        qt().withFixedSeed(SEED + 2).withExamples(150).forAll(SequenceInstanceGenerators.chains(4, 3)).checkAssert(c -> {
            BlockLaw chain = SequenceExact.blockLaw(c, new Tokenwise());
            assertEquals(chain, SequenceExact.blockLaw(c, ALL.get("tree-rrs")), c.toString());
            assertEquals(chain, SequenceExact.blockLaw(c, ALL.get("tree-sd")), c.toString());
            assertEquals(SequenceExact.blockLaw(c, new BlockVerification()),
                SequenceExact.blockLaw(c, ALL.get("traversal")), c.toString());
        });
    }

    /** tree-rrs with K children at depth 1 and gamma = 1 accepts exactly as often as token rrs with K drafts. */
    @Test
    void oneLevelTreeRrsIsTokenRrs() {
        System.out.println("seed " + (SEED + 3));
        Schemes tokens = Schemes.reference();
        qt().withFixedSeed(SEED + 3).withExamples(200).forAll(SequenceInstanceGenerators.instances(4, 1))
            .checkAssert(i -> {
                if (i.isDynamic() || i.drafts().size() > 1) {
                    return;
                }
                int k = i.shape()[0];
                Distribution p = i.target().lawAfter();
                Distribution q = i.draftFor(0).lawAfter();
                String tokenId = switch (i.siblings()) {
                    case IID -> "rrs";
                    case WITHOUT_REPLACEMENT -> "rrs-wor";
                    default -> "deterministic";
                };
                Instance token = Instance.identical(i.name(), p, q, k);
                if (tokens.get(tokenId).notApplicable(token).isPresent()) {
                    return;
                }
                BigFraction alpha = ExactLaw.of(tokens.get(tokenId).bind(token)).acceptance();
                SequenceExact.Result r = SequenceExact.check(i, ALL.get("tree-" + tokenId));
                assertEquals(alpha, r.expectedAccepted(), i + " target " + i.target() + " draft " + i.draftFor(0));
                assertTrue(r.lossless(), r.toString());
            });
    }

    /** target-only is lossless at thresholds 1 and classified lossy below on a top-k tree where they matter. */
    @Test
    void targetOnlyIsClassified() {
        ContextModel p = ContextModel.of(3, Map.of(List.of(), Distribution.parse("1/2", "1/3", "1/6"),
            List.of(0), Distribution.parse("1/5", "2/5", "2/5")));
        ContextModel q = ContextModel.constant(Distribution.parse("1/6", "1/3", "1/2"));
        SequenceInstance topk = SequenceInstance.tree("top-k", p, q, new int[] {2, 1}, SiblingProcess.TOP_K);
        SequenceExact.Result exact = SequenceExact.check(topk, ALL.get("target-only"));
        SequenceExact.Result lossy = SequenceExact.check(topk, ALL.get("target-only-lossy"));
        assertTrue(exact.lossless(), exact.toString());
        assertEquals("lossy", lossy.verdict(), lossy.toString());
        System.out.println(lossy);
    }
}
