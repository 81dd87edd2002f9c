package org.specverify.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/**
 * The audit decides each row once: per (instance, scheme) row it asks the scheme whether it applies once and builds
 * its draft process once, through the size estimate, the progress estimate, the binding and the optimum of the
 * scheme's draft law.
 */
class DecideOncePerRowTest {
    /** A lossless scheme (it emits from p) that counts its applicability checks and its process constructions. */
    static final class Counting extends SchemeBase {
        final AtomicInteger decisions = new AtomicInteger();
        final AtomicInteger constructions = new AtomicInteger();

        Counting(String id, DraftKind kind) {
            super(define(id).description("counts what the audit asks").lossless(true).drafts(kind).build());
        }

        @Override
        protected Optional<String> whyNotApplicable(Instance instance) {
            decisions.incrementAndGet();
            return Optional.empty();
        }

        @Override
        public DraftProcess draftProcess(Instance instance) {
            constructions.incrementAndGet();
            return super.draftProcess(instance);
        }

        @Override
        protected <S> Verifier<S> verifier(org.specverify.reference.scheme.Laws<S> laws) {
            return (draws, drafts) -> org.specverify.reference.scheme.Outcome.emit("p", laws.target());
        }
    }

    private static List<Instance> instances() {
        Distribution p = Distribution.parse("1/2", "1/4", "1/8", "1/8");
        List<Instance> out = new ArrayList<>();
        out.add(Instance.identical("a", p, Distribution.parse("1/4", "1/4", "1/4", "1/4"), 2));
        out.add(Instance.identical("b", p, Distribution.parse("3/8", "3/8", "1/4", "0"), 3));
        return out;
    }

    /** A list of instances (decided up front, for the progress estimate). */
    @Test
    void eachRowIsDecidedOnceAndItsProcessBuiltOnce() {
        check(false);
    }

    /** Instances streamed one at a time (decided as each row is reached). */
    @Test
    void eachStreamedRowIsDecidedOnceAndItsProcessBuiltOnce() {
        check(true);
    }

    private static void check(boolean streamed) {
        List<Counting> schemes = new ArrayList<>();
        for (DraftKind kind : new DraftKind[] {DraftKind.IID, DraftKind.WITHOUT_REPLACEMENT, DraftKind.GREEDY,
                DraftKind.DETERMINISTIC}) {
            schemes.add(new Counting("count-" + kind.id(), kind));
        }
        List<Instance> instances = instances();
        Audit audit = Audit.of(new ArrayList<Scheme>(schemes)).with(new OptimalityExtension());
        AuditResult result;
        if (streamed) {
            AuditSink.Collecting sink = new AuditSink.Collecting();
            Iterable<Instance> stream = instances::iterator;
            audit.run(stream, -1, sink, AuditListener.NONE);
            result = sink.result();
        } else {
            result = audit.run(instances);
        }
        assertEquals(instances.size() * schemes.size(), result.rows().size());
        for (AuditResult.Row r : result.rows()) {
            assertTrue(r.scheme().verdict().isChecked(), r.instance().name() + "/" + r.scheme().id() + ": "
                + r.scheme().reason());
        }
        for (Counting s : schemes) {
            System.out.println((streamed ? "streamed " : "list ") + s.id() + ": " + s.decisions.get() + " applicability checks, " + s.constructions.get()
                + " process constructions for " + instances.size() + " rows");
            assertEquals(instances.size(), s.decisions.get(), s.id() + ": applicability checks");
            assertEquals(instances.size(), s.constructions.get(), s.id() + ": process constructions");
        }
    }

    /**
     * Schemes of one draft kind share the instance's process (one per kind and instance), and the optimum of each
     * draft law is computed once per instance: by the first scheme row of its kind, reused by the other rows and by the
     * instance's list of optima.
     */
    @Test
    void schemesOfOneKindShareOneProcessAndOneOptimum() {
        org.specverify.reference.scheme.Schemes registry = org.specverify.reference.scheme.Schemes.reference();
        Instance instance = instances().get(0);
        org.specverify.reference.draft.DraftProcesses shared =
            new org.specverify.reference.draft.DraftProcesses(instance);
        DraftProcess rrs = ((org.specverify.reference.scheme.Applicability.Applies)
            registry.get("rrs").applicability(instance, shared)).process();
        DraftProcess kseq = ((org.specverify.reference.scheme.Applicability.Applies)
            registry.get("kseq").applicability(instance, shared)).process();
        org.junit.jupiter.api.Assertions.assertSame(rrs, kseq, "rrs and kseq share the iid process");
        DraftProcess greedy = ((org.specverify.reference.scheme.Applicability.Applies)
            registry.get("greedy").applicability(instance, shared)).process();
        org.junit.jupiter.api.Assertions.assertSame(greedy, shared.get(DraftKind.GREEDY));

        OptimalityExtension optimality = new OptimalityExtension();
        AuditResult result = Audit.of(registry).with(optimality).run(List.of(instance));
        int kinds = DraftKind.applicableTo(instance).size();
        assertEquals(kinds, ((java.util.Map<?, ?>) result.instances().get(0).extras().get("optima")).size());
        // plus one per applicable scheme with its own (custom) draft process: gls's race drafts
        long custom = registry.all().stream().filter(s -> s.draftProcess().equals(DraftKind.CUSTOM.id())
            && s.notApplicable(instance).isEmpty()).count();
        assertEquals(kinds + custom, optimality.solves(), "one optimum per draft law of the instance");
    }
}
