package org.specverify.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.specverify.reference.draft.DraftKind;
import org.specverify.reference.scheme.Laws;
import org.specverify.reference.scheme.SchemeBase;
import org.specverify.reference.scheme.Verifier;
import org.specverify.reference.sequence.SiblingProcess;
import org.specverify.reference.sequence.scheme.SequenceSchemeBase;
import org.specverify.reference.sequence.scheme.SequenceVerifier;
import org.specverify.reference.sequence.scheme.StepLaws;

/** The declaration both scheme bases share: the builder's defaults and steps, the refusals, the answers. */
class DeclaredSchemeTest {
    static SchemeBase token(SchemeBase.Definition d) {
        return new SchemeBase(d) {
            @Override
            protected <S> Verifier<S> verifier(Laws<S> laws) {
                throw new UnsupportedOperationException("never run");
            }
        };
    }

    static SequenceSchemeBase sequence(SequenceSchemeBase.Definition d) {
        return new SequenceSchemeBase(d) {
            @Override
            public <S> SequenceVerifier<S> verifier(StepLaws<S> laws) {
                throw new UnsupportedOperationException("never run");
            }
        };
    }

    @Test
    void defaultsAreAnEmptyDescriptionAndPaperAndALosslessClaim() {
        SchemeBase t = token(SchemeBase.define("t").build());
        assertEquals("t", t.id());
        assertEquals("", t.description());
        assertEquals("", t.paper());
        assertTrue(t.claimsLossless());
        assertEquals(1, t.minK());
        assertEquals(Integer.MAX_VALUE, t.maxK());
        assertEquals("iid", t.draftProcess());
        SequenceSchemeBase s = sequence(SequenceSchemeBase.define("s").build());
        assertEquals("s", s.id());
        assertEquals("", s.description());
        assertEquals("", s.paper());
        assertTrue(s.claimsLossless());
        assertFalse(s.definition().chainsOnly());
        assertEquals("trees with iid siblings", s.appliesTo());
    }

    @Test
    void theSharedStepsChainWithTheBaseOwnSteps() {
        SchemeBase t = token(SchemeBase.define("t-2").description("d").paper("p").lossless(false).k(2, 3)
            .drafts(DraftKind.WITHOUT_REPLACEMENT).build());
        assertEquals(new SchemeBase.Definition("t-2", "d", "p", 2, 3, false,
            java.util.Set.of(DraftKind.WITHOUT_REPLACEMENT), t.parameters()), t.definition());
        assertEquals("d", t.description());
        assertEquals("p", t.paper());
        assertFalse(t.claimsLossless());
        SequenceSchemeBase s = sequence(SequenceSchemeBase.define("s.2").description("d").paper("p").lossless(false)
            .chainsOnly().build());
        assertEquals(new SequenceSchemeBase.Definition("s.2", "d", "p", false, true,
            java.util.Set.of(SiblingProcess.IID)), s.definition());
        assertEquals("s.2", s.toString());
    }

    @Test
    void badIdsAndMissingPartsAreRefusedNamingTheKind() {
        IllegalArgumentException token = assertThrows(IllegalArgumentException.class,
            () -> SchemeBase.define("a b").build());
        assertEquals("scheme id 'a b': use letters, digits, '.', '_' and '-'", token.getMessage());
        IllegalArgumentException seq = assertThrows(IllegalArgumentException.class,
            () -> SequenceSchemeBase.define("-x").build());
        assertEquals("sequence scheme id '-x': use letters, digits, '.', '_' and '-'", seq.getMessage());
        assertEquals("id", assertThrows(NullPointerException.class, () -> SchemeBase.define(null).build())
            .getMessage());
        assertEquals("description", assertThrows(NullPointerException.class,
            () -> SequenceSchemeBase.define("x").description(null).build()).getMessage());
        assertEquals("paper", assertThrows(NullPointerException.class,
            () -> SchemeBase.define("x").paper(null).build()).getMessage());
        assertEquals("definition", assertThrows(NullPointerException.class, () -> token(null)).getMessage());
        assertEquals("definition", assertThrows(NullPointerException.class, () -> sequence(null)).getMessage());
    }
}
