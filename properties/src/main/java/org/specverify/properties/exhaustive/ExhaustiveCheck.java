package org.specverify.properties.exhaustive;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.audit.io.InstanceWriter;
import org.specverify.properties.SchemeProperties;
import org.specverify.properties.Shrinker;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.interpret.UniformModelLaw;
import org.specverify.reference.random.UniformModel;
import org.specverify.reference.scheme.Scheme;

/**
 * Exhaustive small-scope checking: every (p, q) on the 1/N grid, for each |V| and K asked, one shared draft law,
 * every scheme, exactly. Per scheme it counts the instances checked and those whose exact output law differs from p,
 * keeps the largest law error and the first counterexample (shrunk while it still fails). With a comparison scheme,
 * it also counts the instances where a scheme, lossless there as is the comparison scheme, accepts strictly less.
 *
 * <p>Each (instance, scheme) check is one {@link ExactLaw}: the sum over draft tuples of Q(x̄)·P(Y = · | x̄), each
 * conditional law computed by the verifier's program in O(K·|V|) (no replay of the final draw). The p rows are split
 * over threads; what is reported first (a counterexample, an error) is the first in grid order (|V|, then K, then p,
 * then q, in the orders asked and of {@link Grid#laws}), whatever the threads.
 *
 * <p>Size is decided before the work ({@link #cost}): a run whose checks or draft tuples exceed its {@link Limits}, or
 * with one instance beyond the exact enumerator's {@link ExactLaw#MAX_TUPLES}, is refused with a
 * {@link TooLargeException} naming the estimate and the limit. Too large is a refusal, never a failed check: should the
 * enumerator refuse an instance during the run after all, the run ends with that refusal.
 */
public final class ExhaustiveCheck {
    /** What to check. */
    public record Config(List<Integer> vocabs, List<Integer> ks, int grid, int threads) {
        public Config {
            vocabs = List.copyOf(vocabs);
            ks = List.copyOf(ks);
            for (int v : vocabs) {
                if (v < 2) {
                    throw new InvalidInputException("--vocab must be at least 2, got " + v);
                }
            }
            for (int k : ks) {
                if (k < 1) {
                    throw new InvalidInputException("--k must be at least 1, got " + k);
                }
                if (k > MAX_K) {
                    throw new TooLargeException("--k " + k + " is above the exhaustive check's limit of " + MAX_K
                        + " drafts (a draft process with two tokens already has 2^K draft tuples)");
                }
            }
            if (grid < 1) {
                throw new InvalidInputException("--grid must be at least 1, got " + grid);
            }
            if (threads < 1) {
                throw new InvalidInputException("threads must be at least 1, got " + threads);
            }
        }

        /**
         * The number of instances: Σ over |V| of (grid laws)² × |K|.
         *
         * @throws TooLargeException when it exceeds {@link Long#MAX_VALUE} ({@link #instanceCount} never overflows)
         */
        public long instances() {
            BigInteger n = instanceCount(BigInteger.valueOf(Long.MAX_VALUE));
            if (n.bitLength() > 63) {
                throw new TooLargeException("the grid has more than " + Long.MAX_VALUE + " instances");
            }
            return n.longValueExact();
        }

        /**
         * The number of instances, exact when every vocabulary's grid has at most {@code cap} laws; otherwise a number
         * above cap² (never an overflow).
         */
        public BigInteger instanceCount(BigInteger cap) {
            BigInteger s = BigInteger.ZERO;
            for (int v : vocabs) {
                BigInteger c = Grid.countAtMost(v, grid, cap);
                s = s.add(c.multiply(c).multiply(BigInteger.valueOf(ks.size())));
            }
            return s;
        }
    }

    /** The largest K the exhaustive check accepts. */
    public static final int MAX_K = 64;

    /**
     * The size limits of a run.
     *
     * @param maxChecks the most instance-scheme checks ({@code --max-checks})
     * @param maxTuples the most draft tuples enumerated over the whole run, all schemes together ({@code --max-tuples})
     */
    public record Limits(long maxChecks, long maxTuples) {
        /** 20 million checks, a billion draft tuples (minutes on two cores). */
        public static final Limits DEFAULT = new Limits(20_000_000L, 1_000_000_000L);

