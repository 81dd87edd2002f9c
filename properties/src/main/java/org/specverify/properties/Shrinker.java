package org.specverify.properties;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.io.InstanceWriter;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;

/**
 * Reduces a failing instance while it still fails: fewer drafts (smaller K, one shared law instead of one per draft),
 * fewer tokens (a token removed from every law, the rest renormalised), smaller denominators (each law rounded to the
 * grid 1/d for d = 2, 3, ..., keeping its zeros zero and its positive masses positive: the target alone, each draft
 * law alone, then every law together, so that a counterexample with p = q, or with equal rows, stays one). A candidate is taken only when
 * it is strictly simpler ({@link #size}: K + |V| first, then the total bit length of the denominators), so shrinking
 * ends. The predicate is called on candidates only; one that throws counts as not failing (the candidate is invalid or
 * not applicable).
 */
public final class Shrinker {
    /** The most predicate calls one shrink makes. */
    public static final int MAX_CALLS = 2_000;

    private Shrinker() {
    }

    /** The result: the minimal instance found and the number of predicate calls. */
    public record Result(Instance instance, int calls, int steps) {
        /** The instance as JSON that {@code specverify audit --instance} reads back. */
        public String json() {
            return InstanceWriter.json(instance);
        }
    }

    /** Shrinks {@code failing} (for which {@code fails} holds) to a local minimum. */
    public static Result shrink(Instance failing, Predicate<Instance> fails) {
        Instance current = failing;
        int calls = 0;
        int steps = 0;
        boolean progress = true;
        while (progress && calls < MAX_CALLS) {
            progress = false;
            for (Instance c : candidates(current)) {
                if (compare(size(c), size(current)) >= 0) {
                    continue;
                }
                calls++;
                boolean f;
                try {
                    f = fails.test(c);
                } catch (RuntimeException e) {
                    f = false;
                }
                if (f) {
                    current = c;
                    steps++;
                    progress = true;
                    break;
                }
                if (calls >= MAX_CALLS) {
                    break;
                }
            }
        }
        String name = failing.name().endsWith(" (shrunk)") ? failing.name() : failing.name() + " (shrunk)";
        return new Result(rename(current, steps == 0 ? failing.name() : name), calls, steps);
    }

    /** (K + |V|, total bit length of every mass's denominator). */
    static long[] size(Instance i) {
        long bits = denominatorBits(i.target());
        for (int r = 0; r < (i.identicalDrafts() ? 1 : i.k()); r++) {
            bits += denominatorBits(i.draft(r));
        }
        return new long[] {i.k() + i.vocab() + (i.identicalDrafts() ? 0 : 1), bits};
    }

    private static int compare(long[] a, long[] b) {
        return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
    }

    private static long denominatorBits(Distribution d) {
        long s = 0;
        for (int y = 0; y < d.size(); y++) {
            s += d.p(y).getDenominator().bitLength();
        }
        return s;
    }

