package org.specverify.lp.optimum;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.plan.AcceptanceFlow;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DeterministicDraft;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.draft.GreedyDraft;
import org.specverify.reference.draft.HubDraft;
import org.specverify.reference.draft.IidDraft;
import org.specverify.reference.draft.IndependentDraft;
import org.specverify.reference.draft.WithoutReplacementDraft;
import org.specverify.reference.numeric.Law;

/**
 * The optimal acceptance α*(p, Q) of a draft process: the entry point the audit calls. It picks the fastest route
 * known to be correct for the process's {@link DraftKind} (one table keyed by the kind, so a process of another class
 * takes the generic route whatever its id) and says which one it took ({@link Route}).
 *
 * <p><b>Exact routes</b> ({@link #exact}, {@link #solve}):
 * <table>
 *   <caption>route by draft process</caption>
 *   <tr><th>process</th><th>route</th><th>cost</th></tr>
 *   <tr><td>deterministic, greedy, hub</td><td>{@link Route#CLOSED_FORM} ({@link ClosedFormOptimum})</td>
 *       <td>O(|V|)</td></tr>
 *   <tr><td>iid; independent with all q_k equal</td><td>{@link Route#IID_RATIO_PREFIX} (proved)</td>
 *       <td>O(|V| log |V|)</td></tr>
 *   <tr><td>without replacement</td><td>{@link Route#WITHOUT_REPLACEMENT_RATIO_PREFIX} (proved)</td>
 *       <td>Σ_{m ≤ K} C(n⁺, m) exact set values, n⁺ = tokens with q &gt; 0; refused above
 *       {@link WithoutReplacementAllIn#MAX_SETS}</td></tr>
 *   <tr><td>independent non-identical, any other process, |V| ≤ {@link SubsetOptimum#MAX_VOCAB}</td>
 *       <td>{@link Route#SUBSET_ENUMERATION}</td><td>2^|V|·(|V| + K) (plus the law's enumeration)</td></tr>
 *   <tr><td>the same, larger |V|</td><td>{@link Route#LAW_MAX_FLOW}: the enumerated law Q and the exact max-flow of
 *       {@link AcceptanceFlow}</td><td>law size × augmentations; refused above {@link #MAX_LAW_TUPLES} tuples</td></tr>
 * </table>
 *
 * <p><b>Double routes</b> for large vocabularies (|V| = 128k), on validated probability vectors: {@link #iid},
 * {@link #withoutReplacement}, {@link #independent}, {@link #hub}, {@link #greedy}, {@link #deterministic}. Each
 * returns an {@link Estimate} with lower and upper bounds; for independent non-identical drafts they are the bracket
 * of {@link IndependentBounds} and may be apart.
 */
public final class Optimum {
    /** The largest draft law (number of tuples) enumerated for the max-flow route. */
    public static final long MAX_LAW_TUPLES = 200_000L;

    private Optimum() {
    }

    /** How an exact α* was obtained. Every route is proved equal to α* (proofs-notes); the tests check each one. */
    public enum Route {
        /** A closed form (deterministic, greedy, hub drafts). */
        CLOSED_FORM,
        /** Ratio prefix with Q(x̄ ⊆ H) = q(H)^K (iid drafts). */
        IID_RATIO_PREFIX,
        /** Ratio prefix with the exact without-replacement probabilities. */
        WITHOUT_REPLACEMENT_RATIO_PREFIX,
        /** All 2^|V| token sets. */
        SUBSET_ENUMERATION,
        /** Exact max-flow on the enumerated draft law. */
        LAW_MAX_FLOW
    }

    /**
     * An exact α* with its route.
     *
     * @param value α*, exactly
     * @param route the route taken
     */
    public record Result(BigFraction value, Route route) {
    }

    /**
     * A double α* for large vocabularies.
     *
     * @param value the computed value (for independent drafts: the upper bound, f of the best set found)
     * @param lower a lower bound on α*
     * @param upper an upper bound on α*
     * @param method what was computed, for reports
     */
    public record Estimate(double value, double lower, double upper, String method) {
    }

    /** α*(p, Q) exactly; see the class comment for the route. */
    public static BigFraction exact(Distribution p, DraftProcess process) {
        return solve(p, process).value();
    }

