package org.specverify.properties.exhaustive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.interpret.ExactLaw;
import org.specverify.reference.scheme.RecursiveRejectionSampling;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpeculativeSampling;
import org.specverify.reference.scheme.TypicalAcceptance;

class ExhaustiveCheckTest {
    @Test
    void theGridHasEveryCompositionOnce() {
        for (int v = 1; v <= 4; v++) {
            for (int n = 1; n <= 6; n++) {
                List<Distribution> laws = Grid.laws(v, n);
                assertEquals(Grid.count(v, n), laws.size(), "|V| = " + v + ", N = " + n);
                assertEquals(laws.size(), new HashSet<>(laws).size(), "duplicates at |V| = " + v + ", N = " + n);
            }
        }
        assertEquals(35, Grid.count(4, 4));
        assertThrows(InvalidInputException.class, () -> Grid.laws(0, 3));
    }

    @Test
    void countsChecksAndReportsTheLossyScheme() {
        ExhaustiveCheck.Config c = new ExhaustiveCheck.Config(List.of(2, 3), List.of(1, 2), 3, 2);
        List<Scheme> schemes = List.of(new SpeculativeSampling(), new RecursiveRejectionSampling(),
            new TypicalAcceptance());
        ExhaustiveCheck.Result r = ExhaustiveCheck.run(c, schemes, null, null);
        assertEquals(c.instances(), r.instances());
        long checked = 0;
        for (ExhaustiveCheck.SchemeResult s : r.schemes()) {
            checked += s.checked();
            assertEquals(c.instances(), s.checked() + s.notApplicable(), s.scheme.id());
        }
        assertEquals(checked, r.checks());
        assertEquals(0, r.failures(), "typical does not claim losslessness, so it does not fail the run");
        ExhaustiveCheck.SchemeResult typical = r.schemes().get(2);
        assertFalse(typical.lossless());
        assertTrue(typical.counterexample().isPresent());
        assertFalse(ExactLaw.of(typical.scheme.bind(typical.counterexample().get())).lossless(),
            "the shrunk counterexample still fails");
        assertTrue(r.schemes().get(0).lossless() && r.schemes().get(1).lossless());
        // sd applies at K = 1 only: half the instances
        assertEquals(c.instances() / 2, r.schemes().get(0).checked());
    }

    @Test
    void badConfigurationsAreRefused() {
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(1), List.of(1), 3, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(0), 3, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(1), 0, 1));
        assertThrows(InvalidInputException.class, () -> new ExhaustiveCheck.Config(List.of(2), List.of(1), 3, 0));
    }
}
