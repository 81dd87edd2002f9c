package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/** Decision traces: one entry per uniform, the comparison actually made, exact sides, choice and margins. */
class TraceTest {
    private static Scheme.Bound bind(String scheme, Instance inst) {
        return Schemes.reference().get(scheme).bind(inst);
    }

    /**
     * An accept at p/q = 3 is measured on u·q &lt; p: margin p − u·q and relative margin 3 − u (the clamped
     * min(1, p/q) would have reported the near-tie 1 − u).
     */
    @Test
    void acceptTestIsMeasuredOnTheComparisonMade() {
        Instance inst = Instance.identical("p/q = 3", Distribution.parse("3/4", "1/4"), Distribution.parse("1/4", "3/4"),
            1);
        double u = 0.999;
        UniformDriven.Decision d = UniformDriven.verify(bind("sd", inst), new int[] {0}, new double[] {u, 0.5});
        assertEquals(0, d.output());
        assertEquals(1, d.trace().size(), "accepted: one draw");
        Draw t = d.trace().get(0);
        BigFraction ue = Fractions.ofDouble(u);
        assertEquals(Draw.Kind.ACCEPT_TEST, t.kind());
        assertEquals("u*q < p", t.comparison());
        assertEquals(0, t.index());
        assertEquals(ue, t.uniform());
        assertEquals(ue.multiply(BigFraction.of(1, 4)), t.left());
        assertEquals(BigFraction.of(3, 4), t.right());
        assertEquals(1, t.chosen());
        assertEquals(BigFraction.of(3, 4).subtract(ue.multiply(BigFraction.of(1, 4))), t.margin());
        assertEquals(BigFraction.of(3).subtract(ue), t.relativeMargin());
        assertEquals(t.relativeMargin(), d.margin());
        assertNull(t.target());
    }

    /** A rejection and the residual draw: two entries, the second with its cell bounds and target u·W. */
    @Test
    void residualDrawRecordsItsCell() {
        Instance inst = Instance.identical("sd", Distribution.parse("1/2", "1/4", "1/4"),
            Distribution.parse("3/4", "0", "1/4"), 1);
        UniformDriven.Decision d = UniformDriven.verify(bind("sd", inst), new int[] {0}, new double[] {0.9, 0.75});
        assertEquals(-1, d.acceptedDraft());
        List<Draw> trace = d.trace();
        assertEquals(2, trace.size());
        assertEquals(0, trace.get(0).chosen(), "rejected: 0.9 * 3/4 >= 1/2");
        Draw r = trace.get(1);
        assertEquals(Draw.Kind.FINAL, r.kind());
        assertEquals(1, r.index());
        // residual (p - q)+ = (0, 1/4, 0), unnormalised: the only cell is token 1, [0, 1/4)
        assertEquals(1, r.chosen());
        assertEquals(1, d.output());
        assertEquals(BigFraction.ZERO, r.left());
        assertEquals(BigFraction.of(1, 4), r.right());
        assertEquals(Fractions.ofDouble(0.75).multiply(BigFraction.of(1, 4)), r.target());
        assertEquals(BigFraction.of(1, 4), r.relativeMargin(), "min(0.75, 0.25) of the cell, in units of W");
        assertEquals(2, d.uniformsConsumed());
    }

    /** rrs: K accept tests in draft order, each on the residual of the previous step. */
    @Test
    void rrsTraceHasOneTestPerRejectedDraft() {
        Instance inst = Instance.identical("rrs", Distribution.parse("1/2", "1/2"), Distribution.parse("1/4", "3/4"), 3);
        UniformDriven.Decision d = UniformDriven.verify(bind("rrs", inst), new int[] {1, 1, 0},
            new double[] {0.99, 0.99, 0.99, 0.5});
        List<Draw> trace = d.trace();
        assertTrue(trace.size() >= 2);
        for (int i = 0; i < trace.size(); i++) {
            assertEquals(i, trace.get(i).index());
        }
        assertEquals(Draw.Kind.ACCEPT_TEST, trace.get(0).kind());
        assertTrue(trace.get(0).what().contains("draft 0 (token 1)"), trace.get(0).what());
    }

    /** Too few uniforms, or one outside (0, 1), is bad input naming the index. */
    @Test
    void uniformsAreChecked() {
        Instance inst = Instance.identical("sd", Distribution.parse("1/2", "1/2"), Distribution.parse("3/4", "1/4"), 1);
        Scheme.Bound b = bind("sd", inst);
        assertThrows(org.specverify.reference.InvalidInputException.class,
            () -> UniformDriven.verify(b, new int[] {0}, new double[] {0.9}));
        org.specverify.reference.InvalidInputException e = assertThrows(
            org.specverify.reference.InvalidInputException.class,
            () -> UniformDriven.verify(b, new int[] {0}, new double[] {0.9, 1.0}));
        assertTrue(e.getMessage().contains("verifier uniform 1"), e.getMessage());
    }
}
