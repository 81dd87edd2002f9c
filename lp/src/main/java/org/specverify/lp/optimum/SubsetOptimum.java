package org.specverify.lp.optimum;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;

/**
 * The exact optimal acceptance α*(p, Q) = min over H ⊆ V of f(H), f(H) = p(H) + 1 - Q(x̄ ⊆ H), by trying all 2^|V|
 * token sets, in exact integer arithmetic over one common denominator. Works for every draft process; this is the
 * yardstick the LPs, the exact max-flow, the ratio-prefix algorithm and the closed forms are checked against.
 * Why min f is the optimum: proofs-notes/subset-optimum.md.
 *
 * <p><b>How Q(x̄ ⊆ H) is obtained for all H.</b> iid drafts: q(H)^K; independent drafts: Π_k q_k(H) (sums tracked
 * along a Gray-code walk over the subsets, one token in or out per step); without-replacement drafts: the exact law of
 * the draft set from {@link WithoutReplacementAllIn#setLaw}; any other process: the law of its draft set from
 * {@link DraftProcess#law()}. For a set law w(S) = P(set(x̄) = S), Q(x̄ ⊆ H) = Σ_{S ⊆ H} w(S) is computed for every H at
 * once by the subset-sum (zeta) transform, |V|·2^|V| integer additions.
 *
 * <p><b>Minimisers.</b> f is submodular (Q(x̄ ⊆ ·) is a sum of indicator functions of up-sets {H ⊇ S}, each
 * supermodular), so its minimisers are closed under union and intersection. {@link #minimiser()} is the smallest one
 * (the intersection of all minimisers) and {@link #largestMinimiser()} the largest; both are recomputed and checked to
 * attain the minimum on creation.
 *
 * <p><b>Edge behaviour.</b> H = ∅ and H = V both give f = 1, so α* ≤ 1 and α* = 1 when nothing better exists (then the
 * smallest minimiser is ∅). Zero-mass tokens need no special case. |V| = 1 gives α* = 1.
 *
 * <p><b>Limits.</b> |V| ≤ {@link #MAX_VOCAB}; a larger vocabulary is refused, not attempted. Time O(2^|V|·(|V| + K))
 * integer operations (about a second at |V| = 20); memory 2^|V| integers for a set law, none otherwise.
 */
public final class SubsetOptimum {
    /** The largest vocabulary enumerated (2^20 subsets). */
    public static final int MAX_VOCAB = 20;

    private final BigFraction value;
    private final int smallest;
    private final int largest;
    private final int vocab;

    private SubsetOptimum(BigFraction value, int smallest, int largest, int vocab) {
        this.value = value;
        this.smallest = smallest;
        this.largest = largest;
        this.vocab = vocab;
    }

    /**
     * α*(p, Q) for the law Q of a draft process.
     *
     * @throws InvalidInputException when |V| exceeds {@link #MAX_VOCAB} or the vocabularies differ
     */
    public static SubsetOptimum of(Distribution p, DraftProcess process) {
        int n = requireSize(p, process.vocab(), process.id() + " drafts");
        if (process instanceof IidDraft iid) {
            List<BigFraction[]> rows = new ArrayList<>();
            rows.add(iid.q().masses());
            return product(p, rows, iid.k());
        }
        if (process instanceof IndependentDraft ind) {
            List<BigFraction[]> rows = new ArrayList<>();
            for (int i = 0; i < ind.k(); i++) {
                rows.add(ind.q(i).masses());
            }
            return product(p, rows, 1);
        }
        if (process instanceof WithoutReplacementDraft wr) {
            return setLaw(p, WithoutReplacementAllIn.setLaw(wr.q(), wr.k()), n);
        }
        return ofLaw(p, process.law());
    }

    /**
     * α*(p, Q) for a draft law given tuple by tuple.
     *
     * @throws InvalidInputException when |V| exceeds {@link #MAX_VOCAB}, a probability is negative, the law does not sum
     *     to one, or a tuple has a token outside the vocabulary
     */
    public static SubsetOptimum ofLaw(Distribution p, Map<DraftTuple, BigFraction> law) {
        int n = requireSize(p, p.size(), "draft law");
        BigFraction total = Fractions.ZERO;
        java.util.HashMap<Integer, BigFraction> sets = new java.util.HashMap<>();
        for (Map.Entry<DraftTuple, BigFraction> e : law.entrySet()) {
            BigFraction m = e.getValue();
            if (m.signum() < 0) {
                throw new InvalidInputException("draft law: tuple " + e.getKey() + " has negative probability "
                    + Fractions.format(m));
            }
            if (e.getKey().k() == 0) {
                throw new InvalidInputException("draft law: an empty tuple (K must be at least 1)");
            }
            int mask = 0;
            for (int t : e.getKey().tokens()) {
                if (t < 0 || t >= n) {
                    throw new InvalidInputException("draft law: tuple " + e.getKey() + " has token " + t
                        + ", out of range 0.." + (n - 1));
                }
                mask |= 1 << t;
            }
            total = total.add(m);
            sets.merge(mask, m, BigFraction::add);
        }
        if (!total.equals(Fractions.ONE)) {
            throw new InvalidInputException("draft law: probabilities sum to " + Fractions.format(total)
                + ", not exactly 1, over " + law.size() + " tuples");
        }
        return setLaw(p, sets, n);
    }

