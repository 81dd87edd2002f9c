package org.specverify.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.optimum.Optimum;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.ConditionalLaw;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.Run;
import org.specverify.reference.interpret.Sampler;
import org.specverify.reference.scheme.Scheme;

/**
 * The properties a scheme is checked against, each a function from (scheme, instance) to a violation message, with its
 * law. {@link SchemeContract} runs them as JUnit tests over the instance bank and generated instances; the exhaustive
 * checker and the broken-scheme catalogue run the same objects. A property that does not apply to an instance (not
 * applicable, a lossy scheme for a losslessness law, no exact optimum route) returns empty.
 */
public final class SchemeProperties {
    private SchemeProperties() {
    }

    /** One property: an id, the law in words, and the check. */
    public interface Property {
        String id();

        String law();

        /** The violation on this instance, or empty when the law holds (or does not apply). */
        Optional<String> violation(Scheme scheme, Instance instance);
    }

    /** A violation found on some instance, with the instance shrunk while it still violates. */
    public record Violation(String property, String law, Instance found, Shrinker.Result minimal, String message) {
        @Override
        public String toString() {
            return property + " (" + law + ") fails: " + message + "\n" + Shrinker.describe(minimal);
        }
    }

    private record Simple(String id, String law, Check check) implements Property {
        @Override
        public Optional<String> violation(Scheme scheme, Instance instance) {
            if (scheme.notApplicable(instance).isPresent()) {
                return Optional.empty();
            }
            return check.apply(scheme, instance);
        }
    }

    @FunctionalInterface
    private interface Check {
        Optional<String> apply(Scheme scheme, Instance instance);
    }

    private static Property of(String id, String law, Check check) {
        return new Simple(id, law, check);
    }

    // ----- validity -----

    /** Law: Σ_y P(Y = y) = 1 and 0 ≤ α ≤ 1, exactly. */
    public static final Property ACCEPTANCE_IN_UNIT_INTERVAL = of("acceptance-in-unit-interval",
        "sum_y P(Y=y) = 1 and 0 <= alpha <= 1", (s, i) -> {
            ExactLaw law = ExactLaw.of(s.bind(i));
            BigFraction total = Fractions.sum(law.outputLaw());
            if (!total.equals(BigFraction.ONE)) {
                return Optional.of("the output law has total mass " + Fractions.format(total));
            }
            BigFraction a = law.acceptance();
            if (a.signum() < 0 || Fractions.compare(a, BigFraction.ONE) > 0) {
                return Optional.of("acceptance " + Fractions.format(a) + " is outside [0, 1]");
            }
            return Optional.empty();
        });

    /** Law: P(Y = y) = 0 wherever p(y) = 0, for every scheme (lossy ones included). */
    public static final Property NO_ZERO_MASS_OUTPUT = of("no-zero-mass-output",
        "P(Y=y) = 0 wherever p(y) = 0", (s, i) -> {
            BigFraction[] out = ExactLaw.of(s.bind(i)).outputLaw();
            for (int y = 0; y < out.length; y++) {
                if (i.target().p(y).signum() == 0 && out[y].signum() > 0) {
                    return Optional.of("emits token " + y + " of zero target mass with probability "
                        + Fractions.format(out[y]));
                }
            }
            return Optional.empty();
        });

    // ----- losslessness -----

    /** Law: a scheme that claims losslessness has output law exactly p (rationals, no tolerance). */
    public static final Property LOSSLESS = of("lossless", "claimsLossless => P(Y=.) = p exactly", (s, i) -> {
        if (!s.claimsLossless()) {
            return Optional.empty();
        }
        ExactLaw law = ExactLaw.of(s.bind(i));
        if (law.lossless()) {
            return Optional.empty();
        }
        int y = law.worstToken();
        return Optional.of("token " + y + " has P(Y=y) = " + Fractions.format(law.outputLaw()[y]) + " but p(y) = "
            + Fractions.format(i.target().p(y)) + " (max law error " + Fractions.format(law.maxLawError()) + ")");
    });

    // ----- optimality -----

    /**
     * Law: a verifier that is lossless on an instance accepts at most α*(p, Q), the optimal acceptance of its draft
     * process (exact, from the optimum facade). Instances with no exact optimum route are skipped.
     */
    public static final Property AT_MOST_OPTIMUM = of("at-most-optimum", "lossless => alpha <= alpha*(p, Q)",
        (s, i) -> {
            Scheme.Bound b = s.bind(i);
            ExactLaw law = ExactLaw.of(b);
            if (!law.lossless()) {
                return Optional.empty();
            }
            Optional<BigFraction> opt = optimum(i.target(), b);
            if (opt.isPresent() && Fractions.compare(law.acceptance(), opt.get()) > 0) {
                return Optional.of("acceptance " + Fractions.format(law.acceptance()) + " exceeds alpha* = "
                    + Fractions.format(opt.get()) + " of the " + b.draftProcess().id() + " draft process");
            }
            return Optional.empty();
        });

