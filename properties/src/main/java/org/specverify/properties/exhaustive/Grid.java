package org.specverify.properties.exhaustive;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/** Every law over V tokens whose masses are multiples of 1/N (the compositions of N into V parts). */
public final class Grid {
    private Grid() {
    }

    /**
     * The number of laws on the grid: C(N + V − 1, V − 1).
     *
     * @throws org.specverify.reference.TooLargeException when it exceeds {@link Long#MAX_VALUE} (see
     *     {@link #countAtMost} for a bounded count that never overflows)
     */
    public static long count(int vocab, int n) {
        BigInteger c = countAtMost(vocab, n, BigInteger.valueOf(Long.MAX_VALUE));
        if (c.bitLength() > 63) {
            throw new org.specverify.reference.TooLargeException("the 1/" + n + " grid over " + vocab
                + " tokens has more than " + Long.MAX_VALUE + " laws");
        }
        return c.longValueExact();
    }

    /**
     * The number of laws on the grid, C(N + V − 1, V − 1), exactly when it is at most {@code cap}, otherwise some number
     * above {@code cap} (the product is stopped as soon as it passes the cap, so huge V or N cost nothing). Edge cases:
     * V &lt; 1 or N &lt; 0 give 0.
     */
    public static BigInteger countAtMost(int vocab, int n, BigInteger cap) {
        if (vocab < 1 || n < 0) {
            return BigInteger.ZERO;
        }
        // C(a + m, m) with m = min(V − 1, N), a = max(V − 1, N): increasing in the loop index, so stopping is safe
        long a = Math.max(vocab - 1L, n);
        long m = Math.min(vocab - 1L, n);
        BigInteger c = BigInteger.ONE;
        for (long i = 1; i <= m; i++) {
            c = c.multiply(BigInteger.valueOf(a + i)).divide(BigInteger.valueOf(i));
            if (c.compareTo(cap) > 0) {
                return c;
            }
        }
        return c;
    }

    /**
     * The laws in a fixed order (lexicographic in the units of token 0, 1, ...).
     *
     * @throws InvalidInputException when vocab &lt; 1 or n &lt; 1
     */
    public static List<Distribution> laws(int vocab, int n) {
        if (vocab < 1 || n < 1) {
            throw new InvalidInputException("grid: need |V| >= 1 and N >= 1, got |V| = " + vocab + ", N = " + n);
        }
        BigFraction[] unit = new BigFraction[n + 1];
        for (int i = 0; i <= n; i++) {
            unit[i] = BigFraction.of(i, n);
        }
        List<Distribution> out = new ArrayList<>();
        int[] parts = new int[vocab];
        fill(parts, 0, n, unit, out);
        return out;
    }

    private static void fill(int[] parts, int at, int left, BigFraction[] unit, List<Distribution> out) {
        if (at == parts.length - 1) {
            parts[at] = left;
            BigFraction[] m = new BigFraction[parts.length];
            for (int i = 0; i < parts.length; i++) {
                m[i] = unit[parts[i]];
            }
            out.add(Distribution.of(m));
            return;
        }
        for (int v = 0; v <= left; v++) {
            parts[at] = v;
            fill(parts, at + 1, left - v, unit, out);
        }
    }
}
