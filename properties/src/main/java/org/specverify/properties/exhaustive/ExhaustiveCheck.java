package org.specverify.properties.exhaustive;

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
import org.specverify.properties.Shrinker;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
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
 * over threads.
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
            }
            if (grid < 1) {
                throw new InvalidInputException("--grid must be at least 1, got " + grid);
            }
            if (threads < 1) {
                throw new InvalidInputException("threads must be at least 1, got " + threads);
            }
        }

        /** The number of instances: Σ over |V| of (grid laws)² × |K|. */
        public long instances() {
            long s = 0;
            for (int v : vocabs) {
                long c = Grid.count(v, grid);
                s += c * c * ks.size();
            }
            return s;
        }
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
        String error;

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
            return failed == 0 && error == null;
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

        /** The error of a check that threw (a scheme that fails to run), or null. */
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
            if (counterexample == null) {
                counterexample = o.counterexample;
            }
            acceptsLess += o.acceptsLess;
            if (acceptsLessExample == null && o.acceptsLessExample != null) {
                acceptsLessExample = o.acceptsLessExample;
                acceptsLessMine = o.acceptsLessMine;
                acceptsLessTheirs = o.acceptsLessTheirs;
            }
            if (error == null) {
                error = o.error;
            }
        }
    }

    /**
     * The whole run.
     *
     * @param failures the failed checks of schemes that claim losslessness, and checks that threw: these fail the run
     */
    public record Result(long instances, long checks, long failures, double seconds, List<SchemeResult> schemes,
                         Scheme compareTo) {
        public double checksPerSecond() {
            return seconds > 0 ? checks / seconds : 0;
        }
    }

    private ExhaustiveCheck() {
    }

    /**
     * Runs the check.
     *
     * @param compareTo the scheme acceptance is compared with, or null
     * @param progress  called with the number of checks done so far, now and then (may be null)
     */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress) {
        return run(config, schemes, compareTo, progress, UniformModel.IDEAL);
    }

    /**
     * Runs the check with the verifier's uniforms drawn from {@code model}: under a discrete model a check passes when
     * {@link UniformModelLaw#verdict()} does (lossless, or lossless at the row's resolution), and the counterexamples
     * are shrunk under the same model. Acceptance comparisons ({@code compareTo}) stay on the ideal model.
     */
    public static Result run(Config config, List<Scheme> schemes, Scheme compareTo, LongConsumer progress,
                             UniformModel model) {
        long start = System.nanoTime();
        List<SchemeResult> total = new ArrayList<>();
        for (Scheme s : schemes) {
            total.add(new SchemeResult(s));
        }
        AtomicLong checks = new AtomicLong();
        AtomicLong instances = new AtomicLong();
        List<Task> tasks = new ArrayList<>();
        for (int v : config.vocabs()) {
            List<Distribution> laws = Grid.laws(v, config.grid());
            for (int k : config.ks()) {
                for (Distribution p : laws) {
                    tasks.add(new Task(p, laws, k, model));
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
        for (SchemeResult r : total) {
            if (r.scheme.claimsLossless() || r.error != null) {
                failures += r.failed;
            }
        }
        return new Result(instances.get(), checks.get(), failures, seconds, total, compareTo);
    }

    /** Shrinks the counterexamples while they still fail (after the timed run). */
    static void shrink(SchemeResult r, Scheme compareTo, UniformModel model) {
        if (r.counterexample != null) {
            Scheme s = r.scheme;
            r.counterexample = Shrinker.shrink(r.counterexample, i -> model.discrete()
                ? !UniformModelLaw.of(s.bind(i), model).verdict().passes() : !ExactLaw.of(s.bind(i)).lossless())
                .instance();
        }
        if (r.acceptsLessExample != null) {
            Scheme s = r.scheme;
            Instance min = Shrinker.shrink(r.acceptsLessExample, i -> {
                if (s.notApplicable(i).isPresent() || compareTo.notApplicable(i).isPresent()) {
                    return false;
                }
                ExactLaw a = ExactLaw.of(s.bind(i));
                ExactLaw b = ExactLaw.of(compareTo.bind(i));
                return a.lossless() && b.lossless() && Fractions.compare(a.acceptance(), b.acceptance()) < 0;
            }).instance();
            r.acceptsLessExample = min;
            r.acceptsLessMine = ExactLaw.of(s.bind(min)).acceptance();
            r.acceptsLessTheirs = ExactLaw.of(compareTo.bind(min)).acceptance();
        }
    }

    /** One target law p against every q of the grid, at one K. */
    private record Task(Distribution p, List<Distribution> qs, int k, UniformModel model) {
        long run(List<SchemeResult> results, Scheme compareTo) {
            long done = 0;
            for (Distribution q : qs) {
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
                        if (r.error == null) {
                            r.error = "on " + inst + ": " + e;
                        }
                        r.failed++;
                        continue;
                    }
                    r.checked++;
                    done++;
                    if (underModel != null && Fractions.compare(underModel.resolutionBound(), r.resolutionBound) > 0) {
                        r.resolutionBound = underModel.resolutionBound();
                    }
                    if (underModel != null ? !underModel.verdict().passes() : !law.lossless()) {
                        r.failed++;
                        if (r.counterexample == null) {
                            r.counterexample = inst;
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
                                ExactLaw l = ExactLaw.of(compareTo.bind(inst));
                                ref = l.lossless() ? l : null;
                            }
                        }
                        if (ref != null && Fractions.compare(law.acceptance(), ref.acceptance()) < 0) {
                            r.acceptsLess++;
                            if (r.acceptsLessExample == null) {
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
