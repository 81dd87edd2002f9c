package org.specverify.lp.sequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.sequence.ContextModel;

/** Seeded random context models for the lp sequence tests (the properties module has the full generators). */
final class SequenceCases {
    private SequenceCases() {
    }

    /** A law over v tokens with denominators up to 12 and, sometimes, zero masses or a point mass. */
    static Distribution row(SplittableRandom r, int v) {
        if (r.nextInt(8) == 0) {
            return Distribution.pointMass(v, r.nextInt(v));
        }
        long[] w = new long[v];
        long total = 0;
        for (int i = 0; i < v; i++) {
            w[i] = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(6);
            total += w[i];
        }
        if (total == 0) {
            w[r.nextInt(v)] = 1;
            total = 1;
        }
        BigFraction[] m = new BigFraction[v];
        for (int i = 0; i < v; i++) {
            m[i] = BigFraction.of(w[i], total);
        }
        return Distribution.of(m);
    }

    /** A random model of the given order (0, 1 or 2): every key of that length or shorter present with probability 2/3. */
    static ContextModel model(SplittableRandom r, int v, int order) {
        Map<List<Integer>, Distribution> rows = new HashMap<>();
        rows.put(List.of(), row(r, v));
        List<List<Integer>> level = new ArrayList<>();
        level.add(List.of());
        for (int d = 1; d <= order; d++) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> k : level) {
                for (int t = 0; t < v; t++) {
                    List<Integer> key = new ArrayList<>();
                    key.add(t);
                    key.addAll(k);
                    next.add(List.copyOf(key));
                    if (r.nextInt(3) != 0) {
                        rows.put(List.copyOf(key), row(r, v));
                    }
                }
            }
            level = next;
        }
        return ContextModel.of(v, rows);
    }
}
