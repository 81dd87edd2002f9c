package org.specverify.reference.random;

import java.util.List;
import org.specverify.reference.arith.Measure;

/**
 * One uniform u of a program, drawn with {@link Draws#uniform(DrawId)}, that the program compares itself. The ideal
 * model takes u in the open interval (0, 1); every use of u is a comparison with a threshold, so an exact interpreter
 * can follow u as an interval and a uniform-driven one decides on the given value. The same uniform may be compared
 * many times (asking {@link Draws#uniform(DrawId)} for the same identity returns the same u): that is how a scheme
 * shares noise between steps, and how a reused-uniform bug is written.
 *
 * <p>The comparisons are strict, as the ordinary draws of {@link Draws}:
 * <ul>
 *   <li>{@link #lessThan}: u &lt; t; never true for t ≤ 0, always for t ≥ 1 (and {@link #atMost}, u ≤ t, the
 *       non-strict form engines sometimes write);</li>
 *   <li>{@link #timesLessThan}: u·q &lt; p, the accept test (probability min(1, p/q) for a fresh u); for q = 0 it
 *       holds iff p &gt; 0;</li>
 *   <li>{@link #locate}: the cell i with F_{i-1} ≤ u·W &lt; F_i, F the cumulative weights in index order and W their
 *       total; a zero weight is never returned.</li>
 * </ul>
 *
 * @param <S> the scalar type of the program's arithmetic
 */
public interface Uniform<S> {
    /** Which uniform this is. */
    DrawId id();

    /**
     * u &lt; threshold.
     *
     * @param threshold any value of the arithmetic (below 0 or above 1 the answer is certain)
     */
    boolean lessThan(S threshold);

    /**
     * u ≤ threshold: the non-strict comparison some engines write ("accept iff u ≤ p/q"). Under the ideal model it has
     * the probability of {@link #lessThan}; on a float grid that contains the threshold (u = 0 for a zero threshold)
     * it does not, which is what the uniform models of {@code interpret.GridReplay} measure.
     */
    boolean atMost(S threshold);

    /**
     * u·q &lt; p: the accept test in the form engines compute it.
     *
     * @param q a non-negative mass (the draft law's mass at the token); q = 0 gives p &gt; 0
     * @param p a non-negative mass (the target or residual mass at the token)
     * @throws IllegalArgumentException when q or p is negative
     */
    boolean timesLessThan(S q, S p);

    /**
     * The index i with F_{i-1} ≤ u·W &lt; F_i over the weights.
     *
     * @param weights non-negative, of positive total
     * @throws IllegalArgumentException when a weight is negative or all are zero
     */
    int locate(List<S> weights);

    /**
     * The token i with F_{i-1} ≤ u·W &lt; F_i over the measure ({@link Measure#locate} at u·total).
     *
     * @throws IllegalArgumentException when the measure has total zero
     */
    int locate(Measure<S> law);
}
