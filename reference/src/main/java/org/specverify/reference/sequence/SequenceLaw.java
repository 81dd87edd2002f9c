package org.specverify.reference.sequence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;

/**
 * An exact law over the token sequences of one length h: the law a stream's next h tokens have. Sequences of zero
 * mass are not stored. Validated at construction: every sequence of length h with tokens in 0..V-1, masses
 * non-negative and summing exactly to 1.
 *
 * <p>{@link #target} is the target's law prod_i p(y_i | c, y_&lt;i); {@link #compare} returns equality or the worst
 * sequence and its exact error. This is how a sequence verifier's losslessness is judged (see {@link BlockLaw}).
 */
public final class SequenceLaw {
    /** The largest number of sequences {@link #target} enumerates (V^h): 4·10^6. */
    public static final long MAX_SEQUENCES = 4_000_000L;

    private final int vocab;
    private final int length;
    private final Map<List<Integer>, BigFraction> masses;

    private SequenceLaw(int vocab, int length, Map<List<Integer>, BigFraction> masses) {
        this.vocab = vocab;
        this.length = length;
        this.masses = Collections.unmodifiableMap(masses);
    }

    /**
     * A law from masses; zero masses are dropped.
     *
     * @throws InvalidInputException naming the sequence for a wrong length, an out-of-range token or a negative mass,
     *     and the sum when it is not exactly 1
     */
    public static SequenceLaw of(int vocab, int length, Map<List<Integer>, BigFraction> masses) {
        if (vocab < 1 || length < 1) {
            throw new InvalidInputException("a sequence law needs V >= 1 and length >= 1, got V = " + vocab
                + ", length " + length);
        }
        Map<List<Integer>, BigFraction> m = new TreeMap<>(DraftTree.PATH_ORDER);
        BigFraction sum = Fractions.ZERO;
        for (Map.Entry<List<Integer>, BigFraction> e : masses.entrySet()) {
            List<Integer> y = e.getKey();
            if (y.size() != length) {
                throw new InvalidInputException("sequence " + y + ": length " + y.size() + ", expected " + length);
            }
            for (int i = 0; i < y.size(); i++) {
                if (y.get(i) == null || y.get(i) < 0 || y.get(i) >= vocab) {
                    throw new InvalidInputException("sequence " + y + ": token " + y.get(i) + " at position " + i
                        + " is out of range 0.." + (vocab - 1));
                }
            }
            BigFraction v = e.getValue();
            if (v.signum() < 0) {
                throw new InvalidInputException("sequence " + y + ": negative mass " + Fractions.format(v));
            }
            sum = sum.add(v);
            if (v.signum() > 0) {
                m.put(List.copyOf(y), Fractions.canonical(v));
            }
        }
        if (!sum.equals(Fractions.ONE)) {
            throw new InvalidInputException("sequence law: masses sum to " + Fractions.format(sum) + ", not exactly 1");
        }
        return new SequenceLaw(vocab, length, m);
    }

    /**
     * The target's law of the next h tokens after {@code context}: prod_i p(y_i | context, y_&lt;i).
     *
     * @throws TooLargeException when V^h exceeds {@link #MAX_SEQUENCES} (before any work)
     */
    public static SequenceLaw target(ContextModel p, int[] context, int h) {
        requireSize(p.vocab(), h);
        Map<List<Integer>, BigFraction> m = new TreeMap<>(DraftTree.PATH_ORDER);
        continuations(p, context, new int[0], h, Fractions.ONE, m);
        return new SequenceLaw(p.vocab(), h, m);
    }

    static void requireSize(int vocab, int h) {
        double n = Math.pow(vocab, h);
        if (n > MAX_SEQUENCES) {
            throw new TooLargeException("a law over sequences of " + h + " tokens from V = " + vocab + " has up to "
                + String.format(java.util.Locale.ROOT, "%.3g", n) + " sequences, above the limit of " + MAX_SEQUENCES);
        }
    }

