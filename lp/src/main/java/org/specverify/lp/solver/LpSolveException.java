package org.specverify.lp.solver;

import com.google.ortools.linearsolver.MPSolver;

/**
 * An LP solve that did not end in a verified optimum: the status was not OPTIMAL, or {@code verifySolution} rejected the
 * solution. The message names the LP, the status, the settings (with their tolerances) and the model in LP format
 * (inline for small models, in a named temporary file for larger ones, omitted above a size stated in the message).
 */
public final class LpSolveException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final MPSolver.ResultStatus status;

    LpSolveException(String message, MPSolver.ResultStatus status) {
        super(message);
        this.status = status;
    }

    /** The solver status (OPTIMAL when the status was fine but verifySolution failed). */
    public MPSolver.ResultStatus status() {
        return status;
    }
}
