package org.specverify.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.lp.sequence.SequenceOptimum;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.TooLargeException;
import org.specverify.reference.interpret.SequenceExact;
import org.specverify.reference.sequence.AcceptedLengthLaw;
import org.specverify.reference.sequence.DraftTrees;
import org.specverify.reference.sequence.SequenceInstance;
import org.specverify.reference.sequence.SequenceLaw;
import org.specverify.reference.sequence.scheme.SequenceScheme;

/**
 * The exact audit of sequence verifiers, beside the token {@link Audit}: for each sequence instance and each sequence
 * scheme, whether the scheme applies, and if so the exact law of the block one step emits (from {@link SequenceExact}),
 * whether that block continued by the target has the target's law on h = gamma + 1 tokens (lossless or not, the worst
 * sequence and its error), the exact law of the number of accepted draft tokens and its mean, and the optimum of the
 * instance among all lossless verifiers (lp's {@link SequenceOptimum}, exact route) with the gap to it.
 *
 * <p>Rows are {@link SchemeAudit}s of level {@link SchemeAudit#SEQUENCE} and instances {@link InstanceAudit}s whose
 * extras say {@code "level": "sequence"}, so the token audit's sinks, summary and exit codes serve both;
 * {@link #run(List, Audit, AuditSink, AuditListener, AuditSummary)} audits a list that mixes both kinds in order.
 *
 * <p>Cost: every draft tree of positive probability is enumerated and every branch of the verifier run on it; the
 * estimate ({@link #units}) is the number of draft trees ({@link DraftTrees#sizeEstimate}, an upper bound) times the
 * verifier's branches per tree (the tree's nodes plus one), plus the V^h target sequences and the optimum's
 * trees x V^h transport cells. A row estimated above the limit is refused ({@link AuditVerdict#TOO_LARGE}, with the
 * estimate) before any work; a refusal of the exact interpreter itself ({@link TooLargeException}) is reported the same
 * way.
 */
public final class SequenceAudit {
    /**
     * Seconds per unit assumed by the estimate: the slowest row plus the instance's optimum took 1.4e-5 to 5.7e-5 s per
     * unit on chains and trees of 2,600 to 20,000 units (V = 2..4, gamma = 2..6; 2-core AMD EPYC VM, OpenJDK 17).
     */
    public static final double SECONDS_PER_UNIT = 5e-5;

    private final List<SequenceScheme> schemes;
    private final double maxSeconds;

