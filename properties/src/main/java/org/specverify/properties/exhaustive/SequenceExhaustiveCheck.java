package org.specverify.properties.exhaustive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.ContextModel;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceScheme;

/**
 * Exhaustive exact checking of sequence verifiers over small grids: every target and draft model of order 0 (one law
 * after every prefix) or order 1 (a law for the empty prefix and one after each token) whose masses are multiples of
 * 1/N, for each vocabulary size and drafted depth gamma asked, drafted as a chain and as trees [2, 1, ..., 1] with iid,
 * without-replacement and top-k siblings; every scheme on every instance it applies to, by {@link SequenceExact}.
 *
 * <p>The size is decided before the work: the number of instances is counted from the grid sizes alone, and a run
 * above {@link Limits#maxInstances()} is refused with a {@link TooLargeException}. A scheme that claims losslessness
 * and is lossy on an instance fails; its first counterexample in grid order is shrunk ({@link #shrink}).
 */
public final class SequenceExhaustiveCheck {
    /** The drafted structures every (target, draft, gamma) is checked with. */
    public enum Structure {
        /** A chain: one child per node. */
        CHAIN,
        /** Two children of the root drawn independently from q, one child below. */
        IID_TREE,
        /** Two distinct children of the root, the second from q without the first. */
        WITHOUT_REPLACEMENT_TREE,
        /** The two most likely tokens of q at the root (deterministic). */
        TOP_K_TREE
    }

    /**
     * What to check.
     *
     * @param vocabs vocabulary sizes, each 2..4
     * @param gammas drafted depths, each 1..4
     * @param orders model orders, each 0 or 1
     * @param grid   N: masses are multiples of 1/N, 1..12
     */
    public record Config(List<Integer> vocabs, List<Integer> gammas, List<Integer> orders, int grid) {
        public Config {
            vocabs = List.copyOf(vocabs);
            gammas = List.copyOf(gammas);
            orders = List.copyOf(orders);
            requireIn(vocabs, 2, 4, "--vocab");
            requireIn(gammas, 1, 4, "--gamma");
            requireIn(orders, 0, 1, "--order");
            if (grid < 1 || grid > 12) {
                throw new InvalidInputException("--grid must be between 1 and 12, got " + grid);
            }
        }

        private static void requireIn(List<Integer> values, int lo, int hi, String option) {
            if (values.isEmpty()) {
                throw new InvalidInputException(option + ": at least one value is needed");
            }
            for (int v : values) {
                if (v < lo || v > hi) {
                    throw new InvalidInputException(option + " values must be between " + lo + " and " + hi + ", got "
                        + v);
                }
            }
        }
    }

    /** The largest run accepted. */
    public record Limits(long maxInstances) {
        /** The default: instances of (target, draft, gamma, structure). */
        public static final Limits DEFAULT = new Limits(20_000);
    }

    /** What one scheme did over the grid. */
    public record SchemeResult(SequenceScheme scheme, long checked, long failed, long errors, BigFraction maxLawError,
                               Optional<SequenceInstance> counterexample, Optional<SequenceInstance> shrunk,
                               Optional<String> error) {
        /** Whether the scheme was lossless on every instance it was checked on. */
        public boolean lossless() {
            return failed == 0;
        }
    }

    /**
     * The outcome of a run.
     *
     * @param instances  the instances of the grid
     * @param undrawable those skipped because the draft process cannot draw their trees ({@link #drawable})
     * @param checks     the scheme-instance checks run
     */
    public record Result(long instances, long undrawable, long checks, List<SchemeResult> schemes, double seconds) {
        public long failures() {
            return schemes.stream().filter(s -> s.scheme().claimsLossless()).mapToLong(SchemeResult::failed).sum();
        }

        public long errors() {
            return schemes.stream().mapToLong(SchemeResult::errors).sum();
        }
    }

    private SequenceExhaustiveCheck() {
    }

    /** The number of order-{@code order} models over V tokens with masses on the 1/N grid. */
    public static long models(int vocab, int order, int grid) {
        long rows = Grid.count(vocab, grid);
        long out = 1;
        for (int i = 0; i < (order == 0 ? 1 : vocab + 1); i++) {
            out = Math.multiplyExact(out, rows);
        }
        return out;
    }