    /**
     * Adds weight·prod p(continuation) to {@code out} for every continuation of {@code start} to {@code h} tokens
     * (start itself when it has h or more tokens, truncated to h).
     */
    static void continuations(ContextModel p, int[] context, int[] start, int h, BigFraction weight,
                              Map<List<Integer>, BigFraction> out) {
        if (weight.signum() == 0) {
            return;
        }
        if (start.length >= h) {
            List<Integer> key = Arrays.stream(start, 0, h).boxed().toList();
            out.merge(key, weight, BigFraction::add);
            return;
        }
        Distribution next = p.lawAfter(context, start);
        for (int y = 0; y < next.size(); y++) {
            if (next.positive(y)) {
                int[] longer = Arrays.copyOf(start, start.length + 1);
                longer[start.length] = y;
                continuations(p, context, longer, h, weight.multiply(next.p(y)), out);
            }
        }
    }

    public int vocab() {
        return vocab;
    }

    /** h. */
    public int length() {
        return length;
    }

    /** The mass of a sequence (0 when absent). */
    public BigFraction mass(List<Integer> y) {
        return masses.getOrDefault(y, Fractions.ZERO);
    }

    /** The sequences of positive mass with their masses, shortest-then-lexicographic order. */
    public Map<List<Integer>, BigFraction> masses() {
        return masses;
    }

    /**
     * Compares this (observed) law with an expected one: equal, or the sequence of largest |error| (the
     * lexicographically first on ties) with both masses and error = observed - expected, and the total variation.
     *
     * @throws InvalidInputException when lengths or vocabularies differ
     */
    public Comparison compare(SequenceLaw expected) {
        if (expected.length != length || expected.vocab != vocab) {
            throw new InvalidInputException("cannot compare a law over " + length + " tokens from V = " + vocab
                + " with one over " + expected.length + " tokens from V = " + expected.vocab);
        }
        TreeSet<List<Integer>> all = new TreeSet<>(DraftTree.PATH_ORDER);
        all.addAll(masses.keySet());
        all.addAll(expected.masses.keySet());
        List<Integer> worst = null;
        BigFraction worstAbs = Fractions.ZERO;
        BigFraction tv = Fractions.ZERO;
        for (List<Integer> y : all) {
            BigFraction err = mass(y).subtract(expected.mass(y));
            BigFraction abs = err.signum() < 0 ? err.negate() : err;
            tv = tv.add(Fractions.positivePart(err));
            if (abs.signum() > 0 && (worst == null || Fractions.compare(abs, worstAbs) > 0)) {
                worst = y;
                worstAbs = abs;
            }
        }
        if (worst == null) {
            return new Comparison(true, List.of(), Fractions.ZERO, Fractions.ZERO, Fractions.ZERO, Fractions.ZERO);
        }
        return new Comparison(false, worst, mass(worst), expected.mass(worst),
            Fractions.canonical(mass(worst).subtract(expected.mass(worst))), Fractions.canonical(tv));
    }

    /**
     * The outcome of {@link #compare}.
     *
     * @param equal          whether the laws are equal
     * @param worst          the sequence of largest |observed - expected| (empty when equal)
     * @param observed       its observed mass
     * @param expected       its expected mass
     * @param error          observed - expected
     * @param totalVariation sum over sequences of (observed - expected)+
     */
    public record Comparison(boolean equal, List<Integer> worst, BigFraction observed, BigFraction expected,
                             BigFraction error, BigFraction totalVariation) {
        @Override
        public String toString() {
            return equal ? "equal" : "differs at " + worst + ": observed " + Fractions.format(observed) + ", expected "
                + Fractions.format(expected) + ", error " + Fractions.format(error) + " (total variation "
                + Fractions.format(totalVariation) + ")";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceLaw s && s.vocab == vocab && s.length == length && s.masses.equals(masses);
    }

    @Override
    public int hashCode() {
        return masses.hashCode() * 31 + length;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        masses.forEach((y, m) -> parts.add(y + "=" + Fractions.format(m)));
        return "SequenceLaw(h=" + length + ") " + parts;
    }
}
