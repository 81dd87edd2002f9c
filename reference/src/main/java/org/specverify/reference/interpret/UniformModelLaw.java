package org.specverify.reference.interpret;

import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.FractionSum;
import org.specverify.reference.Fractions;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Decision;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Program;
import org.specverify.reference.scheme.Scheme;

/**
 * The exact output law of a bound scheme when the verifier's uniforms follow a {@link UniformModel}, and the verdict
 * that separates what a float grid can and cannot excuse. The drafts come from the draft law Q exactly (the draft
 * model's own sampling is not part of the verifier's claim); every uniform the verifier compares, its final draw's
 * included, is a grid uniform, replayed exactly by {@link GridReplay}.
 *
 * <p>The verdict ({@link Verdict}): mass on a token the target gives zero, or on an error path (u = 1 past the last
 * cell, a final draw from an empty residual), is always a failed claim; otherwise a law error at most the
 * {@link #resolutionBound()} is "lossless at this resolution" and anything above it a failed claim. The bound is
 * Σ_x̄ Q(x̄)·w·(T(x̄) + 2), with w the model's {@link UniformModel#sliver()} and T(x̄) the number of distinct
 * (uniform, threshold) pairs the verifier compared on the drafts x̄ (each interior cut of a categorical draw counted),
 * the 2 for the two cuts of the final draw that bound any one token: derived in proofs-notes/uniform-models.md.
 * Under {@link UniformModel#IDEAL} this is {@link ExactLaw} with a bound of zero.
 */
