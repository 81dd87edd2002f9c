package org.specverify.reference.numeric;

import java.util.Arrays;
import org.specverify.reference.InvalidInputException;

/**
 * The K largest entries of a double row, by index: in decreasing order of value, the lowest index first among equal
 * values (so the result is the first K of a stable sort by decreasing value). One pass, O(|V|·K) in the worst case and
 * about |V| comparisons on rows with few large entries (an entry not above the current K-th is skipped at once); K is
 * small (the number of drafts). The deterministic and greedy draft laws, the hub and the mass outside the top K − 1 of
 * the without-replacement optimum all use it.
 *
 * <p>Edge behaviour: K = 0 gives an empty array; zeros are ranked like any other value (after every positive entry);
 * NaN entries are never ranked above another entry (callers validate rows first, {@link Law}).
 */
public final class TopK {
    private TopK() {
    }

    /**
     * The indices of the k largest entries of q, lowest index on ties, in decreasing order of value.
     *
     * @throws InvalidInputException when k &gt; |V| or k &lt; 0
     */
    public static int[] indices(double[] q, int k) {
        if (k > q.length) {
            throw new InvalidInputException("need K <= |V| = " + q.length + ", got K = " + k);
        }
        if (k < 0) {
            throw new InvalidInputException("need K >= 0, got K = " + k);
        }
        int[] t = new int[k];
        if (k == 0) {
            return t;
        }
        Arrays.fill(t, -1);
        for (int x = 0; x < q.length; x++) {
            double v = q[x];
            if (t[k - 1] >= 0 && !(v > q[t[k - 1]])) {
                continue;
            }
            int i = k - 1;
            while (i > 0 && (t[i - 1] < 0 || v > q[t[i - 1]])) {
                t[i] = t[i - 1];
                i--;
            }
            t[i] = x;
        }
        return t;
    }
}
