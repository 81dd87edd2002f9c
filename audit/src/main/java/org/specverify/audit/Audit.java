package org.specverify.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftProcesses;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.Applicability;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * The exact audit: for each instance and each scheme, whether the scheme applies, and if so its exact output law
 * (lossless or not, the largest law error) and its exact acceptance α = P(Y ∈ drafts), from the reference's exact
 * enumerator. Independent of the command line: build one, {@link #run} it and read the {@link AuditResult}.
 *
 * <p>Claims are taken from the scheme objects given here (not from the registry), so a caller can audit its own
 * scheme, including a deliberately wrong one. A scheme that throws on an instance it declared itself applicable to is a
 * failure ({@link AuditVerdict#ERROR}); an instance beyond the exact enumerator's size limit gives {@link AuditVerdict#TOO_LARGE}.
 *
 * <p>Cost: the exact enumeration explores every branch of the draft process and the verifier, so it grows like |V|^K
 * per scheme and instance; it is meant for small vocabularies.
 */
public final class Audit {
    private final List<Scheme> schemes;
    private final List<AuditExtension> extensions;
    private final double maxSeconds;

    private Audit(List<Scheme> schemes, List<AuditExtension> extensions, double maxSeconds) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("an audit needs at least one scheme");
        }
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("the time limit must be positive, got " + maxSeconds);
        }
        this.schemes = List.copyOf(schemes);
        this.extensions = List.copyOf(extensions);
        this.maxSeconds = maxSeconds;
    }

    /** An audit of the given schemes, in the given order, with the default time limit per row. */
    public static Audit of(List<Scheme> schemes) {
        return new Audit(schemes, List.of(), AuditCost.DEFAULT_MAX_SECONDS);
    }

    /**
     * This audit with another limit on each row's estimated time ({@link AuditCost}): a row estimated above it is
     * reported {@link AuditVerdict#TOO_LARGE} with the estimate, without running.
     */
    public Audit withMaxSeconds(double seconds) {
        return new Audit(schemes, extensions, seconds);
    }

    public double maxSeconds() {
        return maxSeconds;
    }

    /** An audit of every scheme of a registry, in registry order. */
    public static Audit of(Schemes registry) {
        return of(registry.all());
    }

    /** This audit with one more extension (run after the earlier ones). */
    public Audit with(AuditExtension extension) {
        List<AuditExtension> list = new ArrayList<>(extensions);
        list.add(Objects.requireNonNull(extension, "extension"));
        return new Audit(schemes, list, maxSeconds);
    }

    public List<Scheme> schemes() {
        return schemes;
    }

    public AuditResult run(List<Instance> instances) {
        return run(instances, AuditListener.NONE);
    }

    /** Audits every instance with every scheme and keeps every row (small audits). */
    public AuditResult run(List<Instance> instances, AuditListener listener) {
        AuditSink.Collecting sink = new AuditSink.Collecting();
        run(instances, instances.size(), sink, listener);
        return sink.result();
    }

    /**
     * The streaming audit: instances are read one at a time from {@code instances}, each row goes to the sink as soon
     * as it is decided and each instance when it is complete, so memory holds one instance. Stops early, reporting
     * {@code interrupted}, when the thread is interrupted.
     *
     * @param count the number of instances when known (for the progress estimate), else -1
     * @return the counts and failures (also passed to {@link AuditSink#finish})
     */
    public AuditSummary run(Iterable<Instance> instances, int count, AuditSink sink, AuditListener listener) {
        return run(instances, count, sink, listener, new AuditSummary());
    }

    /**
     * As {@link #run(Iterable, int, AuditSink, AuditListener)}, counting into {@code summary}, which another thread
     * (an interrupt handler) may read while the audit runs.
     */
    public AuditSummary run(Iterable<Instance> instances, int count, AuditSink sink, AuditListener listener,
                            AuditSummary summary) {
        List<Instance> known = instances instanceof List<Instance> l ? l : null;
        // each row is decided once: for a known list up front (for the progress estimate), else when it is reached
        List<List<Applicability>> decided = known == null ? null : decide(known);
        double totalUnits = known == null ? -1 : totalUnits(decided);
        int totalRows = count < 0 ? -1 : count * schemes.size();
        double doneUnits = 0;
        int done = 0;
        boolean interrupted = false;
        try {
            int i = 0;
            for (Instance instance : instances) {
                DraftProcesses shared = decided == null ? new DraftProcesses(instance) : null;
                List<SchemeAudit> rows = new ArrayList<>();
                for (int j = 0; j < schemes.size(); j++) {
                    Scheme scheme = schemes.get(j);
                    if (Thread.currentThread().isInterrupted()) {
                        interrupted = true;
                        break;
                    }
                    listener.started(i, instance, scheme, done, totalRows);
                    Applicability fit = decided == null ? scheme.applicability(instance, shared)
                        : decided.get(i).set(j, null);
                    SchemeAudit row = audit(instance, scheme, fit);
                    rows.add(row);
                    sink.row(i, instance.name(), row);
                    done++;
                    if (row.verdict().isChecked()) {
                        doneUnits += units(instance, fit);
                    }
                    listener.work(doneUnits, totalUnits);
                }
                if (interrupted) {
                    break;
                }
                Map<String, Object> extras = new LinkedHashMap<>();
                for (AuditExtension e : extensions) {
                    extras.putAll(e.instanceFields(instance, rows));
                }
                InstanceAudit finished = new InstanceAudit(i, instance.name(), instance.vocab(), instance.k(),
                    instance.identicalDrafts(), rows, extras);
                summary.add(finished);
                sink.instance(finished);
                i++;
            }
        } finally {
            listener.finished();
        }
        sink.finish(summary, interrupted);
        return summary;
    }

    /**
     * Every row's applicability, decided once, by instance and then scheme; the schemes of one instance share its
     * draft processes.
     */
    private List<List<Applicability>> decide(List<Instance> instances) {
        List<List<Applicability>> out = new ArrayList<>(instances.size());
        for (Instance inst : instances) {
            DraftProcesses shared = new DraftProcesses(inst);
            List<Applicability> row = new ArrayList<>(schemes.size());
            for (Scheme s : schemes) {
                row.add(s.applicability(inst, shared));
            }
            out.add(row);
        }
        return out;
    }

    /** The estimated work of every row that will run (for the progress estimate). */
    private static double totalUnits(List<List<Applicability>> decided) {
        double u = 0;
        for (List<Applicability> row : decided) {
            for (Applicability fit : row) {
                u += fit instanceof Applicability.Applies a ? AuditCost.units(a.instance(), processOf(a)) : 0;
            }
        }
        return u;
    }

    /** The work units of a row that ran (0 when its process is unknown). */
    private static double units(Instance instance, Applicability fit) {
        return fit instanceof Applicability.Applies a ? AuditCost.units(instance, processOf(a)) : 0;
    }

    /** The process of a row that applies, or empty when building it fails (binding then reports the failure). */
    private static Optional<DraftProcess> processOf(Applicability.Applies applies) {
        try {
            return Optional.of(applies.process());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One scheme on one instance. */
    public SchemeAudit audit(Instance instance, Scheme scheme) {
        return audit(instance, scheme, scheme.applicability(instance));
    }

    /**
     * One scheme on one instance whose applicability was decided once ({@code fit}): its draft process is built once
     * and serves the size checks, the binding and the extensions.
     */
    private SchemeAudit audit(Instance instance, Scheme scheme, Applicability fit) {
        Optional<String> why = fit.reason();
        if (why.isPresent()) {
            return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                AuditVerdict.NOT_APPLICABLE, Optional.empty(), why, Map.of());
        }
        Applicability.Applies applies = (Applicability.Applies) fit;
        Optional<DraftProcess> process = processOf(applies);
        Optional<String> tooLarge = tooLarge(process);
        if (tooLarge.isEmpty()) {
            tooLarge = AuditCost.refusal(instance, process, maxSeconds);
        }
        if (tooLarge.isPresent()) {
            return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                AuditVerdict.TOO_LARGE, Optional.empty(), tooLarge, Map.of());
        }
        Scheme.Bound bound;
        ExactLaw law;
        try {
            bound = applies.bind();
            law = ExactLaw.of(bound);
        } catch (IllegalStateException e) {
            if (isEnumerationLimit(e)) {
                return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                    AuditVerdict.TOO_LARGE, Optional.empty(), Optional.of(e.getMessage()), Map.of());
            }
            return failed(scheme, e);
        } catch (org.specverify.reference.TooLargeException e) {
            // a size limit checked before the work (the joint law of a race-coupled scheme): a refusal, not an error
            return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                AuditVerdict.TOO_LARGE, Optional.empty(), Optional.of(e.getMessage()), Map.of());
        } catch (RuntimeException e) {
            return failed(scheme, e);
        }
        boolean lossless = law.lossless();
        Measured measured = new Measured(lossless, ExactValue.of(law.maxLawError()), lossless ? 0 : law.worstToken(),
            ExactValue.of(law.acceptance()), ExactValue.of(law.testAcceptance()));
        SchemeAudit row = new SchemeAudit(scheme.id(), bound.draftProcess().id(), scheme.claimsLossless(),
            AuditVerdict.of(scheme.claimsLossless(), lossless), Optional.of(measured), Optional.empty(), Map.of());
        for (AuditExtension e : extensions) {
            for (Map.Entry<String, Object> f : e.schemeFields(instance, bound, law, row).entrySet()) {
                row = row.withExtra(f.getKey(), f.getValue());
            }
        }
        return row;
    }

    private static SchemeAudit failed(Scheme scheme, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": "
            + e.getMessage();
        return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(), AuditVerdict.ERROR,
            Optional.empty(), Optional.of(message), Map.of());
    }

    /**
     * Refuses at once what the exact law would refuse only after enumerating its whole tuple budget: more draft tuples
     * than {@link ExactLaw#MAX_TUPLES}. Counted by the scheme's own draft process ({@link DraftProcess#tupleCount});
     * a process that does not know its count is not pre-checked (the time estimate does not apply to it either).
     */
    static Optional<String> tooLarge(Optional<DraftProcess> process) {
        Optional<BigInteger> tuples = process.flatMap(DraftProcess::tupleCount);
        BigInteger limit = BigInteger.valueOf(ExactLaw.MAX_TUPLES);
        if (tuples.isPresent() && tuples.get().compareTo(limit) > 0) {
            return Optional.of("the draft process has " + tuples.get() + " draft tuples, beyond the exact enumerator's"
                + " limit of " + limit + " leaves; use a smaller vocabulary or K");
        }
        return Optional.empty();
    }

    /**
     * The number of draft tuples of positive probability of the process the scheme runs with on the instance, when the
     * process knows it (every process of the reference does; the scheme's declared text is never parsed).
     */
    public static Optional<BigInteger> draftTupleCount(Instance instance, Scheme scheme) {
        try {
            return scheme.draftProcessFor(instance).flatMap(DraftProcess::tupleCount);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isEnumerationLimit(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().startsWith("exact enumeration exceeds");
    }
}
