package org.specverify.reference.arith;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;

/**
 * The numbers a scheme's program computes with. A scheme is written once against this interface and runs in every
 * implementation:
 * <ul>
 *   <li>{@link Exact#INSTANCE}: rationals ({@link BigFraction}); every comparison is decided exactly;</li>
 *   <li>{@link Certified#INSTANCE}: balls of doubles with rigorous error bounds; a comparison it cannot prove throws
 *       {@link Undecided}, and the caller hands the position to the exact arithmetic.</li>
 * </ul>
 *
 * <p>A program may branch on values only through {@link #compare} and {@link #signum} (and the draws of its
 * {@code Draws}); every other operation computes values that enclose the exact ones. That is what makes a certified run
 * take exactly the branches of the exact run (proofs-notes/certified-decisions.md).
 *
 * @param <S> the scalar type
 */
public interface Arithmetic<S> {
    /** "exact" or "certified-double". */
    String name();

    /** True for the exact arithmetic: {@link #compare} never throws {@link Undecided}. */
    boolean isExact();

    S zero();

    S one();

    S of(long n);

    /** The exact rational x (the certified arithmetic encloses it). */
    S of(BigFraction x);

    /** The exact value of a finite double. */
    S ofDouble(double x);

    S add(S a, S b);

    S subtract(S a, S b);

    S multiply(S a, S b);

    /**
     * a / b.
     *
     * @throws ArithmeticException when b is exactly zero
     * @throws Undecided when the certified arithmetic cannot exclude b = 0
     */
    S divide(S a, S b);

    S min(S a, S b);

    S max(S a, S b);

    /** (a)+ = max(a, 0). */
    S positivePart(S a);

    /** a^n for n ≥ 0. */
    default S pow(S a, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative power " + n);
        }
        S r = one();
        S base = a;
        int e = n;
        while (e > 0) {
            if ((e & 1) != 0) {
                r = multiply(r, base);
            }
            e >>= 1;
            if (e > 0) {
                base = multiply(base, base);
            }
        }
        return r;
    }

    /**
     * The sign of a - b: -1, 0 or 1.
     *
     * @throws Undecided when a certified arithmetic cannot prove it
     */
    int compare(S a, S b);

    /**
     * The sign of a.
     *
     * @throws Undecided when a certified arithmetic cannot prove it
     */
    int signum(S a);

    /** A double near the value (the midpoint), for display and root finding, never for decisions. */
    double toDouble(S a);

    /**
     * The exact value.
     *
     * @throws UnsupportedOperationException in a certified arithmetic
     */
    BigFraction toExact(S a);

    /** The law of a distribution as a measure of total 1 in this arithmetic (fast for {@link DyadicRow} laws). */
    Measure<S> law(Distribution d);

    /** A measure with the given non-negative weights. */
    Measure<S> measure(List<S> weights);
}
