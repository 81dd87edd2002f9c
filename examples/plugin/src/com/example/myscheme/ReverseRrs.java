package com.example.myscheme;

import org.specverify.reference.arith.Measure;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.Outcome;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;

/** rrs verifying the drafts last to first: the scheme of WriteYourOwnSchemeExamples, as a plugin. */
public final class ReverseRrs extends SchemeBase {
    public ReverseRrs() {
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
