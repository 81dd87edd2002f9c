package org.specverify.lp.sequence;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;

/**
 * An exact solver of the transportation problem with integer scores and rational masses: maximise
 * Σ s(i, j) π(i, j) subject to row sums a(i), column sums b(j), π &gt;= 0, with Σ a = Σ b.
 *
 * <p><b>Method.</b> The transportation simplex (MODI) in exact arithmetic: an initial basis of m + n - 1 cells by the
 * largest-score rule (degenerate cells kept at zero, so the basis is always a spanning tree of the bipartite graph of
 * rows and columns); potentials u(i) + v(j) = s(i, j) on basic cells, which are integers because the scores are; the
 * entering cell of largest reduced cost s - u - v &gt; 0 within a block of about {@link #PRICING_CELLS} cells (partial
 * pricing: blocks of rows in rotation, the next block only when one has no positive reduced cost, optimality only
 * after a whole round finds none), switching to the first such cell in index order (Bland's rule) after
 * {@link #DEGENERATE_STREAK} pivots in a row that moved no mass, which rules out cycling;
 * the cycle through the basis tree; the largest exact step theta; the leaving cell the first of the tied minus cells along the cycle
 * (under Bland's rule the one of smallest index).
 *
 * <p><b>Certificate.</b> The result is checked independently of the pivoting ({@link Solution#verify()}, called before
 * it is returned): the plan is non-negative and meets every row and column sum exactly; u(i) + v(j) &gt;= s(i, j) for
 * every cell; and Σ s π = Σ a u + Σ b v exactly. Weak duality then proves the plan optimal, so the value is exact
 * whatever path the pivots took.
 */
public final class ExactTransport {
    /** Consecutive degenerate pivots after which entering cells are chosen by Bland's rule. */
    public static final int DEGENERATE_STREAK = 50;
    /** Cells priced per block of rows (partial pricing). */
    public static final int PRICING_CELLS = 4096;

    private ExactTransport() {
    }

    /**
     * An optimal plan with its dual certificate.
     *
     * @param value  Σ s π, the optimum
     * @param plan   π (m x n)
     * @param u      row potentials
     * @param v      column potentials
     * @param pivots simplex pivots taken
     */
    public record Solution(BigFraction value, BigFraction[][] plan, long[] u, long[] v, long pivots,
                           BigFraction[] supply, BigFraction[] demand, int[][] score) {
        /**
         * Checks primal feasibility, dual feasibility and equal objectives exactly.
         *
         * @throws IllegalStateException naming the first violation
         */
        public void verify() {
            int m = supply.length;
            int n = demand.length;
            BigFraction primal = Fractions.ZERO;
            BigFraction[] colSum = new BigFraction[n];
            Arrays.fill(colSum, Fractions.ZERO);
            for (int i = 0; i < m; i++) {
                BigFraction rowSum = Fractions.ZERO;
                for (int j = 0; j < n; j++) {
                    BigFraction x = plan[i][j];
                    if (x.signum() < 0) {
                        throw new IllegalStateException("plan cell (" + i + ", " + j + ") is negative: " + x);
                    }
                    if (u[i] + v[j] < score[i][j]) {
                        throw new IllegalStateException("dual infeasible at (" + i + ", " + j + "): u + v = "
                            + (u[i] + v[j]) + " < score " + score[i][j]);
                    }
                    rowSum = rowSum.add(x);
                    colSum[j] = colSum[j].add(x);
                    primal = primal.add(x.multiply(score[i][j]));
                }
                if (!rowSum.equals(supply[i])) {
                    throw new IllegalStateException("row " + i + " sums to " + rowSum + ", not " + supply[i]);
                }
            }
            BigFraction dual = Fractions.ZERO;
            for (int j = 0; j < n; j++) {
                if (!colSum[j].equals(demand[j])) {
                    throw new IllegalStateException("column " + j + " sums to " + colSum[j] + ", not " + demand[j]);
                }
                dual = dual.add(demand[j].multiply(v[j]));
            }
            for (int i = 0; i < m; i++) {
                dual = dual.add(supply[i].multiply(u[i]));
            }
            if (!primal.equals(dual) || !primal.equals(value)) {
                throw new IllegalStateException("objectives differ: value " + value + ", primal " + primal + ", dual "
                    + dual);
            }
        }
    }

