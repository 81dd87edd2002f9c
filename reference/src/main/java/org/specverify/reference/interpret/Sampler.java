package org.specverify.reference.interpret;

import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.Chooser;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.scheme.Scheme;

/**
 * Monte-Carlo runs of a scheme: position i of seed s drafts with the uniforms of
 * (s, i, {@link CounterUniforms#DRAFT_STREAM}, 0, 1, ...) and verifies with those of
 * (s, i, {@link CounterUniforms#VERIFY_STREAM}, 0, 1, ...). The decisions are exact for those uniforms (the same
 * program as the enumerator, through {@link UniformDriven.UniformChooser}), so a sample is replayable from (seed,
 * position) alone.
 */
public final class Sampler {
    private final long seed;

    public Sampler(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** One run at {@code position}. */
    public Outcome sample(Scheme.Bound bound, long position) {
        int[] drafts = bound.draftProcess().draw(stream(position, CounterUniforms.DRAFT_STREAM));
        java.util.function.IntToDoubleFunction u =
            draw -> CounterUniforms.uniform(seed, position, CounterUniforms.VERIFY_STREAM, draw);
        int y;
        if (bound.hasProgram()) {
            UniformDraws<org.apache.commons.numbers.fraction.BigFraction> draws = new UniformDraws<>(
                org.specverify.reference.arith.Exact.INSTANCE, u, Integer.MAX_VALUE, "sampler", Uniforms.OPEN, null);
            y = UniformDriven.run(bound.program(org.specverify.reference.arith.Exact.INSTANCE), draws, drafts)[0];
        } else {
            y = UniformDriven.verify(bound, drafts, u, Integer.MAX_VALUE, Uniforms.OPEN).output();
        }
        return new Outcome(DraftTuple.of(drafts), y);
    }

    /** Counts of each output token over positions 0..n-1. */
    public long[] outputCounts(Scheme.Bound bound, int n) {
        long[] counts = new long[bound.instance().vocab()];
        for (long i = 0; i < n; i++) {
            counts[sample(bound, i).output()]++;
        }
        return counts;
    }

    private Chooser stream(long position, int stream) {
        return new UniformDriven.UniformChooser(draw -> CounterUniforms.uniform(seed, position, stream, draw),
            Integer.MAX_VALUE, "sampler");
    }
}
