package org.specverify.properties.schemes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.arith.Arithmetic;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.RaceDrafts;
import org.specverify.reference.random.DrawId;
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
 * <p>Not here, because an exact reference cannot express them: bugs that need shared or reused uniforms (two drafts
 * tested against one u, a u reused between the accept test and the residual draw); those are left to the GPU
 * uniform-injection tests. "u = 0 accepts a zero-mass draft" (u ≤ p/q instead of u·q &lt; p) cannot be written
 * against the public API either: {@code Draws.accept} makes the strict comparison itself, so a scheme built on
 * {@link SchemeBase} is correct at u = 0 by construction; the engine check ({@code check}) catches it in an engine's
 * samples only if the engine's generator actually returns 0.
 */
final class BrokenSchemes {
    private BrokenSchemes() {
    }

    private static SchemeBase.Definition.Builder bug(String id, String what, DraftKind first, DraftKind... more) {
        return SchemeBase.define(id).description(what).paper("broken-scheme catalogue").lossless(true)
            .drafts(first, more);
    }

    /** The accept test reads the residual's mass unnormalised: u·q_k(x) &lt; (p_k)(x) without dividing by its total. */
    static final class UnnormalisedResidual extends SchemeBase {
        UnnormalisedResidual() {
            super(bug("bug-unnormalised-residual", "rrs testing against the unnormalised residual", DraftKind.IID,
                DraftKind.INDEPENDENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                for (int k = 0; k < drafts.length; k++) {
                    Measure<S> qk = laws.draft(k);
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), pk.at(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** The residual of step k+1 taken from p_{k-1} instead of p_k (one step behind). */
    static final class ResidualOneStepBehind extends SchemeBase {
        ResidualOneStepBehind() {
            super(bug("bug-residual-wrong-step", "rrs whose residual update starts from the previous step's residual",
                DraftKind.IID).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> previous = laws.target();
                Measure<S> pk = laws.target();
                for (int k = 0; k < drafts.length; k++) {
                    Measure<S> qk = laws.draft(k);
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    Measure<S> next = previous.residual(qk);
                    previous = pk;
                    pk = next;
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** A draft equal to an earlier (rejected) draft is skipped, as when duplicate tree siblings are merged. */
    static final class DuplicateSiblingsMerged extends SchemeBase {
        DuplicateSiblingsMerged() {
            super(bug("bug-duplicates-merged", "rrs that skips a draft repeating an earlier one", DraftKind.IID)
                .build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    boolean seen = false;
                    for (int j = 0; j < k; j++) {
                        seen |= drafts[j] == x;
                    }
                    if (seen) {
                        continue;
                    }
                    Measure<S> qk = laws.draft(k);
                    if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** Drafts drawn without replacement, verified with the with-replacement residuals of rrs (q not the proposal law). */
    static final class WithReplacementResidualOnDistinctDrafts extends SchemeBase {
        WithReplacementResidualOnDistinctDrafts() {
            super(bug("bug-wor-drafts-rrs-residual", "drafts without replacement verified by plain rrs",
                DraftKind.WITHOUT_REPLACEMENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                Measure<S> q = laws.draft(0);
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (draws.accept(k, x, q.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(q);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** One law per draft, but every draft verified against the first row (q not the proposal law). */
    static final class FirstRowForEveryDraft extends SchemeBase {
        FirstRowForEveryDraft() {
            super(bug("bug-first-row-only", "independent drafts verified against draft 0's law", DraftKind.INDEPENDENT)
                .build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                Measure<S> q0 = laws.draft(0);
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (q0.positive(x) && draws.accept(k, x, q0.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(q0);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** Temperature 1/2 applied to the draft law in the verifier only: tests and residuals use norm(q²), drafts come from q. */
    static final class TemperatureOnOneSide extends SchemeBase {
        TemperatureOnOneSide() {
            super(bug("bug-temperature-one-side", "verifier uses norm(q^2) while drafts come from q", DraftKind.IID)
                .build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Distribution q = laws.instance().draft();
            BigFraction[] sq = new BigFraction[q.size()];
            for (int y = 0; y < sq.length; y++) {
                sq[y] = q.p(y).multiply(q.p(y));
            }
            Measure<S> qt = laws.of(Distribution.normalize(sq));
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                for (int k = 0; k < drafts.length; k++) {
                    int x = drafts[k];
                    if (draws.accept(k, x, qt.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(qt);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** A residual of total mass below 2^-6 is treated as empty and falls back to token 0 (a fixed index). */
    static final class EmptyResidualFallsBackToFixedIndex extends SchemeBase {
        static final BigFraction EMPTY_BELOW = BigFraction.of(1, 64);

        EmptyResidualFallsBackToFixedIndex() {
            super(bug("bug-empty-residual-fixed-index", "sd whose nearly empty residual falls back to token 0",
                DraftKind.IID).k(1, 1).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            Arithmetic<S> ar = laws.arithmetic();
            Measure<S> residual = p.residual(q);
            Measure<S> tokenZero = laws.of(Distribution.pointMass(laws.vocab(), 0));
            boolean empty = ar.compare(residual.total(), laws.of(EMPTY_BELOW)) < 0;
            return (draws, drafts) -> {
                int x = drafts[0];
                if (draws.accept(0, x, q.probability(x), p.probability(x))) {
                    return Outcome.accept(0, x);
                }
                return Outcome.emit(empty ? "fallback token 0" : "residual", empty ? tokenZero : residual);
            };
        }
    }

    /** The accept threshold is 5/4·p/q: accept iff u·q &lt; (5/4)·p, a threshold above min(1, p/q). */
    static final class ThresholdAboveOne extends SchemeBase {
        ThresholdAboveOne() {
            super(bug("bug-threshold-above-one", "sd accepting with probability min(1, 1.25 p/q)", DraftKind.IID)
                .k(1, 1).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            S scale = laws.of(BigFraction.of(5, 4));
            return (draws, drafts) -> {
                int x = drafts[0];
                S target = laws.arithmetic().multiply(scale, p.probability(x));
                if (draws.accept(0, x, q.probability(x), target)) {
                    return Outcome.accept(0, x);
                }
                return Outcome.emit("residual", p.residual(q));
            };
        }
    }

    /** The ratio p/q rounded to bfloat16 (8 significant bits, round to nearest even) before the test. */
    static final class Bf16Ratio extends SchemeBase {
        Bf16Ratio() {
            super(bug("bug-bf16-ratio", "sd testing u < min(1, bf16(p/q))", DraftKind.IID).k(1, 1).build());
        }

        static double bf16(double x) {
            int bits = Float.floatToRawIntBits((float) x);
            int lsb = (bits >> 16) & 1;
            bits = (bits + 0x7FFF + lsb) & 0xFFFF0000;
            return Float.intBitsToFloat(bits);
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            Arithmetic<S> ar = laws.arithmetic();
            return (draws, drafts) -> {
                int x = drafts[0];
                BigFraction ratio = ar.toExact(p.probability(x)).divide(ar.toExact(q.probability(x)));
                double rounded = Math.min(1.0, bf16(ratio.doubleValue()));
                if (draws.bernoulli("accept bf16(p/q)", ar.ofDouble(rounded))) {
                    return Outcome.accept(0, x);
                }
                return Outcome.emit("residual", p.residual(q));
            };
        }
    }

    /** Off by one in K: after K rejections the output is drawn from p_K, the residual before the last update. */
    static final class FinalDrawFromPreviousResidual extends SchemeBase {
        FinalDrawFromPreviousResidual() {
            super(bug("bug-off-by-one-k", "rrs drawing the final output from p_K instead of p_{K+1}", DraftKind.IID,
                DraftKind.INDEPENDENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                Measure<S> previous = pk;
                for (int k = 0; k < drafts.length; k++) {
                    Measure<S> qk = laws.draft(k);
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    previous = pk;
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual p_K", previous);
            };
        }
    }

    /** Only the first K − 1 of K drafts are verified: lossless, but it accepts less than rrs. */
    static final class ChecksOnlyKMinusOne extends SchemeBase {
        ChecksOnlyKMinusOne() {
            super(bug("bug-checks-k-minus-one", "rrs that never verifies the last draft", DraftKind.IID).k(2, 8)
                .build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                for (int k = 0; k < drafts.length - 1; k++) {
                    Measure<S> qk = laws.draft(k);
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), pk.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** p and q swapped in the ratio: accept with probability min(1, q/p). */
    static final class RatioInverted extends SchemeBase {
        RatioInverted() {
            super(bug("bug-ratio-inverted", "sd accepting with probability min(1, q/p)", DraftKind.IID).k(1, 1)
                .build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            Arithmetic<S> ar = laws.arithmetic();
            return (draws, drafts) -> {
                int x = drafts[0];
                S px = p.probability(x);
                S pi = ar.signum(px) == 0 ? ar.one() : ar.min(ar.one(), ar.divide(q.probability(x), px));
                if (draws.bernoulli("accept min(1, q/p)", pi)) {
                    return Outcome.accept(0, x);
                }
                return Outcome.emit("residual", p.residual(q));
            };
        }
    }

    /** On rejection the output is drawn from p itself instead of the residual. */
    static final class ResampleFromTarget extends SchemeBase {
        ResampleFromTarget() {
            super(bug("bug-resample-from-p", "rrs drawing from p instead of the residual after rejections",
                DraftKind.IID, DraftKind.INDEPENDENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            return (draws, drafts) -> {
                for (int k = 0; k < drafts.length; k++) {
                    Measure<S> qk = laws.draft(k);
                    int x = drafts[k];
                    if (draws.accept(k, x, qk.probability(x), p.probability(x))) {
                        return Outcome.accept(k, x);
                    }
                }
                return Outcome.emit("p", p);
            };
        }
    }

    /** A deterministic test: accept iff p(x) ≥ q(x), no uniform drawn, else residual. */
    static final class DeterministicAcceptTest extends SchemeBase {
        DeterministicAcceptTest() {
            super(bug("bug-deterministic-accept", "sd accepting iff p(x) >= q(x)", DraftKind.IID).k(1, 1).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            Arithmetic<S> ar = laws.arithmetic();
            return (draws, drafts) -> {
                int x = drafts[0];
                if (ar.compare(p.probability(x), q.probability(x)) >= 0) {
                    return Outcome.accept(0, x);
                }
                return Outcome.emit("residual", p.residual(q));
            };
        }
    }

    /**
     * The draft's race noise reused by the verifier (the 2026 bug shape): the draft is x = argmin_z E_z/q(z) with
     * E_z = −ln u_z, and an sd verifier takes u_x, the uniform behind the winning exponential, as its accept uniform
     * and again for the residual draw. Given that x won, E_x is Exp(1/q(x)), so u_x has the law t^{1/q(x)}, not the
     * uniform law: the accept test passes with probability (p(x)/q(x))^{1/q(x)} instead of p(x)/q(x). The exact
     * replay follows that law when 1/q(x) is an integer (the instances this fixture applies to).
     */
    static final class RaceNoiseReused extends SchemeBase {
        RaceNoiseReused() {
            super(define("bug-race-noise-reused")
                .description("sd verifier whose accept uniform and residual draw reuse the draft race's noise")
                .paper("the 2026 engine bug shape: drafting noise keyed like the acceptance uniform").k(1, 1)
                .lossless(true).drafts(DraftKind.CUSTOM).build());
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
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            Measure<S> p = laws.target();
            Measure<S> q = laws.draft(0);
            return (draws, drafts) -> {
                int x = drafts[0];
                Uniform<S> u = draws.uniform(DrawId.draft(x));
                if (u.timesLessThan(q.probability(x), p.probability(x))) {
                    return Outcome.accept(0, x);
                }
                return Outcome.token(u.locate(p.residual(q)), "residual drawn with the reused uniform");
            };
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
            new RaceNoiseReused()));
        return out;
    }
}
