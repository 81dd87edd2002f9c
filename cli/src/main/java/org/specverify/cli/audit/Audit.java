package org.specverify.cli.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.specverify.reference.Instance;
import org.specverify.reference.interpret.ExactEnumerator;
import org.specverify.reference.interpret.ExactLaw;
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

    private Audit(List<Scheme> schemes, List<AuditExtension> extensions) {
        if (schemes.isEmpty()) {
            throw new IllegalArgumentException("an audit needs at least one scheme");
        }
        this.schemes = List.copyOf(schemes);
        this.extensions = List.copyOf(extensions);
    }

    /** An audit of the given schemes, in the given order. */
    public static Audit of(List<Scheme> schemes) {
        return new Audit(schemes, List.of());
    }

    /** An audit of every scheme of a registry, in registry order. */
    public static Audit of(Schemes registry) {
        return of(registry.all());
    }

    /** This audit with one more extension (run after the earlier ones). */
    public Audit with(AuditExtension extension) {
        List<AuditExtension> list = new ArrayList<>(extensions);
        list.add(Objects.requireNonNull(extension, "extension"));
        return new Audit(schemes, list);
    }

    public List<Scheme> schemes() {
        return schemes;
    }

    public AuditResult run(List<Instance> instances) {
        return run(instances, AuditListener.NONE);
    }

    /** Audits every instance with every scheme, reporting progress to the listener. */
    public AuditResult run(List<Instance> instances, AuditListener listener) {
        List<InstanceAudit> out = new ArrayList<>();
        int total = instances.size() * schemes.size();
        int done = 0;
        try {
            for (int i = 0; i < instances.size(); i++) {
                Instance instance = instances.get(i);
                List<SchemeAudit> rows = new ArrayList<>();
                for (Scheme scheme : schemes) {
                    listener.started(i, instance, scheme, done, total);
                    rows.add(audit(instance, scheme));
                    done++;
                }
                Map<String, Object> extras = new LinkedHashMap<>();
                for (AuditExtension e : extensions) {
                    extras.putAll(e.instanceFields(instance, rows));
                }
                out.add(new InstanceAudit(i, instance.name(), instance.vocab(), instance.k(),
                    instance.identicalDrafts(), rows, extras));
            }
        } finally {
            listener.finished();
        }
        return new AuditResult(out);
    }

    /** One scheme on one instance. */
    public SchemeAudit audit(Instance instance, Scheme scheme) {
        Optional<String> why = scheme.notApplicable(instance);
        if (why.isPresent()) {
            return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                AuditVerdict.NOT_APPLICABLE, Optional.empty(), why, Map.of());
        }
        Optional<String> tooLarge = tooLarge(instance, scheme);
        if (tooLarge.isPresent()) {
            return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                AuditVerdict.TOO_LARGE, Optional.empty(), tooLarge, Map.of());
        }
        Scheme.Bound bound;
        ExactLaw law;
        try {
            bound = scheme.bind(instance);
            law = ExactLaw.of(bound);
        } catch (IllegalStateException e) {
            if (isEnumerationLimit(e)) {
                return new SchemeAudit(scheme.id(), scheme.draftProcess(), scheme.claimsLossless(),
                    AuditVerdict.TOO_LARGE, Optional.empty(), Optional.of(e.getMessage()), Map.of());
            }
            return failed(scheme, e);
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
     * Refuses at once what the exact enumerator would refuse only after exploring its whole leaf budget (minutes): every
     * draft tuple of positive probability is at least one leaf, so more tuples than {@link
     * ExactEnumerator#DEFAULT_MAX_LEAVES} cannot be enumerated. Counted from the instance for the reference's draft
     * processes; other processes are not pre-checked.
     */
    static Optional<String> tooLarge(Instance instance, Scheme scheme) {
        Optional<BigInteger> tuples = draftTupleCount(instance, scheme.draftProcess());
        BigInteger limit = BigInteger.valueOf(ExactEnumerator.DEFAULT_MAX_LEAVES);
        if (tuples.isPresent() && tuples.get().compareTo(limit) > 0) {
            return Optional.of("the draft process has " + tuples.get() + " draft tuples, beyond the exact enumerator's"
                + " limit of " + limit + " leaves; use a smaller vocabulary or K");
        }
        return Optional.empty();
    }

    /** The number of draft tuples of positive probability, when the process is one of the reference's. */
    public static Optional<BigInteger> draftTupleCount(Instance instance, String declaredProcess) {
        int k = instance.k();
        String process = declaredProcess;
        if (process.equals("iid|independent")) {
            process = instance.identicalDrafts() ? "iid" : "independent";
        }
        switch (process) {
            case "iid":
            case "independent": {
                BigInteger n = BigInteger.ONE;
                for (int i = 0; i < k; i++) {
                    n = n.multiply(BigInteger.valueOf(instance.draft(i).supportSize()));
                }
                return Optional.of(n);
            }
            case "without-replacement": {
                if (!instance.identicalDrafts()) {
                    return Optional.empty();
                }
                int support = instance.draft().supportSize();
                BigInteger n = BigInteger.ONE;
                for (int i = 0; i < k; i++) {
                    n = n.multiply(BigInteger.valueOf(Math.max(0, support - i)));
                }
                return Optional.of(n);
            }
            default:
                return Optional.empty();
        }
    }

    private static boolean isEnumerationLimit(IllegalStateException e) {
        return e.getMessage() != null && e.getMessage().startsWith("exact enumeration exceeds");
    }
}
