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
 * What a verifier is prepared from: the instance, its draft process, and their laws as measures of one arithmetic.
 * The instance's laws are converted once and kept for the life of the bound program (so the measures, and the
 * residuals they remember, are the same objects on every run); other distributions passed to {@link #of} are
 * remembered too, but at most {@link #MAX_REMEMBERED} of them at a time, so a verifier that converts a new
 * distribution on every run cannot grow memory without bound.
 */
public final class Laws<S> {
    private final Arithmetic<S> arithmetic;
    private final Instance instance;
    private final DraftProcess process;
    private final Object prepared;
    /** The most distributions other than the instance's laws remembered at once; beyond it the memory starts over. */
    public static final int MAX_REMEMBERED = 64;

    private final Map<Distribution, Measure<S>> instanceLaws = new IdentityHashMap<>();
    private final Map<Distribution, Measure<S>> others = new IdentityHashMap<>();

    public Laws(Arithmetic<S> arithmetic, Instance instance, DraftProcess process) {
        this(arithmetic, instance, process, null);
    }

    /**
     * @param prepared what a {@link SchemeBase.WithInput} scheme computed exactly once for the instance, shared by
     *                 every arithmetic; null for other schemes
     */
    Laws(Arithmetic<S> arithmetic, Instance instance, DraftProcess process, Object prepared) {
        this.arithmetic = arithmetic;
        this.instance = instance;
        this.process = process;
        this.prepared = prepared;
    }

    /** What {@link SchemeBase.WithInput#prepare} returned for this instance (handed over typed, never read here). */
    Object input() {
        return prepared;
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

    /**
     * Any exact distribution as a measure of this arithmetic: the instance's target and draft laws converted once for
     * good, any other distribution object converted once while it is among the last {@link #MAX_REMEMBERED} remembered.
     */
    public Measure<S> of(Distribution d) {
        synchronized (instanceLaws) {
            Measure<S> m = instanceLaws.get(d);
            if (m != null) {
                return m;
            }
            if (isInstanceLaw(d)) {
                m = arithmetic.law(d);
                instanceLaws.put(d, m);
                return m;
            }
            m = others.get(d);
            if (m == null) {
                if (others.size() >= MAX_REMEMBERED) {
                    others.clear();
                }
                m = arithmetic.law(d);
                others.put(d, m);
            }
            return m;
        }
    }

    private boolean isInstanceLaw(Distribution d) {
        if (d == instance.target()) {
            return true;
        }
        int rows = instance.identicalDrafts() ? 1 : instance.k();
        for (int i = 0; i < rows; i++) {
            if (d == instance.draft(i)) {
                return true;
            }
        }
        return false;
    }

    /** How many distributions are remembered now (the instance's laws included). */
    int remembered() {
        synchronized (instanceLaws) {
            return instanceLaws.size() + others.size();
        }
    }

    /** An exact rational in this arithmetic. */
    public S of(BigFraction x) {
        return arithmetic.of(x);
    }
}
