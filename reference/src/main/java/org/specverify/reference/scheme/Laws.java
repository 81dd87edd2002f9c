package org.specverify.reference.scheme;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftProcess;

/**
 * What a verifier is prepared from: the instance, its draft process, and their laws as measures of one arithmetic
 * (each converted once and remembered).
 */
public final class Laws<S> {
    private final Arithmetic<S> arithmetic;
    private final Instance instance;
    private final DraftProcess process;
    private final Object prepared;
    private final Map<Distribution, Measure<S>> measures = new IdentityHashMap<>();

    public Laws(Arithmetic<S> arithmetic, Instance instance, DraftProcess process) {
        this(arithmetic, instance, process, null);
    }

    /**
     * @param prepared what the scheme computed exactly once for the instance ({@link SchemeBase#prepare}), shared by
     *                 every arithmetic; may be null
     */
    public Laws(Arithmetic<S> arithmetic, Instance instance, DraftProcess process, Object prepared) {
        this.arithmetic = arithmetic;
        this.instance = instance;
        this.process = process;
        this.prepared = prepared;
    }

    /**
     * What {@link SchemeBase#prepare} returned for this instance.
     *
     * @throws IllegalStateException when it returned nothing or another type
     */
    public <T> T prepared(Class<T> type) {
        if (!type.isInstance(prepared)) {
            throw new IllegalStateException("the scheme prepared " + (prepared == null ? "nothing"
                : "a " + prepared.getClass().getSimpleName()) + ", not a " + type.getSimpleName());
        }
        return type.cast(prepared);
    }

    public Arithmetic<S> arithmetic() {
        return arithmetic;
    }

    public Instance instance() {
        return instance;
    }

    public DraftProcess process() {
        return process;
    }

    public int k() {
        return instance.k();
    }

    public int vocab() {
        return instance.vocab();
    }

    /** The target law p. */
    public Measure<S> target() {
        return of(instance.target());
    }

    /** The law draft {@code i} is drawn from (q for one shared law, row i otherwise). */
    public Measure<S> draft(int i) {
        return of(instance.draft(i));
    }

    /** Any exact distribution as a measure of this arithmetic (converted once per distribution object). */
    public Measure<S> of(Distribution d) {
        synchronized (measures) {
            return measures.computeIfAbsent(d, arithmetic::law);
        }
    }

    /** An exact rational in this arithmetic. */
    public S of(BigFraction x) {
        return arithmetic.of(x);
    }
}
