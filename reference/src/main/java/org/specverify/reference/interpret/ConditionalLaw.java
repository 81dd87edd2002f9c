package org.specverify.reference.interpret;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.ExactVector;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.NoiseSharing;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Decision;

/**
 * The exact conditional law P(Y = · | drafts) of a bound scheme, from its program: every branch of the verifier's draws
 * before its end is enumerated by the {@link Replay} (an accept test is two branches, a small choice one per positive
 * weight; a uniform compared again splits its interval), and each end is a leaf that is "draft i accepted", "the fixed
 * token y" or "draw from law r". The final draw is not enumerated: the law is kept
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
     * @param token        the output, for an accept or a fixed token (or, without a program, every end)
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
        return of(bound, drafts, new Replay.Memo());
    }

    static ConditionalLaw of(Scheme.Bound bound, int[] drafts, Replay.Memo memo) {
        try {
            return perTuple(bound, drafts, memo);
        } catch (SharedStreamException shared) {
            DraftTuple t = DraftTuple.of(drafts);
            ConditionalLaw joint = joint(bound, memo).get(t);
            if (joint == null) {
                throw new InvalidInputException(bound.scheme().id() + ": drafts " + t + " have probability zero"
                    + " under the " + bound.draftProcess().id() + " draft process");
            }
            return joint.normalised();
        }
    }

    /** The verifier alone on the given drafts; the draft stream may not be touched ({@link SharedStreamException}). */
    static ConditionalLaw perTuple(Scheme.Bound bound, int[] drafts, Replay.Memo memo) {
        int vocab = bound.instance().vocab();
        DraftTuple t = DraftTuple.of(drafts);
        List<Leaf> leaves = new ArrayList<>();
        if (!bound.hasProgram()) {
            Map<Decision, BigFraction> law = new java.util.LinkedHashMap<>();
            Replay.forEachLeaf(d -> bound.decide(drafts, d), Draws.VERIFY, ExactEnumerator.DEFAULT_MAX_LEAVES, memo,
                DRAFT_CONDITIONED, (v, pr) -> law.merge(v, pr, BigFraction::add));
            law.forEach((v, pr) -> leaves.add(leaf(bound, t, v, pr)));
            return new ConditionalLaw(t, vocab, leaves);
        }
        Program<BigFraction> program = bound.program(Exact.INSTANCE);
        if (bound.draftProcess() instanceof NoiseSharing process) {
            return jointly(bound, process, program, drafts, memo);
        }
        Replay.forEachLeaf(d -> end(program.run(d, drafts), d, drafts), Draws.VERIFY, Long.MAX_VALUE, memo,
            DRAFT_CONDITIONED, (o, probability) -> leaves.add(leaf(bound, t, o, probability)));
        return new ConditionalLaw(t, vocab, leaves);
    }

    private static final java.util.Set<String> DRAFT_CONDITIONED = java.util.Set.of(Draws.DRAFT);

    /**
     * The joint route: the draft process and the verifier replayed as one program (the draft process in the
     * {@link Draws#DRAFT} stream, then the verifier in {@link Draws#VERIFY} on the same path), so a uniform both use is
     * one uniform. Each tuple's leaves carry joint probabilities P(x̄, end); their total is Q(x̄). For verifiers that
     * read the draft stream (shared noise, by design or by bug).
     *
     * @throws org.specverify.reference.TooLargeException when the joint replay has more than
     *     {@link ExactEnumerator#DEFAULT_MAX_LEAVES} leaves
     */
    static Map<DraftTuple, ConditionalLaw> joint(Scheme.Bound bound, Replay.Memo memo) {
        int vocab = bound.instance().vocab();
        Map<DraftTuple, List<Leaf>> byTuple = new java.util.LinkedHashMap<>();
        Program<BigFraction> program = bound.hasProgram() ? bound.program(Exact.INSTANCE) : null;
        Replay.forEachLeaf(d -> {
            int[] x = bound.draftProcess().draw(d);
            Draws<BigFraction> v = d.inStream(Draws.VERIFY);
            Object end = program == null ? bound.decide(x, v) : end(program.run(v, x), v, x);
            return new Object[] {x, end};
        }, Draws.DRAFT, ExactEnumerator.DEFAULT_MAX_LEAVES, memo, null, (r, pr) -> {
            DraftTuple t = DraftTuple.of((int[]) r[0]);
            byTuple.computeIfAbsent(t, k -> new ArrayList<>()).add(leaf(bound, t, r[1], pr));
        });
        Map<DraftTuple, ConditionalLaw> out = new java.util.LinkedHashMap<>();
        byTuple.forEach((t, l) -> out.put(t, new ConditionalLaw(t, vocab, l)));
        return out;
    }

    /** This law with its leaf probabilities divided by their total (a joint route's tuple made conditional). */
    private ConditionalLaw normalised() {
        BigFraction total = total();
        List<Leaf> l = new ArrayList<>(leaves.size());
        for (Leaf x : leaves) {
            l.add(new Leaf(x.probability().divide(total), x.token(), x.byTest(), x.law(), x.byMembership()));
        }
        return new ConditionalLaw(drafts, vocab, l);
    }

    /** The leaf of one end: an {@link Outcome} of a program, or a {@link Decision} of a bound without one. */
    @SuppressWarnings("unchecked")
    private static Leaf leaf(Scheme.Bound bound, DraftTuple t, Object end, BigFraction probability) {
        if (end instanceof Decision v) {
            return new Leaf(probability, v.output(), v.acceptedByTest(), null, false);
        }
        Outcome<BigFraction> o = (Outcome<BigFraction>) end;
        if (o instanceof Outcome.Accept<BigFraction> a) {
            return new Leaf(probability, a.token(), true, null, false);
        }
        if (o instanceof Outcome.Token<BigFraction> k) {
            return new Leaf(probability, k.token(), false, null, false);
        }
        Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
        if (e.law().total().signum() == 0) {
            throw new IllegalStateException(bound.scheme().id() + ": the verifier reaches a final draw"
                + " from an empty law (" + e.what() + ") with probability " + probability + " on drafts " + t);
        }
        return new Leaf(probability, -1, false, e.law(), e.byMembership());
    }

    /**
     * The conditional law for a draft process whose noise the verifier reads: one replay of the draft process and
     * the verifier on the same randomness, the paths whose drafts are {@code drafts} kept and their probabilities
     * divided by the drafts' probability.
     */
    private static ConditionalLaw jointly(Scheme.Bound bound, NoiseSharing process, Program<BigFraction> program,
                                          int[] drafts, Replay.Memo memo) {
        DraftTuple t = DraftTuple.of(drafts);
        Optional<String> impossible = process.whyImpossible(drafts);
        if (impossible.isPresent()) {
            throw new InvalidInputException(bound.scheme().id() + ": drafts " + t + " cannot come from the "
                + process.id() + " draft process: " + impossible.get());
        }
        List<Object[]> kept = new ArrayList<>();
        Replay.forEachLeaf(d -> {
            int[] x = process.draw(d.inStream(Draws.DRAFT));
            return Arrays.equals(x, drafts) ? end(program.run(d, drafts), d, drafts) : null;
        }, Draws.VERIFY, Long.MAX_VALUE, memo, (o, probability) -> {
            if (o != null) {
                kept.add(new Object[] {o, probability});
            }
        });
        BigFraction total = BigFraction.ZERO;
        for (Object[] k : kept) {
            total = total.add((BigFraction) k[1]);
        }
        if (total.signum() == 0) {
            throw new InvalidInputException(bound.scheme().id() + ": drafts " + t + " have probability zero");
        }
        List<Leaf> leaves = new ArrayList<>();
        for (Object[] k : kept) {
            @SuppressWarnings("unchecked")
            Outcome<BigFraction> o = (Outcome<BigFraction>) k[0];
            addLeaf(leaves, o, ((BigFraction) k[1]).divide(total), bound, t);
        }
        return new ConditionalLaw(t, bound.instance().vocab(), leaves);
    }

    /** One end of the verifier as a leaf. */
    static void addLeaf(List<Leaf> leaves, Outcome<BigFraction> o, BigFraction probability, Scheme.Bound bound,
                        DraftTuple t) {
        if (o instanceof Outcome.Accept<BigFraction> a) {
            leaves.add(new Leaf(probability, a.token(), true, null, false));
        } else if (o instanceof Outcome.Token<BigFraction> k) {
            leaves.add(new Leaf(probability, k.token(), false, null, false));
        } else {
            Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
            if (e.law().total().signum() == 0) {
                throw new IllegalStateException(bound.scheme().id() + ": the verifier reaches a final draw"
                    + " from an empty law (" + e.what() + ") with probability " + probability + " on drafts "
                    + t);
            }
            leaves.add(new Leaf(probability, -1, false, e.law(), e.byMembership()));
        }
    }

    /**
     * The end of one path. A final draw stays a law, unless the program already compared the uniform the draw would
     * use (the next of the verifier's stream, drawn by identity): then the draw is made on the replay, and the path
     * ends in the token it gives.
     */
    static Outcome<BigFraction> end(Outcome<BigFraction> o, Draws<BigFraction> d, int[] drafts) {
        if (!(o instanceof Outcome.Emit<BigFraction> e)) {
            return o;
        }
        DrawId closing = d.next(Draws.VERIFY);
        if (!Replay.touched(d, closing) || e.law().total().signum() == 0) {
            return o;
        }
        int y = d.uniform(closing).locate(e.law());
        if (e.byMembership()) {
            for (int i = 0; i < drafts.length; i++) {
                if (drafts[i] == y) {
                    return Outcome.accept(i, y);
                }
            }
        }
        return Outcome.token(y, e.what());
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
}
