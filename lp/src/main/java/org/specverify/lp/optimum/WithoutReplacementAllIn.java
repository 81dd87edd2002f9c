package org.specverify.lp.optimum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;

/**
 * Exact probabilities of drafts without replacement (q_1 = q, x_k ~ q_k, q_{k+1} = norm(q_k with x_k removed)):
 * the law of the draft set, and Q(x̄ ⊆ H) = P(the first K draws all lie in H).
 *
 * <p><b>Recursion.</b> For a token set S with |S| = m ≤ K, let P(S) be the probability that the first m draws are
 * exactly the tokens of S, in some order. Then P(∅) = 1 and, conditioning on the last of the m draws,
 * <pre>   P(S) = Σ_{x ∈ S} P(S \ {x}) · q(x) / (1 - q(S \ {x})).</pre>
 * Q(x̄ ⊆ H) = Σ_{S ⊆ H, |S| = K} P(S). The denominators are positive: |S \ {x}| &lt; K ≤ (number of tokens with
 * q &gt; 0), so S \ {x} never holds all of q's mass.
 *
 * <p><b>Incremental form.</b> Tokens are added one at a time (for instance along the ratio order); when token y
 * arrives, only the sets containing y are new, and each needs the values of sets already known or just computed
 * (processed by increasing size). So Q(x̄ ⊆ H_j) for every prefix H_j of an order costs as much as one set law:
 * Σ_{m ≤ K} C(n⁺, m) sets, each with at most K terms, n⁺ = number of tokens with q &gt; 0. Tokens with q = 0 are never
 * drawn and create no sets. Above {@link #MAX_SETS} sets the computation is refused.
 */
public final class WithoutReplacementAllIn {
    /** The largest number of token sets (of size at most K) the exact recursion will create. */
    public static final long MAX_SETS = 1_000_000L;

    private WithoutReplacementAllIn() {
    }