    private SequenceAudit(List<SequenceScheme> schemes, double maxSeconds) {
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("the time limit must be positive, got " + maxSeconds);
        }
        this.schemes = List.copyOf(schemes);
        this.maxSeconds = maxSeconds;
    }

    /** An audit of these sequence schemes, in this order, with the default limit per row. */
    public static SequenceAudit of(List<SequenceScheme> schemes) {
        return new SequenceAudit(schemes, AuditCost.DEFAULT_MAX_SECONDS);
    }

    /** This audit with another limit on each row's estimated seconds. */
    public SequenceAudit withMaxSeconds(double seconds) {
        return new SequenceAudit(schemes, seconds);
    }

    public List<SequenceScheme> schemes() {
        return schemes;
    }

    /** The estimated work units of one row on {@code instance} (see the class comment). */
    public static double units(SequenceInstance instance) {
        BigInteger trees = DraftTrees.sizeEstimate(instance);
        BigInteger branches = instance.nodeCount().add(BigInteger.ONE);
        BigInteger sequences = BigInteger.valueOf(instance.vocab()).pow(instance.blockLength());
        return trees.multiply(branches).add(trees.multiply(sequences)).add(sequences).doubleValue();
    }

    /** The estimated seconds of one row on {@code instance}. */
    public static double seconds(SequenceInstance instance) {
        return units(instance) * SECONDS_PER_UNIT;
    }

    /** The reason to refuse the rows of {@code instance} under {@code maxSeconds}, or empty. */
    public static Optional<String> refusal(SequenceInstance instance, double maxSeconds) {
        double s = seconds(instance);
        if (s > maxSeconds) {
            return Optional.of(String.format(Locale.ROOT, "estimated %.3g s (%s draft trees at most, %s nodes each,"
                    + " V^h = %d^%d target sequences, at about %.0e s per unit), above the limit of %.0f s; raise it"
                    + " with --max-seconds to run it anyway", s, DraftTrees.sizeEstimate(instance).bitLength() > 40
                    ? "about 2^" + (DraftTrees.sizeEstimate(instance).bitLength() - 1)
                    : DraftTrees.sizeEstimate(instance).toString(), instance.nodeCount(), instance.vocab(),
                instance.blockLength(), SECONDS_PER_UNIT, maxSeconds));
        }
        return Optional.empty();
    }

    /** One instance of a mixed audit input: a token instance or a sequence instance. */
    public sealed interface Item permits Token, Sequence {
        /** The instance's name. */
        String name();
    }

    /** A token instance in a mixed input. */
    public record Token(Instance instance) implements Item {
        @Override
        public String name() {
            return instance.name();
        }
    }

    /** A sequence instance in a mixed input. */
    public record Sequence(SequenceInstance instance) implements Item {
        @Override
        public String name() {
            return instance.name();
        }
    }

    /**
     * Audits one sequence instance with every scheme: each row goes to the sink as it is decided, then the instance.
     *
     * @return the finished instance (also passed to the sink)
     */
    public InstanceAudit audit(int index, SequenceInstance instance, AuditSink sink) {
        List<SchemeAudit> rows = new ArrayList<>();
        Optional<String> refusal = refusal(instance, maxSeconds);
        Optimum optimum = null;
        for (SequenceScheme scheme : schemes) {
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
            SchemeAudit row;
            Optional<String> why = notApplicable(scheme, instance);
            if (why.isPresent()) {
                row = SchemeAudit.sequence(scheme.id(), draftProcess(instance), scheme.claimsLossless(),
                    AuditVerdict.NOT_APPLICABLE, Optional.empty(), why, Map.of());
            } else if (refusal.isPresent()) {
                row = SchemeAudit.sequence(scheme.id(), draftProcess(instance), scheme.claimsLossless(),
                    AuditVerdict.TOO_LARGE, Optional.empty(), refusal, Map.of());
            } else {
                if (optimum == null) {
                    optimum = optimum(instance);
                }
                row = audit(instance, scheme, optimum);
            }
            rows.add(row);
            sink.row(index, instance.name(), row);
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("level", SchemeAudit.SEQUENCE);
        extras.put("gamma", instance.gamma());
        if (instance.isDynamic()) {
            extras.put("nodeBudget", instance.nodeBudget());
        } else {
            List<Integer> tree = new ArrayList<>();
            for (int k : instance.shape()) {
                tree.add(k);
            }
            extras.put("tree", tree);
        }
        extras.put("siblings", instance.siblings().id());
        if (optimum != null) {
            if (optimum.value != null) {
                extras.put("optimum", ExactValue.of(optimum.value));
            } else {
                extras.put("optimumUnavailable", optimum.unavailable);
            }
        }
        InstanceAudit finished = new InstanceAudit(index, instance.name(), instance.vocab(), instance.drafts().size(),
            instance.drafts().size() == 1, rows, extras);
        sink.instance(finished);
        return finished;
    }

    /** One scheme on one instance, with the instance's optimum computed once by the caller. */
    private SchemeAudit audit(SequenceInstance instance, SequenceScheme scheme, Optimum optimum) {
        SequenceExact.Result r;
        try {
            r = SequenceExact.check(instance, scheme);
        } catch (TooLargeException e) {
            return SchemeAudit.sequence(scheme.id(), draftProcess(instance), scheme.claimsLossless(),
                AuditVerdict.TOO_LARGE, Optional.empty(), Optional.of(e.getMessage()), Map.of());
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getName() : e.getClass().getSimpleName() + ": "
                + e.getMessage();
            return SchemeAudit.sequence(scheme.id(), draftProcess(instance), scheme.claimsLossless(),
                AuditVerdict.ERROR, Optional.empty(), Optional.of(message), Map.of());
        }
        SequenceLaw.Comparison c = r.comparison();
        AcceptedLengthLaw law = r.acceptedLengthLaw();
        List<ExactValue> perLength = new ArrayList<>();
        for (BigFraction m : law.masses()) {
            perLength.add(ExactValue.of(m));
        }
        BigFraction zero = BigFraction.ZERO;
        SequenceMeasured measured = new SequenceMeasured(r.lossless(),
            ExactValue.of(r.lossless() ? zero : c.error().abs()), r.lossless() ? List.of() : c.worst(),
            ExactValue.of(r.lossless() ? zero : c.observed()), ExactValue.of(r.lossless() ? zero : c.expected()),
            ExactValue.of(r.expectedAccepted()), perLength);
        Map<String, Object> extras = new LinkedHashMap<>();
        if (optimum.value != null) {
            BigFraction gap = optimum.value.subtract(r.expectedAccepted());
            extras.put("optimum", ExactValue.of(optimum.value));
            extras.put("gap", ExactValue.of(gap));
            if (r.lossless() && gap.signum() < 0) {
                extras.put("gapError", "a lossless verifier exceeds the sequence optimum: the optimum or the"
                    + " verifier is wrong");
            }
        } else {
            extras.put("optimumUnavailable", optimum.unavailable);
        }
        return SchemeAudit.sequence(scheme.id(), draftProcess(instance), scheme.claimsLossless(),
            AuditVerdict.of(scheme.claimsLossless(), r.lossless()), Optional.of(measured), Optional.empty(), extras);
    }

    /** The scheme's reason not to apply; a scheme that throws while deciding is reported as not applicable. */
    private static Optional<String> notApplicable(SequenceScheme scheme, SequenceInstance instance) {
        try {
            return scheme.notApplicable(instance);
        } catch (RuntimeException e) {
            return Optional.of("deciding whether it applies failed: " + e);
        }
    }

    /** "chain", or the sibling process of a tree ("iid", "top-k", ...). */
    static String draftProcess(SequenceInstance instance) {
        return instance.isChain() ? "chain" : instance.siblings().id();
    }

    /** The exact optimum of an instance, or why it is unavailable. */
    private record Optimum(BigFraction value, String unavailable) {
    }

    private static Optimum optimum(SequenceInstance instance) {
        try {
            return new Optimum(SequenceOptimum.exact(instance), null);
        } catch (TooLargeException | InvalidInputException e) {
            return new Optimum(null, e.getMessage());
        }
    }

    /**
     * Audits a list that mixes token and sequence instances, in order, into one sink and one summary: instance i of
     * the list is instance i of the output whatever its kind. Token instances go through {@code tokens} (which may be
     * null when the list has none), sequence instances through this audit. Stops early, reporting {@code interrupted},
     * when the thread is interrupted.
     */
    public AuditSummary run(List<Item> items, Audit tokens, AuditSink sink, AuditListener listener,
                            AuditSummary summary) {
        Objects.requireNonNull(sink, "sink");
        boolean interrupted = false;
        try {
            for (int i = 0; i < items.size() && !interrupted; i++) {
                Item item = items.get(i);
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                if (item instanceof Token t) {
                    Objects.requireNonNull(tokens, "a token instance needs the token audit");
                    Reindexing one = new Reindexing(sink, i, summary);
                    tokens.run(List.of(t.instance()), 1, one, new AuditListener() {
                        @Override
                        public void started(int index, Instance instance,
                                            org.specverify.reference.scheme.Scheme scheme, int done, int total) {
                            listener.started(one.offset, instance, scheme, done, total);
                        }
                    }, new AuditSummary());
                    interrupted = !one.finished;
                } else {
                    InstanceAudit done = audit(i, ((Sequence) item).instance(), sink);
                    if (done == null) {
                        interrupted = true;
                    } else {
                        summary.add(done);
                    }
                }
                listener.work(i + 1, items.size());
            }
        } finally {
            listener.finished();
        }
        sink.finish(summary, interrupted);
        return summary;
    }

    /** Passes one token instance's rows on under its index in the mixed list, and counts it into the summary. */
    private static final class Reindexing implements AuditSink {
        private final AuditSink sink;
        private final int offset;
        private final AuditSummary summary;
        private boolean finished;

        Reindexing(AuditSink sink, int offset, AuditSummary summary) {
            this.sink = sink;
            this.offset = offset;
            this.summary = summary;
        }

        @Override
        public void row(int index, String instanceName, SchemeAudit row) {
            sink.row(offset + index, instanceName, row);
        }

        @Override
        public void instance(InstanceAudit i) {
            InstanceAudit moved = new InstanceAudit(offset + i.index(), i.name(), i.vocab(), i.k(),
                i.identicalDrafts(), i.schemes(), i.extras());
            summary.add(moved);
            sink.instance(moved);
            finished = true;
        }
    }
}
