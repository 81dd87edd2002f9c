package org.specverify.lp.sequence;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The sequence optimum as a transportation problem, after the exact reductions of {@link SequenceOptimum#problem}: rows
 * are classes of draft trees (trees that score alike against every target block), columns classes of target blocks,
 * with exact masses and integer scores in 0..gamma.
 *
 * @param supply     the probability of each row class (sums to 1)
 * @param demand     the probability of each column class (sums to 1)
 * @param score      the score of a row class against a column class
 * @param gamma      the cap on the score
 * @param trees      draft trees of positive probability enumerated
 * @param blocks     target prefixes y_1..y_gamma of positive probability enumerated
 */
public record SequenceTransportProblem(BigFraction[] supply, BigFraction[] demand, int[][] score, int gamma, long trees,
                                       long blocks) {
    /** Rows after merging. */
    public int rows() {
        return supply.length;
    }

    /** Columns after merging. */
    public int columns() {
        return demand.length;
    }

    /** Cells of the reduced problem (the LP's variables). */
    public long cells() {
        return (long) supply.length * demand.length;
    }

    /** The supplies as doubles (for the floating-point LP). */
    public double[] supplyDoubles() {
        double[] d = new double[supply.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = supply[i].doubleValue();
        }
        return d;
    }

    /** The demands as doubles. */
    public double[] demandDoubles() {
        double[] d = new double[demand.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = demand[i].doubleValue();
        }
        return d;
    }

    /** The scores as doubles. */
    public double[][] scoreDoubles() {
        double[][] d = new double[score.length][];
        for (int i = 0; i < d.length; i++) {
            d[i] = new double[score[i].length];
            for (int j = 0; j < d[i].length; j++) {
                d[i][j] = score[i][j];
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return "sequence transport problem: " + trees + " draft trees -> " + rows() + " row classes, " + blocks
            + " target prefixes -> " + columns() + " column classes, " + cells() + " cells, gamma " + gamma;
    }
}
