package org.specverify.reference.arith;

/**
 * A non-negative measure over the tokens 0..n-1 in some {@link Arithmetic}: the laws, residuals and fallback laws a
 * scheme's program computes with. A law is a measure of total 1; a residual is left unnormalised, and
 * {@link #probability} normalises on reading.
 *
 * <p>Measures are immutable. Derived measures ({@link #residual}, {@link #without}) are remembered per parent, so a
 * program run many times on one instance (the exact enumerator replays it) computes each residual once. The
 * implementations keep residuals of one row lazily, as (α·P − β·Q)+ with a few overridden tokens, so a chain of K
 * residual updates of an iid draft law costs K reductions over the row pair rather than K rewrites (see
 * {@code AffineMeasure}).
 *
 * @param <S> the scalar type of the arithmetic
 */
public interface Measure<S> {
    Arithmetic<S> arithmetic();

    /** Number of tokens. */
    int size();

    /** The mass at a token. */
    S at(int token);

    /** The total mass. */
    S total();

    /** at(token) / total(): the law at a token; {@link EmptyLaw} when the total is zero. */
    default S probability(int token) {
        return EmptyLaw.probability(arithmetic(), at(token), total(), token);
    }

    /**
     * The residual of speculative sampling against the law q: a measure proportional to norm((norm(this) − norm(q))+),
     * namely (this − (total/q.total)·q)+. Its total is total·TV(norm(this), norm(q)); zero when the two laws are
     * equal.
     */
    Measure<S> residual(Measure<S> q);

    /** (this − factor·other)+ token by token, for factor ≥ 0 (not renormalised). */
    Measure<S> minusPositive(Measure<S> other, S factor);

    /** This measure with the mass of {@code token} set to zero (not renormalised). */
    Measure<S> without(int token);

    /** factor·this, for a factor ≥ 0. */
    Measure<S> times(S factor);

    /** The measure f(this(x), other(x)) token by token; f must return non-negative values. */
    Measure<S> combine(Measure<S> other, Combiner<S> f);

    /**
     * The categorical draw at {@code target} ∈ [0, total): the token i with F_{i-1} ≤ target &lt; F_i, F the cumulative
     * masses in token order. A token of zero mass is never returned.
     *
     * @throws IllegalArgumentException when target is negative or not below the total (no cell holds it)
     * @throws Undecided when a certified arithmetic cannot prove the cell
     */
    Cell<S> locate(S target);

    /** Whether the mass at a token is positive (certified: {@link Undecided} when unprovable). */
    default boolean positive(int token) {
        return arithmetic().signum(at(token)) > 0;
    }
}
