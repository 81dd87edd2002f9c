package org.specverify.reference.interpret;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.FractionSum;
import org.specverify.reference.Fractions;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.NoiseSharing;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Decision;

/**
 * The exact law of (drafts, output) of a bound scheme: the output marginal, the acceptance P(Y ∈ x̄) and the
 * losslessness verdict, all as exact rationals.
 *
 * <p>Computed as Σ over the draft tuples x̄ of positive probability of Q(x̄)·P(Y = · | x̄), each conditional law from
 * {@link ConditionalLaw} (the verifier's branches enumerated, its final draw kept as a law). Final draws from the same
 * law object (the residual p_{K+1} of iid rrs is one object for all tuples, thanks to the measures' memory) are
 * gathered by weight and expanded once, so the cost is (tuples) × (branches) × (one run) plus (distinct final laws) ×
 * |V|, and memory holds one instance. {@link #joint()} is computed again on request (small instances).
 */
public final class ExactLaw {
    /** The largest number of draft tuples enumerated; beyond it the law is refused as too large. */
    public static final long MAX_TUPLES = ExactEnumerator.DEFAULT_MAX_LEAVES;

    /**
     * The most leaves of the joint replay of a draft process whose noise the verifier reads ({@link NoiseSharing}):
     * estimated before the work as draft tuples × K × |V| (gls at |V| = 8, K = 3: 12,288), refused above.
     */
    public static final long MAX_JOINT_LEAVES = 100_000L;

    private final Scheme.Bound bound;
    private final BigFraction[] output;
    private final BigFraction acceptance;
    private final BigFraction testAcceptance;
    private final long tuples;
    private volatile Map<Run, BigFraction> joint;

    private ExactLaw(Scheme.Bound bound, BigFraction[] output, BigFraction acceptance, BigFraction testAcceptance,
                     long tuples) {
        this.bound = bound;
        this.output = output;
        this.acceptance = acceptance;
        this.testAcceptance = testAcceptance;
        this.tuples = tuples;
    }

    /**
     * Enumerates every draft tuple and the verifier's branches on it.
     *
     * @throws TooLargeException ("exact enumeration exceeds ...") when the draft process has more than
     *     {@link #MAX_TUPLES} tuples
     */
    public static ExactLaw of(Scheme.Bound bound) {
        Optional<BigInteger> count = bound.draftProcess().tupleCount();
        if (count.isPresent() && count.get().compareTo(BigInteger.valueOf(MAX_TUPLES)) > 0) {
            throw tooLarge(count.get().toString());
        }
        if (bound.draftProcess() instanceof NoiseSharing && bound.hasProgram()) {
            return jointly(bound);
        }
        Replay.Memo memo = new Replay.Memo();
        Sums sums = new Sums(bound.instance().vocab());
        long[] seen = {0};
        try {
            bound.draftProcess().forEachTuple((drafts, q) -> {
                if (++seen[0] > MAX_TUPLES) {
                    throw tooLarge("more than " + MAX_TUPLES);
                }
                sums.add(ConditionalLaw.perTuple(bound, drafts, memo), q);
            });
        } catch (SharedStreamException shared) {
            // the verifier reads the draft stream: replay drafting and verifying together (joint probabilities)
            Sums joint = new Sums(bound.instance().vocab());
            Map<DraftTuple, ConditionalLaw> byTuple = ConditionalLaw.joint(bound, memo);
            byTuple.values().forEach(c -> joint.add(c, BigFraction.ONE));
            return new ExactLaw(bound, joint.output(), joint.acceptance.value(), joint.testAcceptance.value(),
                byTuple.size());
        }
        return new ExactLaw(bound, sums.output(), sums.acceptance.value(), sums.testAcceptance.value(), seen[0]);
    }

    /** The running sums of one enumeration: Σ_x̄ q(x̄)·P(· | x̄), the final draws gathered by law. */
    private static final class Sums {
        final FractionSum[] sums;
        final Map<Measure<BigFraction>, FractionSum> finalDraws = new IdentityHashMap<>();
        final FractionSum acceptance = new FractionSum();
        final FractionSum testAcceptance = new FractionSum();