    /**
     * Solves exactly.
     *
     * @throws InvalidInputException when sizes disagree, a mass is negative or Σ a ≠ Σ b
     */
    public static Solution solve(BigFraction[] supply, BigFraction[] demand, int[][] score) {
        int m = supply.length;
        int n = demand.length;
        if (m == 0 || n == 0 || score.length != m) {
            throw new InvalidInputException("exact transport: " + m + " supplies, " + n + " demands, " + score.length
                + " score rows");
        }
        BigFraction sa = Fractions.ZERO;
        BigFraction sb = Fractions.ZERO;
        for (int i = 0; i < m; i++) {
            if (supply[i].signum() < 0 || score[i].length != n) {
                throw new InvalidInputException("exact transport: row " + i + " has a negative supply or "
                    + score[i].length + " scores");
            }
            sa = sa.add(supply[i]);
        }
        for (int j = 0; j < n; j++) {
            if (demand[j].signum() < 0) {
                throw new InvalidInputException("exact transport: column " + j + " has a negative demand");
            }
            sb = sb.add(demand[j]);
        }
        if (!sa.equals(sb)) {
            throw new InvalidInputException("exact transport: supplies sum to " + sa + ", demands to " + sb);
        }
        Simplex s = new Simplex(supply, demand, score);
        s.run();
        Solution sol = s.solution();
        sol.verify();
        return sol;
    }

    private static final class Simplex {
        final int m;
        final int n;
        final BigFraction[] supply;
        final BigFraction[] demand;
        final int[][] score;
        final BigFraction[][] x;
        final boolean[][] basic;
        final List<List<Integer>> adj = new ArrayList<>(); // node: rows 0..m-1, columns m..m+n-1
        final long[] u;
        final long[] v;
        long pivots;

        Simplex(BigFraction[] supply, BigFraction[] demand, int[][] score) {
            this.m = supply.length;
            this.n = demand.length;
            this.supply = supply.clone();
            this.demand = demand.clone();
            this.score = score;
            x = new BigFraction[m][n];
            for (BigFraction[] row : x) {
                Arrays.fill(row, Fractions.ZERO);
            }
            basic = new boolean[m][n];
            for (int k = 0; k < m + n; k++) {
                adj.add(new ArrayList<>());
            }
            u = new long[m];
            v = new long[n];
            largestScoreFirst();
        }