    /**
     * α*(p, Q) exactly, with the route taken.
     *
     * @throws InvalidInputException when the vocabularies differ, or no exact route fits the size (the message names
     *     the size and the limit)
     */
    public static Result solve(Distribution p, DraftProcess process) {
        process.requireVocabularyOf("optimum", p);
        ExactRoute route = ROUTES.get(DraftKind.of(process));
        if (route == null) {
            throw new IllegalStateException("optimum: no route for draft kind " + DraftKind.of(process));
        }
        return route.solve(p, process);
    }

    /** The exact α* of one kind of draft process; the vocabularies were checked. */
    @FunctionalInterface
    private interface ExactRoute {
        Result solve(Distribution p, DraftProcess process);
    }

    /**
     * The exact route of each draft kind, keyed by {@link DraftKind#of} (the class, never the id): the one place that
     * says which route a kind takes. {@link DraftKind#CUSTOM} takes the generic route.
     */
    private static final Map<DraftKind, ExactRoute> ROUTES = routes();

    private static Map<DraftKind, ExactRoute> routes() {
        Map<DraftKind, ExactRoute> m = new EnumMap<>(DraftKind.class);
        m.put(DraftKind.DETERMINISTIC, (p, d) -> new Result(
            ClosedFormOptimum.deterministic(p, ((DeterministicDraft) d).tokens()), Route.CLOSED_FORM));
        m.put(DraftKind.GREEDY, (p, d) -> new Result(ClosedFormOptimum.greedy(p, (GreedyDraft) d),
            Route.CLOSED_FORM));
        m.put(DraftKind.HUB, (p, d) -> new Result(ClosedFormOptimum.hub(p, (HubDraft) d), Route.CLOSED_FORM));
        m.put(DraftKind.IID, (p, d) -> {
            IidDraft iid = (IidDraft) d;
            return new Result(RatioPrefix.iid(p, iid.q(), iid.k()).value(), Route.IID_RATIO_PREFIX);
        });
        m.put(DraftKind.INDEPENDENT, (p, d) -> {
            IndependentDraft ind = (IndependentDraft) d;
            return allEqual(ind) ? new Result(RatioPrefix.iid(p, ind.q(0), ind.k()).value(), Route.IID_RATIO_PREFIX)
                : generic(p, d);
        });
        m.put(DraftKind.WITHOUT_REPLACEMENT, (p, d) -> {
            WithoutReplacementDraft wr = (WithoutReplacementDraft) d;
            return new Result(WithoutReplacementOptimum.exact(p, wr.q(), wr.k()).value(),
                Route.WITHOUT_REPLACEMENT_RATIO_PREFIX);
        });
        m.put(DraftKind.CUSTOM, Optimum::generic);
        return Collections.unmodifiableMap(m);
    }

    /** The kinds with an exact route (every {@link DraftKind}; a test checks it). */
    static Set<DraftKind> routedKinds() {
        return ROUTES.keySet();
    }

    /** Any process: all token sets for small vocabularies, else the max-flow on its enumerated law. */
    private static Result generic(Distribution p, DraftProcess process) {
        if (p.size() <= SubsetOptimum.MAX_VOCAB) {
            return new Result(SubsetOptimum.of(p, process).value(), Route.SUBSET_ENUMERATION);
        }
        long tuples = lawSizeBound(process);
        if (tuples > MAX_LAW_TUPLES) {
            throw new InvalidInputException("optimum: no exact route for " + process.id() + " drafts with |V| = "
                + p.size() + " and K = " + process.k() + ": above " + SubsetOptimum.MAX_VOCAB
                + " tokens the draft law is enumerated, and it may have up to " + tuples
                + " tuples, above the limit of " + MAX_LAW_TUPLES + (process instanceof IndependentDraft ? "; use Optimum.independent for bounds" : ""));
        }
        Map<DraftTuple, BigFraction> law = process.law();
        return new Result(AcceptanceFlow.of(p, law).value(), Route.LAW_MAX_FLOW);
    }

    // ------------------------------------------------------------------------------------------------ double routes

    /** iid drafts: {@link RatioPrefix#iid(double[], double[], int)}, value ± its proved error bound. */
    public static Estimate iid(double[] p, double[] q, int k) {
        RatioPrefix.Approximate a = RatioPrefix.iid(p, q, k);
        return new Estimate(a.value(), a.value() - a.errorBound(), a.value() + a.errorBound(),
            "iid ratio prefix (double)");
    }

