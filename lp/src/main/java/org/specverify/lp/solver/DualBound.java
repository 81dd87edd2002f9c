package org.specverify.lp.solver;

/**
 * Accumulates the Lagrangian upper bound of a maximisation LP from row duals and reduced costs (see {@link LpResult}):
 * each row or column adds sup over its interval of (coefficient × value). An infinite supremum with a non-zero
 * coefficient is a dual infeasibility: it is left out and its magnitude recorded. Infinite bounds are
 * {@code ±Double.POSITIVE_INFINITY} (OR-Tools' {@code MPSolver.infinity()}).
 */
final class DualBound {
    private double value;
    private double maxInfeasibility;

    /** A row L ≤ a ≤ U with dual y (for an equality row L = U = rhs). */
    void row(double lower, double upper, double dual) {
        add(lower, upper, dual);
    }

    /** A variable l ≤ x ≤ u with reduced cost d. */
    void column(double lower, double upper, double reducedCost) {
        add(lower, upper, reducedCost);
    }

    private void add(double lower, double upper, double coefficient) {
        if (coefficient > 0) {
            if (Double.isInfinite(upper)) {
                maxInfeasibility = Math.max(maxInfeasibility, coefficient);
            } else {
                value += coefficient * upper;
            }
        } else if (coefficient < 0) {
            if (Double.isInfinite(lower)) {
                maxInfeasibility = Math.max(maxInfeasibility, -coefficient);
            } else {
                value += coefficient * lower;
            }
        }
    }

    double value() {
        return value;
    }

    double maxInfeasibility() {
        return maxInfeasibility;
    }
}
