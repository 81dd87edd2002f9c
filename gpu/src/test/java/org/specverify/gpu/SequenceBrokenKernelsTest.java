package org.specverify.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.specverify.gpu.BatchVerifier.Philox;
import org.specverify.gpu.SequenceBatchVerifier.TreeScheme;
import org.specverify.gpu.SequenceConformance.Chain;
import org.specverify.gpu.SequenceConformance.Report;
import org.specverify.gpu.SequenceConformance.Tree;
import org.specverify.properties.stats.GoodnessOfFit;

/**
 * Broken variants of the sequence kernels, built from the same source with a {@code -D} switch and kept as fixtures:
 * the correct kernel passes every check, each broken one is caught, and this test names the checks that catch it
 * (printed per variant; the expected ones asserted). The checks: CONFORMANCE (blocks against the reference's decision
 * on the same rows and uniforms, {@link SequenceConformance}), EXACT_LAW (block law by uniform injection against the
 * exact law, {@link SequenceChecks#blockGridLaw}) and G_TEST (sampled blocks, and their accepted lengths, against the
 * exact laws). The token-wise variant is lossless with another block law, close enough to block's on the small model
 * that the grid bound does not separate them: conformance and the G-test catch it.
 */
class SequenceBrokenKernelsTest {
    /** The checks. */
    enum Check {
        CONFORMANCE, EXACT_LAW, G_TEST
    }

    /** The variants: switch, what it does, whether it breaks block or tree, the checks that must catch it. */
    enum Variant {
        CORRECT("", "the kernels as shipped", true, EnumSet.noneOf(Check.class)),
        TOKENWISE("SQ_BROKEN_TOKENWISE", "block runs the token-wise test (each position's own ratio, stop at the"
            + " first rejection, residual (p - q)+)", true, EnumSet.of(Check.CONFORMANCE, Check.G_TEST)),
        FIRST_FAIL("SQ_BROKEN_FIRST_FAIL", "block stops at the first failed h_i instead of keeping the last success",
            true, EnumSet.of(Check.CONFORMANCE, Check.EXACT_LAW, Check.G_TEST)),
        BONUS_DEPTH("SQ_BROKEN_BONUS_DEPTH", "block draws the bonus from p_gamma instead of p_(gamma+1)", true,
            EnumSet.of(Check.CONFORMANCE, Check.EXACT_LAW, Check.G_TEST)),
        FIRST_CHAIN("SQ_BROKEN_FIRST_CHAIN", "a tree verified as its first chain (only each node's first child)",
            false, EnumSet.of(Check.CONFORMANCE, Check.G_TEST)),
        SIBLING_RESIDUAL("SQ_BROKEN_SIBLING_RESIDUAL", "after every child of a node is rejected, the token is drawn"
            + " from p at the node instead of the residual against the tried siblings", false,
            EnumSet.of(Check.CONFORMANCE, Check.G_TEST));

        final String define;
        final String what;
        final boolean block;
        final Set<Check> mustCatch;

        Variant(String define, String what, boolean block, Set<Check> mustCatch) {
            this.define = define;
            this.what = what;
            this.block = block;
            this.mustCatch = mustCatch;
        }
    }

    @BeforeAll
    static void requireOpenCl() {
        OpenClDevices.all();
    }

    static Stream<Arguments> variants() {
        return OpenClDevices.withEach(Variant.values());
    }

    static final int GAMMA = 2;
    static final int[] SHAPE = {2, 1};
    static final int SAMPLES = 20_000;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void brokenVariant_caughtBy(OpenCl.Device d, Variant variant) {
        Set<Check> caught = EnumSet.noneOf(Check.class);
        List<String> why = new ArrayList<>();
        long seed = SequenceChecks.SEED;
        System.out.println("sequence broken variants seed " + seed);
        try (SequenceBatchVerifier v = new SequenceBatchVerifier(d, variant.define.isEmpty() ? ""
            : "-D" + variant.define)) {
            if (variant.block || variant == Variant.CORRECT) {
                List<Chain> cs = SequenceConformance.llmChains(300, 3, 6, seed);
                Philox u = new Philox(seed, 3);
                Report c = SequenceConformance.compareBlocks(d.toString(), cs, u,
                    v.block(SequenceConformance.blocks(cs), u));
                if (!c.passed()) {
                    caught.add(Check.CONFORMANCE);
                    why.add("block conformance: " + c.mismatches() + " mismatches");
                }
                SequenceChecks.Model m = SequenceChecks.Model.generate(3, GAMMA, seed + 1);
                SequenceChecks.GridLaw g = SequenceChecks.blockGridLaw(v, m, GAMMA, 24);
                if (!g.passed()) {
                    caught.add(Check.EXACT_LAW);
                    why.add("block " + g);
                }
                for (GoodnessOfFit.Result t : SequenceChecks.blockGTest(v, m, GAMMA, SAMPLES, seed + 2)) {
                    if (t.rejected()) {
                        caught.add(Check.G_TEST);
                        why.add("block G-test: " + t);
                    }
                }
            }
            if (!variant.block || variant == Variant.CORRECT) {
                // the tree variants break the walk, whatever the token scheme: tree-rrs (each scheme is its own build)
                for (TreeScheme s : List.of(TreeScheme.RRS)) {
                    // EXACT_LAW on the one tree of tree-deterministic (its own build), G_TEST and CONFORMANCE on tree-rrs
                    List<Tree> ts = SequenceConformance.llmTrees(s, 150, new int[] {2, 2}, 6, seed + s.ordinal());
                    Philox u = new Philox(seed, 7);
                    Report c = SequenceConformance.compareTrees(d.toString(), s, ts, u,
                        v.tree(s, SequenceConformance.trees(ts), u));
                    if (!c.passed()) {
                        caught.add(Check.CONFORMANCE);
                        why.add(s.id() + " conformance: " + c.mismatches() + " mismatches");
                    }
                    SequenceChecks.Model m = SequenceChecks.Model.generate(4, SHAPE.length, seed + 10 + s.ordinal());
                    SequenceChecks.GridLaw g = SequenceChecks.deterministicTreeGridLaw(v, m, SHAPE, 12);
                    if (!g.passed()) {
                        caught.add(Check.EXACT_LAW);
                        why.add("tree-deterministic " + g);
                    }
                    for (GoodnessOfFit.Result t : SequenceChecks.treeGTest(v, m, s, SHAPE, SAMPLES, seed + 20)) {
                        if (t.rejected()) {
                            caught.add(Check.G_TEST);
                            why.add(s.id() + " G-test: " + t);
                        }
                    }
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "variant %s (%s) on %s: caught by %s %s", variant,
            variant.what, d, caught, why));
        if (variant == Variant.CORRECT) {
            assertEquals(EnumSet.noneOf(Check.class), caught, "the correct kernels failed a check: " + why);
        } else {
            assertTrue(caught.containsAll(variant.mustCatch), variant + " should be caught by " + variant.mustCatch
                + " but was caught by " + caught + " " + why);
        }
    }
}
