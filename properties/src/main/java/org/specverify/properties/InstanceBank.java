package org.specverify.properties;

import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-made instance bank every scheme's exact checks run on: p = q, one-hot p, one-hot q, disjoint supports,
 * zero-mass tokens, q = 0 where p &gt; 0, tiny vocabularies that force repeated drafts, K = 1..4, |V| = 2..6, and
 * independent non-identical draft laws.
 */
public final class InstanceBank {
    private InstanceBank() {
    }

    private static Distribution d(String... masses) {
        return Distribution.parse(masses);
    }

    /** Identical-draft instances, each at every K in its range. */
    public static List<Instance> identical() {
        List<Instance> out = new ArrayList<>();
        add(out, "p=q uniform", d("1/3", "1/3", "1/3"), d("1/3", "1/3", "1/3"), 1, 4);
        add(out, "p=q skewed", d("0.7", "0.2", "0.1"), d("0.7", "0.2", "0.1"), 1, 3);
        add(out, "one-hot p", d("1", "0", "0", "0"), d("1/4", "1/4", "1/4", "1/4"), 1, 3);
        add(out, "one-hot q", d("1/5", "3/5", "1/5"), d("0", "1", "0"), 1, 3);
        add(out, "disjoint supports", d("1/2", "1/2", "0", "0"), d("0", "0", "1/3", "2/3"), 1, 3);
        add(out, "zero-mass tokens", d("1/2", "0", "3/10", "1/5", "0"), d("1/10", "1/5", "1/5", "1/4", "1/4"), 1, 3);
        add(out, "q=0 where p>0", d("0.6", "0.4", "0"), d("0", "0.5", "0.5"), 1, 3);
        add(out, "repeats |V|=2", d("1/3", "2/3"), d("3/4", "1/4"), 1, 4);
        add(out, "general |V|=6", d("0.3", "0.25", "0.2", "0.1", "0.1", "0.05"),
            d("0.1", "0.3", "0.05", "0.25", "0.2", "0.1"), 1, 3);
        add(out, "general |V|=4 K=4", d("0.4", "0.3", "0.2", "0.1"), d("0.25", "0.1", "0.35", "0.3"), 4, 4);
        return out;
    }

    /** Instances with one draft law per draft (different draft models). */
    public static List<Instance> independent() {
        return List.of(
            Instance.independent("independent K=2", d("1/4", "1/4", "1/2"),
                List.of(d("1/2", "1/2", "0"), d("0", "1/3", "2/3"))),
            Instance.independent("independent K=3", d("0.1", "0.2", "0.3", "0.4"),
                List.of(d("0.4", "0.3", "0.2", "0.1"), d("0.25", "0.25", "0.25", "0.25"), d("0", "0", "0.5", "0.5"))),
            Instance.independent("independent one-hot p", d("0", "1", "0"),
                List.of(d("1/2", "1/4", "1/4"), d("1/3", "0", "2/3"))));
    }

    /** Every instance of the bank. */
    public static List<Instance> all() {
        List<Instance> out = new ArrayList<>(identical());
        out.addAll(independent());
        return out;
    }

    private static void add(List<Instance> out, String name, Distribution p, Distribution q, int kFrom, int kTo) {
        for (int k = kFrom; k <= kTo; k++) {
            out.add(Instance.identical(name + " K=" + k, p, q, k));
        }
    }
}
