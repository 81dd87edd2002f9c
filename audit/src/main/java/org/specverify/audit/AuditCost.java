package org.specverify.audit;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.scheme.Scheme;

/**
 * The estimated cost of one exact row, before it runs: the exact law enumerates every draft tuple of positive
 * probability and runs the verifier's branches on each, so the work is about (tuples) × (K + 1). One such unit took
 * {@value #SECONDS_PER_UNIT} s or less on the benchmark machine for every scheme (2-core AMD EPYC, OpenJDK 17: the
 * slowest, kseq, at about 9 µs per unit on |V| = 20, K = 4; most schemes 1 to 3 µs). The estimate is a guide for
 * refusing runs that would take far too long, not a promise: its unit cost is the slowest scheme's.
 */
public final class AuditCost {
    /** Seconds per unit (tuple × (K + 1)) assumed by the estimate. */
    public static final double SECONDS_PER_UNIT = 1e-5;
    /**
     * The largest K the exact audit takes. Beyond it even the instance's exact optima (α* of iid drafts involves
     * (1 − q)^K as an exact fraction, whose size grows with K) take minutes, whatever the rows; every row would be
     * refused as too large except on a one-token vocabulary.
     */
    public static final int MAX_K = 10_000;
    /** The default limit on one row's estimated time. */
    public static final double DEFAULT_MAX_SECONDS = 600;

    private AuditCost() {
    }

    /** The work units of a row: tuples × (K + 1), when the draft process knows its tuple count. */
    public static Optional<Double> units(Instance instance, Scheme scheme) {
        Optional<DraftProcess> process;
        try {
            process = scheme.draftProcessFor(instance);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return unitsOf(instance, process);
    }

    /** The work units of a row whose draft process is known (0 when it does not know its tuple count). */
    static double units(Instance instance, Optional<DraftProcess> process) {
        return unitsOf(instance, process).orElse(0.0);
    }

    private static Optional<Double> unitsOf(Instance instance, Optional<DraftProcess> process) {
        return process.flatMap(DraftProcess::tupleCount)
            .map(t -> t.multiply(BigInteger.valueOf(instance.k() + 1L)).doubleValue());
    }

    /** The estimated seconds of a row. */
    public static Optional<Double> seconds(Instance instance, Scheme scheme) {
        return units(instance, scheme).map(u -> u * SECONDS_PER_UNIT);
    }

    /** The reason to refuse a row estimated above {@code maxSeconds}, or empty. */
    public static Optional<String> refusal(Instance instance, Scheme scheme, double maxSeconds) {
        Optional<DraftProcess> process;
        try {
            process = scheme.draftProcessFor(instance);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return refusal(instance, process, maxSeconds);
    }

    /** {@link #refusal(Instance, Scheme, double)} for a row whose draft process was built once already. */
    static Optional<String> refusal(Instance instance, Optional<DraftProcess> process, double maxSeconds) {
        Optional<Double> u = unitsOf(instance, process);
        if (u.isPresent() && u.get() * SECONDS_PER_UNIT > maxSeconds) {
            return Optional.of(String.format(Locale.ROOT, "estimated %.0f s (%.3g draft tuples x (K + 1) at about %.0e"
                    + " s each), above the limit of %.0f s; raise it with --max-seconds to run it anyway",
                u.get() * SECONDS_PER_UNIT, u.get() / (instance.k() + 1), SECONDS_PER_UNIT, maxSeconds));
        }
        return Optional.empty();
    }

    /**
     * Refuses, before the work, an instance beyond what the exact audit can do at all: K above {@link #MAX_K}.
     *
     * @throws org.specverify.reference.TooLargeException naming the instance and the limit
     */
    public static void checkInstance(Instance instance) {
        if (instance.k() > MAX_K) {
            throw new org.specverify.reference.TooLargeException("instance '" + instance.name() + "': K = "
                + instance.k() + " drafts, above the exact audit's limit of K = " + MAX_K + " (its exact optima alone"
                + " would take minutes)");
        }
    }
}
