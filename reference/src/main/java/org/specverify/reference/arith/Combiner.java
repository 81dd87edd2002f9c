package org.specverify.reference.arith;

/** A per-token function of two measures' masses, for {@link Measure#combine}. */
@FunctionalInterface
public interface Combiner<S> {
    S apply(S a, S b);
}