public final class UniformModelLaw {
    /** How the law under the model compares with the claim. */
    public enum Verdict {
        /** The output law equals the target exactly. */
        LOSSLESS("lossless"),
        /** Not equal, but every token's error is within the resolution bound, and no mass leaks or errors. */
        LOSSLESS_AT_RESOLUTION("lossless at this resolution"),
        /** Mass on a token of zero target mass: a failed claim at any resolution. */
        ZERO_MASS_LEAK("mass on a zero-target token"),
        /** Mass on an error path (no token, or an empty residual): a failed claim. */
        ERROR_PATH("error path"),
        /** A law error above the resolution bound: a failed claim. */
        ABOVE_RESOLUTION("law error above the resolution bound");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** Whether the claim of losslessness stands (exactly, or at this resolution). */
        public boolean passes() {
            return this == LOSSLESS || this == LOSSLESS_AT_RESOLUTION;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final Set<String> DRAFT_CONDITIONED = Set.of(Draws.DRAFT);

    private final Scheme.Bound bound;
    private final UniformModel model;
    private final BigFraction[] output;
    private final BigFraction acceptance;
    private final BigFraction testAcceptance;
    private final BigFraction errorMass;
    private final String firstError;
    private final BigFraction resolutionBound;

    private UniformModelLaw(Scheme.Bound bound, UniformModel model, BigFraction[] output, BigFraction acceptance,
                            BigFraction testAcceptance, BigFraction errorMass, String firstError,
                            BigFraction resolutionBound) {
        this.testAcceptance = testAcceptance;
        this.bound = bound;
        this.model = model;
        this.output = output;
        this.acceptance = acceptance;
        this.errorMass = errorMass;
        this.firstError = firstError;
        this.resolutionBound = resolutionBound;
    }

    /**
     * The exact law under {@code model}.
     *
     * @throws TooLargeException as {@link ExactLaw#of}
     * @throws UnsupportedOperationException when the verifier reads the draft stream under a discrete model (the joint
     *     replay of drafting and verifying runs under the ideal model only)
     */
    public static UniformModelLaw of(Scheme.Bound bound, UniformModel model) {
        if (!model.discrete()) {
            ExactLaw law = ExactLaw.of(bound);
            return new UniformModelLaw(bound, model, law.outputLaw(), law.acceptance(), law.testAcceptance(),
                BigFraction.ZERO, null, BigFraction.ZERO);
        }
        if (bound.draftProcess() instanceof org.specverify.reference.draft.NoiseSharing) {
            throw new org.specverify.reference.InvalidInputException(bound.scheme().id() + " under the " + model.id()
                + " uniform model: its verifier reads the draft's exponential race noise, which the grid models do not"
                + " describe (only the ideal model applies)");
        }
        Optional<BigInteger> count = bound.draftProcess().tupleCount();
        if (count.isPresent() && count.get().compareTo(BigInteger.valueOf(ExactLaw.MAX_TUPLES)) > 0) {
            throw new TooLargeException("exact enumeration exceeds " + ExactLaw.MAX_TUPLES + " draft tuples (the"
                + " draft process has " + count.get() + "); the instance is too large for the exact reference");
        }
        int n = bound.instance().vocab();
        FractionSum[] sums = new FractionSum[n];
        for (int y = 0; y < n; y++) {
            sums[y] = new FractionSum();
        }
        FractionSum accepted = new FractionSum();
        FractionSum tested = new FractionSum();
        FractionSum errors = new FractionSum();
        FractionSum boundSum = new FractionSum();
        String[] first = {null};
        GridReplay.Memo memo = new GridReplay.Memo(model);
        Map<Measure<BigFraction>, Measure<BigFraction>> finalLaws = new IdentityHashMap<>();
        Program<BigFraction> program = bound.hasProgram() ? bound.program(Exact.INSTANCE) : null;
        BigFraction w = model.sliver();
        try {
            bound.draftProcess().forEachTuple((drafts, q) -> {
                int[] x = drafts.clone();
                DraftTuple t = DraftTuple.of(x);
                GridReplay.Thresholds th = new GridReplay.Thresholds();
                boolean[] finalDraw = {false};
                GridReplay.forEachLeaf(d -> program == null ? bound.decide(x, d) : end(program.run(d, x), d, x),
                    Draws.VERIFY, ExactEnumerator.DEFAULT_MAX_LEAVES, memo, DRAFT_CONDITIONED, th, (o, pr) -> {
                        BigFraction qp = q.multiply(pr);
                        if (o instanceof Decision v) {
                            add(sums, accepted, t, v.output(), qp);
                            if (v.acceptedByTest()) {
                                tested.add(qp);
                            }
                        } else if (o instanceof Outcome.Accept<?> a) {
                            add(sums, accepted, t, a.token(), qp);
                            tested.add(qp);
                        } else if (o instanceof Outcome.Token<?> k) {
                            add(sums, accepted, t, k.token(), qp);
                        } else {
                            @SuppressWarnings("unchecked")
                            Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
                            if (e.law().total().signum() == 0) {
                                errors.add(qp);
                                if (first[0] == null) {
                                    first[0] = "final draw from an empty law (" + e.what() + ") on drafts " + t;
                                }
                                return;
                            }
                            finalDraw[0] = true;
                            Measure<BigFraction> g = finalLaws.computeIfAbsent(e.law(),
                                l -> GridReplay.finalDrawLaw(model, l));
                            BigFraction missing = BigFraction.ONE.subtract(g.total());
                            if (missing.signum() > 0) {
                                errors.add(qp.multiply(missing));
                                if (first[0] == null) {
                                    first[0] = "final draw (" + e.what() + ") at u = 1: u*W = W falls past the last"
                                        + " cell, on drafts " + t;
                                }
                            }
                            for (int y = 0; y < n; y++) {
                                BigFraction m = g.at(y);
                                if (m.signum() > 0) {
                                    sums[y].addProduct(qp, m);
                                    if (t.contains(y)) {
                                        accepted.addProduct(qp, m);
                                        if (e.byMembership()) {
                                            tested.addProduct(qp, m);
                                        }
                                    }
                                }
                            }
                        }
                    }, (message, pr) -> {
                        errors.add(q.multiply(pr));
                        if (first[0] == null) {
                            first[0] = message + ", on drafts " + t;
                        }
                    });
                long cuts = th.count() + (finalDraw[0] ? 2 : 0);
                if (cuts > 0) {
                    boundSum.add(q.multiply(w).multiply(cuts));
                }
            });
        } catch (SharedStreamException shared) {
            throw new UnsupportedOperationException(bound.scheme().id() + ": " + shared.getMessage() + "; that joint"
                + " replay runs under the ideal uniform model only, not under " + model.id(), shared);
        }
        BigFraction[] out = new BigFraction[n];
        for (int y = 0; y < n; y++) {
            out[y] = sums[y].value();
        }
        return new UniformModelLaw(bound, model, out, accepted.value(), tested.value(), errors.value(), first[0],
            boundSum.value());
    }

    /**
     * Which outputs have positive probability given {@code drafts} when the verifier's uniforms follow {@code model}
     * (error paths aside): under a discrete model this adds the outputs reached only at a grid point of ideal measure
     * zero, such as u = 0 accepting a zero-target token, or u = 1.
     *
     * @throws UnsupportedOperationException when the verifier reads the draft stream (refused under a discrete model)
     */
    public static boolean[] possibleOutputs(Scheme.Bound bound, int[] drafts, UniformModel model) {
        int n = bound.instance().vocab();
        boolean[] out = new boolean[n];
        if (!model.discrete()) {
            ConditionalLaw c = ConditionalLaw.of(bound, drafts);
            for (int y = 0; y < n; y++) {
                out[y] = c.possible(y);
            }
            return out;
        }
        int[] x = drafts.clone();
        Program<BigFraction> program = bound.hasProgram() ? bound.program(Exact.INSTANCE) : null;
        try {
            GridReplay.forEachLeaf(d -> program == null ? bound.decide(x, d) : end(program.run(d, x), d, x),
                Draws.VERIFY, ExactEnumerator.DEFAULT_MAX_LEAVES, new GridReplay.Memo(model), DRAFT_CONDITIONED, null,
                (o, pr) -> {
                    if (o instanceof Decision v) {
                        out[v.output()] = true;
                    } else if (o instanceof Outcome.Accept<?> a) {
                        out[a.token()] = true;
                    } else if (o instanceof Outcome.Token<?> k) {
                        out[k.token()] = true;
                    } else {
                        @SuppressWarnings("unchecked")
                        Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
                        if (e.law().total().signum() > 0) {
                            Measure<BigFraction> g = GridReplay.finalDrawLaw(model, e.law());
                            for (int y = 0; y < n; y++) {
                                out[y] |= g.at(y).signum() > 0;
                            }
                        }
                    }
                }, (message, pr) -> { });
        } catch (SharedStreamException shared) {
            throw new UnsupportedOperationException(bound.scheme().id() + ": " + shared.getMessage() + "; that joint"
                + " replay runs under the ideal uniform model only, not under " + model.id(), shared);
        }
        return out;
    }

    private static void add(FractionSum[] sums, FractionSum accepted, DraftTuple t, int y, BigFraction qp) {
        sums[y].add(qp);
        if (t.contains(y)) {
            accepted.add(qp);
        }
    }

    /** As ConditionalLaw's end of a path: a final draw whose uniform was already compared is made on the replay. */
    static Outcome<BigFraction> end(Outcome<BigFraction> o, Draws<BigFraction> d, int[] drafts) {
        if (!(o instanceof Outcome.Emit<BigFraction> e)) {
            return o;
        }
        DrawId closing = d.next(Draws.VERIFY);
        if (!GridReplay.touched(d, closing) || e.law().total().signum() == 0) {
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

    public Scheme.Bound bound() {
        return bound;
    }

    public UniformModel model() {
        return model;
    }

    /** P(Y = y) for every token under the model, exactly (sums to 1 minus {@link #errorMass()}). */
    public BigFraction[] outputLaw() {
        return output.clone();
    }

    /** P(Y ∈ x̄) under the model. */
    public BigFraction acceptance() {
        return acceptance;
    }

    /** P(a draft passes the verifier's accept test) under the model (membership for final draws that count it). */
    public BigFraction testAcceptance() {
        return testAcceptance;
    }

    /** The probability of the error paths (u = 1 past the last cell, a final draw from an empty law). */
    public BigFraction errorMass() {
        return errorMass;
    }

    /** The first error path met, for messages; empty when none. */
    public Optional<String> firstError() {
        return Optional.ofNullable(firstError);
    }

    /** The per-token resolution bound of this row (zero under the ideal model). */
    public BigFraction resolutionBound() {
        return resolutionBound;
    }

    /** Σ of P(Y = y) over the tokens y with p(y) = 0. */
    public BigFraction zeroTargetMass() {
        Distribution p = bound.instance().target();
        BigFraction s = BigFraction.ZERO;
        for (int y = 0; y < output.length; y++) {
            if (!p.positive(y)) {
                s = s.add(output[y]);
            }
        }
        return s;
    }

    /** max_y |P(Y = y) − p(y)|, exactly. */
    public BigFraction maxLawError() {
        Distribution p = bound.instance().target();
        BigFraction w = BigFraction.ZERO;
        for (int y = 0; y < output.length; y++) {
            w = Fractions.max(w, output[y].subtract(p.p(y)).abs());
        }
        return w;
    }

    /** The token with the largest law error (lowest index on ties; 0 when the law is exact). */
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

    /** The verdict, in the order: zero-mass leak, error path, exact, within the bound, above it. */
    public Verdict verdict() {
        if (zeroTargetMass().signum() > 0) {
            return Verdict.ZERO_MASS_LEAK;
        }
        if (errorMass.signum() > 0) {
            return Verdict.ERROR_PATH;
        }
        BigFraction err = maxLawError();
        if (err.signum() == 0) {
            return Verdict.LOSSLESS;
        }
        return Fractions.compare(err, resolutionBound) <= 0 ? Verdict.LOSSLESS_AT_RESOLUTION
            : Verdict.ABOVE_RESOLUTION;
    }
}
