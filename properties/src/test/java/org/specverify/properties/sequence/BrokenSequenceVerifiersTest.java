package org.specverify.properties.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.specverify.properties.gen.SequenceInstanceGenerators;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
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
            SequenceExact.Result r = SequenceExact.check(i, broken);
            if (!r.lossless()) {
                assertEquals("FALSE CLAIM", r.verdict());
                System.out.println(broken.id() + " caught on " + i + " target " + i.target() + " drafts "
                    + i.drafts() + ": " + r.comparison());
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
