package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.TooLargeException;

class ExactEnumeratorTest {
    @Test
    void twoDiceSumLaw() {
        Distribution die = Distribution.uniform(6);
        Map<Integer, BigFraction> law = ExactEnumerator.enumerate(c -> c.sample("die 1", die) + c.sample("die 2", die) + 2);
        assertEquals(11, law.size());
        assertEquals(BigFraction.of(1, 6), law.get(7));
        assertEquals(BigFraction.of(1, 36), law.get(12));
    }

    @Test
    void zeroProbabilityBranchesAreNeverRun() {
        Map<String, BigFraction> law = ExactEnumerator.enumerate(c -> {
            if (c.bernoulli("certain", BigFraction.ONE)) {
                return "certain";
            }
            throw new AssertionError("the zero-probability branch ran");
        });
        assertEquals(Map.of("certain", BigFraction.ONE), law);
        Map<Integer, BigFraction> cat = ExactEnumerator.enumerate(
            c -> c.choose("one positive weight", List.of(BigFraction.ZERO, BigFraction.of(2), BigFraction.ZERO)));
        assertEquals(Map.of(1, BigFraction.ONE), cat);
    }

    @Test
    void dependentChoicesAreReplayedConsistently() {
        // geometric-like: flip until heads, at most 4 flips
        Map<Integer, BigFraction> law = ExactEnumerator.enumerate(c -> {
            int n = 1;
            while (n < 4 && !c.bernoulli("heads", BigFraction.of(1, 3))) {
                n++;
            }
            return n;
        });
        assertEquals(BigFraction.of(1, 3), law.get(1));
        assertEquals(BigFraction.of(2, 9), law.get(2));
        assertEquals(BigFraction.of(4, 27), law.get(3));
        assertEquals(BigFraction.of(8, 27), law.get(4));
    }

    @Test
    void tooManyLeavesIsRefused() {
        Distribution d = Distribution.uniform(10);
        TooLargeException e = assertThrows(TooLargeException.class,
            () -> ExactEnumerator.enumerate(c -> c.sample("x", d) * 100 + c.sample("y", d), 50));
        assertTrue(e.getMessage().contains("exceeds 50 leaves"), e.getMessage());
    }

    @Test
    void invalidProbabilitiesAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class,
            () -> ExactEnumerator.enumerate(c -> c.bernoulli("p", BigFraction.of(3, 2))));
        assertThrows(IllegalArgumentException.class,
            () -> ExactEnumerator.enumerate(c -> c.choose("w", List.of(BigFraction.ZERO))));
    }
}