    /**
     * f(H) = p(H) + 1 - Q(x̄ ⊆ H) for one token set, straight from {@link DraftProcess#probabilityAllIn} (no
     * enumeration of subsets; any vocabulary size).
     *
     * @param h the tokens of H (any order, no duplicates needed)
     */
    public static BigFraction objective(Distribution p, DraftProcess process, int[] h) {
        boolean[] in = new boolean[p.size()];
        for (int t : h) {
            if (t < 0 || t >= in.length) {
                throw new InvalidInputException("token " + t + " of H out of range 0.." + (in.length - 1));
            }
            in[t] = true;
        }
        return p.mass(t -> in[t]).add(Fractions.ONE).subtract(process.probabilityAllIn(t -> in[t]));
    }

    /** α*, exactly. */
    public BigFraction value() {
        return value;
    }

    /** The smallest minimising set (the intersection of all minimisers), ascending. */
    public int[] minimiser() {
        return tokens(smallest);
    }

    /** The largest minimising set (the union of all minimisers), ascending. */
    public int[] largestMinimiser() {
        return tokens(largest);
    }

    /** The vocabulary size. */
    public int vocab() {
        return vocab;
    }

    @Override
    public String toString() {
        return "SubsetOptimum[α* = " + Fractions.format(value) + ", minimiser " + Arrays.toString(minimiser()) + "]";
    }

    private int[] tokens(int mask) {
        return java.util.stream.IntStream.range(0, vocab).filter(t -> (mask >> t & 1) == 1).toArray();
    }

