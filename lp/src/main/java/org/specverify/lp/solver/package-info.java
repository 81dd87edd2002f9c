/**
 * The optimal-transport linear programs of multi-draft verification, solved in floating point by OR-Tools, as an
 * independent check of the exact optimum. {@link org.specverify.lp.solver.TransportLp} is the full plan over (draft
 * tuple, output token) pairs; {@link org.specverify.lp.solver.CanonicalLp} the smaller canonical form with the same
 * optimum. Every solve goes through one path ({@code LpRun}): natives loaded and smoke-checked ({@link
 * org.specverify.lp.solver.OrTools}), tolerances set explicitly ({@link org.specverify.lp.solver.LpSettings}), status
 * OPTIMAL and {@code verifySolution} required, the model printed in LP format on failure ({@link
 * org.specverify.lp.solver.LpSolveException}). A result ({@link org.specverify.lp.solver.LpResult}) carries the primal
 * objective and a dual bound recomputed here ({@link org.specverify.lp.solver.DualBound}), so tests assert through
 * duality; sizes are checked before the model is built ({@link org.specverify.lp.solver.LpSize}).
 */
package org.specverify.lp.solver;
