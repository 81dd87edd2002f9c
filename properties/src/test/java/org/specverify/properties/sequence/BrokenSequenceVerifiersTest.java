package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * Broken sequence verifiers seen in engines, each claiming losslessness: the exact check finds each lossy on a
 * generated instance (the first of a seeded list), and prints the counterexample with its worst sequence.
 */
class BrokenSequenceVerifiersTest {
    static final long SEED = 140L;
    static final List<SequenceInstance> CHAINS = SequenceInstanceGenerators.sample(SEED, 300, true);
    static final List<SequenceInstance> TREES = SequenceInstanceGenerators.sample(SEED + 1, 400, false);

    /** The first instance of the list on which the scheme applies and is found lossy. */
    static SequenceExact.Result caught(SequenceSchemeBase broken, List<SequenceInstance> instances) {
        System.out.println("seed " + SEED);
        int tried = 0;
        for (SequenceInstance i : instances) {
            if (broken.notApplicable(i).isPresent()) {
                continue;
            }
            tried++;
            SequenceExact.Result r;
            try {
                r = SequenceExact.check(i, broken);
            } catch (IllegalStateException crash) {
                System.out.println(broken.id() + " crashed (not a verdict) on " + i + ": " + crash.getMessage());
                continue;
            }
            if (!r.lossless()) {
                assertEquals("FALSE CLAIM", r.verdict());
                System.out.println(broken.id() + " caught on " + i + " target " + i.target() + " drafts "
                    + i.drafts() + ": " + r.comparison());
                minimal(broken);
                return r;
            }
        }
        throw new AssertionError(broken.id() + " was not caught on " + tried + " generated instances");
    }

    /** A chain verifier from a per-step rule: tokenwise with its parts replaceable. */
    abstract static class ChainFixture extends SequenceSchemeBase {
        ChainFixture(String id) {
            super(define(id).description("broken fixture").chainsOnly().build());
        }

        @Override
        public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
            return (draws, tree) -> run(laws, draws, DraftedTree.chainTokens(tree));
        }