        public Limits {
            if (maxChecks < 1) {
                throw new InvalidInputException("--max-checks must be at least 1, got " + maxChecks);
            }
            if (maxTuples < 1) {
                throw new InvalidInputException("--max-tuples must be at least 1, got " + maxTuples);
            }
        }
    }

    /**
     * The cost of a run, computed before it.
     *
     * @param instances the instances (p, q, K) of the grid
     * @param checks    instances × schemes
     * @param tuples    the draft tuples the exact laws enumerate, all schemes together (each scheme's draft process on
     *                  each q; an estimate where a process does not count its tuples: |support of q|^K)
     */
    public record Cost(BigInteger instances, BigInteger checks, BigInteger tuples) {
    }

    /** One scheme's result. */
    public static final class SchemeResult {
        public final Scheme scheme;
        long checked;
        long failed;
        long notApplicable;
        BigFraction maxLawError = BigFraction.ZERO;
        BigFraction resolutionBound = BigFraction.ZERO;
        Instance counterexample;
        long acceptsLess;
        Instance acceptsLessExample;
        BigFraction acceptsLessMine;
        BigFraction acceptsLessTheirs;
        long acceptsLessAt = Long.MAX_VALUE;
        long counterexampleAt = Long.MAX_VALUE;
        long errors;
        String error;
        Instance errorInstance;
        long errorAt = Long.MAX_VALUE;

        SchemeResult(Scheme scheme) {
            this.scheme = scheme;
        }

        public long checked() {
            return checked;
        }

        public long failed() {
            return failed;
        }

        public long notApplicable() {
            return notApplicable;
        }

        /** Lossless on every instance checked (and nothing failed to run). */
        public boolean lossless() {
            return failed == 0 && errors == 0;
        }

        /** The checks on which the scheme threw (it fails to run; not counted in {@link #failed}). */
        public long errors() {
            return errors;
        }

        /** The first instance (in grid order) on which the scheme threw, or empty. */
        public Optional<Instance> errorInstance() {
            return Optional.ofNullable(errorInstance);
        }

        /** The largest resolution bound of the rows checked under a discrete uniform model (zero under the ideal). */
        public BigFraction resolutionBound() {
            return resolutionBound;
        }

        public BigFraction maxLawError() {
            return maxLawError;
        }

        /** The first failing instance found, shrunk ({@link #shrink} fills it in), or empty. */
        public Optional<Instance> counterexample() {
            return Optional.ofNullable(counterexample);
        }

        public long acceptsLess() {
            return acceptsLess;
        }

        public Optional<Instance> acceptsLessExample() {
            return Optional.ofNullable(acceptsLessExample);
        }

        public BigFraction acceptsLessMine() {
            return acceptsLessMine;
        }

        public BigFraction acceptsLessTheirs() {
            return acceptsLessTheirs;
        }

        /** The message of the first check that threw (a scheme that fails to run), or null. */
        public String error() {
            return error;
        }

        synchronized void merge(SchemeResult o) {
            checked += o.checked;
            failed += o.failed;
            notApplicable += o.notApplicable;
            if (Fractions.compare(o.maxLawError, maxLawError) > 0) {
                maxLawError = o.maxLawError;
            }
            if (Fractions.compare(o.resolutionBound, resolutionBound) > 0) {
                resolutionBound = o.resolutionBound;
            }
            if (o.counterexampleAt < counterexampleAt) {
                counterexample = o.counterexample;
                counterexampleAt = o.counterexampleAt;
            }
            acceptsLess += o.acceptsLess;
            if (o.acceptsLessAt < acceptsLessAt) {
                acceptsLessExample = o.acceptsLessExample;
                acceptsLessMine = o.acceptsLessMine;
                acceptsLessTheirs = o.acceptsLessTheirs;
                acceptsLessAt = o.acceptsLessAt;
            }
            errors += o.errors;
            if (o.errorAt < errorAt) {
                error = o.error;
                errorInstance = o.errorInstance;
                errorAt = o.errorAt;
            }
        }
    }

