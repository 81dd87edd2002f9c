package org.specverify.reference.interpret;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.BlockLaw;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.LazyTree;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * The exact interpreter at sequence level: for a {@link SequenceInstance} and a {@link SequenceScheme}, every draft
 * tree of positive probability ({@link DraftTrees}) times every branch of the verifier (the exact {@link Replay}, the
 * verifier's draws in the {@link Draws#VERIFY} stream), giving the exact {@link BlockLaw} of the emitted block; then
 * the verdict (the block continued by the target and truncated to h = gamma + 1 tokens against the target's law,
 * {@link BlockLaw#compareWithTarget}) and the exact accepted-length law. Deliberately slow: exact rationals throughout.
 *
 * <p><b>Two routes, one law.</b> {@link Route#LAZY} (the default) draws the tree on demand inside the replay
 * ({@link LazyTree}, the draft stream): the children of a node are drawn when the verifier first asks for them, so
 * only the parts of the tree the verifier looks at are enumerated (a top-down walk looks at one root path). Since the
 * children of a node are drawn given its path only, the block law is the same as with {@link Route#EAGER}, which
 * enumerates every whole tree of positive probability ({@link DraftTrees}) and runs the verifier on each; a property
 * test compares the two. Deterministic trees (top-k, dynamic) are one tree on both routes.
 *
 * <p>A block ending in a law is expanded over that law's tokens of positive mass, unless the program already compared
 * the uniform the closing draw would use (the next index of the verifier's stream): then the draw is made on the replay
 * with that same uniform, as an engine reusing it would.
 *
 * <p>Every outcome is checked: its accepted tokens must be the root path of a node of the drafted tree (at most gamma
 * tokens), its last token in the vocabulary, its law of positive total; a violation is an
 * {@link IllegalStateException} naming the scheme, the tree and the outcome (a defect of the verifier, not a verdict).
 */
public final class SequenceExact {
    /** The default bound on the verifier's leaves over all trees. */
    public static final long DEFAULT_MAX_LEAVES = 20_000_000L;

    private SequenceExact() {
    }

    /** How the draft trees are enumerated; both give the same law. */
    public enum Route {
        /** Children drawn when the verifier first looks at them, inside the replay. */
        LAZY,
        /** Every whole draft tree of positive probability, then every branch of the verifier on it. */
        EAGER
    }

    /**
     * The result of one exact check.
     *
     * @param scheme            the scheme's id
     * @param instance          the instance's name
     * @param claimsLossless    what the scheme claims
     * @param lossless          whether the block continued by the target has exactly the target's law
     * @param comparison        that comparison (the worst sequence and its error when not lossless)
     * @param blockLaw          the exact law of the emitted block
     * @param acceptedLengthLaw the exact law of the number of accepted draft tokens (its per-depth acceptance included)
     * @param trees             the number of draft trees enumerated
     * @param leaves            the number of verifier paths run
     */
    public record Result(String scheme, String instance, boolean claimsLossless, boolean lossless,
                         SequenceLaw.Comparison comparison, BlockLaw blockLaw, AcceptedLengthLaw acceptedLengthLaw,
                         long trees, long leaves) {
        /** E[tau]: the expected number of accepted draft tokens (the block efficiency minus one). */
        public BigFraction expectedAccepted() {
            return acceptedLengthLaw.mean();
        }

        /** P(tau &gt;= j) for j = 1..gamma, at index j - 1. */
        public BigFraction[] acceptanceByDepth() {
            return acceptedLengthLaw.reachedByDepth();
        }

        /** "lossless", "lossy" (claimed lossy and found lossy) or "FALSE CLAIM" (claimed lossless, found lossy). */
        public String verdict() {
            if (lossless) {
                return "lossless";
            }
            return claimsLossless ? "FALSE CLAIM" : "lossy";
        }

        @Override
        public String toString() {
            return scheme + " on '" + instance + "': " + verdict() + (lossless ? "" : " (" + comparison + ")")
                + ", E[tau] = " + expectedAccepted() + ", " + acceptedLengthLaw;
        }
    }

    /** The exact check at the empty context with the default limits. */
    public static Result check(SequenceInstance instance, SequenceScheme scheme) {
        return check(instance, scheme, new int[0], DraftTrees.DEFAULT_STREAM_LIMIT, DEFAULT_MAX_LEAVES, Route.LAZY);
    }

    /**
     * The exact check of one step at {@code context}.
     *
     * @throws InvalidInputException when the scheme does not apply to the instance (naming the reason)
     * @throws TooLargeException     when V^h sequences, the draft trees or the verifier's leaves exceed their limits,
     *                               decided before the work for the first two
     */
    public static Result check(SequenceInstance instance, SequenceScheme scheme, int[] context, long treeLimit,
                               long maxLeaves, Route route) {
        int h = instance.blockLength();
        SequenceLaw target = SequenceLaw.target(instance.target(), context, h);
        long[] counts = new long[2];
        BlockLaw law = blockLaw(instance, scheme, context, treeLimit, maxLeaves, route, counts);
        SequenceLaw.Comparison c = law.continuedByTarget(instance.target(), context, h).compare(target);
        return new Result(scheme.id(), instance.name(), scheme.claimsLossless(), c.equal(), c, law,
            law.acceptedLengthLaw(instance.gamma()), counts[0], counts[1]);
    }

    /** The exact law of the block one step emits, at the empty context, with the default limits, on the lazy route. */
    public static BlockLaw blockLaw(SequenceInstance instance, SequenceScheme scheme) {
        return blockLaw(instance, scheme, Route.LAZY);
    }

    /** The exact law of the block one step emits, at the empty context, with the default limits, on a route. */
    public static BlockLaw blockLaw(SequenceInstance instance, SequenceScheme scheme, Route route) {
        return blockLaw(instance, scheme, new int[0], DraftTrees.DEFAULT_STREAM_LIMIT, DEFAULT_MAX_LEAVES, route,
            new long[2]);
    }

    private static BlockLaw blockLaw(SequenceInstance instance, SequenceScheme scheme, int[] context, long treeLimit,
                                     long maxLeaves, Route route, long[] counts) {
        Optional<String> why = scheme.notApplicable(instance);
        if (why.isPresent()) {
            throw new InvalidInputException("sequence scheme " + scheme.id() + " on instance '" + instance.name()
                + "': " + why.get());
        }
        SequenceVerifier<BigFraction> verifier = scheme.verifier(new StepLaws<>(Exact.INSTANCE, instance, context));
        BlockLaw.Builder builder = BlockLaw.builder(instance.vocab());
        Replay.Memo memo = new Replay.Memo();
        int vocab = instance.vocab();
        int gamma = instance.gamma();
        if (route == Route.LAZY && !instance.siblings().deterministic()) {
            counts[1] = Replay.forEachLeaf(d -> {
                    LazyTree tree = LazyTree.drawn(instance, context, d);
                    return new Leaf(tree, end(verifier.verify(d, tree), d));
                }, Draws.VERIFY, maxLeaves, memo,
                (leaf, probability) -> add(builder, scheme, leaf.tree(), leaf.outcome(), probability, gamma, vocab));
            counts[0] = counts[1];
            return builder.build();
        }
        DraftTrees.requireWithin(instance, treeLimit);
        DraftTrees.forEach(instance, context, treeLimit, (whole, treeProbability) -> {
            counts[0]++;
            long left = maxLeaves - counts[1];
            if (left <= 0) {
                throw new TooLargeException("exact enumeration exceeds " + maxLeaves + " verifier leaves over the"
                    + " draft trees; the instance is too large for the exact reference");
            }
            DraftedTree tree = DraftedTree.of(whole);
            counts[1] += Replay.forEachLeaf(d -> end(verifier.verify(d, tree), d), Draws.VERIFY, left, memo,
                (o, probability) -> add(builder, scheme, tree, o, treeProbability.multiply(probability), gamma,
                    vocab));
        });
        return builder.build();
    }

    /**
     * The exact conditional law of the block one step emits given its drafted tree, at the empty context: the
     * verifier's branches on that tree only, as the eager route runs them on each tree. Its blocks of positive mass are
     * the blocks an implementation of the scheme can emit on these drafts.
     *
     * @throws InvalidInputException when the scheme does not apply to the instance
     * @throws TooLargeException     when the verifier's leaves on this tree exceed {@code maxLeaves}
     */
    public static BlockLaw blockLawGiven(SequenceInstance instance, SequenceScheme scheme, DraftTree drafted,
                                         long maxLeaves) {
        Optional<String> why = scheme.notApplicable(instance);
        if (why.isPresent()) {
            throw new InvalidInputException("sequence scheme " + scheme.id() + " on instance '" + instance.name()
                + "': " + why.get());
        }
        SequenceVerifier<BigFraction> verifier = scheme.verifier(new StepLaws<>(Exact.INSTANCE, instance, new int[0]));
        BlockLaw.Builder builder = BlockLaw.builder(instance.vocab());
        DraftedTree tree = DraftedTree.of(drafted);
        Replay.forEachLeaf(d -> end(verifier.verify(d, tree), d), Draws.VERIFY, maxLeaves, new Replay.Memo(),
            (o, probability) -> add(builder, scheme, tree, o, probability, instance.gamma(), instance.vocab()));
        return builder.build();
    }

    /** One path of the lazy route: the tree as drawn along it and the verifier's outcome. */
    private record Leaf(LazyTree tree, BlockOutcome<BigFraction> outcome) {
    }

    /** Adds one outcome of probability {@code weight} to the law, after checking it. */
    private static void add(BlockLaw.Builder builder, SequenceScheme scheme, DraftedTree tree,
                            BlockOutcome<BigFraction> o, BigFraction weight, int gamma, int vocab) {
        if (o == null) {
            throw new IllegalStateException(scheme.id() + ": the verifier returned no outcome on " + tree);
        }
        int[] path = o.accepted();
        check(scheme, tree, o, path, gamma, vocab);
        int[] block = Arrays.copyOf(path, path.length + 1);
        if (o instanceof BlockOutcome.Fixed<BigFraction> f) {
            block[path.length] = f.token();
            builder.add(block, weight);
            return;
        }
        Measure<BigFraction> l = ((BlockOutcome.Emit<BigFraction>) o).law();
        for (int y = 0; y < vocab; y++) {
            BigFraction m = l.probability(y);
            if (m.signum() > 0) {
                block[path.length] = y;
                builder.add(block, weight.multiply(m));
            }
        }
    }

    private static void check(SequenceScheme scheme, DraftedTree tree, BlockOutcome<BigFraction> o, int[] path,
                              int gamma, int vocab) {
        if (path.length > gamma || !tree.knowsRootPath(path)) {
            throw new IllegalStateException(scheme.id() + ": the verifier accepts " + Arrays.toString(path)
                + ", which is not the root path of a drafted node it looked at, in " + tree + " (outcome: " + o + ")");
        }
        if (o instanceof BlockOutcome.Fixed<BigFraction> f && f.token() >= vocab) {
            throw new IllegalStateException(scheme.id() + ": the verifier emits token " + f.token() + " ("
                + f.what() + "), outside the vocabulary of " + vocab + " tokens, on tree " + tree);
        }
        if (o instanceof BlockOutcome.Emit<BigFraction> e) {
            if (e.law().size() != vocab) {
                throw new IllegalStateException(scheme.id() + ": the law of the last token (" + e.what() + ") has "
                    + e.law().size() + " tokens, not " + vocab);
            }
            if (e.law().total().signum() == 0) {
                throw new IllegalStateException(scheme.id() + ": the verifier reaches a final draw from an empty law ("
                    + e.what() + ") on tree " + tree + " after accepting " + Arrays.toString(path));
            }
        }
    }

    /**
     * The end of one path: a law stays a law unless the program already compared the uniform of the closing draw
     * (the next index of the verifier's stream); then the draw is made here with that uniform.
     */
    private static BlockOutcome<BigFraction> end(BlockOutcome<BigFraction> o, Draws<BigFraction> d) {
        if (o == null || !(o instanceof BlockOutcome.Emit<BigFraction> e)) {
            return o;
        }
        DrawId closing = d.next(Draws.VERIFY);
        if (!Replay.touched(d, closing) || e.law().total().signum() == 0) {
            return o;
        }
        int y = d.uniform(closing).locate(e.law());
        return BlockOutcome.fixed(e.path(), y, e.what() + " (drawn with the reused uniform " + closing + ")");
    }
}
