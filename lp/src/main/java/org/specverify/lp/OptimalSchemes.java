package org.specverify.lp;

import org.specverify.lp.plan.OptimalStep1Weights;
import org.specverify.lp.plan.OptimalTransportPlan;
import org.specverify.reference.scheme.CanonicalImportanceSampling;
import org.specverify.reference.scheme.OtPlanVerifier;
import org.specverify.reference.scheme.Schemes;

/**
 * The scheme registry with the optimal verifiers: the reference registry in which {@code ot-plan} runs the exact optimal
 * transport plan ({@link OptimalTransportPlan}) and {@code canonical-is} the exact optimal step-1 weights
 * ({@link OptimalStep1Weights}). Both reach the optimal acceptance α* of their draft law exactly (iid drafts for one
 * shared draft law, independent drafts for one law per draft, as the reference binds them).
 */
public final class OptimalSchemes {
    private OptimalSchemes() {
    }

    /** {@code Schemes.reference()} with the optimal ot-plan and canonical-is, in the same display positions. */
    public static Schemes registry() {
        return Schemes.reference().replacing(new OtPlanVerifier(OptimalTransportPlan.INSTANCE),
            new CanonicalImportanceSampling(OptimalStep1Weights.INSTANCE));
    }
}
