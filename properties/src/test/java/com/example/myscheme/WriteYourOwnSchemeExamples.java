package com.example.myscheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.specverify.audit.Audit;
import org.specverify.audit.AuditResult;
import org.specverify.audit.AuditVerdict;
import org.specverify.audit.OptimalityExtension;
import org.specverify.audit.io.InstanceReader;
import org.specverify.properties.SchemeContract;
import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/**
 * Writing a scheme outside the project (README, "Write your own scheme"): recursive rejection sampling that verifies
 * the drafts last to first. The order does not depend on the tokens, so it is lossless; the audit and the contract
 * say so. The scheme is the first 24 lines of the class body.
 */
class WriteYourOwnSchemeExamples {
    /** rrs, drafts verified in reverse order. */
    static final class ReverseRrs extends SchemeBase {
        ReverseRrs() {
            super(define("reverse-rrs").description("rrs verifying the drafts last to first").paper("example")
                .lossless(true).drafts(DraftKind.IID, DraftKind.INDEPENDENT).build());
        }

        @Override
        protected <S> Verifier<S> verifier(Laws<S> laws) {
            return (draws, drafts) -> {
                Measure<S> pk = laws.target();
                for (int k = drafts.length - 1; k >= 0; k--) {
                    Measure<S> qk = laws.draft(k);
                    if (draws.accept(k, drafts[k], qk.probability(drafts[k]), pk.probability(drafts[k]))) {
                        return Outcome.accept(k, drafts[k]);
                    }
                    pk = pk.residual(qk);
                }
                return Outcome.emit("residual", pk);
            };
        }
    }

    /** The audit of the built-in cases: every applicable row lossless, at or below the optimum of its draft law. */
    @Test
    void auditTheBuiltInCases() {
        AuditResult r = Audit.of(List.of(new ReverseRrs())).with(new OptimalityExtension())
            .run(InstanceReader.builtin());
        assertEquals(0, r.exitCode());
        assertTrue(r.rows().stream().allMatch(row -> row.scheme().verdict() == AuditVerdict.LOSSLESS
            || row.scheme().verdict() == AuditVerdict.NOT_APPLICABLE), r.rows().toString());
    }

    /** The contract every scheme's suite implements, run on the new scheme. */
    @Nested
    class Contract implements SchemeContract {
        @Override
        public Scheme scheme() {
            return new ReverseRrs();
        }
    }
}
