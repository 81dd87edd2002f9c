package org.specverify.reference.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Distribution;
import org.specverify.reference.Instance;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Schemes;

/**
 * What each scheme does at u = 0 and u = 1 ({@link Uniforms#BOUNDARY}); in the default mode both are refused. The
 * expected behaviour is written out per scheme, so a change shows up here.
 */
class BoundaryUniformsTest {
    /** p = q = (1/2, 1/2, 0): every accept ratio is exactly 1, token 2 has zero mass everywhere. */
    private static final Instance EQUAL = Instance.identical("p = q", Distribution.parse("1/2", "1/2", "0"),
        Distribution.parse("1/2", "1/2", "0"), 1);

    private static String outcome(Scheme.Bound b, int[] drafts, double u) {
        double[] all = new double[8];
        java.util.Arrays.fill(all, u);
        try {
            UniformDriven.Decision d = UniformDriven.verify(b, drafts, all, Uniforms.BOUNDARY);
            return "token " + d.output() + (d.acceptedDraft() >= 0 ? " accepted" : " from the final draw");
        } catch (NoToken e) {
            return e.getMessage().contains("empty") ? "empty residual" : "no token";
        }
    }

    /** u = 0: every accept test u·q &lt; p accepts a draft of positive target mass; a zero-mass token is never output. */
    @Test
    void atZeroEveryPositiveDraftIsAcceptedAndZeroMassNever() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Scheme s : Schemes.reference().all()) {
            // the Gumbel-coupled schemes read the draft's race noise, not verifier uniforms alone
            if (s.notApplicable(EQUAL).isPresent() || s instanceof org.specverify.reference.scheme.RaceCoupling) {
                continue;
            }
            Scheme.Bound b = s.bind(EQUAL);
            String o = outcome(b, b.draftProcess().law().keySet().iterator().next().tokens(), 0.0);
            seen.put(s.id(), o);
            assertTrue(!o.startsWith("token 2"), s.id() + " output a zero-mass token at u = 0: " + o);
        }
        assertEquals("token 0 accepted", seen.get("sd"));
        assertEquals("token 0 accepted", seen.get("rrs"));
    }

    /**
     * u = 1: sd on p = q rejects (1·q &lt; p is false) and its residual (p − q)+ is empty: the boundary uniform breaks
     * the scheme, which uniforms in (0, 1) never do. A categorical draw at u = 1 has no cell.
     */
    @Test
    void atOneSdRejectsAnEqualDraftAndHasNoResidual() {
        Scheme.Bound sd = Schemes.reference().get("sd").bind(EQUAL);
        assertEquals("empty residual", outcome(sd, new int[] {0}, 1.0));
        Scheme.Bound em = Schemes.reference().get("equality-match").bind(EQUAL);
        assertEquals("no token", outcome(em, new int[] {0}, 1.0), "u*W = W is past the last cell");
        assertThrows(org.specverify.reference.InvalidInputException.class,
            () -> UniformDriven.verify(sd, new int[] {0}, new double[] {1.0, 0.5}), "refused by default");
        assertThrows(org.specverify.reference.InvalidInputException.class,
            () -> UniformDriven.verify(sd, new int[] {0}, new double[] {0.0, 0.5}), "refused by default");
    }

    /**
     * u = 1 with K = 2 on p = q: the first draft is rejected and the residual (p − q)+ is empty before the second accept
     * test, whose ratio p_2/q would divide by a zero total. That is "no token" (an empty residual), in the exact and in
     * the certified interpretation alike, never an arithmetic error.
     */
    @Test
    void atOneAnEmptyResidualBeforeTheNextDraftIsNoToken() {
        Instance two = EQUAL.withK(2);
        for (String id : new String[] {"rrs", "kseq"}) {
            Scheme.Bound b = Schemes.reference().get(id).bind(two);
            assertEquals("empty residual", outcome(b, new int[] {0, 1}, 1.0), id);
            double[] ones = {1.0, 1.0, 1.0, 1.0};
            NoToken e = assertThrows(NoToken.class,
                () -> CertifiedDecision.of(b, new int[] {0, 1}, i -> ones[i], ones.length, Uniforms.BOUNDARY), id);
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
        }
    }
}