        abstract <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x);
    }

    static int[] before(int[] x, int i) {
        return Arrays.copyOf(x, i);
    }

    /** Block verification with the stated weights but stopping at the first failed h_i. */
    @Test
    void blockStoppingAtTheFirstFailure() {
        caught(new ChainFixture("block-first-failure") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                Arithmetic<S> ar = laws.arithmetic();
                int g = x.length;
                S rho = ar.one();
                int tau = 0;
                java.util.List<S> rhos = new java.util.ArrayList<>(List.of(ar.one()));
                for (int i = 1; i <= g; i++) {
                    Measure<S> p = laws.target(before(x, i - 1));
                    Measure<S> q = laws.draft(before(x, i - 1));
                    rho = ar.min(ar.one(), ar.divide(ar.multiply(rho, p.probability(x[i - 1])),
                        q.probability(x[i - 1])));
                    rhos.add(rho);
                }
                for (int i = 1; i <= g; i++) {
                    S h = i == g ? rhos.get(g) : weight(ar, rhos.get(i), laws.target(before(x, i)),
                        laws.draft(before(x, i)));
                    if (!draws.bernoulli("h_" + i, h)) {
                        break;
                    }
                    tau = i;
                }
                if (tau == g) {
                    return BlockOutcome.emit(x, "bonus", laws.target(x));
                }
                return BlockOutcome.emit(before(x, tau), "residual", laws.target(before(x, tau))
                    .times(rhos.get(tau)).minusPositive(laws.draft(before(x, tau)), ar.one()));
            }
        }, CHAINS);
    }

    static <S> S weight(Arithmetic<S> ar, S rho, Measure<S> p, Measure<S> q) {
        S m = p.times(rho).minusPositive(q, ar.one()).total();
        S den = ar.add(m, ar.subtract(ar.one(), rho));
        return ar.signum(den) == 0 ? ar.one() : ar.divide(m, den);
    }

    /**
     * q taken as 1 in the accept test when the draft law is missing (n-gram drafts), the residual still against the
     * real q: accept iff u &lt; p(x), residual norm((p - q)+). (Taking q as the one-hot law everywhere, residual p without
     * x, is the deterministic-draft verifier and lossless for any drafts: the exact check finds it lossless.)
     */
    @Test
    void draftLawTakenAsOne() {
        caught(new ChainFixture("q-as-one") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                for (int i = 0; i < x.length; i++) {
                    Measure<S> p = laws.target(before(x, i));
                    if (!draws.accept(i, x[i], laws.arithmetic().one(), p.probability(x[i]))) {
                        return BlockOutcome.emit(before(x, i), "residual", p.residual(laws.draft(before(x, i))));
                    }
                }
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
        }, CHAINS);
    }

    /** The bonus token drawn from the last drafted depth's law p_gamma instead of p_(gamma+1). */
    @Test
    void bonusFromTheWrongDepth() {
        caught(new ChainFixture("bonus-wrong-depth") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                for (int i = 0; i < x.length; i++) {
                    Measure<S> p = laws.target(before(x, i));
                    Measure<S> q = laws.draft(before(x, i));
                    if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                        return BlockOutcome.emit(before(x, i), "residual", p.residual(q));
                    }
                }
                return BlockOutcome.emit(x, "bonus from p_gamma", laws.target(before(x, x.length - 1)));
            }
        }, CHAINS);
    }

    /** The draft law of the previous depth used at depth i (q(.|x_&lt;i-1) for q(.|x_&lt;i)). */
    @Test
    void draftLawOfTheWrongDepth() {
        caught(new ChainFixture("q-wrong-depth") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                for (int i = 0; i < x.length; i++) {
                    Measure<S> p = laws.target(before(x, i));
                    Measure<S> q = laws.draft(before(x, Math.max(0, i - 1)));
                    if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                        return BlockOutcome.emit(before(x, i), "residual", p.residual(q));
                    }
                }
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
        }, CHAINS);
    }

    /** The residual drawn with the uniform of the last (failed) accept test. */
    @Test
    void residualWithTheAcceptanceUniform() {
        SequenceExact.Result r = caught(new ChainFixture("residual-reused-uniform") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                for (int i = 0; i < x.length; i++) {
                    Measure<S> p = laws.target(before(x, i));
                    Measure<S> q = laws.draft(before(x, i));
                    DrawId id = draws.next(Draws.VERIFY);
                    if (!draws.uniform(id).timesLessThan(q.probability(x[i]), p.probability(x[i]))) {
                        return BlockOutcome.fixed(before(x, i), draws.uniform(id).locate(p.residual(q)),
                            "residual with the reused uniform");
                    }
                }
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
        }, CHAINS);
        assertTrue(r.comparison().totalVariation().signum() > 0);
    }

    /** A tree node's residual taken as the target minus the tried siblings instead of (p_k - q)+ (iid siblings). */
    @Test
    void treeResidualAgainstTriedSiblings() {
        caught(new SequenceSchemeBase(SequenceSchemeBase.define("tree-residual-minus-siblings")
            .siblings(SiblingProcess.IID).build()) {
            @Override
            public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
                return (draws, tree) -> {
                    int node = DraftTree.ROOT;
                    int[] path = new int[0];
                    while (true) {
                        int[] kids = tree.children(node);
                        if (kids.length == 0) {
                            return BlockOutcome.emit(path, "bonus", laws.target(path));
                        }
                        Measure<S> p = laws.target(path);
                        Measure<S> q = laws.draft(path);
                        Measure<S> pk = p;
                        int next = -1;
                        for (int j = 0; j < kids.length && next < 0; j++) {
                            int x = tree.token(kids[j]);
                            if (draws.accept(j, x, q.probability(x), pk.probability(x))) {
                                next = kids[j];
                            } else {
                                pk = pk.without(x);
                            }
                        }
                        if (next < 0) {
                            return BlockOutcome.emit(path, "p without the tried siblings", pk);
                        }
                        node = next;
                        path = Arrays.copyOf(path, path.length + 1);
                        path[path.length - 1] = tree.token(node);
                    }
                };
            }
        }, TREES);
    }

    /**
     * A tree verified as a linear chain, first child only, with speculative sampling against q at each depth. On
     * sampled siblings (iid) the first children form a chain drafted from q: lossless, it only accepts less than
     * tree-rrs (no false alarm). On top-k trees the first child is argmax q, not a draw from q: lossy, caught.
     */
    @Test
    void treeVerifiedAsItsFirstChildChain() {
        SequenceSchemeBase firstChild = new SequenceSchemeBase(SequenceSchemeBase.define("first-child-chain")
            .siblings(SiblingProcess.IID, SiblingProcess.TOP_K).build()) {
            @Override
            public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
                return (draws, tree) -> {
                    int node = DraftTree.ROOT;
                    int[] path = new int[0];
                    while (true) {
                        int[] kids = tree.children(node);
                        if (kids.length == 0) {
                            return BlockOutcome.emit(path, "bonus", laws.target(path));
                        }
                        int x = tree.token(kids[0]);
                        Measure<S> p = laws.target(path);
                        Measure<S> q = laws.draft(path);
                        if (!draws.accept(path.length, x, q.probability(x), p.probability(x))) {
                            return BlockOutcome.emit(path, "residual", p.residual(q));
                        }
                        node = kids[0];
                        path = Arrays.copyOf(path, path.length + 1);
                        path[path.length - 1] = x;
                    }
                };
            }
        };
        int iid = 0;
        for (SequenceInstance i : TREES) {
            if (i.siblings() != SiblingProcess.IID || i.drafts().size() > 1 || i.isChain() || iid >= 20) {
                continue;
            }
            iid++;
            SequenceExact.Result r = SequenceExact.check(i, firstChild);
            assertTrue(r.lossless(), r.toString());
            SequenceExact.Result rrs = SequenceExact.check(i, org.specverify.reference.sequence.scheme.SequenceSchemes
                .reference().get("tree-rrs"));
            assertTrue(org.specverify.reference.Fractions.compare(r.expectedAccepted(), rrs.expectedAccepted()) <= 0,
                i.toString());
        }
        assertTrue(iid > 0);
        caught(firstChild, TREES.stream().filter(i -> i.siblings() == SiblingProcess.TOP_K).toList());
    }

    /**
     * The shipped "lossless block verifier": the block structure (one uniform per depth, the LAST success wins, the
     * accepted prefix is x_1..x_tau) but with the token-wise test u_i q_i(x_i) &lt; p_i(x_i) in place of u_i &lt; h_i and
     * the token-wise residual norm((p_(tau+1) - q_(tau+1))+) in place of norm((rho_tau p - q)+). Not the same program as
     * tokenwise (which stops at the FIRST failure): a later success overrides an earlier rejection.
     */
    static final ChainFixture BLOCK_WITH_TOKENWISE_TEST_AND_RESIDUAL = new ChainFixture("block-tokenwise-test-residual") {
        @Override
        <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
            int g = x.length;
            int tau = 0;
            for (int i = 1; i <= g; i++) {
                Measure<S> p = laws.target(before(x, i - 1));
                Measure<S> q = laws.draft(before(x, i - 1));
                if (draws.accept(i - 1, x[i - 1], q.probability(x[i - 1]), p.probability(x[i - 1]))) {
                    tau = i;
                }
            }
            if (tau == g) {
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
            return BlockOutcome.emit(before(x, tau), "token-wise residual",
                laws.target(before(x, tau)).residual(laws.draft(before(x, tau))));
        }
    };

    @Test
    void blockWithTheTokenwiseTestAndResidual() {
        caught(BLOCK_WITH_TOKENWISE_TEST_AND_RESIDUAL, CHAINS);
    }

    /** Block verification exact in its weights h_i, but ending in the token-wise residual norm((p - q)+). */
    static final ChainFixture BLOCK_WITH_TOKENWISE_RESIDUAL = new ChainFixture("block-tokenwise-residual") {
        @Override
        <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
            Arithmetic<S> ar = laws.arithmetic();
            int g = x.length;
            List<S> rhos = new java.util.ArrayList<>(List.of(ar.one()));
            S rho = ar.one();
            for (int i = 1; i <= g; i++) {
                Measure<S> p = laws.target(before(x, i - 1));
                Measure<S> q = laws.draft(before(x, i - 1));
                rho = ar.min(ar.one(), ar.divide(ar.multiply(rho, p.probability(x[i - 1])), q.probability(x[i - 1])));
                rhos.add(rho);
            }
            int tau = 0;
            for (int i = 1; i <= g; i++) {
                S h = i == g ? rhos.get(g) : weight(ar, rhos.get(i), laws.target(before(x, i)),
                    laws.draft(before(x, i)));
                if (draws.bernoulli("h_" + i, h)) {
                    tau = i;
                }
            }
            if (tau == g) {
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
            return BlockOutcome.emit(before(x, tau), "token-wise residual",
                laws.target(before(x, tau)).residual(laws.draft(before(x, tau))));
        }
    };

    @Test
    void blockWithTheTokenwiseResidual() {
        caught(BLOCK_WITH_TOKENWISE_RESIDUAL, CHAINS);
    }

    /**
     * A -1 placeholder mid-block read as a token. The proposer has no token to offer at a depth i &ge; 2 whose drafted
     * token is 0 (token 0 models its "no proposal" outcome) and writes -1 there; the verifier indexes the laws with -1
     * as Python does, i.e. reads it as token V-1, and runs token-wise speculative sampling on the chain with V-1 in that
     * place, emitting V-1 when it accepts it.
     */
    static final ChainFixture PLACEHOLDER_READ_AS_TOKEN = new ChainFixture("placeholder-as-token") {
        @Override
        <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] drafted) {
            int[] x = drafted.clone();
            for (int i = 1; i < x.length; i++) {
                if (x[i] == 0) {
                    x[i] = laws.vocab() - 1;
                }
            }
            for (int i = 0; i < x.length; i++) {
                Measure<S> p = laws.target(before(x, i));
                Measure<S> q = laws.draft(before(x, i));
                if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                    Measure<S> r = p.residual(q);
                    // the engine's guard for an empty residual row: fall back to p
                    return BlockOutcome.emit(before(x, i), "residual",
                        laws.arithmetic().signum(r.total()) == 0 ? p : r);
                }
            }
            return BlockOutcome.emit(x, "bonus", laws.target(x));
        }
    };

    @Test
    void placeholderMidBlockReadAsAToken() {
        caught(PLACEHOLDER_READ_AS_TOKEN, CHAINS);
    }

    /**
     * The law the verifier sees at a depth where the engine forgot its logits processing. The instance's target is
     * the processed law (temperature 2 applied to the model's logits: p proportional to raw^(1/2)); unprocessed, the
     * verifier sees raw proportional to p^2, exactly rational.
     */
    static <S> Measure<S> unprocessed(StepLaws<S> laws, int[] path) {
        Arithmetic<S> ar = laws.arithmetic();
        Measure<S> p = laws.target(path);
        Measure<S> sq = p.combine(p, ar::multiply);
        return sq.times(ar.divide(ar.one(), sq.total()));
    }

    /** Token-wise speculative sampling whose target law at depth d (1-based) is processed only where asked. */
    static ChainFixture processedAt(String id, java.util.function.IntPredicate processedAtDepth) {
        return new ChainFixture(id) {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                for (int i = 0; i <= x.length; i++) {
                    Measure<S> p = processedAtDepth.test(i + 1) ? laws.target(before(x, i))
                        : unprocessed(laws, before(x, i));
                    if (i == x.length) {
                        return BlockOutcome.emit(x, "bonus", p);
                    }
                    Measure<S> q = laws.draft(before(x, i));
                    if (!draws.accept(i, x[i], q.probability(x[i]), p.probability(x[i]))) {
                        return BlockOutcome.emit(before(x, i), "residual", p.residual(q));
                    }
                }
                throw new AssertionError("unreachable");
            }
        };
    }

    /** Temperature (or penalties) applied to the first depth's target law only; the real target is processed everywhere. */
    static final ChainFixture PROCESSED_AT_DEPTH_ONE_ONLY = processedAt("temperature-depth-1-only", d -> d == 1);

    /** The reverse: the first depth's target law left raw, the deeper depths (and the bonus) processed. */
    static final ChainFixture PROCESSED_BELOW_DEPTH_ONE_ONLY = processedAt("temperature-not-at-depth-1", d -> d > 1);

    @Test
    void temperatureAtTheFirstDepthOnly() {
        caught(PROCESSED_AT_DEPTH_ONE_ONLY, CHAINS);
    }

    @Test
    void temperatureEverywhereButTheFirstDepth() {
        caught(PROCESSED_BELOW_DEPTH_ONE_ONLY, CHAINS);
    }

    /** The processing model itself is sound: processed at every depth, the fixture is token-wise sampling, lossless. */
    @Test
    void processedEverywhereIsLossless() {
        ChainFixture all = processedAt("processed-everywhere", d -> true);
        for (SequenceInstance i : CHAINS.subList(0, 40)) {
            assertTrue(SequenceExact.check(i, all).lossless(), i.toString());
        }
    }

    /**
     * The first-child chain on trees whose first children are NOT a draw from q: dynamic (EAGLE-2-style) trees, whose
     * children are the most probable draft continuations. On iid and without-replacement trees it is lossless (the
     * first child of every node is a draw from q at that node, so the first-child path is a chain drafted from q).
     */
    @Test
    void firstChildChainOnWithoutReplacementTreesIsLossless() {
        SequenceSchemeBase firstChild = FIRST_CHILD_CHAIN;
        int n = 0;
        for (SequenceInstance i : TREES) {
            if (i.siblings() != SiblingProcess.WITHOUT_REPLACEMENT || n >= 20) {
                continue;
            }
            n++;
            assertTrue(SequenceExact.check(i, firstChild).lossless(), i.toString());
        }
        assertTrue(n > 0);
    }

    static final SequenceSchemeBase FIRST_CHILD_CHAIN = new SequenceSchemeBase(SequenceSchemeBase
        .define("first-child-chain").siblings(SiblingProcess.IID, SiblingProcess.WITHOUT_REPLACEMENT,
            SiblingProcess.TOP_K).build()) {
        @Override
        public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
            return (draws, tree) -> {
                int node = DraftTree.ROOT;
                int[] path = new int[0];
                while (true) {
                    int[] kids = tree.children(node);
                    if (kids.length == 0) {
                        return BlockOutcome.emit(path, "bonus", laws.target(path));
                    }
                    int x = tree.token(kids[0]);
                    Measure<S> p = laws.target(path);
                    Measure<S> q = laws.draft(path);
                    if (!draws.accept(path.length, x, q.probability(x), p.probability(x))) {
                        return BlockOutcome.emit(path, "residual", p.residual(q));
                    }
                    node = kids[0];
                    path = Arrays.copyOf(path, path.length + 1);
                    path[path.length - 1] = x;
                }
            };
        }
    };

    // ---- minimal counterexamples: the first caught instance of a fixed family enumerated by size ----

    static final BigFraction[][] ROWS2 = {
        {BigFraction.of(1, 2), BigFraction.of(1, 2)}, {BigFraction.of(1, 3), BigFraction.of(2, 3)},
        {BigFraction.of(2, 3), BigFraction.of(1, 3)}, {BigFraction.ONE, BigFraction.ZERO},
        {BigFraction.ZERO, BigFraction.ONE}, {BigFraction.of(1, 4), BigFraction.of(3, 4)}};

    static final BigFraction[][] ROWS3 = {
        {BigFraction.of(1, 3), BigFraction.of(1, 3), BigFraction.of(1, 3)},
        {BigFraction.of(1, 2), BigFraction.of(1, 4), BigFraction.of(1, 4)},
        {BigFraction.of(1, 4), BigFraction.of(1, 2), BigFraction.of(1, 4)},
        {BigFraction.of(1, 4), BigFraction.of(1, 4), BigFraction.of(1, 2)},
        {BigFraction.ZERO, BigFraction.of(1, 2), BigFraction.of(1, 2)},
        {BigFraction.of(1, 2), BigFraction.of(1, 2), BigFraction.ZERO},
        {BigFraction.of(1, 6), BigFraction.of(1, 3), BigFraction.of(1, 2)},
        {BigFraction.of(1, 2), BigFraction.of(1, 3), BigFraction.of(1, 6)},
        {BigFraction.of(9, 20), BigFraction.of(9, 20), BigFraction.of(1, 10)},
        {BigFraction.of(1, 100), BigFraction.of(1, 50), BigFraction.of(97, 100)}};

    static Distribution row(int k) {
        return Distribution.of(ROWS2[k]);
    }

    /** Order-0 (one row) or order-1 (rows after "", "0", "1") model from row indices: binary, or ternary order-0. */
    static ContextModel model(int v, int[] rows) {
        if (v == 3) {
            return ContextModel.constant(Distribution.of(ROWS3[rows[0]]));
        }
        if (rows.length == 1) {
            return ContextModel.constant(row(rows[0]));
        }
        Map<List<Integer>, Distribution> m = new LinkedHashMap<>();
        m.put(List.of(), row(rows[0]));
        m.put(List.of(0), row(rows[1]));
        m.put(List.of(1), row(rows[2]));
        return ContextModel.of(2, m);
    }

    /** Every row-index tuple of the given length, in lexicographic order. */
    static List<int[]> tuples(int len, int n) {
        List<int[]> out = new ArrayList<>();
        int total = (int) Math.pow(n, len);
        for (int c = 0; c < total; c++) {
            int[] t = new int[len];
            int r = c;
            for (int j = len - 1; j >= 0; j--) {
                t[j] = r % n;
                r /= n;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * The smallest caught instance, in this order: gamma 1 then 2; V = 2 then 3 (V = 3: order-0 rows of
     * {@link #ROWS3} only); shapes (the chain, then a
     * tree [2] / [2, 1] of the scheme's sibling process); order-0 target and draft, then order-1 target, then order-1
     * draft; rows from {@link #ROWS2}. No sequence shrinker exists yet: this fixed enumeration stands in for
     * one, and what it returns is minimal within the family (its size key is the first to catch the fixture).
     */
    static SequenceExact.Result minimal(SequenceSchemeBase broken) {
        int[][] orders = {{1, 1}, {3, 1}, {1, 3}};
        List<SiblingProcess> processes = new ArrayList<>(broken.definition().siblings());
        java.util.Collections.sort(processes);
        for (int gamma = 1; gamma <= 2; gamma++) {
          for (int v = 2; v <= 3; v++) {
            List<int[]> shapes = new ArrayList<>();
            shapes.add(null);
            if (!broken.definition().chainsOnly()) {
                shapes.add(gamma == 1 ? new int[] {2} : new int[] {2, 1});
            }
            for (int[] shape : shapes) {
                for (SiblingProcess sib : shape == null ? List.of(SiblingProcess.IID) : processes) {
                    for (int[] o : v == 2 ? orders : new int[][] {{1, 1}}) {
                        for (int[] t : tuples(o[0], v == 2 ? ROWS2.length : ROWS3.length)) {
                            for (int[] d : tuples(o[1], v == 2 ? ROWS2.length : ROWS3.length)) {
                                ContextModel target = model(v, t);
                                ContextModel draft = model(v, d);
                                String name = "V=" + v + " gamma=" + gamma + (shape == null ? " chain" : " tree "
                                    + Arrays.toString(shape) + " " + sib.id()) + " p " + target + " q " + draft;
                                SequenceInstance inst = shape == null ? SequenceInstance.chain(name, target, draft, gamma)
                                    : SequenceInstance.tree(name, target, draft, shape, sib);
                                if (broken.notApplicable(inst).isPresent()) {
                                    continue;
                                }
                                SequenceExact.Result r;
                                try {
                                    r = SequenceExact.check(inst, broken);
                                } catch (IllegalStateException crash) {
                                    continue; // a crash (a draw from an empty law) is not a verdict
                                }
                                if (!r.lossless()) {
                                    assertEquals("FALSE CLAIM", r.verdict());
                                    System.out.println("MINIMAL " + broken.id() + " on " + name + ": "
                                        + r.comparison());
                                    return r;
                                }
                            }
                        }
                    }
                }
            }
          }
        }
        throw new AssertionError(broken.id() + ": no instance of the family (V <= 3, gamma <= 2) catches it");
    }

    /** Fixtures must not be found lossy where they are right: the chain-only ones do not apply to trees. */
    @Test
    void fixturesStateTheirShape() {
        Optional<String> why = new ChainFixture("x") {
            @Override
            <S> BlockOutcome<S> run(StepLaws<S> laws, Draws<S> draws, int[] x) {
                return BlockOutcome.emit(x, "bonus", laws.target(x));
            }
        }.notApplicable(SequenceInstance.tree("t", CHAINS.get(0).target(), CHAINS.get(0).draftFor(0),
            new int[] {2}, SiblingProcess.IID));
        assertTrue(why.isPresent());
    }
}