        /**
         * The initial basis by the largest-score rule: cells in decreasing score order (index order on ties); a cell
         * whose row and column are both still open gets min(remaining supply, remaining demand) and closes exactly one
         * of its two lines (the row when its supply is used up, else the column), except the last cell, which closes
         * both. That makes m + n - 1 basic cells forming a spanning tree (degenerate cells at zero included), and puts
         * the mass on high scores from the start, which saves most of the pivots of the north-west corner rule.
         */
        void largestScoreFirst() {
            BigFraction[] ra = supply.clone();
            BigFraction[] rb = demand.clone();
            boolean[] rowClosed = new boolean[m];
            boolean[] colClosed = new boolean[n];
            int openRows = m;
            int openCols = n;
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int[] row : score) {
                for (int c : row) {
                    lo = Math.min(lo, c);
                    hi = Math.max(hi, c);
                }
            }
            for (int sc = hi; sc >= lo && openRows + openCols > 0; sc--) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n && !rowClosed[i]; j++) {
                        if (score[i][j] != sc || colClosed[j]) {
                            continue;
                        }
                        BigFraction t = Fractions.min(ra[i], rb[j]);
                        x[i][j] = t;
                        addBasic(i, j);
                        ra[i] = ra[i].subtract(t);
                        rb[j] = rb[j].subtract(t);
                        if (openRows + openCols == 2) {
                            rowClosed[i] = true;
                            colClosed[j] = true;
                            openRows = 0;
                            openCols = 0;
                        } else if (ra[i].signum() == 0 && (rb[j].signum() != 0 || openRows > 1)) {
                            rowClosed[i] = true;
                            openRows--;
                        } else {
                            colClosed[j] = true;
                            openCols--;
                        }
                    }
                }
            }
            if (openRows + openCols > 0) {
                throw new IllegalStateException("initial basis: " + openRows + " rows and " + openCols
                    + " columns left open");
            }
        }

        void addBasic(int i, int j) {
            basic[i][j] = true;
            adj.get(i).add(m + j);
            adj.get(m + j).add(i);
        }

        void removeBasic(int i, int j) {
            basic[i][j] = false;
            adj.get(i).remove(Integer.valueOf(m + j));
            adj.get(m + j).remove(Integer.valueOf(i));
        }

        void potentials() {
            boolean[] seen = new boolean[m + n];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            u[0] = 0;
            seen[0] = true;
            queue.add(0);
            while (!queue.isEmpty()) {
                int a = queue.poll();
                for (int b : adj.get(a)) {
                    if (!seen[b]) {
                        seen[b] = true;
                        if (a < m) {
                            v[b - m] = score[a][b - m] - u[a];
                        } else {
                            u[b] = score[b][a - m] - v[a - m];
                        }
                        queue.add(b);
                    }
                }
            }
            for (int k = 0; k < m + n; k++) {
                if (!seen[k]) {
                    throw new IllegalStateException("basis is not a spanning tree (node " + k + " unreached)");
                }
            }
        }

        void run() {
            int streak = 0;
            int blockRows = Math.max(1, Math.min(m, PRICING_CELLS / n));
            int startRow = 0;
            while (true) {
                potentials();
                int ei = -1;
                int ej = -1;
                long best = 0;
                if (streak >= DEGENERATE_STREAK) {
                    search:
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            if (!basic[i][j] && score[i][j] - u[i] - v[j] > 0) {
                                ei = i;
                                ej = j;
                                break search;
                            }
                        }
                    }
                } else {
                    int scanned = 0;
                    int r = startRow;
                    while (scanned < m && ei < 0) {
                        for (int b = 0; b < blockRows; b++) {
                            int i = (r + b) % m;
                            for (int j = 0; j < n; j++) {
                                if (!basic[i][j]) {
                                    long d = score[i][j] - u[i] - v[j];
                                    if (d > best) {
                                        best = d;
                                        ei = i;
                                        ej = j;
                                    }
                                }
                            }
                        }
                        scanned += blockRows;
                        r = (r + blockRows) % m;
                    }
                    startRow = r;
                }
                if (ei < 0) {
                    return;
                }
                int[] cycle = cycle(ei, ej);
                // cells of the cycle: (ei, ej) +, then along the tree path from column ej to row ei alternately -, +
                int cells = cycle.length;
                int[][] cell = new int[cells][];
                cell[0] = new int[] {ei, ej};
                for (int k = 1; k < cells; k++) {
                    int a = cycle[k - 1];
                    int b = cycle[k];
                    cell[k] = a < m ? new int[] {a, b - m} : new int[] {b, a - m};
                }
                BigFraction theta = null;
                int leave = -1;
                for (int k = 1; k < cells; k += 2) {
                    BigFraction val = x[cell[k][0]][cell[k][1]];
                    int c = theta == null ? -1 : Fractions.compare(val, theta);
                    if (c < 0 || (c == 0 && streak >= DEGENERATE_STREAK && index(cell[k]) < index(cell[leave]))) {
                        theta = val;
                        leave = k;
                    }
                }
                for (int k = 0; k < cells; k++) {
                    BigFraction[] row = x[cell[k][0]];
                    int col = cell[k][1];
                    row[col] = k % 2 == 0 ? row[col].add(theta) : row[col].subtract(theta);
                }
                removeBasic(cell[leave][0], cell[leave][1]);
                addBasic(ei, ej);
                pivots++;
                streak = theta.signum() == 0 ? streak + 1 : 0;
            }
        }

        /**
         * The tree path from column node m + ej back to row node ei, as nodes [m + ej, r, c, ..., ei]: with the
         * entering cell (ei, ej) first, the cycle's cells are the consecutive pairs of this path, signs -, +, -, ...
         */
        int[] cycle(int ei, int ej) {
            int[] parent = new int[m + n];
            Arrays.fill(parent, -2);
            parent[ei] = -1;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(ei);
            int target = m + ej;
            while (!queue.isEmpty() && parent[target] == -2) {
                int a = queue.poll();
                for (int b : adj.get(a)) {
                    if (parent[b] == -2) {
                        parent[b] = a;
                        queue.add(b);
                    }
                }
            }
            List<Integer> path = new ArrayList<>();
            for (int k = target; k != -1; k = parent[k]) {
                path.add(k);
            }
            return path.stream().mapToInt(Integer::intValue).toArray();
        }

        int index(int[] c) {
            return c[0] * n + c[1];
        }

        Solution solution() {
            BigFraction value = Fractions.ZERO;
            BigFraction[][] plan = new BigFraction[m][];
            for (int i = 0; i < m; i++) {
                plan[i] = new BigFraction[n];
                for (int j = 0; j < n; j++) {
                    plan[i][j] = Fractions.canonical(x[i][j]);
                    value = value.add(x[i][j].multiply(score[i][j]));
                }
            }
            return new Solution(Fractions.canonical(value), plan, u.clone(), v.clone(), pivots, supply, demand, score);
        }
    }
}