    /** Law (for the optimal verifiers): α = α*(p, Q) exactly. */
    public static final Property REACHES_OPTIMUM = of("reaches-optimum", "alpha = alpha*(p, Q) exactly", (s, i) -> {
        Scheme.Bound b = s.bind(i);
        BigFraction a = ExactLaw.of(b).acceptance();
        Optional<BigFraction> opt = optimum(i.target(), b);
        if (opt.isPresent() && !a.equals(opt.get())) {
            return Optional.of("acceptance " + Fractions.format(a) + " but alpha* = " + Fractions.format(opt.get()));
        }
        return Optional.empty();
    });

    /** α*(p, Q) of the bound's draft process, empty when no exact route fits. */
    public static Optional<BigFraction> optimum(Distribution p, Scheme.Bound b) {
        try {
            return Optional.of(Optimum.exact(p, b.draftProcess()));
        } catch (InvalidInputException tooLarge) {
            return Optional.empty();
        }
    }

    /** Law: α ≥ c·α*(p, Q) (a guarantee such as K-SEQ's 1 − 1/e), with c given as a rational at least as large. */
    public static Property atLeastFractionOfOptimum(String label, BigFraction c) {
        return of("at-least-" + label + "-of-optimum", "alpha >= " + label + " * alpha*(p, Q)", (s, i) -> {
            Scheme.Bound b = s.bind(i);
            BigFraction a = ExactLaw.of(b).acceptance();
            Optional<BigFraction> opt = optimum(i.target(), b);
            if (opt.isPresent() && Fractions.compare(a, c.multiply(opt.get())) < 0) {
                return Optional.of("acceptance " + Fractions.format(a) + " is below " + label + " * alpha* = "
                    + Fractions.format(c.multiply(opt.get())) + " (alpha* = " + Fractions.format(opt.get()) + ")");
            }
            return Optional.empty();
        });
    }

    /** 1 − 1/e rounded up to six digits: α ≥ this·α* implies α ≥ (1 − 1/e)·α*. */
    public static final BigFraction ONE_MINUS_ONE_OVER_E_UP = BigFraction.of(632121, 1_000_000);

    /**
     * Law: where {@code reference} applies and both are lossless, this scheme accepts at least as much as the reference
     * (a lossless verifier that ignores a draft is lossless and still a bug).
     */
    public static Property acceptsAtLeast(Scheme reference) {
        return of("accepts-at-least-" + reference.id(), "alpha >= alpha(" + reference.id() + ")", (s, i) -> {
            if (reference.notApplicable(i).isPresent()) {
                return Optional.empty();
            }
            ExactLaw mine = ExactLaw.of(s.bind(i));
            ExactLaw ref = ExactLaw.of(reference.bind(i));
            if (mine.lossless() && ref.lossless()
                && Fractions.compare(mine.acceptance(), ref.acceptance()) < 0) {
                return Optional.of("acceptance " + Fractions.format(mine.acceptance()) + " is below "
                    + reference.id() + "'s " + Fractions.format(ref.acceptance()));
            }
            return Optional.empty();
        });
    }

    /** Law: the exact acceptance equals a closed form, as rationals. */
    public static Property closedForm(String formula, Function<Instance, BigFraction> closedForm) {
        return of("closed-form", "alpha = " + formula, (s, i) -> {
            BigFraction a = ExactLaw.of(s.bind(i)).acceptance();
            BigFraction f = closedForm.apply(i);
            return a.equals(f) ? Optional.empty() : Optional.of("acceptance " + Fractions.format(a)
                + " but the closed form " + formula + " = " + Fractions.format(f));
        });
    }

    // ----- symmetry -----

