package org.specverify.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simplex study against the K = 2 theorem for two iid drafts (proofs-notes/k2-identical.md): alpha* = 1 exactly
 * when p(S) >= q(S)^2 for every token set S. On every grid point, the fast alpha* must be 1 within its bound where the
 * condition holds (checked exactly on the rational grid point) and below 1 by more than its bound where it fails.
 */
class SimplexStudyTest {
    @Test
    void alphaStarIsOneExactlyWhereTheTwoDraftConditionHolds() {
        int n = Studies.SIMPLEX_GRID;
        List<Measurement> grid = Studies.simplex(n);
        int holds = 0;
        int fails = 0;
        for (Measurement m : grid) {
            if (!(m.quantity().equals(PositionAudit.OPTIMUM) && m.law().equals(PositionAudit.IID))) {
                continue;
            }
            String[] parts = m.setting().substring(3, m.setting().length() - 1).split(",");
            long[] q = new long[3];
            for (int i = 0; i < 3; i++) {
                q[i] = Long.parseLong(parts[i].split("/")[0]);
            }
            // p uniform: p(S) = |S|/3; q(S) = (sum of q_i over S)/N; compare |S|·N² >= 3·(sum)² in integers
            boolean condition = true;
            for (int mask = 1; mask < 8; mask++) {
                long size = Integer.bitCount(mask);
                long sum = 0;
                for (int i = 0; i < 3; i++) {
                    if ((mask & (1 << i)) != 0) {
                        sum += q[i];
                    }
                }
                condition &= size * n * n >= 3 * sum * sum;
            }
            Figure f = m.figure();
            if (condition) {
                assertTrue(f.upper() >= 1, m.setting() + ": condition holds but alpha* = " + f);
                holds++;
            } else {
                assertTrue(f.upper() < 1, m.setting() + ": condition fails but alpha* = " + f);
                fails++;
            }
        }
        assertEquals((n + 1) * (n + 2) / 2, holds + fails);
        assertTrue(holds > 50 && fails > 50, holds + " / " + fails);
    }
}
