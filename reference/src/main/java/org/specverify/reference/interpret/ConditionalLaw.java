package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.ExactVector;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.scheme.Draws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Verdict;

/**
 * The exact conditional law P(Y = · | drafts) of a bound scheme, from its program: every branch of the verifier's draws
 * before its end is enumerated (an accept test is two branches, a small choice one per positive weight), and each end
 * is a leaf that is either "draft i accepted" or "draw from law r". The final draw is not enumerated: the law is kept
 * as a measure, so the cost is (number of branches) × (cost of one run), O(K·|V|) for the rejection schemes rather than
 * |V| replayed leaves per branch.
 *
 * <p>Uses: the exact law of a scheme (sum over draft tuples, {@link ExactLaw}), a possibility check of any observed
 * output ({@link #possible}), and the expected law in conditional conformance tests of other implementations.
 *
 * <p>A bound without a program ({@link Scheme.Bound#hasProgram()} false) is enumerated through
 * {@link Scheme.Bound#decide} instead, final draw included (slower).
 */
public final class ConditionalLaw {
    /**
     * One end of the verifier's program and its probability given the drafts. Exactly one of {@code token} (≥ 0, for
     * an output fixed at that end) and {@code law} (non-null, for a final draw) is set.
     *
     * @param probability  the probability of reaching this end
     * @param token        the output, for an accept (or, without a program, every end)
     * @param byTest       whether the end is an acceptance by a test
     * @param law          the law of the final draw, normalised on reading
     * @param byMembership for a final draw: whether a drawn draft token counts as accepted by the test
     */
    public record Leaf(BigFraction probability, int token, boolean byTest, Measure<BigFraction> law,
                       boolean byMembership) {
    }

    private final DraftTuple drafts;
    private final int vocab;
    private final List<Leaf> leaves;

    private ConditionalLaw(DraftTuple drafts, int vocab, List<Leaf> leaves) {
        this.drafts = drafts;
        this.vocab = vocab;
        this.leaves = Collections.unmodifiableList(leaves);
    }

    /**
     * The conditional law of the output given {@code drafts}.
     *
     * @throws org.specverify.reference.InvalidInputException when the drafts cannot come from the draft process
     */
    public static ConditionalLaw of(Scheme.Bound bound, int[] drafts) {
        return of(bound, drafts, new AcceptMemo());
    }

    /**
     * Accept probabilities min(1, p/q) remembered by the identity of the two values: programs that pass the same value
     * objects (the measures remember their probabilities) have each ratio computed once for all tuples of an
     * {@link ExactLaw}. Not thread-safe: one per enumeration.
     */
    static final class AcceptMemo {
        private final java.util.IdentityHashMap<Object, java.util.IdentityHashMap<Object, BigFraction>> byQ =
            new java.util.IdentityHashMap<>();

        BigFraction probability(int draft, int token, BigFraction q, BigFraction p) {
            java.util.IdentityHashMap<Object, BigFraction> byP = byQ.computeIfAbsent(q,
                k -> new java.util.IdentityHashMap<>());
            BigFraction pi = byP.get(p);
            if (pi == null) {
                pi = Draws.acceptProbability(draft, token, q, p);
                byP.put(p, pi);
            }
            return pi;
        }
    }

    static ConditionalLaw of(Scheme.Bound bound, int[] drafts, AcceptMemo memo) {
        int vocab = bound.instance().vocab();
        DraftTuple t = DraftTuple.of(drafts);
        List<Leaf> leaves = new ArrayList<>();
        if (!bound.hasProgram()) {
            Map<Verdict, BigFraction> law = ExactEnumerator.enumerate(c -> bound.decide(drafts, c));
            law.forEach((v, pr) -> leaves.add(new Leaf(pr, v.output(), v.acceptedByTest(), null, false)));
            return new ConditionalLaw(t, vocab, leaves);
        }
        Program<BigFraction> program = bound.program(Exact.INSTANCE);
        List<Integer> prefix = new ArrayList<>();
        while (true) {
            Replay replay = new Replay(prefix, memo);
            Outcome<BigFraction> o = program.run(replay, drafts);
            if (o instanceof Outcome.Accept<BigFraction> a) {
                leaves.add(new Leaf(replay.probability, a.token(), true, null, false));
            } else {
                Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
                if (e.law().total().signum() == 0) {
                    throw new IllegalStateException(bound.scheme().id() + ": the verifier reaches a final draw from"
                        + " an empty law (" + e.what() + ") with probability " + replay.probability + " on drafts " + t);
                }
                leaves.add(new Leaf(replay.probability, -1, false, e.law(), e.byMembership()));
            }
            int j = replay.path.size() - 1;
            while (j >= 0 && replay.path.get(j) == replay.sizes.get(j) - 1) {
                j--;
            }
            if (j < 0) {
                return new ConditionalLaw(t, vocab, leaves);
            }
            prefix = new ArrayList<>(replay.path.subList(0, j + 1));
            prefix.set(j, replay.path.get(j) + 1);
        }
    }

    public DraftTuple drafts() {
        return drafts;
    }

    public List<Leaf> leaves() {
        return leaves;
    }

    /** P(Y = y | drafts), exactly. */
    public BigFraction probability(int y) {
        BigFraction s = BigFraction.ZERO;
        for (Leaf l : leaves) {
            if (l.law() == null) {
                if (l.token() == y) {
                    s = s.add(l.probability());
                }
            } else {
                BigFraction m = l.law().at(y);
                if (m.signum() > 0) {
                    s = s.add(l.probability().multiply(m).divide(l.law().total()));
                }
            }
        }
        return s;
    }

