package org.specverify.reference.interpret;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.sequence.DraftTree;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.scheme.BlockOutcome;
import org.specverify.reference.sequence.scheme.DraftedTree;
import org.specverify.reference.sequence.scheme.LazyTree;
import org.specverify.reference.sequence.scheme.SequenceScheme;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/**
 * The sampler at sequence level: one verification step at a position, driven by counter-based Philox uniforms
 * ({@link CounterUniforms}: the draft stream for the tree, drawn on demand as the exact interpreter's lazy route
 * does, the verify stream for the verifier and its closing draw), decided exactly. The same program as the exact
 * interpreter runs, so every sampled block is possible under {@link SequenceExact#blockLaw}.
 */
public final class SequenceSampler {
    private final SequenceInstance instance;
    private final SequenceScheme scheme;
    private final long seed;
    private final SequenceVerifier<BigFraction> verifier;
    private final DraftTree fixedTree;

    /**
     * A sampler of the scheme on the instance at the empty context.
     *
     * @throws org.specverify.reference.InvalidInputException when the scheme does not apply, naming the reason
     */
    public SequenceSampler(SequenceInstance instance, SequenceScheme scheme, long seed) {
        scheme.notApplicable(instance).ifPresent(why -> {
            throw new org.specverify.reference.InvalidInputException("sequence scheme " + scheme.id()
                + " on instance '" + instance.name() + "': " + why);
        });
        this.instance = instance;
        this.scheme = scheme;
        this.seed = seed;
        this.verifier = scheme.verifier(new StepLaws<>(Exact.INSTANCE, instance, new int[0]));
        if (instance.siblings().deterministic()) {
            Map<DraftTree, BigFraction> one = DraftTrees.law(instance);
            this.fixedTree = one.keySet().iterator().next();
        } else {
            this.fixedTree = null;
        }
    }

    /** One sampled step: the block and the number of accepted draft tokens. */
    public record Step(int[] block, int accepted) {
        @Override
        public String toString() {
            return Arrays.toString(block) + " (" + accepted + " accepted)";
        }
    }

    /** The step at {@code position}. */
    public Step sample(long position) {
        UniformDraws<BigFraction> draws = new UniformDraws<>(Exact.INSTANCE, id -> uniform(position, id),
            Draws.VERIFY, Uniforms.OPEN, null, false);
        DraftedTree tree = fixedTree != null ? DraftedTree.of(fixedTree)
            : LazyTree.drawn(instance, new int[0], draws);
        BlockOutcome<BigFraction> o = verifier.verify(draws, tree);
        if (o == null) {
            throw new IllegalStateException(scheme.id() + ": the verifier returned no outcome");
        }
        int[] path = o.accepted();
        int[] block = Arrays.copyOf(path, path.length + 1);
        block[path.length] = o instanceof BlockOutcome.Fixed<BigFraction> f ? f.token()
            : draws.sample(((BlockOutcome.Emit<BigFraction>) o).what(), ((BlockOutcome.Emit<BigFraction>) o).law());
        return new Step(block, path.length);
    }

    private double uniform(long position, DrawId id) {
        int stream = id.stream().equals(Draws.DRAFT) ? CounterUniforms.DRAFT_STREAM : CounterUniforms.VERIFY_STREAM;
        if (!id.stream().equals(Draws.DRAFT) && !id.stream().equals(Draws.VERIFY)) {
            throw new UnsupportedOperationException("the sampler maps only the draft and verify streams; the program"
                + " draws " + id);
        }
        return CounterUniforms.uniform(seed, position, stream, (int) id.index());
    }
}
