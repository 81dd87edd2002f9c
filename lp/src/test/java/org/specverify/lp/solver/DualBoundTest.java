package org.specverify.lp.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The Lagrangian bound term by term: each row or column adds sup over [lower, upper] of (coefficient × value), that is
 * coefficient × upper for a positive coefficient and coefficient × lower for a negative one; an unbounded side with a
 * non-zero coefficient is a dual infeasibility, left out of the value and recorded by its magnitude. Every number here
 * is a small dyadic, so the expected sums are exact in double arithmetic.
 */
class DualBoundTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void finiteTermsTakeTheBoundThatMaximisesTheProduct() {
        DualBound b = new DualBound();
        b.row(1, 3, 2);        // positive dual: 2 × upper 3 = 6
        b.column(-4, 5, -0.5); // negative reduced cost: -0.5 × lower -4 = 2
        b.row(7, 7, -1);       // equality row, negative dual: -7
        b.column(0, 9, 0);     // zero coefficient: nothing
        assertEquals(6 + 2 - 7, b.value(), 0.0);
        assertEquals(0.0, b.maxInfeasibility(), 0.0);
    }

    @Test
    void unboundedUpperWithPositiveCoefficientIsRecordedNotAdded() {
        DualBound b = new DualBound();
        b.row(1, 2, 3);           // 6
        b.column(0, INF, 0.25);   // sup is +∞: infeasibility 0.25, nothing added
        b.column(0, INF, 0.75);   // larger one is kept
        b.column(0, INF, 0.125);  // smaller one does not lower the maximum
        b.column(0, INF, -2);     // negative coefficient on [0, ∞): finite, -2 × 0
        assertEquals(6.0, b.value(), 0.0);
        assertEquals(0.75, b.maxInfeasibility(), 0.0);
    }

    @Test
    void unboundedLowerWithNegativeCoefficientIsRecordedByItsMagnitude() {
        DualBound b = new DualBound();
        b.row(-INF, 0, -1.5);     // sup of -1.5 × a over a ≤ 0 is +∞: infeasibility 1.5
        b.row(-INF, 0, 4);        // positive dual on (-∞, 0]: finite, 4 × 0
        b.row(-INF, 5, 2);        // positive dual on (-∞, 5]: 10
        assertEquals(10.0, b.value(), 0.0);
        assertEquals(1.5, b.maxInfeasibility(), 0.0);
    }

    @Test
    void zeroCoefficientOnAnUnboundedSideIsNoInfeasibility() {
        DualBound b = new DualBound();
        b.column(-INF, INF, 0);
        b.row(-INF, INF, -0.0);
        assertEquals(0.0, b.value(), 0.0);
        assertEquals(0.0, b.maxInfeasibility(), 0.0);
    }
}
