package org.specverify.reference.arith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every measure shares: the cached total, the memory of derived measures, and generic token-by-token versions of
 * the operations, written once over the {@link Arithmetic} (the certified arithmetic's comparisons throw
 * {@link Undecided} where they cannot prove an order).
 */
abstract class AbstractMeasure<S> implements Measure<S> {
    final Arithmetic<S> ar;
    final int n;
    private volatile S total;
    private final Map<Measure<S>, Measure<S>> residuals = new IdentityHashMap<>();
    private final Map<Integer, Measure<S>> withouts = new HashMap<>();
    /** Largest measure whose probabilities are remembered token by token. */
    static final int PROBABILITY_CACHE_LIMIT = 1 << 16;
    private volatile Object[] probabilities;

    AbstractMeasure(Arithmetic<S> ar, int n) {
        this.ar = ar;
        this.n = n;
    }

    @Override
    public final Arithmetic<S> arithmetic() {
        return ar;
    }

    @Override
    public final int size() {
        return n;
    }

    @Override
    public final S total() {
        S t = total;
        if (t == null) {
            t = computeTotal();
            total = t;
        }
        return t;
    }

    /** Σ at(x), token by token. */
    S computeTotal() {
        S s = ar.zero();
        for (int x = 0; x < n; x++) {
            s = ar.add(s, at(x));
        }
        return s;
    }

    /**
     * at(token) / total() ({@link EmptyLaw} when the total is zero), remembered per token for measures of at most {@link #PROBABILITY_CACHE_LIMIT} tokens (the
     * exact enumerator reads the same probabilities for every draft tuple); the same value object is returned each
     * time, which lets the enumerator remember accept probabilities by identity.
     */
    @Override
    @SuppressWarnings("unchecked")
    public final S probability(int token) {
        if (n > PROBABILITY_CACHE_LIMIT) {
            return EmptyLaw.probability(ar, at(token), total(), token);
        }
        Object[] cache = probabilities;
        if (cache == null) {
            cache = new Object[n];
            probabilities = cache;
        }
        Object v = cache[token];
        if (v == null) {
            v = EmptyLaw.probability(ar, at(token), total(), token);
            cache[token] = v;
        }
        return (S) v;
    }

    @Override
    public final Measure<S> residual(Measure<S> q) {
        requireSameSize(q);
        synchronized (residuals) {
            Measure<S> r = residuals.get(q);
            if (r == null) {
                r = makeMinusPositive(q, ar.divide(total(), q.total()));
                residuals.put(q, r);
            }
            return r;
        }
    }

    @Override
    public final Measure<S> minusPositive(Measure<S> other, S factor) {
        requireSameSize(other);
        requireNonNegative(factor);
        return makeMinusPositive(other, factor);
    }

    /** (this − c·other)+ token by token; in the certified arithmetic as primitive arrays ({@link BallDense}). */
    @SuppressWarnings("unchecked")
    Measure<S> makeMinusPositive(Measure<S> other, S c) {
        if (ar == Certified.INSTANCE) {
            return (Measure<S>) BallDense.minusPositive((Measure<Ball>) this, (Measure<Ball>) other, (Ball) c);
        }
        List<S> w = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            w.add(ar.positivePart(ar.subtract(at(x), ar.multiply(c, other.at(x)))));
        }
        return new DenseMeasure<>(ar, w);
    }

    @Override
    public final Measure<S> without(int token) {
        checkToken(token);
        synchronized (withouts) {
            Measure<S> r = withouts.get(token);
            if (r == null) {
                r = makeWithout(token);
                withouts.put(token, r);
            }
            return r;
        }
    }

    Measure<S> makeWithout(int token) {
        List<S> w = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            w.add(x == token ? ar.zero() : at(x));
        }
        return new DenseMeasure<>(ar, w);
    }

    @Override
    public Measure<S> times(S factor) {
        requireNonNegative(factor);
        List<S> w = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            w.add(ar.multiply(factor, at(x)));
        }
        return new DenseMeasure<>(ar, w);
    }

    @Override
    public final Measure<S> combine(Measure<S> other, Combiner<S> f) {
        requireSameSize(other);
        List<S> w = new ArrayList<>(n);
        for (int x = 0; x < n; x++) {
            w.add(f.apply(at(x), other.at(x)));
        }
        return new DenseMeasure<>(ar, w);
    }

    @Override
    public Cell<S> locate(S target) {
        checkTarget(target);
        S cum = ar.zero();
        for (int x = 0; x < n; x++) {
            S next = ar.add(cum, at(x));
            if (ar.compare(target, next) < 0) {
                return new Cell<>(x, cum, next);
            }
            cum = next;
        }
        throw beyondTotal(target);
    }

    final void checkTarget(S target) {
        if (ar.signum(target) < 0) {
            throw new IllegalArgumentException("categorical target " + ar.toDouble(target) + " is negative");
        }
    }

    final IllegalArgumentException beyondTotal(S target) {
        return new IllegalArgumentException("categorical target " + ar.toDouble(target) + " is not below the total "
            + ar.toDouble(total()) + ": no cell holds it");
    }

    final void requireNonNegative(S factor) {
        if (ar.signum(factor) < 0) {
            throw new IllegalArgumentException("a measure can only be scaled by a non-negative factor, got "
                + ar.toDouble(factor));
        }
    }

    final void requireSameSize(Measure<S> other) {
        if (other.size() != n) {
            throw new IllegalArgumentException("measures over " + n + " and " + other.size() + " tokens");
        }
        if (other.arithmetic() != ar) {
            throw new IllegalArgumentException("measures of two arithmetics: " + ar.name() + " and "
                + other.arithmetic().name());
        }
    }

    final void checkToken(int token) {
        if (token < 0 || token >= n) {
            throw new IndexOutOfBoundsException("token " + token + " out of range 0.." + (n - 1));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[');
        for (int x = 0; x < Math.min(n, 8); x++) {
            sb.append(x == 0 ? "" : ", ").append(ar.toDouble(at(x)));
        }
        return sb.append(n > 8 ? ", ...]" : "]").toString();
    }
}
