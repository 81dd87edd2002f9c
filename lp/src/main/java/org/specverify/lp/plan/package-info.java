/**
 * Optimal verifiers, exactly, over rationals: the exact maximum flow of the acceptance network ({@link
 * org.specverify.lp.plan.AcceptanceFlow}), whose value is α* and whose minimum cut certifies it, and the two verifiers
 * built from it that reach α*: an optimal transport plan for {@code ot-plan} ({@link
 * org.specverify.lp.plan.OptimalTransportPlan}) and optimal step-1 weights for {@code canonical-is} ({@link
 * org.specverify.lp.plan.OptimalStep1Weights}). No LP is solved here; the LPs of {@link org.specverify.lp.solver} check
 * the same optimum in floating point.
 */
package org.specverify.lp.plan;