    /** Drafts without replacement: {@link WithoutReplacementOptimum#approximate}, value ± its error estimate. */
    public static Estimate withoutReplacement(double[] p, double[] q, int k) {
        RatioPrefix.Approximate a = WithoutReplacementOptimum.approximate(p, q, k);
        return new Estimate(a.value(), a.value() - a.errorBound(), a.value() + a.errorBound(),
            "without-replacement ratio prefix with the exponential-clock integral (double)");
    }

    /** Independent non-identical drafts: the bracket of {@link IndependentBounds}; value = upper bound. */
    public static Estimate independent(double[] p, double[][] qs) {
        IndependentBounds b = IndependentBounds.of(p, qs);
        return new Estimate(b.upper(), b.lower(), b.upper(),
            "independent drafts: AM-GM lower bound and best prefix/local-search upper bound (double)");
    }

    /** SpecHub's hub law: {@link ClosedFormOptimum#hub(double[], double[])}. */
    public static Estimate hub(double[] p, double[] q) {
        return closed(ClosedFormOptimum.hub(p, q), "hub closed form (double)");
    }

    /** Greedy drafts: {@link ClosedFormOptimum#greedy(double[], double[], int)}. */
    public static Estimate greedy(double[] p, double[] q, int k) {
        return closed(ClosedFormOptimum.greedy(p, q, k), "greedy closed form (double)");
    }

    /** Deterministic drafts: {@link ClosedFormOptimum#deterministic(double[], int[])}. */
    public static Estimate deterministic(double[] p, int[] drafts) {
        return closed(ClosedFormOptimum.deterministic(p, drafts), "deterministic closed form (double)");
    }

    // The same routes on validated rows ({@link Law}: validated and summed once, nothing validated again here)

    /** {@link #iid(double[], double[], int)} on validated rows. */
    public static Estimate iid(Law p, Law q, int k) {
        RatioPrefix.Approximate a = RatioPrefix.iid(p, q, k);
        return new Estimate(a.value(), a.value() - a.errorBound(), a.value() + a.errorBound(),
            "iid ratio prefix (double)");
    }

    /** {@link #withoutReplacement(double[], double[], int)} on validated rows. */
    public static Estimate withoutReplacement(Law p, Law q, int k) {
        RatioPrefix.Approximate a = WithoutReplacementOptimum.approximate(p, q, k);
        return new Estimate(a.value(), a.value() - a.errorBound(), a.value() + a.errorBound(),
            "without-replacement ratio prefix with the exponential-clock integral (double)");
    }

    /** {@link #independent(double[], double[][])} on validated rows. */
    public static Estimate independent(Law p, Law[] qs) {
        IndependentBounds b = IndependentBounds.of(p, qs);
        return new Estimate(b.upper(), b.lower(), b.upper(),
            "independent drafts: AM-GM lower bound and best prefix/local-search upper bound (double)");
    }

    /** {@link #hub(double[], double[])} on validated rows. */
    public static Estimate hub(Law p, Law q) {
        return closed(ClosedFormOptimum.hub(p, q), "hub closed form (double)");
    }

    /** {@link #greedy(double[], double[], int)} on validated rows. */
    public static Estimate greedy(Law p, Law q, int k) {
        return closed(ClosedFormOptimum.greedy(p, q, k), "greedy closed form (double)");
    }

    /** {@link #deterministic(double[], int[])} on a validated row. */
    public static Estimate deterministic(Law p, int[] drafts) {
        return closed(ClosedFormOptimum.deterministic(p, drafts), "deterministic closed form (double)");
    }

    /** Compensated sums of normalised terms: a few ulps; 8u covers them. */
    private static Estimate closed(double v, String method) {
        double e = 8 * Masses.UNIT_ROUNDOFF;
        return new Estimate(v, v - e, v + e, method);
    }

    private static boolean allEqual(IndependentDraft ind) {
        for (int i = 1; i < ind.k(); i++) {
            if (!ind.q(i).equals(ind.q(0))) {
                return false;
            }
        }
        return true;
    }

    /** An upper bound on the number of draft tuples: the product of the draft laws' support sizes, or |V|^K. */
    private static long lawSizeBound(DraftProcess process) {
        long size = 1;
        for (int i = 0; i < process.k(); i++) {
            int support = process instanceof IndependentDraft ind ? ind.q(i).supportSize() : process.vocab();
            size = Math.multiplyHigh(size, support) != 0 ? Long.MAX_VALUE : size * support;
            if (size > MAX_LAW_TUPLES) {
                return size;
            }
        }
        return size;
    }
}
