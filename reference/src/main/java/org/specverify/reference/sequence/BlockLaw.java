package org.specverify.reference.sequence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;

/**
 * The exact law of the block y_1..y_L (L &gt;= 1) that one verification step emits: the accepted drafts followed by one
 * token from a residual or bonus law.
 *
 * <p><b>Losslessness.</b> The next step starts from the extended context. If every later step is lossless, the stream
 * after this step is the block followed by target-distributed tokens, so the step is lossless exactly when
 * {@link #continuedByTarget} (the block continued by the target, truncated to h = gamma + 1 tokens) equals
 * {@link SequenceLaw#target} over all sequences of length h ({@link #compareWithTarget}); proofs-notes/
 * sequence-losslessness.md has the argument.
 *
 * <p>Built with {@link #builder}: masses of equal blocks add up; {@link Builder#build} checks that they sum exactly to
 * 1, that no block is empty and every token is in range, naming the block.
 */
public final class BlockLaw {
    private final int vocab;
    private final Map<List<Integer>, BigFraction> masses;

    private BlockLaw(int vocab, Map<List<Integer>, BigFraction> masses) {
        this.vocab = vocab;
        this.masses = Collections.unmodifiableMap(masses);
    }

    /** A builder over V tokens. */
    public static Builder builder(int vocab) {
        return new Builder(vocab);
    }

    /** Accumulates blocks with their probabilities. */
    public static final class Builder {
        private final int vocab;
        private final Map<List<Integer>, BigFraction> masses = new TreeMap<>(DraftTree.PATH_ORDER);

        private Builder(int vocab) {
            if (vocab < 1) {
                throw new InvalidInputException("a block law needs V >= 1, got " + vocab);
            }
            this.vocab = vocab;
        }

        /**
         * Adds {@code mass} to the block.
         *
         * @throws InvalidInputException for an empty block, an out-of-range token or a negative mass
         */
        public Builder add(int[] block, BigFraction mass) {
            if (block.length == 0) {
                throw new InvalidInputException("an emitted block has at least one token (L >= 1), got an empty one");
            }
            List<Integer> key = new ArrayList<>(block.length);
            for (int i = 0; i < block.length; i++) {
                if (block[i] < 0 || block[i] >= vocab) {
                    throw new InvalidInputException("block " + java.util.Arrays.toString(block) + ": token " + block[i]
                        + " at position " + i + " is out of range 0.." + (vocab - 1));
                }
                key.add(block[i]);
            }
            if (mass.signum() < 0) {
                throw new InvalidInputException("block " + key + ": negative mass " + Fractions.format(mass));
            }
            if (mass.signum() > 0) {
                masses.merge(List.copyOf(key), mass, BigFraction::add);
            }
            return this;
        }

        /**
         * The law.
         *
         * @throws InvalidInputException when the masses do not sum exactly to 1
         */
        public BlockLaw build() {
            BigFraction sum = Fractions.ZERO;
            Map<List<Integer>, BigFraction> m = new TreeMap<>(DraftTree.PATH_ORDER);
            for (Map.Entry<List<Integer>, BigFraction> e : masses.entrySet()) {
                sum = sum.add(e.getValue());
                m.put(e.getKey(), Fractions.canonical(e.getValue()));
            }
            if (!sum.equals(Fractions.ONE)) {
                throw new InvalidInputException("block law: masses sum to " + Fractions.format(sum)
                    + ", not exactly 1");
            }
            return new BlockLaw(vocab, m);
        }
    }

    public int vocab() {
        return vocab;
    }

    /** The blocks of positive mass, shortest first then lexicographic. */
    public Map<List<Integer>, BigFraction> masses() {
        return masses;
    }

    /** The mass of one block (0 when absent). */
    public BigFraction mass(List<Integer> block) {
        return masses.getOrDefault(block, Fractions.ZERO);
    }

    /** The longest block length. */
    public int maxLength() {
        int m = 0;
        for (List<Integer> b : masses.keySet()) {
            m = Math.max(m, b.size());
        }
        return m;
    }

    /**
     * The law of the accepted length tau = L - 1 over 0..gamma.
     *
     * @throws InvalidInputException when a block is longer than gamma + 1
     */
    public AcceptedLengthLaw acceptedLengthLaw(int gamma) {
        AcceptedLengthLaw.Builder b = AcceptedLengthLaw.builder(gamma);
        for (Map.Entry<List<Integer>, BigFraction> e : masses.entrySet()) {
            if (e.getKey().size() > gamma + 1) {
                throw new InvalidInputException("block " + e.getKey() + " has " + e.getKey().size()
                    + " tokens, more than gamma + 1 = " + (gamma + 1));
            }
            b.add(e.getKey().size() - 1, e.getValue());
        }
        return b.build();
    }

    /**
     * The law of "the block, continued by the target, truncated to h tokens": a block of L &gt;= h tokens contributes
     * its first h tokens; a shorter one is continued by prod p(y_i | context, y_&lt;i) for i = L+1..h.
     *
     * @throws org.specverify.reference.TooLargeException when V^h exceeds {@link SequenceLaw#MAX_SEQUENCES}
     */
    public SequenceLaw continuedByTarget(ContextModel p, int[] context, int h) {
        if (p.vocab() != vocab) {
            throw new InvalidInputException("the target has " + p.vocab() + " tokens, the block law " + vocab);
        }
        SequenceLaw.requireSize(vocab, h);
        Map<List<Integer>, BigFraction> out = new TreeMap<>(DraftTree.PATH_ORDER);
        for (Map.Entry<List<Integer>, BigFraction> e : masses.entrySet()) {
            int[] block = e.getKey().stream().mapToInt(Integer::intValue).toArray();
            SequenceLaw.continuations(p, context, block, h, e.getValue(), out);
        }
        return SequenceLaw.of(vocab, h, out);
    }

    /** {@link #continuedByTarget} compared with {@link SequenceLaw#target}: equal exactly when the step is lossless. */
    public SequenceLaw.Comparison compareWithTarget(ContextModel p, int[] context, int h) {
        return continuedByTarget(p, context, h).compare(SequenceLaw.target(p, context, h));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockLaw b && b.vocab == vocab && b.masses.equals(masses);
    }

    @Override
    public int hashCode() {
        return masses.hashCode();
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        masses.forEach((y, m) -> parts.add(y + "=" + Fractions.format(m)));
        return "BlockLaw " + parts;
    }
}
