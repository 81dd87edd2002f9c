package org.specverify.reference.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.specverify.reference.InvalidInputException;

class SchemesTest {
    @Test
    void registryHoldsEverySchemeOnce() {
        List<String> ids = Schemes.reference().all().stream().map(Scheme::id).collect(Collectors.toList());
        assertEquals(List.of("sd", "rrs", "rrs-wor", "kseq", "spechub", "greedy", "deterministic", "equality-match",
            "typical", "canonical-is", "ot-plan", "gumbel", "gls"), ids);
        for (Scheme s : Schemes.reference().all()) {
            assertEquals(s.id().equals("typical"), !s.claimsLossless(), s.id());
            assertFalse(s.paper().isBlank(), s.id());
            assertTrue(s.minK() >= 1 && s.maxK() >= s.minK(), s.id());
        }
    }

    @Test
    void unknownIdNamesTheKnownOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Schemes.reference().get("nope"));
        assertTrue(e.getMessage().contains("unknown scheme 'nope'") && e.getMessage().contains("kseq"),
            e.getMessage());
    }

    @Test
    void replacingKeepsOrder() {
        Schemes s = Schemes.reference().replacing(new OtPlanVerifier());
        assertEquals(13, s.all().size());
        assertEquals("ot-plan", s.all().get(10).id());
    }
}