    /**
     * The whole run.
     *
     * @param failures the failed checks of schemes that claim losslessness (a law that differs from p): these fail the
     *                 run
     * @param errors   the checks on which a scheme threw (it fails to run): these fail the run too, but are not a
     *                 verdict on losslessness
     */
    public record Result(long instances, long checks, long failures, long errors, double seconds,
                         List<SchemeResult> schemes, Scheme compareTo) {
        public double checksPerSecond() {
            return seconds > 0 ? checks / seconds : 0;
        }
    }

    private ExhaustiveCheck() {
    }

    /** Runs the check within {@link Limits#DEFAULT}. */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress) {
        return run(config, schemes, compareTo, progress, Limits.DEFAULT);
    }

    /**
     * Runs the check.
     *
     * @param compareTo the scheme acceptance is compared with, or null
     * @param progress  called with the number of checks done so far, now and then (may be null)
     * @throws TooLargeException before any work when the run is beyond {@code limits} ({@link #cost}), or when the
     *     exact enumerator refuses an instance after all (the run then ends: nothing is reported as failed)
     */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress,
                             Limits limits) {
        return run(config, schemes, compareTo, progress, limits, UniformModel.IDEAL);
    }

    /**
     * Runs the check within {@link Limits#DEFAULT} with the verifier's uniforms drawn from {@code model}
     * ({@link #run(Config, List, Scheme, LongConsumer, Limits, UniformModel)}).
     */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress,
                             UniformModel model) {
        return run(config, schemes, compareTo, progress, Limits.DEFAULT, model);
    }

    /**
     * Runs the check with the verifier's uniforms drawn from {@code model}: under a discrete model a check passes when
     * {@link UniformModelLaw#verdict()} does (lossless, or lossless at the row's resolution), and the counterexamples
     * are shrunk under the same model. Acceptance comparisons ({@code compareTo}) stay on the ideal model.
     *
     * @throws TooLargeException before any work when the run is beyond {@code limits} ({@link #cost}), or when the
     *     exact enumerator refuses an instance after all (the run then ends: nothing is reported as failed)
     */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress,
                             Limits limits, UniformModel model) {
        List<Scheme> all = new ArrayList<>(schemes);
        if (compareTo != null && !all.contains(compareTo)) {
            all.add(compareTo);
        }
        cost(config, all, limits);
        long start = System.nanoTime();
        List<SchemeResult> total = new ArrayList<>();
        for (Scheme s : schemes) {
            total.add(new SchemeResult(s));
        }
        AtomicLong checks = new AtomicLong();
        AtomicLong instances = new AtomicLong();
        List<Task> tasks = new ArrayList<>();
        long at = 0;
        for (int v : config.vocabs()) {
            List<Distribution> laws = Grid.laws(v, config.grid());
            for (int k : config.ks()) {
                for (Distribution p : laws) {
                    tasks.add(new Task(p, laws, k, at, model));
                    at += laws.size();
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "specverify-verify");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task t : tasks) {
                futures.add(pool.submit(() -> {
                    List<SchemeResult> local = new ArrayList<>();
                    for (Scheme s : schemes) {
                        local.add(new SchemeResult(s));
                    }
                    long done = t.run(local, compareTo);
                    instances.addAndGet(t.qs.size());
                    long now = checks.addAndGet(done);
                    for (int i = 0; i < local.size(); i++) {
                        total.get(i).merge(local.get(i));
                    }
                    if (progress != null) {
                        progress.accept(now);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (SchemeResult r : total) {
            shrink(r, compareTo, model);
        }
        long failures = 0;
        long errors = 0;
        for (SchemeResult r : total) {
            if (r.scheme.claimsLossless()) {
                failures += r.failed;
            }
            errors += r.errors;
        }
        return new Result(instances.get(), checks.get(), failures, errors, seconds, total, compareTo);
    }

    /**
     * The cost of a run, decided before it: the instances and checks from the grid's size (never an overflow), then the
     * draft tuples of each scheme's draft process on each draft law q of the grid (times the number of target laws).
     *
     * @throws TooLargeException with the estimate and the limit, when the checks or the tuples exceed {@code limits}
     *     or one instance has more draft tuples than the exact enumerator takes ({@link ExactLaw#MAX_TUPLES})
     */
    public static Cost cost(Config config, List<Scheme> schemes, Limits limits) {
        BigInteger maxChecks = BigInteger.valueOf(limits.maxChecks());
        BigInteger cap = BigInteger.valueOf(Long.MAX_VALUE);
        BigInteger instances = config.instanceCount(cap);
        BigInteger checks = instances.multiply(BigInteger.valueOf(Math.max(1, schemes.size())));
        if (checks.compareTo(maxChecks) > 0) {
            boolean exact = true;
            for (int v : config.vocabs()) {
                exact &= Grid.countAtMost(v, config.grid(), cap).compareTo(cap) <= 0;
            }
            throw new TooLargeException("the run has " + (exact ? "" : "more than ") + instances + " instances x "
                + schemes.size() + " schemes = " + (exact ? "" : "more than ") + checks
                + " checks, above --max-checks " + limits.maxChecks()
                + "; lower --grid, --vocab or --k, or raise --max-checks");
        }
        BigInteger maxTuples = BigInteger.valueOf(limits.maxTuples());
        BigInteger perInstance = BigInteger.valueOf(ExactLaw.MAX_TUPLES);
        BigInteger tuples = BigInteger.ZERO;
        for (int v : config.vocabs()) {
            List<Distribution> laws = Grid.laws(v, config.grid());
            BigInteger targets = BigInteger.valueOf(laws.size());
            for (int k : config.ks()) {
                for (Scheme s : schemes) {
                    for (Distribution q : laws) {
                        BigInteger t = tuples(s, Instance.identical("grid", q, q, k));
                        if (t.compareTo(perInstance) > 0) {
                            throw new TooLargeException(s.id() + " at |V| = " + v + ", K = " + k + " draws from q = "
                                + masses(q) + " with " + t + " draft tuples per instance, above"
                                + " the exact enumerator's limit of " + ExactLaw.MAX_TUPLES + "; lower --k or --vocab");
                        }
                        tuples = tuples.add(t.multiply(targets));
                    }
                }
            }
            if (tuples.compareTo(maxTuples) > 0) {
                break;
            }
        }
        if (tuples.compareTo(maxTuples) > 0) {
            throw new TooLargeException("the run would enumerate " + tuples + " draft tuples or more (" + instances
                + " instances, " + schemes.size() + " schemes), above --max-tuples " + limits.maxTuples()
                + "; lower --grid, --vocab or --k, or raise --max-tuples");
        }
        return new Cost(instances, checks, tuples);
    }

    /** The draft tuples of the scheme's process on the instance: its own count, or |support of q|^K; 0 if n/a. */
    private static BigInteger tuples(Scheme s, Instance inst) {
        Optional<DraftProcess> process;
        try {
            if (inst.k() < s.minK() || inst.k() > s.maxK()) {
                return BigInteger.ZERO;
            }
            process = s.draftProcessFor(inst);
        } catch (RuntimeException e) {
            // a scheme that fails to prepare is reported by the run; estimate its process as iid
            return BigInteger.valueOf(inst.draft().supportSize()).pow(inst.k());
        }
        if (process.isEmpty()) {
            return BigInteger.ZERO;
        }
        return process.get().tupleCount()
            .orElseGet(() -> BigInteger.valueOf(inst.draft().supportSize()).pow(inst.k()));
    }

    private static String masses(Distribution d) {
        StringBuilder b = new StringBuilder("[");
        for (int y = 0; y < d.size(); y++) {
            b.append(y == 0 ? "" : ", ").append(Fractions.format(d.p(y)));
        }
        return b.append(']').toString();
    }

    /** Whether a check threw because the instance is too large for the exact reference (a refusal, not a verdict). */
    static boolean tooLarge(RuntimeException e) {
        return e instanceof TooLargeException;
    }

    /** Shrinks the counterexamples while they still fail (after the timed run). */
    static void shrink(SchemeResult r, Scheme compareTo, UniformModel model) {
        if (r.counterexample != null) {
            Scheme s = r.scheme;
            // a candidate on which the check throws counts as not failing (Shrinker)
            r.counterexample = Shrinker.shrink(r.counterexample, i -> model.discrete()
                ? !UniformModelLaw.of(s.bind(i), model).verdict().passes()
                : SchemeProperties.OUTPUT_LAW_IS_TARGET.violation(s, i).isPresent()).instance();
        }
        if (r.acceptsLessExample != null) {
            Scheme s = r.scheme;
            SchemeProperties.Property atLeast = SchemeProperties.acceptsAtLeast(compareTo);
            Instance min = Shrinker.shrink(r.acceptsLessExample, i -> atLeast.violation(s, i).isPresent()).instance();
            r.acceptsLessExample = min;
            r.acceptsLessMine = ExactLaw.of(s.bind(min)).acceptance();
            r.acceptsLessTheirs = ExactLaw.of(compareTo.bind(min)).acceptance();
        }
    }

    /**
     * One target law p against every q of the grid, at one K, under one uniform model; {@code at} is the grid index of
     * its first instance.
     */
    private record Task(Distribution p, List<Distribution> qs, int k, long at, UniformModel model) {
        long run(List<SchemeResult> results, Scheme compareTo) {
            long done = 0;
            for (int qi = 0; qi < qs.size(); qi++) {
                Distribution q = qs.get(qi);
                long index = at + qi;
                Instance inst = Instance.identical("grid", p, q, k);
                ExactLaw ref = null;
                boolean refTried = false;
                for (SchemeResult r : results) {
                    Scheme s = r.scheme;
                    if (s.notApplicable(inst).isPresent()) {
                        r.notApplicable++;
                        continue;
                    }
                    ExactLaw law;
                    UniformModelLaw underModel = null;
                    try {
                        law = ExactLaw.of(s.bind(inst));
                        if (model.discrete()) {
                            underModel = UniformModelLaw.of(s.bind(inst), model);
                        }
                    } catch (RuntimeException e) {
                        if (tooLarge(e)) {
                            throw new TooLargeException(s.id() + " on " + InstanceWriter.json(inst) + ": "
                                + e.getMessage());
                        }
                        r.errors++;
                        if (index < r.errorAt) {
                            r.error = String.valueOf(e.getMessage() == null ? e.toString()
                                : e.getClass().getSimpleName() + ": " + e.getMessage());
                            r.errorInstance = inst;
                            r.errorAt = index;
                        }
                        continue;
                    }
                    r.checked++;
                    done++;
                    if (underModel != null && Fractions.compare(underModel.resolutionBound(), r.resolutionBound) > 0) {
                        r.resolutionBound = underModel.resolutionBound();
                    }
                    if (underModel != null ? !underModel.verdict().passes()
                        : SchemeProperties.lawDiffersFromTarget(law).isPresent()) {
                        r.failed++;
                        if (index < r.counterexampleAt) {
                            r.counterexample = inst;
                            r.counterexampleAt = index;
                        }
                        BigFraction e = underModel != null ? underModel.maxLawError() : law.maxLawError();
                        if (Fractions.compare(e, r.maxLawError) > 0) {
                            r.maxLawError = e;
                        }
                        continue;
                    }
                    if (compareTo != null && s != compareTo) {
                        if (!refTried) {
                            refTried = true;
                            if (compareTo.notApplicable(inst).isEmpty()) {
                                ref = ExactLaw.of(compareTo.bind(inst));
                            }
                        }
                        if (ref != null && SchemeProperties.acceptsLess(law, ref, compareTo.id()).isPresent()) {
                            r.acceptsLess++;
                            if (index < r.acceptsLessAt) {
                                r.acceptsLessAt = index;
                                r.acceptsLessExample = inst;
                                r.acceptsLessMine = law.acceptance();
                                r.acceptsLessTheirs = ref.acceptance();
                            }
                        }
                    }
                }
            }
            return done;
        }
    }
}
