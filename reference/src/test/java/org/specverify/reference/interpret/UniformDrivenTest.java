package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.random.Draws;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.SpeculativeSampling;

class UniformDrivenTest {
    @Test
    void bernoulliIsStrictAndReportsMargin() {
        UniformDraws<BigFraction> c = UniformDraws.exact(new double[] {0.5, 0.25}, Draws.VERIFY);
        assertFalse(c.bernoulli("coin", BigFraction.of(1, 2)), "u = p must reject (strict u < p)");
        assertEquals(BigFraction.ZERO, c.margin());
        assertTrue(c.bernoulli("coin", BigFraction.of(1, 2)));
        assertEquals(2, c.consumed());
    }

    @Test
    void categoricalNeverReturnsZeroWeightAndMeasuresDistanceToBoundary() {
        List<BigFraction> w = List.of(BigFraction.of(1, 4), BigFraction.ZERO, BigFraction.of(3, 4));
        UniformDraws<BigFraction> at = UniformDraws.exact(new double[] {0.25}, Draws.VERIFY);
        assertEquals(2, at.choose("w", w), "u on the boundary F_0 goes to the next positive cell, never token 1");
        UniformDraws<BigFraction> mid = UniformDraws.exact(new double[] {0.125}, Draws.VERIFY);
        assertEquals(0, mid.choose("w", w));
        assertEquals(BigFraction.of(1, 8), mid.margin());
    }

    @Test
    void uniformsOutsideTheOpenIntervalAreRefused() {
        for (double bad : new double[] {0.0, 1.0, -0.5, Double.NaN}) {
            UniformDraws<BigFraction> c = UniformDraws.exact(new double[] {bad}, Draws.VERIFY);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> c.bernoulli("coin", BigFraction.ONE));
            assertTrue(e.getMessage().contains("open interval (0, 1)"), e.getMessage());
        }
        UniformDraws<BigFraction> empty = UniformDraws.exact(new double[0], Draws.VERIFY);
        assertThrows(InvalidInputException.class, () -> empty.bernoulli("coin", BigFraction.ONE));
    }

    /** sd on p = (1/2, 1/2), q = (3/4, 1/4): draft 0 is accepted iff u < 2/3; the margin is |u - 2/3|. */
    @Test
    void sdDecisionMatchesThreshold() {
        Instance inst = Instance.identical("sd", Distribution.parse("1/2", "1/2"), Distribution.parse("3/4", "1/4"), 1);
        Scheme.Bound b = new SpeculativeSampling().bind(inst);
        UniformDriven.Decision accept = UniformDriven.verify(b, new int[] {0}, new double[] {0.6, 0.5});
        assertEquals(0, accept.output());
        assertEquals(0, accept.acceptedDraft());
        assertEquals(BigFraction.of(2, 3).subtract(Fractions.ofDouble(0.6)), accept.margin());
        UniformDriven.Decision reject = UniformDriven.verify(b, new int[] {0}, new double[] {0.7, 0.5});
        assertEquals(1, reject.output(), "the residual norm((p-q)+) is the point mass on token 1");
        assertEquals(-1, reject.acceptedDraft());
        assertEquals(2, reject.uniformsConsumed(), "every draw consumes one uniform, even a certain one");
    }
}