    /**
     * Law: relabelling the tokens by a permutation π (here: reversal) maps the output law by π and keeps the acceptance:
     * P_{π·I}(Y = π(y)) = P_I(Y = y) and α(π·I) = α(I). Only on instances where no two tokens share a mass (zero
     * included) in p or in any draft law, since schemes that order tokens by mass (top-K drafts, hub tokens) break ties
     * by index.
     */
    public static final Property RELABELLING_INVARIANT = of("relabelling-invariant",
        "P_{pi I}(Y=pi(y)) = P_I(Y=y) and alpha(pi I) = alpha(I)", (s, i) -> {
            if (hasTies(i)) {
                return Optional.empty();
            }
            Instance r = reversed(i);
            if (s.notApplicable(r).isPresent()) {
                return Optional.of("applies to the instance but not to its relabelling: " + s.notApplicable(r).get());
            }
            ExactLaw a = ExactLaw.of(s.bind(i));
            ExactLaw b = ExactLaw.of(s.bind(r));
            if (!a.acceptance().equals(b.acceptance())) {
                return Optional.of("acceptance " + Fractions.format(a.acceptance()) + " but "
                    + Fractions.format(b.acceptance()) + " after reversing the token order");
            }
            BigFraction[] x = a.outputLaw();
            BigFraction[] y = b.outputLaw();
            int n = x.length;
            for (int t = 0; t < n; t++) {
                if (!x[t].equals(y[n - 1 - t])) {
                    return Optional.of("P(Y=" + t + ") = " + Fractions.format(x[t]) + " but the relabelled token "
                        + (n - 1 - t) + " has " + Fractions.format(y[n - 1 - t]));
                }
            }
            return Optional.empty();
        });

    static boolean hasTies(Instance i) {
        List<Distribution> laws = new ArrayList<>();
        laws.add(i.target());
        for (int r = 0; r < (i.identicalDrafts() ? 1 : i.k()); r++) {
            laws.add(i.draft(r));
        }
        for (Distribution d : laws) {
            java.util.Set<BigFraction> seen = new java.util.HashSet<>();
            for (int y = 0; y < d.size(); y++) {
                if (!seen.add(d.p(y))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The instance with token y renamed |V| − 1 − y. */
    public static Instance reversed(Instance i) {
        if (i.identicalDrafts()) {
            return Instance.identical(i.name() + " (reversed)", reverse(i.target()), reverse(i.draft()), i.k());
        }
        List<Distribution> rows = new ArrayList<>();
        for (int r = 0; r < i.k(); r++) {
            rows.add(reverse(i.draft(r)));
        }
        return Instance.independent(i.name() + " (reversed)", reverse(i.target()), rows);
    }

    private static Distribution reverse(Distribution d) {
        BigFraction[] m = new BigFraction[d.size()];
        for (int y = 0; y < m.length; y++) {
            m[y] = d.p(m.length - 1 - y);
        }
        return Distribution.of(m);
    }

    // ----- interpretations agree -----

    /** The number of sampler runs per instance for {@link #SAMPLES_POSSIBLE}. */
    public static final int SAMPLES_PER_INSTANCE = 200;

    /** Law: every output the sampler draws has positive exact conditional probability given its drafts. */
    public static final Property SAMPLES_POSSIBLE = of("samples-possible",
        "P(Y = sampled y | sampled drafts) > 0", (s, i) -> {
            Scheme.Bound b = s.bind(i);
            Sampler sampler = new Sampler(0x5A3B1E5L);
            for (long pos = 0; pos < SAMPLES_PER_INSTANCE; pos++) {
                Run o = sampler.sample(b, pos);
                if (!ConditionalLaw.of(b, o.drafts().tokens()).possible(o.output())) {
                    return Optional.of("sampler seed " + sampler.seed() + " position " + pos + " drew output "
                        + o.output() + " on drafts " + o.drafts() + ", of conditional probability zero");
                }
            }
            return Optional.empty();
        });

    /** The properties every scheme is held to (hooks such as closed forms are added by its suite). */
    public static List<Property> universal() {
        return List.of(ACCEPTANCE_IN_UNIT_INTERVAL, NO_ZERO_MASS_OUTPUT, LOSSLESS, AT_MOST_OPTIMUM,
            RELABELLING_INVARIANT, SAMPLES_POSSIBLE);
    }

    /**
     * The first violation of {@code property} over the instances, shrunk while it still violates; empty when it holds
     * on all of them.
     */
    public static Optional<Violation> firstViolation(Property property, Scheme scheme, List<Instance> instances) {
        for (Instance inst : instances) {
            Optional<String> v = violates(property, scheme, inst);
            if (v.isPresent()) {
                Shrinker.Result min = Shrinker.shrink(inst, c -> violates(property, scheme, c).isPresent());
                String msg = violates(property, scheme, min.instance()).orElse(v.get());
                return Optional.of(new Violation(property.id(), property.law(), inst, min, msg));
            }
        }
        return Optional.empty();
    }

    /**
     * The property's verdict with a check that throws counted as a violation (a verifier that fails to run, or reaches a
     * final draw from an empty law, is broken), except an instance too large for exact enumeration (skipped) and an
     * instance the scheme refuses as invalid input.
     */
    public static Optional<String> violates(Property property, Scheme scheme, Instance inst) {
        try {
            return property.violation(scheme, inst);
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).startsWith("exact enumeration exceeds")) {
                return Optional.empty();
            }
            return Optional.of("the check threw " + e);
        } catch (InvalidInputException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("the check threw " + e);
        }
    }
}