        Sums(int n) {
            sums = new FractionSum[n];
            for (int y = 0; y < n; y++) {
                sums[y] = new FractionSum();
            }
        }

        void add(ConditionalLaw c, BigFraction q) {
            DraftTuple t = c.drafts();
            for (ConditionalLaw.Leaf l : c.leaves()) {
                if (l.law() == null) {
                    sums[l.token()].addProduct(q, l.probability());
                    if (t.contains(l.token())) {
                        acceptance.addProduct(q, l.probability());
                    }
                    if (l.byTest()) {
                        testAcceptance.addProduct(q, l.probability());
                    }
                } else {
                    finalDraws.computeIfAbsent(l.law(), m -> new FractionSum()).addProduct(q, l.probability());
                    BigFraction onDrafts = c.draftMass(l.law());
                    if (onDrafts.signum() > 0) {
                        BigFraction w = l.probability().multiply(onDrafts);
                        acceptance.addProduct(q, w);
                        if (l.byMembership()) {
                            testAcceptance.addProduct(q, w);
                        }
                    }
                }
            }
        }

        BigFraction[] output() {
            int n = sums.length;
            for (Map.Entry<Measure<BigFraction>, FractionSum> e : finalDraws.entrySet()) {
                Measure<BigFraction> law = e.getKey();
                BigFraction scale = e.getValue().value().divide(law.total());
                for (int y = 0; y < n; y++) {
                    BigFraction m = law.at(y);
                    if (m.signum() > 0) {
                        sums[y].add(scale.multiply(m));
                    }
                }
            }
            BigFraction[] out = new BigFraction[n];
            for (int y = 0; y < n; y++) {
                out[y] = sums[y].value();
            }
            return out;
        }
    }

    /**
     * The law of a scheme whose verifier reads the draft process's noise ({@link NoiseSharing}): one replay of the
     * draft process and the verifier on the same randomness, each leaf a (drafts, end) pair with its joint probability.
     */
    private static ExactLaw jointly(Scheme.Bound bound) {
        int n = bound.instance().vocab();
        BigInteger estimate = bound.draftProcess().tupleCount().orElse(BigInteger.ONE)
            .multiply(BigInteger.valueOf((long) n * bound.instance().k()));
        if (estimate.compareTo(BigInteger.valueOf(MAX_JOINT_LEAVES)) > 0) {
            throw new TooLargeException("exact joint law of " + bound.scheme().id() + ": about " + estimate
                + " joint leaves (draft tuples x K x |V|), above the limit of " + MAX_JOINT_LEAVES
                + "; the instance is too large for the exact reference");
        }
        FractionSum[] sums = new FractionSum[n];
        for (int y = 0; y < n; y++) {
            sums[y] = new FractionSum();
        }
        FractionSum acceptance = new FractionSum();
        FractionSum testAcceptance = new FractionSum();
        java.util.Set<DraftTuple> tuples = new java.util.HashSet<>();
        Program<BigFraction> program = bound.program(Exact.INSTANCE);
        DraftProcess process = bound.draftProcess();
        Replay.forEachLeaf(d -> {
            int[] x = process.draw(d.inStream(Draws.DRAFT));
            return new Object[] {x, ConditionalLaw.end(program.run(d, x), d, x)};
        }, Draws.VERIFY, MAX_JOINT_LEAVES, new Replay.Memo(), (leaf, probability) -> {
            int[] x = (int[]) leaf[0];
            DraftTuple t = DraftTuple.of(x);
            tuples.add(t);
            List<ConditionalLaw.Leaf> one = new ArrayList<>(1);
            @SuppressWarnings("unchecked")
            Outcome<BigFraction> o = (Outcome<BigFraction>) leaf[1];
            ConditionalLaw.addLeaf(one, o, probability, bound, t);
            ConditionalLaw.Leaf l = one.get(0);
            if (l.law() == null) {
                sums[l.token()].add(probability);
                if (t.contains(l.token())) {
                    acceptance.add(probability);
                }
                if (l.byTest()) {
                    testAcceptance.add(probability);
                }
                return;
            }
            BigFraction total = l.law().total();
            for (int y = 0; y < n; y++) {
                BigFraction m = l.law().at(y);
                if (m.signum() > 0) {
                    BigFraction w = probability.multiply(m).divide(total);
                    sums[y].add(w);
                    if (t.contains(y)) {
                        acceptance.add(w);
                        if (l.byMembership()) {
                            testAcceptance.add(w);
                        }
                    }
                }
            }
        });
        BigFraction[] out = new BigFraction[n];
        for (int y = 0; y < n; y++) {
            out[y] = sums[y].value();
        }
        return new ExactLaw(bound, out, acceptance.value(), testAcceptance.value(), tuples.size());
    }