    /** Whether y has positive conditional probability: an output outside this set is a certain failure. */
    public boolean possible(int y) {
        for (Leaf l : leaves) {
            if (l.law() == null ? l.token() == y : l.law().at(y).signum() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The whole conditional law, token by token (O(leaves·|V|)). */
    public BigFraction[] masses() {
        BigFraction[] out = new BigFraction[vocab];
        Arrays.fill(out, BigFraction.ZERO);
        for (Leaf l : leaves) {
            if (l.law() == null) {
                out[l.token()] = out[l.token()].add(l.probability());
            } else {
                BigFraction scale = l.probability().divide(l.law().total());
                for (int y = 0; y < vocab; y++) {
                    BigFraction m = l.law().at(y);
                    if (m.signum() > 0) {
                        out[y] = out[y].add(scale.multiply(m));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The whole conditional law over one common denominator, fast for rows of floats (no gcd per token): what
     * {@link #masses()} gives, as an {@link ExactVector}.
     */
    public ExactVector exactMasses() {
        ExactVector out = ExactVector.zero(vocab);
        for (Leaf l : leaves) {
            if (l.law() != null) {
                out = out.plus(Exact.vector(l.law()).times(l.probability().divide(l.law().total())));
            }
        }
        for (Leaf l : leaves) {
            if (l.law() == null) {
                out = out.plusAt(l.token(), l.probability());
            }
        }
        return out;
    }

    /** Σ of the leaf probabilities: exactly 1 for a well-formed program. */
    public BigFraction total() {
        BigFraction s = BigFraction.ZERO;
        for (Leaf l : leaves) {
            s = s.add(l.probability());
        }
        return s;
    }

    /** P(Y ∈ drafts | drafts): membership acceptance. */
    public BigFraction acceptance() {
        BigFraction s = BigFraction.ZERO;
        for (Leaf l : leaves) {
            s = s.add(l.law() == null ? (drafts.contains(l.token()) ? l.probability() : BigFraction.ZERO)
                : l.probability().multiply(draftMass(l.law())));
        }
        return s;
    }

    /** P(a draft passes the accept test | drafts); membership for the final draws that count it. */
    public BigFraction testAcceptance() {
        BigFraction s = BigFraction.ZERO;
        for (Leaf l : leaves) {
            if (l.law() == null) {
                if (l.byTest()) {
                    s = s.add(l.probability());
                }
            } else if (l.byMembership()) {
                s = s.add(l.probability().multiply(draftMass(l.law())));
            }
        }
        return s;
    }

    /** norm(law)(set of drafts). */
    BigFraction draftMass(Measure<BigFraction> law) {
        BigFraction s = BigFraction.ZERO;
        for (int i = 0; i < drafts.k(); i++) {
            int x = drafts.get(i);
            if (drafts.indexOf(x) == i) {
                BigFraction m = law.probability(x);
                s = s.signum() == 0 ? m : m.signum() == 0 ? s : s.add(m);
            }
        }
        return s;
    }

    /** Replays a prefix of branch positions, then takes the first branch of every new draw. */
    private static final class Replay implements Draws<BigFraction> {
        private final List<Integer> prefix;
        private final AcceptMemo memo;
        final List<Integer> path = new ArrayList<>();
        final List<Integer> sizes = new ArrayList<>();
        BigFraction probability = BigFraction.ONE;

        Replay(List<Integer> prefix, AcceptMemo memo) {
            this.prefix = prefix;
            this.memo = memo;
        }

        private int next(int options) {
            int j = path.size();
            int pos = j < prefix.size() ? prefix.get(j) : 0;
            path.add(pos);
            sizes.add(options);
            return pos;
        }

        private boolean branch(BigFraction pi) {
            if (pi.signum() == 0) {
                return false;
            }
            if (pi.equals(BigFraction.ONE)) {
                return true;
            }
            if (next(2) == 0) {
                probability = probability.multiply(pi);
                return true;
            }
            probability = probability.multiply(BigFraction.ONE.subtract(pi));
            return false;
        }

        @Override
        public boolean accept(int draft, int token, BigFraction q, BigFraction p) {
            return branch(memo.probability(draft, token, q, p));
        }

        @Override
        public boolean bernoulli(String what, BigFraction pi) {
            if (pi.signum() < 0 || Fractions.compare(pi, BigFraction.ONE) > 0) {
                throw new IllegalArgumentException(what + ": bernoulli probability outside [0,1]: " + pi);
            }
            return branch(pi);
        }

        private int pick(List<BigFraction> w, BigFraction total) {
            int positive = 0;
            int only = -1;
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i).signum() > 0) {
                    positive++;
                    only = i;
                }
            }
            if (positive == 1) {
                return only;
            }
            int pos = next(positive);
            for (int i = 0; i < w.size(); i++) {
                if (w.get(i).signum() > 0 && pos-- == 0) {
                    probability = probability.multiply(w.get(i)).divide(total);
                    return i;
                }
            }
            throw new AssertionError("unreachable");
        }

        @Override
        public int choose(String what, List<BigFraction> weights) {
            BigFraction total = BigFraction.ZERO;
            for (int i = 0; i < weights.size(); i++) {
                if (weights.get(i).signum() < 0) {
                    throw new IllegalArgumentException(what + ": weight " + i + " is negative: " + weights.get(i));
                }
                total = total.add(weights.get(i));
            }
            if (total.signum() == 0) {
                throw new IllegalArgumentException(what + ": weights of total zero over " + weights.size() + " options");
            }
            return pick(weights, total);
        }

        @Override
        public int sample(String what, Measure<BigFraction> law) {
            List<BigFraction> w = new ArrayList<>(law.size());
            for (int x = 0; x < law.size(); x++) {
                w.add(law.at(x));
            }
            return choose(what, w);
        }
    }
}
