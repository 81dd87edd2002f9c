package org.specverify.reference.interpret;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.CounterUniforms;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;

/**
 * Monte-Carlo runs of a scheme: position i of seed s maps the uniform of identity (stream, j) to the Philox counter
 * (s, i, philox stream, j) of {@link CounterUniforms}, with the {@link Draws#DRAFT} stream on
 * {@link CounterUniforms#DRAFT_STREAM} and the {@link Draws#VERIFY} stream on {@link CounterUniforms#VERIFY_STREAM}.
 * The decisions are exact for those uniforms (the same program as the exact replay, through {@link UniformDraws}),
 * so a sample is replayable from (seed, position) alone. A program that draws from a stream of another name is
 * refused: the sampler has no counter for it.
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
    public Run sample(Scheme.Bound bound, long position) {
        UniformDraws<BigFraction> verify = new UniformDraws<>(Exact.INSTANCE, id -> uniform(position, id),
            Draws.VERIFY, Uniforms.OPEN, null, false);
        int[] drafts = bound.draftProcess().draw(verify.inStream(Draws.DRAFT));
        int y;
        if (bound.hasProgram()) {
            y = UniformDriven.run(bound.program(Exact.INSTANCE), verify, drafts).output();
        } else {
            y = bound.decide(drafts, verify).output();
        }
        return new Run(DraftTuple.of(drafts), y);
    }

    /** The Philox uniform of {@code id} at {@code position}. */
    private double uniform(long position, DrawId id) {
        int stream;
        if (id.stream().equals(Draws.DRAFT)) {
            stream = CounterUniforms.DRAFT_STREAM;
        } else if (id.stream().equals(Draws.VERIFY)) {
            stream = CounterUniforms.VERIFY_STREAM;
        } else {
            throw new UnsupportedOperationException("the sampler maps only the streams " + Draws.DRAFT + " and "
                + Draws.VERIFY + " to Philox counters; the program draws " + id);
        }
        if (id.index() > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("the sampler's Philox counter holds draw indices up to "
                + Integer.MAX_VALUE + "; the program draws " + id);
        }
        return CounterUniforms.uniform(seed, position, stream, (int) id.index());
    }

    /** Counts of each output token over positions 0..n-1. */
    public long[] outputCounts(Scheme.Bound bound, int n) {
        long[] counts = new long[bound.instance().vocab()];
        for (long i = 0; i < n; i++) {
            counts[sample(bound, i).output()]++;
        }
        return counts;
    }
}