    private static TooLargeException tooLarge(String tuples) {
        return new TooLargeException("exact enumeration exceeds " + MAX_TUPLES + " draft tuples (the draft process"
            + " has " + tuples + "); the instance is too large for the exact reference");
    }

    public Scheme.Bound bound() {
        return bound;
    }

    /** The number of draft tuples enumerated. */
    public long tuples() {
        return tuples;
    }

    /** P(drafts = x̄, Y = y) for every pair of positive probability (computed on first request). */
    public Map<Run, BigFraction> joint() {
        Map<Run, BigFraction> j = joint;
        if (j == null) {
            Map<Run, BigFraction> m = new LinkedHashMap<>();
            try {
                bound.draftProcess().forEachTuple((drafts, q) -> {
                    DraftTuple t = DraftTuple.of(drafts);
                    BigFraction[] c = ConditionalLaw.perTuple(bound, drafts, new Replay.Memo()).masses();
                    for (int y = 0; y < c.length; y++) {
                        if (c[y].signum() > 0) {
                            m.merge(new Run(t, y), q.multiply(c[y]), BigFraction::add);
                        }
                    }
                });
            } catch (SharedStreamException shared) {
                m.clear();
                ConditionalLaw.joint(bound, new Replay.Memo()).forEach((t, c) -> {
                    BigFraction[] jm = c.masses();
                    for (int y = 0; y < jm.length; y++) {
                        if (jm[y].signum() > 0) {
                            m.merge(new Run(t, y), jm[y], BigFraction::add);
                        }
                    }
                });
            }
            j = Collections.unmodifiableMap(m);
            joint = j;
        }
        return j;
    }

    /** The law of the drafts, as the marginal of the joint law. */
    public Map<DraftTuple, BigFraction> draftLaw() {
        Map<DraftTuple, BigFraction> m = new LinkedHashMap<>();
        joint().forEach((o, pr) -> m.merge(o.drafts(), pr, BigFraction::add));
        return m;
    }

    /** P(Y = y) for every token. */
    public BigFraction[] outputLaw() {
        return output.clone();
    }

    /** α = P(Y ∈ x̄), exactly. */
    public BigFraction acceptance() {
        return acceptance;
    }

    /**
     * P(a draft passes the verifier's accept test), exactly. At most {@link #acceptance()}; see {@link Decision} for
     * when the two differ.
     */
    public BigFraction testAcceptance() {
        return testAcceptance;
    }

    /** Whether the output law equals the target law exactly. */
    public boolean lossless() {
        Distribution p = bound.instance().target();
        for (int y = 0; y < output.length; y++) {
            if (!output[y].equals(p.p(y))) {
                return false;
            }
        }
        return true;
    }

    /** max_y |P(Y = y) - p(y)|, exactly. */
    public BigFraction maxLawError() {
        return output[worstToken()].subtract(bound.instance().target().p(worstToken())).abs();
    }

    /** The token with the largest law error (lowest index on ties), for failure messages. */
    public int worstToken() {
        Distribution p = bound.instance().target();
        int worst = 0;
        BigFraction w = BigFraction.ZERO;
        for (int y = 0; y < output.length; y++) {
            BigFraction d = output[y].subtract(p.p(y)).abs();
            if (Fractions.compare(d, w) > 0) {
                w = d;
                worst = y;
            }
        }
        return worst;
    }
}
