package org.specverify.properties.exhaustive;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;

/** Every law over V tokens whose masses are multiples of 1/N (the compositions of N into V parts). */
public final class Grid {
    private Grid() {
    }

    /** The number of laws on the grid: C(N + V − 1, V − 1). */
    public static long count(int vocab, int n) {
        long c = 1;
        for (int i = 1; i < vocab; i++) {
            c = c * (n + i) / i;
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
