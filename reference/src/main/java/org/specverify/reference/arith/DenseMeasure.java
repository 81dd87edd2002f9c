package org.specverify.reference.arith;

import java.util.List;

/** A measure with one stored value per token. */
final class DenseMeasure<S> extends AbstractMeasure<S> {
    private final List<S> w;

    DenseMeasure(Arithmetic<S> ar, List<S> weights) {
        super(ar, weights.size());
        this.w = List.copyOf(weights);
    }

    @Override
    public S at(int token) {
        checkToken(token);
        return w.get(token);
    }
}