    private static int requireSize(Distribution p, int processVocab, String what) {
        int n = p.size();
        if (processVocab != n) {
            throw new InvalidInputException("subset optimum: the target has " + n + " tokens but the " + what
                + " have " + processVocab);
        }
        if (n > MAX_VOCAB) {
            throw new InvalidInputException("subset optimum: |V| = " + n + " exceeds the limit of " + MAX_VOCAB
                + " tokens (2^" + n + " subsets would be enumerated); use Optimum or RatioPrefix for large "
                + "vocabularies");
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------- integer encoding

    /**
     * Numerators of masses over the lcm D &gt; 0 of their denominators' absolute values (a BigFraction may carry a
     * negative denominator; numerator[i]/D is mass i exactly either way).
     */
    private static final class Scaled {
        final BigInteger denominator;
        final BigInteger[] numerator;

        Scaled(BigFraction[] masses) {
            BigInteger d = BigInteger.ONE;
            for (BigFraction m : masses) {
                d = lcm(d, m.getDenominator().abs());
            }
            this.denominator = d;
            this.numerator = new BigInteger[masses.length];
            for (int i = 0; i < masses.length; i++) {
                numerator[i] = masses[i].getNumerator().multiply(d.divide(masses[i].getDenominator()));
            }
        }
    }

    private static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.divide(a.gcd(b)).multiply(b);
    }

    // ---------------------------------------------------------------------------------------- Q = product of sums

    /**
     * Q(x̄ ⊆ H) = Π_rows (row(H))^power. N(H) = P(H)·(D/Dp) + D - Π a_r(H)^power·(D/DA) is the numerator of f(H)
     * over D.
     */
    private static SubsetOptimum product(Distribution p, List<BigFraction[]> rows, int power) {
        int n = p.size();
        Scaled sp = new Scaled(p.masses());
        Scaled[] sq = new Scaled[rows.size()];
        BigInteger dA = BigInteger.ONE;
        for (int r = 0; r < sq.length; r++) {
            sq[r] = new Scaled(rows.get(r));
            dA = dA.multiply(sq[r].denominator.pow(power));
        }
        BigInteger d = lcm(sp.denominator, dA);
        BigInteger pScale = d.divide(sp.denominator);
        BigInteger aScale = d.divide(dA);
        BigInteger pH = BigInteger.ZERO;
        BigInteger[] aH = new BigInteger[sq.length];
        Arrays.fill(aH, BigInteger.ZERO);
        Tracker tracker = new Tracker();
        int mask = 0;
        long count = 1L << n;
        for (long i = 0; i < count; i++) {
            if (i > 0) {
                int bit = Long.numberOfTrailingZeros(i);
                mask ^= 1 << bit;
                boolean added = (mask >> bit & 1) == 1;
                pH = added ? pH.add(sp.numerator[bit]) : pH.subtract(sp.numerator[bit]);
                for (int r = 0; r < sq.length; r++) {
                    aH[r] = added ? aH[r].add(sq[r].numerator[bit]) : aH[r].subtract(sq[r].numerator[bit]);
                }
            }
            BigInteger all = BigInteger.ONE;
            for (BigInteger a : aH) {
                all = all.multiply(power == 1 ? a : a.pow(power));
            }
            tracker.offer(mask, pH.multiply(pScale).add(d).subtract(all.multiply(aScale)));
        }
        SubsetOptimum result = new SubsetOptimum(BigFraction.of(tracker.min, d), tracker.intersection,
            tracker.union, n);
        for (int m : new int[] {tracker.intersection, tracker.union}) {
            BigInteger pm = BigInteger.ZERO;
            BigInteger all = BigInteger.ONE;
            for (int t = 0; t < n; t++) {
                if ((m >> t & 1) == 1) {
                    pm = pm.add(sp.numerator[t]);
                }
            }
            for (Scaled row : sq) {
                BigInteger a = BigInteger.ZERO;
                for (int t = 0; t < n; t++) {
                    if ((m >> t & 1) == 1) {
                        a = a.add(row.numerator[t]);
                    }
                }
                all = all.multiply(a.pow(power));
            }
            tracker.requireMinimum(m, pm.multiply(pScale).add(d).subtract(all.multiply(aScale)));
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ Q = set law

    /** Q(x̄ ⊆ H) = Σ_{S ⊆ H} w(S) for a law w of the draft set (bit masks). */
    private static SubsetOptimum setLaw(Distribution p, Map<Integer, BigFraction> sets, int n) {
        int[] masks = new int[sets.size()];
        BigFraction[] weights = new BigFraction[sets.size()];
        int j = 0;
        for (Map.Entry<Integer, BigFraction> e : sets.entrySet()) {
            masks[j] = e.getKey();
            weights[j++] = e.getValue();
        }
        Scaled sw = new Scaled(weights);
        Scaled sp = new Scaled(p.masses());
        int size = 1 << n;
        BigInteger[] zeta = new BigInteger[size];
        Arrays.fill(zeta, BigInteger.ZERO);
        for (int i = 0; i < masks.length; i++) {
            zeta[masks[i]] = zeta[masks[i]].add(sw.numerator[i]);
        }
        for (int bit = 0; bit < n; bit++) {
            int b = 1 << bit;
            for (int h = 0; h < size; h++) {
                if ((h & b) != 0) {
                    zeta[h] = zeta[h].add(zeta[h ^ b]);
                }
            }
        }
        BigInteger d = lcm(sp.denominator, sw.denominator);
        BigInteger pScale = d.divide(sp.denominator);
        BigInteger aScale = d.divide(sw.denominator);
        BigInteger pH = BigInteger.ZERO;
        Tracker tracker = new Tracker();
        int mask = 0;
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                int bit = Integer.numberOfTrailingZeros(i);
                mask ^= 1 << bit;
                pH = (mask >> bit & 1) == 1 ? pH.add(sp.numerator[bit]) : pH.subtract(sp.numerator[bit]);
            }
            tracker.offer(mask, pH.multiply(pScale).add(d).subtract(zeta[mask].multiply(aScale)));
        }
        for (int m : new int[] {tracker.intersection, tracker.union}) {
            BigInteger pm = BigInteger.ZERO;
            for (int t = 0; t < n; t++) {
                if ((m >> t & 1) == 1) {
                    pm = pm.add(sp.numerator[t]);
                }
            }
            tracker.requireMinimum(m, pm.multiply(pScale).add(d).subtract(zeta[m].multiply(aScale)));
        }
        return new SubsetOptimum(BigFraction.of(tracker.min, d), tracker.intersection, tracker.union, n);
    }

    /** The running minimum and the intersection and union of the sets attaining it. */
    private static final class Tracker {
        BigInteger min;
        int intersection;
        int union;

        void offer(int mask, BigInteger v) {
            int c = min == null ? -1 : v.compareTo(min);
            if (c < 0) {
                min = v;
                intersection = mask;
                union = mask;
            } else if (c == 0) {
                intersection &= mask;
                union |= mask;
            }
        }

        void requireMinimum(int mask, BigInteger v) {
            if (!v.equals(min)) {
                throw new IllegalStateException("subset optimum: the lattice closure " + Integer.toBinaryString(mask)
                    + " of the minimisers does not attain the minimum; the draft law is not a probability law "
                    + "or this class has a bug");
            }
        }
    }
}