    /** The simpler instances tried from {@code i}, most aggressive first. */
    static List<Instance> candidates(Instance i) {
        List<Instance> out = new ArrayList<>();
        List<Distribution> rows = rows(i);
        // fewer drafts
        if (i.k() > 1) {
            if (i.identicalDrafts()) {
                out.add(Instance.identical(i.name(), i.target(), i.draft(), i.k() - 1));
            } else {
                for (int r = 0; r < rows.size(); r++) {
                    List<Distribution> fewer = new ArrayList<>(rows);
                    fewer.remove(r);
                    out.add(Instance.independent(i.name(), i.target(), fewer));
                }
            }
        }
        if (!i.identicalDrafts()) {
            for (Distribution r : rows) {
                out.add(Instance.identical(i.name(), i.target(), r, i.k()));
            }
        }
        // fewer tokens
        if (i.vocab() > 2) {
            for (int t = 0; t < i.vocab(); t++) {
                Distribution p = drop(i.target(), t);
                if (p == null) {
                    continue;
                }
                List<Distribution> rs = new ArrayList<>();
                for (Distribution r : rows) {
                    Distribution d = drop(r, t);
                    if (d == null) {
                        break;
                    }
                    rs.add(d);
                }
                if (rs.size() == rows.size()) {
                    out.add(with(i, p, rs));
                }
            }
        }
        // smaller denominators: the target, each row, then all laws together
        for (int d = 2; d <= 64; d++) {
            Distribution p = round(i.target(), d);
            if (p != null && !p.equals(i.target())) {
                out.add(with(i, p, rows));
            }
            List<Distribution> all = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                Distribution q = round(rows.get(r), d);
                all.add(q);
                if (q != null && !q.equals(rows.get(r))) {
                    List<Distribution> rs = new ArrayList<>(rows);
                    rs.set(r, q);
                    out.add(with(i, i.target(), rs));
                }
            }
            // all laws together, so that equal laws (p = q, or equal rows) stay equal
            if (p != null && !all.contains(null) && (!p.equals(i.target()) || !all.equals(rows))) {
                out.add(with(i, p, all));
            }
        }
        return out;
    }

    private static List<Distribution> rows(Instance i) {
        List<Distribution> rows = new ArrayList<>();
        for (int r = 0; r < (i.identicalDrafts() ? 1 : i.k()); r++) {
            rows.add(i.draft(r));
        }
        return rows;
    }

    private static Instance with(Instance i, Distribution p, List<Distribution> rows) {
        return i.identicalDrafts() ? Instance.identical(i.name(), p, rows.get(0), i.k())
            : Instance.independent(i.name(), p, rows);
    }

    private static Instance rename(Instance i, String name) {
        return i.identicalDrafts() ? Instance.identical(name, i.target(), i.draft(), i.k())
            : Instance.independent(name, i.target(), rows(i));
    }

    /** The law without token t, renormalised; null when nothing is left. */
    static Distribution drop(Distribution d, int t) {
        BigFraction[] m = new BigFraction[d.size() - 1];
        boolean any = false;
        for (int y = 0, j = 0; y < d.size(); y++) {
            if (y != t) {
                m[j++] = d.p(y);
                any |= d.p(y).signum() > 0;
            }
        }
        return any ? Distribution.normalize(m) : null;
    }

    /**
     * The law rounded to multiples of 1/d by largest remainders, zeros kept zero and positive masses at least 1/d; null
     * when the support has more than d tokens.
     */
    static Distribution round(Distribution law, int d) {
        int n = law.size();
        if (law.supportSize() > d) {
            return null;
        }
        int[] units = new int[n];
        BigFraction[] rest = new BigFraction[n];
        int used = 0;
        BigInteger bd = BigInteger.valueOf(d);
        for (int y = 0; y < n; y++) {
            BigFraction scaled = law.p(y).multiply(BigFraction.of(bd));
            BigInteger floor = scaled.getNumerator().divide(scaled.getDenominator());
            units[y] = floor.intValue();
            rest[y] = scaled.subtract(BigFraction.of(floor));
            if (law.positive(y) && units[y] == 0) {
                units[y] = 1;
                rest[y] = BigFraction.ZERO;
            }
            used += units[y];
        }
        while (used > d) {
            // take a unit back from the token with the most units above one (largest mass first)
            int best = -1;
            for (int y = 0; y < n; y++) {
                if (units[y] > 1 && (best < 0 || units[y] > units[best])) {
                    best = y;
                }
            }
            if (best < 0) {
                return null;
            }
            units[best]--;
            used--;
        }
        while (used < d) {
            int best = -1;
            for (int y = 0; y < n; y++) {
                if (law.positive(y) && (best < 0 || org.specverify.reference.Fractions.compare(rest[y], rest[best]) > 0)) {
                    best = y;
                }
            }
            units[best]++;
            rest[best] = rest[best].subtract(BigFraction.ONE);
            used++;
        }
        BigFraction[] m = new BigFraction[n];
        for (int y = 0; y < n; y++) {
            m[y] = BigFraction.of(units[y], d);
        }
        return Distribution.of(m);
    }

    /** For messages: the shrunk instance as JSON. */
    public static String describe(Result r) {
        return "minimal counterexample (" + r.steps() + " shrink steps, " + r.calls() + " checks), as JSON that"
            + " 'specverify audit --instance FILE' reads:\n" + r.json();
    }

    static String masses(Distribution d) {
        return Arrays.toString(d.masses());
    }
}
