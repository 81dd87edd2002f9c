package org.specverify.properties.schemes;

import org.specverify.properties.SchemeProperties;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.KSeq;
import org.specverify.properties.SchemeContract;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.specverify.reference.Fractions;
import org.specverify.reference.Instance;
import org.specverify.reference.Tolerance;
import org.specverify.reference.interpret.ExactLaw;

class KSeqTest implements SchemeContract {
    @Override
    public Scheme scheme() {
        return new KSeq();
    }

    /** Law: K-SEQ accepts at least (1 − 1/e)·α*(p, Q) (checked with 1 − 1/e rounded up, which is stronger). */
    @Override
    public java.util.List<SchemeProperties.Property> schemeLaws() {
        return java.util.List.of(SchemeProperties.atLeastFractionOfOptimum("(1-1/e)",
            SchemeProperties.ONE_MINUS_ONE_OVER_E_UP));
    }

    /**
     * Law: acceptance by a test is exactly 1 - (1 - β(ρ))^K at the ρ used. Membership acceptance is at least that and
     * exceeds it by at most 1 - c/ρ: above ρ* the residual keeps mass p(x)(1 - c/ρ)/(1-β)^K on tokens with
     * q(x) ≥ p(x)/ρ, which may be drafts. (At ρ* itself c = ρ and the two agree; ρ* is irrational in general.)
     */
    @Test
    void testAcceptanceIsOneMinusOneMinusBetaToTheK() {
        for (Instance i : applicableInstances()) {
            BigFraction rho = KSeq.rho(i.target(), i.draft(), i.k());
            BigFraction b = KSeq.beta(i.target(), i.draft(), rho);
            BigFraction closed = BigFraction.ONE.subtract(BigFraction.ONE.subtract(b).pow(i.k()));
            ExactLaw law = ExactLaw.of(scheme().bind(i));
            assertEquals(closed, law.testAcceptance(), i.name() + ": test acceptance vs 1 - (1-beta)^K (exact)");
            BigFraction slack = b.signum() == 0 ? BigFraction.ZERO : BigFraction.ONE.subtract(closed.divide(b).divide(rho));
            BigFraction excess = law.acceptance().subtract(law.testAcceptance());
            assertTrue(excess.signum() >= 0 && Fractions.compare(excess, slack) <= 0, i.name() + ": membership - test = "
                + excess.doubleValue() + " outside [0, 1 - c/rho = " + slack.doubleValue() + "]");
        }
    }

    /**
     * Law: the ρ used lies in [1, K], is valid exactly (c ≤ ρ), and is within the root finder's accuracy of the
     * smallest valid ρ: ρ - 1e-12 is invalid unless ρ = 1.
     */
    @Test
    void rhoIsValidAndNearlySmallest() {
        Tolerance tol = Tolerance.absolute(1e-12);
        for (Instance i : applicableInstances()) {
            BigFraction rho = KSeq.rho(i.target(), i.draft(), i.k());
            assertTrue(Fractions.compare(rho, BigFraction.ONE) >= 0 && Fractions.compare(rho, BigFraction.of(i.k())) <= 0,
                i.name() + ": rho " + rho.doubleValue());
            assertTrue(KSeq.valid(i.target(), i.draft(), i.k(), rho), i.name() + ": rho invalid");
            if (!rho.equals(BigFraction.ONE)) {
                BigFraction below = rho.subtract(Fractions.ofDouble(1e-12));
                assertFalse(KSeq.valid(i.target(), i.draft(), i.k(), below), i.name() + ": rho " + rho.doubleValue()
                    + " is not the smallest valid rho within " + tol);
            }
        }
    }

    /**
     * Law: when p is within rounding of q (here 1e-20) the double root finder sees no sign change; ρ then comes from
     * exact bisection and is still valid, and the scheme is still exactly lossless.
     */
    @Test
    void nearIdenticalTargetAndDraftStillBind() {
        org.specverify.reference.Distribution q = org.specverify.reference.Distribution.parse("2/5", "1/5", "3/10", "1/10");
        org.specverify.reference.Distribution p = org.specverify.reference.Distribution.parse(
            "0.40000000000000000001", "0.19999999999999999999", "0.3", "0.1");
        Instance inst = Instance.identical("near p=q", p, q, 2);
        BigFraction rho = KSeq.rho(p, q, 2);
        assertTrue(KSeq.valid(p, q, 2, rho));
        assertTrue(ExactLaw.of(scheme().bind(inst)).lossless());
    }

    /** Law: ρ* = 1 exactly when p = q (β(1) = 1) or the supports are disjoint (β ≡ 0, every ρ valid). */
    @Test
    void rhoIsOneForEqualLawsAndDisjointSupports() {
        org.specverify.reference.Distribution p = org.specverify.reference.Distribution.parse("0.7", "0.2", "0.1", "0");
        org.specverify.reference.Distribution disjoint =
            org.specverify.reference.Distribution.parse("0", "0", "0", "1");
        for (int k = 1; k <= 4; k++) {
            assertEquals(BigFraction.ONE, KSeq.rho(p, p, k), "p = q, K = " + k);
            assertEquals(BigFraction.ONE, KSeq.rho(p, disjoint, k), "disjoint, K = " + k);
        }
    }

    /** Law: for K = 1, ρ* = 1 and K-SEQ is sd. */
    @Test
    void kOneIsSd() {
        for (Instance i : applicableInstances()) {
            if (i.k() == 1) {
                assertEquals(BigFraction.ONE, KSeq.rho(i.target(), i.draft(), 1), i.name());
            }
        }
    }

    /** Law: every ρ ≥ ρ* is valid and α(ρ) decreases with ρ (checked on a grid of ρ in [ρ*, K]). */
    @Test
    void acceptanceDecreasesInRho() {
        for (Instance i : applicableInstances()) {
            BigFraction rho = KSeq.rho(i.target(), i.draft(), i.k());
            BigFraction prev = null;
            for (int s = 0; s <= 4; s++) {
                BigFraction r = rho.add(BigFraction.of(i.k()).subtract(rho).multiply(BigFraction.of(s, 4)));
                assertTrue(KSeq.valid(i.target(), i.draft(), i.k(), r), i.name() + ": rho " + r + " invalid");
                BigFraction b = KSeq.beta(i.target(), i.draft(), r);
                BigFraction a = BigFraction.ONE.subtract(BigFraction.ONE.subtract(b).pow(i.k()));
                if (prev != null) {
                    assertTrue(Fractions.compare(a, prev) <= 0, i.name() + ": alpha increased at rho " + r.doubleValue());
                }
                prev = a;
            }
        }
    }
}
