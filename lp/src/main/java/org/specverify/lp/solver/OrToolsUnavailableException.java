package org.specverify.lp.solver;

/**
 * The OR-Tools native libraries cannot be used on this machine: loading failed or the GLOP smoke check failed. The
 * message names the platform and the cause; the original error, when there is one, is the cause.
 */
public final class OrToolsUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    OrToolsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
