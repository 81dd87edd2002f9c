package org.specverify.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.audit.SequenceAudit;
import org.specverify.audit.io.AnyInstanceReader;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceSchemes;

/**
 * {@link SequenceEngineCheck} on traces drawn from the exact laws (a faithful engine by construction) and on traces
 * broken in known ways, each caught by the test named for it.
 */
class SequenceEngineCheckTest {
    static final SequenceSchemes REGISTRY = SequenceSchemes.reference();
    static final double ALPHA = 0.001;

    static SequenceInstance builtin(String name) {
        for (SequenceAudit.Item item : AnyInstanceReader.builtinSequences()) {
            if (item instanceof SequenceAudit.Sequence s && s.instance().name().equals(name)) {
                return s.instance();
            }
        }
        throw new AssertionError("no built-in sequence case " + name);
    }

    /**
     * {@code n} trace lines of {@code inst}: drafts from the exact law of the draft trees, the block from the exact
     * conditional law of {@code engineScheme} given them, then {@code edit} applied to the emitted block.
     */
    static String traces(SequenceInstance inst, SequenceScheme engineScheme, int n, long seed,
                         UnaryOperator<int[]> edit) {
        System.out.println("traces of " + inst.name() + " under " + engineScheme.id() + ": seed " + seed);
        SplittableRandom rng = new SplittableRandom(seed);
        Map<DraftTree, BigFraction> trees = DraftTrees.law(inst);
        List<DraftTree> keys = List.copyOf(trees.keySet());
        Map<DraftTree, BlockLaw> laws = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            DraftTree t = keys.get(pick(rng, keys.stream().map(trees::get).toList()));
            BlockLaw law = laws.computeIfAbsent(t, x -> SequenceExact.blockLawGiven(inst, engineScheme, x, 1_000_000));
            List<List<Integer>> blocks = List.copyOf(law.masses().keySet());
            List<Integer> b = blocks.get(pick(rng, blocks.stream().map(law::mass).toList()));
            int[] y = edit.apply(b.stream().mapToInt(Integer::intValue).toArray());
            sb.append(line(inst, t, y, b.size() - 1)).append('\n');
        }
        return sb.toString();
    }

    static String line(SequenceInstance inst, DraftTree t, int[] y, int accepted) {
        String drafts = inst.isChain() ? "\"drafts\": " + Arrays.toString(t.tokens())
            : "\"tree\": {\"tokens\": " + Arrays.toString(t.tokens()) + ", \"parents\": "
            + Arrays.toString(t.parents()) + "}";
        return "{\"case\": \"" + inst.name() + "\", " + drafts + ", \"emitted\": " + Arrays.toString(y)
            + ", \"accepted\": " + accepted + ", \"engine\": \"e\"}";
    }

    static int pick(SplittableRandom rng, List<BigFraction> weights) {
        double u = rng.nextDouble();
        double acc = 0;
        for (int i = 0; i < weights.size(); i++) {
            acc += weights.get(i).doubleValue();
            if (u < acc) {
                return i;
            }
        }
        return weights.size() - 1;
    }

    static SequenceEngineCheck.Report check(List<SequenceInstance> cases, SequenceScheme scheme, String lines) {
        SequenceEngineCheck c = new SequenceEngineCheck(cases, scheme, ALPHA, 1);
        c.read(SampleInput.of(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), "t.jsonl"));
        return c.report();
    }

    @Test
    void exactTracesOfAChainAndATreePassEveryTest() {
        SequenceInstance chain = builtin("chain-order1");
        SequenceInstance tree = builtin("tree-iid");
        SequenceScheme tokenwise = REGISTRY.get("tokenwise");
        SequenceScheme rrs = REGISTRY.get("tree-rrs");
        SequenceEngineCheck.Report r = check(List.of(chain), tokenwise, traces(chain, tokenwise, 6000, 11, y -> y));
        SequenceEngineCheck.GroupReport g = r.groups().get(0);
        assertFalse(g.failed(), g.toString());
        assertNull(g.unchecked(), g.toString());
        assertTrue(g.stream().detectableBias() < 0.06, g.toString());
        assertEquals(8, g.conformance().treesTested(), "every chain of V = 2, gamma = 3 has 20 samples: " + g);
        assertEquals(6000, g.accepted().samples());
        SequenceEngineCheck.Report t = check(List.of(tree), rrs, traces(tree, rrs, 6000, 12, y -> y));
        assertFalse(t.failed(), t.toString());
        assertNull(t.groups().get(0).unchecked(), t.toString());
        assertEquals(0, t.groups().get(0).impossibleDrafts(), t.toString());
    }

    @Test
    void withoutASchemeOnlyTheStreamAndPossibilityAreTested() {
        SequenceInstance chain = builtin("chain-order1");
        SequenceScheme block = REGISTRY.get("block");
        SequenceEngineCheck.Report r = check(List.of(chain), null, traces(chain, block, 4000, 13, y -> y));
        SequenceEngineCheck.GroupReport g = r.groups().get(0);
        assertFalse(g.failed(), g.toString());
        assertNull(g.conformance());
        assertNull(g.length());
        assertNotNull(g.stream());
    }

    @Test
    void anotherLosslessSchemeIsCaughtByConformanceAndLengthsNotByTheStream() {
        SequenceInstance chain = builtin("chain-order1");
        // block verification is lossless but accepts more than tokenwise: checked as tokenwise it fails (d) and (e)
        SequenceEngineCheck.Report r = check(List.of(chain), REGISTRY.get("tokenwise"),
            traces(chain, REGISTRY.get("block"), 8000, 14, y -> y));
        SequenceEngineCheck.GroupReport g = r.groups().get(0);
        assertTrue(g.failed(), g.toString());
        assertFalse(g.stream().rejected(), "block verification is lossless: " + g.stream());
        assertTrue(g.conformance().treesRejected() > 0 || g.impossibleBlocks() > 0, g.toString());
        assertTrue(g.length().test().rejected(), g.length().toString());
    }

    @Test
    void aLossySchemeFailsTheStreamTest() {
        SequenceInstance topK = builtin("tree-top-k");
        SequenceEngineCheck.Report r = check(List.of(topK), null,
            traces(topK, REGISTRY.get("target-only-lossy"), 8000, 15, y -> y));
        SequenceEngineCheck.GroupReport g = r.groups().get(0);
        assertTrue(g.stream().rejected(), g.stream().toString());
        assertTrue(g.failed());
    }

    @Test
    void certainFailuresNameTheirLines() {
        SequenceInstance inst = builtin("chain-order1-v3");
        SequenceScheme tokenwise = REGISTRY.get("tokenwise");
        String good = line(inst, DraftTree.chain(0, 0), new int[] {0, 0, 1}, 2);
        // the draft after token 2 is one-hot at 0: drafts [2, 1] cannot be drafted
        String badDrafts = line(inst, DraftTree.chain(2, 1), new int[] {2, 1, 0}, 2);
        // after [0], x_2 = 2 has p = 1/4 < q = 1/2, so tokenwise may reject it, but the residual (p - q)+ after [0]
        // is one-hot at 0: emitted [0, 2] is impossible
        String badBlock = line(inst, DraftTree.chain(0, 2), new int[] {0, 2}, 1);
        String badAccepted = line(inst, DraftTree.chain(0, 0), new int[] {0, 0, 1}, 1);
        String lines = good + "\n" + badDrafts + "\n" + badBlock + "\n" + badAccepted + "\n";
        SequenceEngineCheck.GroupReport g = check(List.of(inst), tokenwise, lines).groups().get(0);
        assertTrue(g.failed());
        assertEquals(1, g.impossibleDrafts());
        assertTrue(g.draftLines().get(0).startsWith("line 2:"), g.draftLines().toString());
        assertEquals(1, g.impossibleBlocks());
        assertTrue(g.blockLines().get(0).startsWith("line 3:"), g.blockLines().toString());
        assertEquals(1, g.accepted().wrong());
        assertTrue(g.accepted().lines().get(0).startsWith("line 4:"), g.accepted().lines().toString());
        assertNotNull(g.unchecked(), "four samples cannot detect any bias: " + g);
        // without a scheme the residual's zero is not known, the target's is: [1, 0] has p(0 | 1) = 0
        String targetZero = line(inst, DraftTree.chain(1, 0), new int[] {1, 0}, 1);
        SequenceEngineCheck.GroupReport h = check(List.of(inst), null, targetZero + "\n").groups().get(0);
        assertEquals(1, h.impossibleBlocks(), h.toString());
        assertTrue(h.blockLines().get(0).contains("probability zero"), h.blockLines().toString());
    }

    @Test
    void aCountedLineStandsForThatManySamples() {
        SequenceInstance inst = builtin("chain-order1-v3");
        String bad = line(inst, DraftTree.chain(0, 2), new int[] {0, 2}, 1).replace("}", ", \"count\": 7}");
        String good = line(inst, DraftTree.chain(0, 0), new int[] {0, 0, 1}, 2).replace("}", ", \"count\": 3}");
        SequenceEngineCheck.GroupReport g = check(List.of(inst), REGISTRY.get("tokenwise"),
            good + "\n" + bad + "\n" + good + "\n").groups().get(0);
        assertEquals(13, g.n());
        assertEquals(7, g.impossibleBlocks());
        assertTrue(g.blockLines().get(0).startsWith("line 2 (x7):"), g.blockLines().toString());
        assertEquals(13, g.accepted().samples());
        assertEquals(13, java.util.Arrays.stream(g.length().observed()).sum());
    }

    @Test
    void onlyEmptyBlocksAreImpossibleAndLeaveTheStreamUntested() {
        SequenceInstance inst = builtin("chain-order0");
        String empty = line(inst, DraftTree.chain(0, 1), new int[0], 0).replace("}", ", \"count\": 50}");
        SequenceEngineCheck.GroupReport g = check(List.of(inst), null, empty + "\n").groups().get(0);
        assertTrue(g.failed());
        assertEquals(50, g.impossibleBlocks());
        assertTrue(g.blockLines().get(0).contains("empty block"), g.blockLines().toString());
        assertEquals(null, g.stream());
        assertNotNull(g.unchecked());
    }

    @Test
    void aTreeWhoseCellsPoolIntoOneIsNotCountedAsTested() {
        // Exactly 20 lines (the least a drafted tree needs to be tested) of one drafted chain, blocks drawn from the
        // exact law given it. Where that law has no block of mass >= 1/4, the G-test pools every block into one cell
        // and compares nothing: the chain must not count as tested (and the group is then unchecked, not passed).
        SequenceScheme tokenwise = REGISTRY.get("tokenwise");
        int pooled = 0;
        List<SequenceInstance> chains = new java.util.ArrayList<>();
        for (String name : List.of("chain-order0", "chain-order1", "chain-order1-v3")) {
            chains.add(builtin(name));
        }
        // one draft that the target never takes (q = point mass on 0, p(0) = 0): every step rejects it and emits a
        // residual token uniform over 7, so each of the 7 blocks has mass 1/7 and 20 lines pool into one cell
        chains.addAll(org.specverify.audit.io.SequenceInstanceReader.parse("{\"instances\": [{\"name\": \"spread\","
            + " \"vocab\": 8, \"gamma\": 1, \"target\": [\"0\", \"1/7\", \"1/7\", \"1/7\", \"1/7\", \"1/7\","
            + " \"1/7\", \"1/7\"], \"draft\": [\"1\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\", \"0\"]}]}",
            "spread.json"));
        for (SequenceInstance chain : chains) {
            String name = chain.name();
            for (DraftTree t : DraftTrees.law(chain).keySet()) {
                BlockLaw law = SequenceExact.blockLawGiven(chain, tokenwise, t, 1_000_000);
                List<List<Integer>> blocks = List.copyOf(law.masses().keySet());
                SplittableRandom rng = new SplittableRandom(17);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    List<Integer> b = blocks.get(pick(rng, blocks.stream().map(law::mass).toList()));
                    sb.append(line(chain, t, b.stream().mapToInt(Integer::intValue).toArray(), b.size() - 1))
                        .append('\n');
                }
                SequenceEngineCheck.Conformance c = check(List.of(chain), tokenwise, sb.toString()).groups().get(0)
                    .conformance();
                assertTrue(c.treesTested() == 0 || Double.isFinite(c.detectableBiasWorst()), name + " " + t + ": " + c);
                if (c.treesTested() == 0) {
                    pooled++;
                }
            }
        }
        assertTrue(pooled > 0, "no drafted chain pools into one cell at 20 samples: the case exercises nothing");
    }

    @Test
    void aSmallGroupIsUncheckedNotPassed() {
        SequenceInstance chain = builtin("chain-order0");
        SequenceScheme tokenwise = REGISTRY.get("tokenwise");
        SequenceEngineCheck.GroupReport g = check(List.of(chain), tokenwise, traces(chain, tokenwise, 15, 16,
            y -> y)).groups().get(0);
        assertFalse(g.failed());
        assertNotNull(g.unchecked());
        assertEquals(0, g.conformance().treesTested());
    }

    @Test
    void malformedLinesAreRefusedNamingTheLine() {
        SequenceInstance chain = builtin("chain-order0");
        SequenceInstance tree = builtin("tree-iid");
        String ok = "{\"case\": \"chain-order0\", \"drafts\": [0, 1], \"emitted\": [0, 1, 2]}";
        Map<String, String> bad = Map.of(
            "{\"case\": \"nope\", \"drafts\": [0, 1], \"emitted\": [0]}", "unknown case 'nope'",
            "{\"case\": \"chain-order0\", \"drafts\": [0], \"emitted\": [0]}", "gamma = 2",
            "{\"case\": \"chain-order0\", \"drafts\": [0, 3], \"emitted\": [0]}", "out of range",
            "{\"case\": \"chain-order0\", \"drafts\": [0, 1], \"emitted\": [5]}", "out of range",
            "{\"case\": \"chain-order0\", \"output\": 1, \"drafts\": [0, 1]}", "token-level",
            "{\"case\": \"tree-iid\", \"drafts\": [0, 1], \"emitted\": [0]}", "give \"tree\"",
            "{\"case\": \"chain-order0\", \"drafts\": [0, 1], \"emitted\": [0], \"accepted\": -1}", "accepted",
            "{\"case\": \"chain-order0\", \"drafts\": [0, 1]}", "\"emitted\" is missing",
            "not json", "not valid JSON");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                () -> check(List.of(chain, tree), null, ok + "\n" + e.getKey() + "\n"), e.getKey());
            assertTrue(ex.getMessage().contains("line 2") && ex.getMessage().contains(e.getValue()),
                e.getKey() + " -> " + ex.getMessage());
        }
    }

    @Test
    void aSchemeThatDoesNotApplyIsRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
            () -> new SequenceEngineCheck(List.of(builtin("tree-iid")), REGISTRY.get("tokenwise"), ALPHA, 1));
        assertTrue(e.getMessage().contains("tree-iid"), e.getMessage());
    }
}
