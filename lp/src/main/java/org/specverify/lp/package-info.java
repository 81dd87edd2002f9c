/**
 * Optimal acceptance: how much of the target law p any lossless verifier can accept from a draft law Q, and the
 * verifiers that reach it. This package holds {@link org.specverify.lp.OptimalSchemes}, the scheme registry in which
 * {@code ot-plan} and {@code canonical-is} run the exact optimal plan and weights of {@link org.specverify.lp.plan}. The
 * optimum itself is computed in {@link org.specverify.lp.optimum} (exact routes over rationals, and double routes for
 * vocabularies of LLM size on validated rows), the linear programs that cross-check it in
 * {@link org.specverify.lp.solver} (OR-Tools GLOP and PDLP, with their duals), and the timing of both at scale in
 * {@link org.specverify.lp.bench}.
 */
package org.specverify.lp;
