package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.draft.DraftProcess;
import org.specverify.reference.draft.DraftProcesses;
import org.specverify.reference.draft.IidDraft;

/** A scheme's decision on an instance, taken once: the reason, or the process built once and bound with. */
class ApplicabilityTest {
    private static final Distribution P = Distribution.parse("1/2", "1/4", "1/4");
    private static final Distribution Q = Distribution.parse("1/3", "2/3", "0");
    private final Schemes registry = Schemes.reference();

    /** A scheme with its own (custom) draft process: two iid drafts, built by the scheme and counted. */
    static final class OwnProcess extends SchemeBase {
        final AtomicInteger built = new AtomicInteger();

        OwnProcess() {
            super(define("own-process").description("emits p").drafts(DraftKind.CUSTOM).build());
        }

        @Override
        public DraftProcess draftProcess(Instance instance) {
            built.incrementAndGet();
            return new IidDraft(instance.draft(), instance.k());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> Outcome.emit("p", laws.target());
        }
    }

    @Test
    void theReasonIsTheOneOfNotApplicable() {
        Instance three = Instance.identical("three", P, Q, 3);
        Scheme wor = registry.get("rrs-wor");
        Applicability fit = wor.applicability(three);
        assertInstanceOf(Applicability.NotApplicable.class, fit);
        assertEquals(wor.notApplicable(three), fit.reason());
        assertEquals(Optional.empty(), wor.draftProcessFor(three));
    }

    @Test
    void theProcessIsBuiltOnceAndBoundWith() {
        Instance two = Instance.identical("two", P, Q, 2);
        Applicability.Applies fit = (Applicability.Applies) registry.get("greedy").applicability(two);
        DraftProcess process = fit.process();
        assertSame(process, fit.process());
        assertSame(process, fit.bind().draftProcess());
        assertSame(fit.bind(), fit.bind());
        assertEquals(DraftKind.GREEDY, process.kind());
    }

    @Test
    void schemesOfOneKindShareTheInstancesProcessUnlessTheyBuildTheirOwn() {
        Instance two = Instance.identical("two", P, Q, 2);
        DraftProcesses shared = new DraftProcesses(two);
        DraftProcess rrs = ((Applicability.Applies) registry.get("rrs").applicability(two, shared)).process();
        DraftProcess eq = ((Applicability.Applies) registry.get("equality-match").applicability(two, shared)).process();
        assertSame(rrs, eq);
        assertSame(rrs, shared.built(DraftKind.IID).orElseThrow());
        OwnProcess own = new OwnProcess();
        Applicability.Applies mine = (Applicability.Applies) own.applicability(two, shared);
        assertNotSame(rrs, mine.process());
        mine.bind();
        assertEquals(1, own.built.get(), "built once for applicability, process and bind");
        assertThrows(IllegalArgumentException.class,
            () -> registry.get("rrs").applicability(Instance.identical("other", P, Q, 2), shared));
    }

    /** A scheme written against the interface: its process is the one of its bound, bound once. */
    @Test
    void aPlainSchemeIsBoundOnce() {
        AtomicInteger binds = new AtomicInteger();
        Scheme sd = registry.get("sd");
        Scheme plain = new Scheme() {
            @Override
            public String id() {
                return "plain";
            }

            @Override
            public String description() {
                return "sd behind the interface";
            }

            @Override
            public String paper() {
                return "";
            }

            @Override
            public String draftProcess() {
                return "iid";
            }

            @Override
            public int minK() {
                return 1;
            }

            @Override
            public int maxK() {
                return 1;
            }

            @Override
            public boolean claimsLossless() {
                return true;
            }

            @Override
            public Optional<String> notApplicable(Instance instance) {
                return sd.notApplicable(instance);
            }

            @Override
            public Bound bind(Instance instance) {
                binds.incrementAndGet();
                return sd.bind(instance);
            }
        };
        Instance one = Instance.identical("one", P, Q, 1);
        Applicability.Applies fit = (Applicability.Applies) plain.applicability(one, new DraftProcesses(one));
        assertSame(fit.bind().draftProcess(), fit.process());
        assertEquals(1, binds.get());
    }
}
