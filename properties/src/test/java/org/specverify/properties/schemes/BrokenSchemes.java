package org.specverify.properties.schemes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Exact;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.RaceDrafts;
import org.specverify.reference.random.DrawId;
import org.specverify.reference.random.Draws;
import org.specverify.reference.random.Uniform;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/**
 * The broken-scheme catalogue: deliberately wrong verifiers, one per pitfall class of the domain note
 * (proofs-notes/domain.md, "Pitfalls"), each written against the public {@link SchemeBase} API as a user would, each
 * claiming losslessness. {@code BrokenSchemeCatalogueTest} runs the property library on each and records which property
 * rejects it and the shrunk counterexample. The four fixtures of {@link KnownBugsTest} are part of the catalogue
 * ({@link #all()}).
 *
 * <p>Shared-uniform bugs are written with uniforms drawn by identity ({@code Draws.uniform(DrawId)}), and the exact law
 * follows each identity as one uniform (proofs-notes/shared-uniforms.md): {@link AcceptUniformReusedForResidual},
 * {@link OneUniformForAllSiblings}, {@link DraftUniformReusedForAcceptance} (drafting and verifying on one uniform:
 * the exact law replays the draft process and the verifier together), and {@link CounterRepeatsAcrossPositions} (a
 * two-position program, not a token scheme, so it is checked by {@code SharedUniformFixturesTest} rather than listed in
 * {@link #all()}). "u = 0 accepts a zero-mass draft" (u ≤ p/q instead of u·q &lt; p) is {@link AcceptAtMost}: lossless
 * under the ideal model, where u = 0 has probability zero, and a failed claim under a float uniform model that contains
 * 0 ({@code UniformModelTest} in the properties suite).
 */
final class BrokenSchemes {
    private BrokenSchemes() {
    }

    private static SchemeBase.Definition.Builder bug(String id, String what, DraftKind first, DraftKind... more) {
        return SchemeBase.define(id).description(what).paper("broken-scheme catalogue").lossless(true)
            .drafts(first, more);
    }

    /**
     * Recursive rejection sampling over the drafts (speculative sampling for K = 1), right in every step a fixture
     * does not override: every draft is tested, draft k against its own law q_k by u·q_k(x) &lt; p_k(x); a rejection
     * moves on to the residual p_(k+1) = (p_k − q_k)+; after the last rejection the output is drawn from the last
     * residual. Each fixture overrides only the step it gets wrong.
     */
    abstract static class BrokenRrs extends SchemeBase {
        BrokenRrs(SchemeBase.Definition.Builder definition) {
            super(definition.build());
        }

        /** The law draft k is tested against, chosen once per bind (right: draft k's own law). */
        <S> IntFunction<Measure<S>> draftLaws(Laws<S> laws) {
            return laws::draft;
        }

        /** Whether draft k is tested at all (right: every draft). */
        boolean tests(int[] drafts, int k) {
            return true;
        }

        /** The accept test of draft k, token x, against the current residual pk (right: u·q(x) &lt; p_k(x)). */
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> pk) {
            return draws.accept(k, x, q.probability(x), pk.probability(x));
        }

        /** The residual after a rejection, given p_1 … p_k and the law q tested against (right: (p_k − q)+). */
        <S> Measure<S> next(List<Measure<S>> residuals, Measure<S> q) {
            return last(residuals).residual(q);
        }

        /** The outcome after every tested draft was rejected, given p_1 … p_(k+1) (right: a draw from the last). */
        <S> Outcome<S> afterRejections(Laws<S> laws, Draws<S> draws, List<Measure<S>> residuals) {
            return Outcome.emit("residual", last(residuals));
        }

        static <S> Measure<S> last(List<Measure<S>> residuals) {
            return residuals.get(residuals.size() - 1);
        }