    /** The number of instances of a run, from the grid sizes alone (before any work). */
    public static long instances(Config c) {
        long total = 0;
        for (int v : c.vocabs()) {
            for (int order : c.orders()) {
                long m = models(v, order, c.grid());
                long perGamma = Math.multiplyExact(Math.multiplyExact(m, m), Structure.values().length);
                total = Math.addExact(total, Math.multiplyExact(perGamma, c.gammas().size()));
            }
        }
        return total;
    }

    /**
     * Checks every scheme on every instance of the grid.
     *
     * @throws TooLargeException before any work when the run has more instances than the limit allows
     */
    public static Result run(Config c, List<SequenceScheme> schemes, Limits limits) {
        long count;
        try {
            count = instances(c);
        } catch (ArithmeticException overflow) {
            count = Long.MAX_VALUE;
        }
        if (count > limits.maxInstances()) {
            throw new TooLargeException("the run has " + (count == Long.MAX_VALUE ? "more than 2^63" : count)
                + " sequence instances (" + c.vocabs() + " x gamma " + c.gammas() + " x order " + c.orders()
                + " on the 1/" + c.grid() + " grid, 4 drafted structures each), above the limit of "
                + limits.maxInstances() + "; narrow --vocab, --gamma, --order or --grid, or raise --max-checks");
        }
        long start = System.nanoTime();
        long[] checked = new long[schemes.size()];
        long[] failed = new long[schemes.size()];
        long[] errors = new long[schemes.size()];
        BigFraction[] worst = new BigFraction[schemes.size()];
        SequenceInstance[] first = new SequenceInstance[schemes.size()];
        String[] firstError = new String[schemes.size()];
        java.util.Arrays.fill(worst, BigFraction.ZERO);
        long instances = 0;
        long undrawable = 0;
        long checks = 0;
        for (int v : c.vocabs()) {
            for (int order : c.orders()) {
                List<ContextModel> models = models(v, order, Grid.laws(v, c.grid()));
                for (int gamma : c.gammas()) {
                    for (ContextModel p : models) {
                        for (ContextModel q : models) {
                            for (Structure s : Structure.values()) {
                                SequenceInstance inst = instance(p, q, gamma, s);
                                instances++;
                                if (!drawable(inst)) {
                                    undrawable++;
                                    continue;
                                }
                                for (int j = 0; j < schemes.size(); j++) {
                                    SequenceScheme scheme = schemes.get(j);
                                    if (scheme.notApplicable(inst).isPresent()) {
                                        continue;
                                    }
                                    checks++;
                                    checked[j]++;
                                    try {
                                        SequenceExact.Result r = SequenceExact.check(inst, scheme);
                                        if (!r.lossless()) {
                                            failed[j]++;
                                            BigFraction e = r.comparison().error().abs();
                                            if (e.compareTo(worst[j]) > 0) {
                                                worst[j] = e;
                                            }
                                            if (first[j] == null) {
                                                first[j] = inst;
                                            }
                                        }
                                    } catch (TooLargeException e) {
                                        throw e;
                                    } catch (RuntimeException e) {
                                        errors[j]++;
                                        if (firstError[j] == null) {
                                            firstError[j] = e + " on " + inst.name();
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        List<SchemeResult> out = new ArrayList<>();
        for (int j = 0; j < schemes.size(); j++) {
            Optional<SequenceInstance> ce = Optional.ofNullable(first[j]);
            SequenceScheme scheme = schemes.get(j);
            out.add(new SchemeResult(scheme, checked[j], failed[j], errors[j], worst[j], ce,
                ce.map(i -> shrink(i, scheme)), Optional.ofNullable(firstError[j])));
        }
        return new Result(instances, undrawable, checks, out, (System.nanoTime() - start) / 1e9);
    }

    /** Every model of the order whose rows are the given laws. */
    static List<ContextModel> models(int vocab, int order, List<Distribution> laws) {
        List<ContextModel> out = new ArrayList<>();
        if (order == 0) {
            laws.forEach(l -> out.add(ContextModel.constant(l)));
            return out;
        }
        int keys = vocab + 1;
        int[] idx = new int[keys];
        while (true) {
            Map<List<Integer>, Distribution> rows = new LinkedHashMap<>();
            rows.put(List.of(), laws.get(idx[0]));
            for (int t = 0; t < vocab; t++) {
                rows.put(List.of(t), laws.get(idx[t + 1]));
            }
            out.add(ContextModel.of(vocab, rows));
            int k = 0;
            while (k < keys && ++idx[k] == laws.size()) {
                idx[k++] = 0;
            }
            if (k == keys) {
                return out;
            }
        }
    }

    /**
     * Whether the draft process can draw the instance's trees: without replacement, every draft row needs at least as
     * many tokens of positive mass as a node has children (such an instance is skipped, not checked).
     */
    static boolean drawable(SequenceInstance inst) {
        if (inst.siblings() != SiblingProcess.WITHOUT_REPLACEMENT) {
            return true;
        }
        int children = java.util.Arrays.stream(inst.shape()).max().orElse(1);
        for (ContextModel q : inst.drafts()) {
            for (Distribution row : q.rows().values()) {
                if (row.supportSize() < children) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The instance of (p, q, gamma) drafted with structure {@code s}. */
    static SequenceInstance instance(ContextModel p, ContextModel q, int gamma, Structure s) {
        String name = "grid-" + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-gamma" + gamma;
        if (s == Structure.CHAIN) {
            return SequenceInstance.chain(name, p, q, gamma);
        }
        int[] shape = new int[gamma];
        java.util.Arrays.fill(shape, 1);
        shape[0] = 2;
        SiblingProcess siblings = switch (s) {
            case IID_TREE -> SiblingProcess.IID;
            case WITHOUT_REPLACEMENT_TREE -> SiblingProcess.WITHOUT_REPLACEMENT;
            default -> SiblingProcess.TOP_K;
        };
        return SequenceInstance.tree(name, p, q, shape, siblings);
    }

    /**
     * Whether {@code scheme} applies to {@code inst} and is lossy there: the property a shrink keeps.
     * A candidate the scheme does not apply to, or that it fails to run on, does not keep it.
     */
    static boolean fails(SequenceInstance inst, SequenceScheme scheme) {
        try {
            return drawable(inst) && scheme.notApplicable(inst).isEmpty()
                && !SequenceExact.check(inst, scheme).lossless();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * A smaller instance on which the scheme is still lossy: repeatedly takes the first candidate that keeps the
     * failure, trying in order a shorter gamma (the tree cut to its first gamma - 1 depths), a smaller vocabulary (the
     * last token dropped from every row, which is renormalized; rows without mass elsewhere become uniform), fewer
     * prefixes with keys (a key other than "" removed, so the row backs off), and simpler fractions (a row replaced by
     * the uniform law, by a point mass, or its masses rounded to a coarser grid 1/m, m = 1..4).
     */
    public static SequenceInstance shrink(SequenceInstance failing, SequenceScheme scheme) {
        SequenceInstance current = failing;
        boolean progress = true;
        int rounds = 0;
        while (progress && rounds++ < 200) {
            progress = false;
            for (SequenceInstance candidate : candidates(current)) {
                if (fails(candidate, scheme)) {
                    current = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return current;
    }

    /** The one-step shrinks of an instance, smallest change of the largest measure first. */
    static List<SequenceInstance> candidates(SequenceInstance inst) {
        List<SequenceInstance> out = new ArrayList<>();
        String name = inst.name().endsWith("-shrunk") ? inst.name() : inst.name() + "-shrunk";
        if (inst.gamma() > 1 && !inst.isDynamic()) {
            int[] shape = java.util.Arrays.copyOf(inst.shape(), inst.gamma() - 1);
            tryAdd(out, () -> SequenceInstance.of(name, inst.gamma() - 1, inst.target(), inst.drafts(), shape,
                inst.siblings(), 0, null));
        }
        if (inst.vocab() > 2) {
            tryAdd(out, () -> with(inst, name, dropLastToken(inst.target()), dropAll(inst.drafts())));
        }
        for (List<Integer> key : inst.target().prefixes()) {
            if (!key.isEmpty()) {
                tryAdd(out, () -> with(inst, name, withoutKey(inst.target(), key), inst.drafts()));
            }
        }
        for (int j = 0; j < inst.drafts().size(); j++) {
            int model = j;
            for (List<Integer> key : inst.drafts().get(j).prefixes()) {
                if (!key.isEmpty()) {
                    tryAdd(out, () -> with(inst, name, inst.target(),
                        replace(inst.drafts(), model, withoutKey(inst.drafts().get(model), key))));
                }
            }
        }
        // simpler fractions, row by row
        for (List<Integer> key : inst.target().prefixes()) {
            for (Distribution d : simpler(inst.target().row(key))) {
                tryAdd(out, () -> with(inst, name, withRow(inst.target(), key, d), inst.drafts()));
            }
        }
        for (int j = 0; j < inst.drafts().size(); j++) {
            int model = j;
            ContextModel q = inst.drafts().get(j);
            for (List<Integer> key : q.prefixes()) {
                for (Distribution d : simpler(q.row(key))) {
                    tryAdd(out, () -> with(inst, name, inst.target(), replace(inst.drafts(), model, withRow(q, key, d))));
                }
            }
        }
        return out;
    }

    private static void tryAdd(List<SequenceInstance> out, java.util.function.Supplier<SequenceInstance> make) {
        try {
            out.add(make.get());
        } catch (IllegalArgumentException invalid) {
            // not a valid instance: not a candidate
        }
    }

    private static SequenceInstance with(SequenceInstance inst, String name, ContextModel p, List<ContextModel> q) {
        return SequenceInstance.of(name, inst.gamma(), p, q, inst.isDynamic() ? null : inst.shape(), inst.siblings(),
            inst.nodeBudget(), null);
    }

    private static List<ContextModel> replace(List<ContextModel> models, int j, ContextModel m) {
        List<ContextModel> out = new ArrayList<>(models);
        out.set(j, m);
        return out;
    }

    private static List<ContextModel> dropAll(List<ContextModel> models) {
        return models.stream().map(SequenceExhaustiveCheck::dropLastToken).toList();
    }

    /** The model over V - 1 tokens: keys that mention the last token removed, each row without it, renormalized. */
    static ContextModel dropLastToken(ContextModel m) {
        int v = m.vocab() - 1;
        Map<List<Integer>, Distribution> rows = new LinkedHashMap<>();
        m.rows().forEach((key, row) -> {
            if (key.stream().allMatch(t -> t < v)) {
                BigFraction[] w = java.util.Arrays.copyOf(row.masses(), v);
                boolean any = java.util.Arrays.stream(w).anyMatch(x -> x.signum() > 0);
                rows.put(key, any ? Distribution.normalize(w) : Distribution.uniform(v));
            }
        });
        return ContextModel.of(v, rows);
    }

    private static ContextModel withoutKey(ContextModel m, List<Integer> key) {
        Map<List<Integer>, Distribution> rows = new LinkedHashMap<>(m.rows());
        rows.remove(key);
        return ContextModel.of(m.vocab(), rows);
    }

    private static ContextModel withRow(ContextModel m, List<Integer> key, Distribution d) {
        Map<List<Integer>, Distribution> rows = new LinkedHashMap<>(m.rows());
        rows.put(key, d);
        return ContextModel.of(m.vocab(), rows);
    }

    /** Rows with smaller denominators than {@code row}: uniform, point masses, and roundings to the 1/m grid. */
    static List<Distribution> simpler(Distribution row) {
        BigFraction[] masses = row.masses();
        java.math.BigInteger den = java.math.BigInteger.ONE;
        for (BigFraction f : masses) {
            den = lcm(den, f.getDenominator());
        }
        List<Distribution> out = new ArrayList<>();
        int v = row.size();
        Distribution uniform = Distribution.uniform(v);
        if (!uniform.equals(row) && java.math.BigInteger.valueOf(v).compareTo(den) < 0) {
            out.add(uniform);
        }
        if (den.compareTo(java.math.BigInteger.ONE) > 0) {
            for (int t = 0; t < v; t++) {
                out.add(Distribution.pointMass(v, t));
            }
        }
        for (int m = 2; m <= 4; m++) {
            if (java.math.BigInteger.valueOf(m).compareTo(den) >= 0) {
                break;
            }
            Optional<Distribution> r = round(masses, m);
            r.ifPresent(out::add);
        }
        return out;
    }

    /** The masses rounded down to multiples of 1/m, the remainder given to the largest mass; empty if not a law. */
    private static Optional<Distribution> round(BigFraction[] masses, int m) {
        BigFraction[] out = new BigFraction[masses.length];
        BigFraction sum = BigFraction.ZERO;
        int largest = 0;
        for (int i = 0; i < masses.length; i++) {
            java.math.BigInteger k = masses[i].multiply(m).getNumerator().divide(masses[i].multiply(m)
                .getDenominator());
            out[i] = BigFraction.of(k, java.math.BigInteger.valueOf(m));
            sum = sum.add(out[i]);
            if (masses[i].compareTo(masses[largest]) > 0) {
                largest = i;
            }
        }
        out[largest] = out[largest].add(BigFraction.ONE.subtract(sum));
        try {
            return Optional.of(Distribution.of(out));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static java.math.BigInteger lcm(java.math.BigInteger a, java.math.BigInteger b) {
        return a.divide(a.gcd(b)).multiply(b);
    }
}