    /**
     * The exact law of the draft set: bit mask of S (bit t for token t) → P(set(x̄) = S), for |S| = K. Needs
     * |V| ≤ 31.
     *
     * @throws InvalidInputException when K &lt; 1, q has fewer than K tokens of positive mass, |V| &gt; 31, or the
     *     recursion exceeds {@link #MAX_SETS}
     */
    public static Map<Integer, BigFraction> setLaw(Distribution q, int k) {
        if (q.size() > 31) {
            throw new InvalidInputException("without-replacement set law as bit masks: |V| = " + q.size()
                + " exceeds the limit of 31 tokens");
        }
        int[] order = new int[q.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Engine e = new Engine(q, k, order);
        Map<Integer, BigFraction> law = new HashMap<>();
        for (int token : order) {
            e.add(token);
        }
        e.forEachFull((tokens, prob) -> {
            int mask = 0;
            for (int t : tokens) {
                mask |= 1 << t;
            }
            law.put(mask, prob);
        });
        return law;
    }

    /**
     * Q(x̄ ⊆ H) exactly, for one token set H.
     *
     * @throws InvalidInputException when K &lt; 1, q has fewer than K tokens of positive mass, or the recursion
     *     exceeds {@link #MAX_SETS}
     */
    public static BigFraction probabilityAllIn(Distribution q, int k, IntPredicate inH) {
        int[] h = java.util.stream.IntStream.range(0, q.size()).filter(inH).toArray();
        BigFraction[] along = alongOrder(q, k, h);
        return along[h.length];
    }

    /**
     * Q(x̄ ⊆ H_j) exactly for every prefix H_j = {order[0], ..., order[j-1]}, j = 0..order.length.
     *
     * @param order distinct tokens (a full permutation of V, or a subset of it)
     * @throws InvalidInputException when K &lt; 1, q has fewer than K tokens of positive mass, a token repeats or is
     *     out of range, or the recursion exceeds {@link #MAX_SETS}
     */
    public static BigFraction[] alongOrder(Distribution q, int k, int[] order) {
        Engine e = new Engine(q, k, order);
        BigFraction[] w = new BigFraction[order.length + 1];
        w[0] = Fractions.ZERO;
        for (int j = 0; j < order.length; j++) {
            w[j + 1] = w[j].add(e.add(order[j]));
        }
        return w;
    }

    /** Σ_{m=0}^{k} C(n, m), saturating at Long.MAX_VALUE. */
    static long setsUpTo(int n, int k) {
        long total = 0;
        long c = 1;
        for (int m = 0; m <= k && m <= n; m++) {
            total += c;
            if (total < 0 || total > MAX_SETS * 4) {
                return Long.MAX_VALUE;
            }
            c = c * (n - m) / (m + 1);
        }
        return total;
    }

    /** The recursion over token sets of size ≤ K, keyed by packed sorted positions. */
    private static final class Engine {
        private final BigFraction[] q;
        private final int k;
        private final int bits;
        private final long slotMask;
        private final int[] tokenAt;
        private final HashMap<Long, BigFraction> prob = new HashMap<>();
        private final HashMap<Long, BigFraction> mass = new HashMap<>();
        private final List<List<Long>> bySize = new ArrayList<>();
        private int positions;

        Engine(Distribution dist, int k, int[] order) {
            if (k < 1) {
                throw new InvalidInputException("drafts without replacement need K >= 1, got " + k);
            }
            if (dist.supportSize() < k) {
                throw new InvalidInputException("drafts without replacement need at least K = " + k
                    + " tokens of positive draft mass, but q has " + dist.supportSize());
            }
            this.q = dist.masses();
            this.k = k;
            boolean[] seen = new boolean[q.length];
            int positive = 0;
            for (int t : order) {
                if (t < 0 || t >= q.length) {
                    throw new InvalidInputException("token " + t + " out of range 0.." + (q.length - 1));
                }
                if (seen[t]) {
                    throw new InvalidInputException("token " + t + " appears twice in the order");
                }
                seen[t] = true;
                if (q[t].signum() > 0) {
                    positive++;
                }
            }
            long sets = setsUpTo(positive, k);
            if (sets > MAX_SETS) {
                throw new InvalidInputException("exact without-replacement probabilities: " + positive
                    + " tokens of positive mass and K = " + k + " need " + (sets == Long.MAX_VALUE ? "more than "
                    + MAX_SETS * 4 : sets) + " token sets, above the limit of " + MAX_SETS);
            }
            this.bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(positive));
            if ((long) bits * k > 63) {
                throw new InvalidInputException("exact without-replacement probabilities: K = " + k + " with "
                    + positive + " tokens of positive mass does not fit the set encoding (K·" + bits + " bits > 63)");
            }
            this.slotMask = (1L << bits) - 1;
            this.tokenAt = new int[positive];
            for (int m = 0; m <= k; m++) {
                bySize.add(new ArrayList<>());
            }
            prob.put(0L, Fractions.ONE);
            mass.put(0L, Fractions.ZERO);
            bySize.get(0).add(0L);
        }

        /** Adds a token; returns the sum of P(S) over the new full sets (|S| = K) that contain it. */
        BigFraction add(int token) {
            BigFraction qy = q[token];
            if (qy.signum() == 0) {
                return Fractions.ZERO;
            }
            int y = positions++;
            tokenAt[y] = token;
            long ySlot = y + 1L;
            int[] sizeBefore = new int[k];
            for (int m = 0; m < k; m++) {
                sizeBefore[m] = bySize.get(m).size();
            }
            BigFraction full = Fractions.ZERO;
            for (int m = 1; m <= k; m++) {
                List<Long> smaller = bySize.get(m - 1);
                for (int i = 0; i < sizeBefore[m - 1]; i++) {
                    long t = smaller.get(i);
                    BigFraction qt = mass.get(t);
                    // last draw y, after the m - 1 tokens of T
                    BigFraction v = prob.get(t).multiply(qy).divide(Fractions.ONE.subtract(qt));
                    // last draw x ∈ T, after (T \ x) ∪ {y}
                    for (int slot = 0; slot < m - 1; slot++) {
                        int pos = (int) ((t >>> (bits * slot)) & slotMask) - 1;
                        BigFraction qx = q[tokenAt[pos]];
                        long rest = remove(t, slot) | (ySlot << (bits * (m - 2)));
                        BigFraction pr = prob.get(rest);
                        if (pr != null) {
                            v = v.add(pr.multiply(qx).divide(Fractions.ONE.subtract(mass.get(rest))));
                        }
                    }
                    long s = t | (ySlot << (bits * (m - 1)));
                    prob.put(s, v);
                    mass.put(s, qt.add(qy));
                    bySize.get(m).add(s);
                    if (m == k) {
                        full = full.add(v);
                    }
                }
            }
            return full;
        }

        private long remove(long code, int slot) {
            long low = slot == 0 ? 0 : code & ((1L << (bits * slot)) - 1);
            long high = code >>> (bits * (slot + 1));
            return low | (high << (bits * slot));
        }

        void forEachFull(java.util.function.BiConsumer<int[], BigFraction> action) {
            for (long s : bySize.get(k)) {
                int[] tokens = new int[k];
                for (int slot = 0; slot < k; slot++) {
                    tokens[slot] = tokenAt[(int) ((s >>> (bits * slot)) & slotMask) - 1];
                }
                action.accept(tokens, prob.get(s));
            }
        }
    }
}