        @Override
        protected final <S> Verifier<S> verifier(Laws<S> laws) {
            IntFunction<Measure<S>> draftLaw = draftLaws(laws);
            return (draws, drafts) -> {
                List<Measure<S>> residuals = new ArrayList<>(List.of(laws.target()));
                for (int k = 0; k < drafts.length; k++) {
                    if (!tests(drafts, k)) {
                        continue;
                    }
                    Measure<S> qk = draftLaw.apply(k);
                    int x = drafts[k];
                    if (accepts(laws, draws, k, x, qk, last(residuals))) {
                        return Outcome.accept(k, x);
                    }
                    residuals.add(next(residuals, qk));
                }
                return afterRejections(laws, draws, residuals);
            };
        }
    }

    /**
     * Speculative sampling whose accept test u·q(x) &lt; p(x) and, on rejection, the residual draw compare one and
     * the same uniform: a fixture says which uniform that is.
     */
    abstract static class SdOnOneUniform extends SchemeBase {
        private final String residualDraw;

        SdOnOneUniform(SchemeBase.Definition definition, String residualDraw) {
            super(definition);
            this.residualDraw = residualDraw;
        }

        /** The uniform of the accept test of token x, compared again for the residual draw. */
        abstract <S> Uniform<S> uniform(Draws<S> draws, int x);

        @Override
        protected final <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, drafts) -> {
                int x = drafts[0];
                Uniform<S> u = uniform(draws, x);
                if (u.timesLessThan(q.probability(x), p.probability(x))) {
                    return Outcome.accept(0, x);
                }
                return Outcome.token(u.locate(p.residual(q)), residualDraw);
            };
        }
    }

    /** The accept test reads the residual's mass unnormalised: u·q_k(x) &lt; (p_k)(x) without dividing by its total. */
    static final class UnnormalisedResidual extends BrokenRrs {
        UnnormalisedResidual() {
            super(bug("bug-unnormalised-residual", "rrs testing against the unnormalised residual", DraftKind.IID,
                DraftKind.INDEPENDENT));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> pk) {
            return draws.accept(k, x, q.probability(x), pk.at(x));
        }
    }

    /** The residual of step k+1 taken from p_{k-1} instead of p_k (one step behind). */
    static final class ResidualOneStepBehind extends BrokenRrs {
        ResidualOneStepBehind() {
            super(bug("bug-residual-wrong-step", "rrs whose residual update starts from the previous step's residual",
                DraftKind.IID));
        }

        @Override
        <S> Measure<S> next(List<Measure<S>> residuals, Measure<S> q) {
            return residuals.get(Math.max(0, residuals.size() - 2)).residual(q);
        }
    }

    /** A draft equal to an earlier (rejected) draft is skipped, as when duplicate tree siblings are merged. */
    static final class DuplicateSiblingsMerged extends BrokenRrs {
        DuplicateSiblingsMerged() {
            super(bug("bug-duplicates-merged", "rrs that skips a draft repeating an earlier one", DraftKind.IID));
        }

        @Override
        boolean tests(int[] drafts, int k) {
            for (int j = 0; j < k; j++) {
                if (drafts[j] == drafts[k]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Drafts drawn without replacement, verified with the with-replacement residuals of rrs (q not the proposal law). */
    static final class WithReplacementResidualOnDistinctDrafts extends BrokenRrs {
        WithReplacementResidualOnDistinctDrafts() {
            super(bug("bug-wor-drafts-rrs-residual", "drafts without replacement verified by plain rrs",
                DraftKind.WITHOUT_REPLACEMENT));
        }

        @Override
        <S> IntFunction<Measure<S>> draftLaws(Laws<S> laws) {
            return k -> laws.draft(0);
        }
    }

    /** One law per draft, but every draft verified against the first row (q not the proposal law). */
    static final class FirstRowForEveryDraft extends BrokenRrs {
        FirstRowForEveryDraft() {
            super(bug("bug-first-row-only", "independent drafts verified against draft 0's law", DraftKind.INDEPENDENT));
        }

        @Override
        <S> IntFunction<Measure<S>> draftLaws(Laws<S> laws) {
            return k -> laws.draft(0);
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q0, Measure<S> pk) {
            return q0.positive(x) && super.accepts(laws, draws, k, x, q0, pk);
        }
    }

    /** Temperature 1/2 applied to the draft law in the verifier only: tests and residuals use norm(q²), drafts come from q. */
    static final class TemperatureOnOneSide extends BrokenRrs {
        TemperatureOnOneSide() {
            super(bug("bug-temperature-one-side", "verifier uses norm(q^2) while drafts come from q", DraftKind.IID));
        }

        @Override
        <S> IntFunction<Measure<S>> draftLaws(Laws<S> laws) {
            Distribution q = laws.instance().draft();
            BigFraction[] sq = new BigFraction[q.size()];
            for (int y = 0; y < sq.length; y++) {
                sq[y] = q.p(y).multiply(q.p(y));
            }
            Measure<S> qt = laws.of(Distribution.normalize(sq));
            return k -> qt;
        }
    }

    /** A residual of total mass below 2^-6 is treated as empty and falls back to token 0 (a fixed index). */
    static final class EmptyResidualFallsBackToFixedIndex extends BrokenRrs {
        static final BigFraction EMPTY_BELOW = BigFraction.of(1, 64);

        EmptyResidualFallsBackToFixedIndex() {
            super(bug("bug-empty-residual-fixed-index", "sd whose nearly empty residual falls back to token 0",
                DraftKind.IID).k(1, 1));
        }

        @Override
        <S> Outcome<S> afterRejections(Laws<S> laws, Draws<S> draws, List<Measure<S>> residuals) {
            Measure<S> residual = last(residuals);
            if (laws.arithmetic().compare(residual.total(), laws.of(EMPTY_BELOW)) < 0) {
                return Outcome.emit("fallback token 0", laws.of(Distribution.pointMass(laws.vocab(), 0)));
            }
            return Outcome.emit("residual", residual);
        }
    }

    /** The accept threshold is 5/4·p/q: accept iff u·q &lt; (5/4)·p, a threshold above min(1, p/q). */
    static final class ThresholdAboveOne extends BrokenRrs {
        ThresholdAboveOne() {
            super(bug("bug-threshold-above-one", "sd accepting with probability min(1, 1.25 p/q)", DraftKind.IID)
                .k(1, 1));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            S target = laws.arithmetic().multiply(laws.of(BigFraction.of(5, 4)), p.probability(x));
            return draws.accept(k, x, q.probability(x), target);
        }
    }

    /** The ratio p/q rounded to bfloat16 (8 significant bits, round to nearest even) before the test. */
    static final class Bf16Ratio extends BrokenRrs {
        Bf16Ratio() {
            super(bug("bug-bf16-ratio", "sd testing u < min(1, bf16(p/q))", DraftKind.IID).k(1, 1));
        }

        static double bf16(double x) {
            int bits = Float.floatToRawIntBits((float) x);
            int lsb = (bits >> 16) & 1;
            bits = (bits + 0x7FFF + lsb) & 0xFFFF0000;
            return Float.intBitsToFloat(bits);
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            Arithmetic<S> ar = laws.arithmetic();
            BigFraction ratio = ar.toExact(p.probability(x)).divide(ar.toExact(q.probability(x)));
            double rounded = Math.min(1.0, bf16(ratio.doubleValue()));
            return draws.bernoulli("accept bf16(p/q)", ar.ofDouble(rounded));
        }
    }

    /** Off by one in K: after K rejections the output is drawn from p_K, the residual before the last update. */
    static final class FinalDrawFromPreviousResidual extends BrokenRrs {
        FinalDrawFromPreviousResidual() {
            super(bug("bug-off-by-one-k", "rrs drawing the final output from p_K instead of p_{K+1}", DraftKind.IID,
                DraftKind.INDEPENDENT));
        }

        @Override
        <S> Outcome<S> afterRejections(Laws<S> laws, Draws<S> draws, List<Measure<S>> residuals) {
            return Outcome.emit("residual p_K", residuals.get(residuals.size() - 2));
        }
    }

    /** Only the first K − 1 of K drafts are verified: lossless, but it accepts less than rrs. */
    static final class ChecksOnlyKMinusOne extends BrokenRrs {
        ChecksOnlyKMinusOne() {
            super(bug("bug-checks-k-minus-one", "rrs that never verifies the last draft", DraftKind.IID).k(2, 8));
        }

        @Override
        boolean tests(int[] drafts, int k) {
            return k < drafts.length - 1;
        }
    }

    /** p and q swapped in the ratio: accept with probability min(1, q/p). */
    static final class RatioInverted extends BrokenRrs {
        RatioInverted() {
            super(bug("bug-ratio-inverted", "sd accepting with probability min(1, q/p)", DraftKind.IID).k(1, 1));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            Arithmetic<S> ar = laws.arithmetic();
            S px = p.probability(x);
            S pi = ar.signum(px) == 0 ? ar.one() : ar.min(ar.one(), ar.divide(q.probability(x), px));
            return draws.bernoulli("accept min(1, q/p)", pi);
        }
    }

    /** On rejection the output is drawn from p itself instead of the residual. */
    static final class ResampleFromTarget extends BrokenRrs {
        ResampleFromTarget() {
            super(bug("bug-resample-from-p", "rrs drawing from p instead of the residual after rejections",
                DraftKind.IID, DraftKind.INDEPENDENT));
        }

        @Override
        <S> Measure<S> next(List<Measure<S>> residuals, Measure<S> q) {
            return residuals.get(0);
        }

        @Override
        <S> Outcome<S> afterRejections(Laws<S> laws, Draws<S> draws, List<Measure<S>> residuals) {
            return Outcome.emit("p", residuals.get(0));
        }
    }

    /** A deterministic test: accept iff p(x) ≥ q(x), no uniform drawn, else residual. */
    static final class DeterministicAcceptTest extends BrokenRrs {
        DeterministicAcceptTest() {
            super(bug("bug-deterministic-accept", "sd accepting iff p(x) >= q(x)", DraftKind.IID).k(1, 1));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            return laws.arithmetic().compare(p.probability(x), q.probability(x)) >= 0;
        }
    }

    /** sd whose rejected draft's residual draw reuses the acceptance uniform (u already known to be ≥ p/q). */
    static final class AcceptUniformReusedForResidual extends SdOnOneUniform {
        AcceptUniformReusedForResidual() {
            super(bug("bug-residual-reuses-accept-uniform", "sd drawing the residual with the acceptance uniform",
                DraftKind.IID).k(1, 1).build(), "residual drawn with the acceptance uniform");
        }

        @Override
        <S> Uniform<S> uniform(Draws<S> draws, int x) {
            return draws.uniform();
        }
    }

    /** rrs whose K accept tests all compare one uniform (the sibling index missing from the uniform's key). */
    static final class OneUniformForAllSiblings extends BrokenRrs {
        OneUniformForAllSiblings() {
            super(bug("bug-one-uniform-all-siblings", "rrs testing every sibling against one uniform", DraftKind.IID,
                DraftKind.INDEPENDENT).k(2, 8));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> pk) {
            return draws.uniform(DrawId.verify(0)).timesLessThan(q.probability(x), pk.probability(x));
        }

        @Override
        <S> Outcome<S> afterRejections(Laws<S> laws, Draws<S> draws, List<Measure<S>> residuals) {
            return Outcome.token(draws.uniform(DrawId.verify(1)).locate(last(residuals)), "residual");
        }
    }

    /** sd whose accept test compares the uniform that drew the draft (drafting and verifying on one key). */
    static final class DraftUniformReusedForAcceptance extends BrokenRrs {
        DraftUniformReusedForAcceptance() {
            super(bug("bug-draft-uniform-accepts", "sd testing acceptance with the draft's own uniform",
                DraftKind.IID).k(1, 1));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            return draws.uniform(DrawId.draft(0)).timesLessThan(q.probability(x), p.probability(x));
        }
    }

    /**
     * sd accepting iff u ≤ p/q (the non-strict test): the same law as u·q &lt; p for an ideal uniform, but a float
     * uniform that can be 0 accepts a draft of zero target mass with probability 2^-24.
     */
    static final class AcceptAtMost extends BrokenRrs {
        AcceptAtMost() {
            super(bug("bug-accept-at-most", "sd accepting iff u <= p/q", DraftKind.IID).k(1, 1));
        }

        @Override
        <S> boolean accepts(Laws<S> laws, Draws<S> draws, int k, int x, Measure<S> q, Measure<S> p) {
            return draws.uniform().atMost(laws.arithmetic().divide(p.probability(x), q.probability(x)));
        }
    }

    /**
     * One verification step of token-wise speculative sampling over a chain of g drafted positions (context-free laws:
     * position i has target p_i and draft q_i, the bonus comes from p_(g+1)), the sd scheme's program verifying each
     * position, with the verifier's uniforms keyed by (position, draw). The bug: the key drops the position, so every
     * position's draw j is uniform verify#j (position 2's accept test reuses position 1's acceptance uniform, the bonus
     * reuses it again). A two-position program rather than a token scheme: {@link #run} returns the block continued by
     * the target to g + 1 tokens, whose law must be p_1 ⊗ ... ⊗ p_(g+1).
     */
    static final class CounterRepeatsAcrossPositions {
        /** The stride between positions of a correct key. */
        static final int STRIDE = 16;
        private final Distribution[] p;
        private final Scheme.Bound[] sd;
        private final boolean repeats;

        /**
         * @param p       the g + 1 target laws
         * @param q       the g draft laws
         * @param repeats true for the bug (the counter does not advance with the position), false for the correct key
         */
        CounterRepeatsAcrossPositions(Distribution[] p, Distribution[] q, boolean repeats) {
            this.p = p.clone();
            this.sd = new Scheme.Bound[q.length];
            for (int i = 0; i < q.length; i++) {
                sd[i] = new org.specverify.reference.scheme.SpeculativeSampling()
                    .bind(org.specverify.reference.Instance.identical("position " + (i + 1), p[i], q[i], 1));
            }
            this.repeats = repeats;
        }

        /** The g + 1 tokens of one step, the block continued by the target. */
        java.util.List<Integer> run(Draws<BigFraction> draws) {
            int g = sd.length;
            java.util.List<Integer> out = new ArrayList<>();
            Draws<BigFraction> drafting = draws.inStream(Draws.DRAFT);
            int[] x = new int[g];
            for (int i = 0; i < g; i++) {
                x[i] = drafting.sample("draft " + i, sd[i].instance().draft());
            }
            for (int i = 0; i < g; i++) {
                Keyed keyed = new Keyed(draws, repeats ? 0 : i * STRIDE);
                Outcome<BigFraction> o = sd[i].program(Exact.INSTANCE).run(keyed, new int[] {x[i]});
                if (o instanceof Outcome.Accept<BigFraction> a) {
                    out.add(a.token());
                    continue;
                }
                Outcome.Emit<BigFraction> e = (Outcome.Emit<BigFraction>) o;
                out.add(keyed.sample(e.what(), e.law()));
                Draws<BigFraction> target = draws.inStream("target");
                for (int j = i + 1; j <= g; j++) {
                    out.add(target.sample("continuation " + j, p[j]));
                }
                return out;
            }
            out.add(new Keyed(draws, repeats ? 0 : g * STRIDE).sample("bonus", p[g]));
            return out;
        }

        /** Draws whose ordinary draws are the verifier's uniforms verify#(base + j), j counting from 0. */
        private static final class Keyed implements Draws<BigFraction> {
            private final Draws<BigFraction> base;
            private final int offset;
            private int next;

            Keyed(Draws<BigFraction> base, int offset) {
                this.base = base;
                this.offset = offset;
            }

            private Uniform<BigFraction> nextUniform() {
                return base.uniform(DrawId.verify(offset + next++));
            }

            @Override
            public String stream() {
                return Draws.VERIFY;
            }

            @Override
            public Draws<BigFraction> inStream(String stream) {
                return base.inStream(stream);
            }

            @Override
            public DrawId next(String stream) {
                return base.next(stream);
            }

            @Override
            public Uniform<BigFraction> uniform(DrawId id) {
                return base.uniform(id);
            }

            @Override
            public boolean accept(int draft, int token, BigFraction q, BigFraction p) {
                return nextUniform().timesLessThan(q, p);
            }

            @Override
            public boolean bernoulli(String what, BigFraction probability) {
                return nextUniform().lessThan(probability);
            }

            @Override
            public int choose(String what, List<BigFraction> weights) {
                return nextUniform().locate(weights);
            }

            @Override
            public int sample(String what, Measure<BigFraction> law) {
                return nextUniform().locate(law);
            }

            @Override
            public int sample(String what, Distribution law) {
                return nextUniform().locate(Exact.INSTANCE.law(law));
            }
        }
    }

    /**
     * The draft's race noise reused by the verifier (the 2026 bug shape): the draft is x = argmin_z E_z/q(z) with
     * E_z = −ln u_z, and an sd verifier takes u_x, the uniform behind the winning exponential, as its accept uniform
     * and again for the residual draw. Given that x won, E_x is Exp(1/q(x)), so u_x has the law t^{1/q(x)}, not the
     * uniform law: the accept test passes with probability (p(x)/q(x))^{1/q(x)} instead of p(x)/q(x). The exact
     * replay follows that law when 1/q(x) is an integer (the instances this fixture applies to).
     */
    static final class RaceNoiseReused extends SdOnOneUniform {
        RaceNoiseReused() {
            super(define("bug-race-noise-reused")
                .description("sd verifier whose accept uniform and residual draw reuse the draft race's noise")
                .paper("the 2026 engine bug shape: drafting noise keyed like the acceptance uniform").k(1, 1)
                .lossless(true).drafts(DraftKind.CUSTOM).build(), "residual drawn with the reused uniform");
        }

        @Override
        public DraftProcess draftProcess(Instance instance) {
            return new RaceDrafts(List.of(instance.draft(0)));
        }

        @Override
        protected Optional<String> whyNotApplicable(Instance instance) {
            Distribution q = instance.draft(0);
            for (int x = 0; x < q.size(); x++) {
                if (q.positive(x) && q.p(x).reciprocal().getDenominatorAsLong() != 1) {
                    return Optional.of("the exact law of a reused race uniform needs 1/q(x) to be an integer; q("
                        + x + ") = " + q.p(x));
                }
            }
            return Optional.empty();
        }

        @Override
        <S> Uniform<S> uniform(Draws<S> draws, int x) {
            return draws.uniform(DrawId.draft(x));
        }
    }

    /** Every fixture of the catalogue, {@link KnownBugsTest}'s included. */
    static List<Scheme> all() {
        List<Scheme> out = new ArrayList<>(List.of(
            new UnnormalisedResidual(),
            new ResidualOneStepBehind(),
            new KnownBugsTest.SortedSiblingsRrs(),
            new KnownBugsTest.StaleResidualRrs(),
            new KnownBugsTest.MaskedResidualRrsWor(),
            new DuplicateSiblingsMerged(),
            new KnownBugsTest.DeterministicVerifiedAsSampled(),
            new WithReplacementResidualOnDistinctDrafts(),
            new FirstRowForEveryDraft(),
            new TemperatureOnOneSide(),
            new EmptyResidualFallsBackToFixedIndex(),
            new ThresholdAboveOne(),
            new Bf16Ratio(),
            new FinalDrawFromPreviousResidual(),
            new ChecksOnlyKMinusOne(),
            new RatioInverted(),
            new ResampleFromTarget(),
            new DeterministicAcceptTest(),
            new AcceptUniformReusedForResidual(),
            new OneUniformForAllSiblings(),
            new DraftUniformReusedForAcceptance(),
            new RaceNoiseReused()));
        return out;
    }
}
