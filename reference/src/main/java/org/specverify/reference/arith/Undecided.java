package org.specverify.reference.arith;

/**
 * A certified arithmetic could not prove the outcome of a comparison (the exact values are too close for its error
 * bound), or could not bound an operation (a divisor that may be zero). The exact arithmetic then decides: callers
 * catch this and rerun the position exactly. It is control flow, not an error, so it carries no stack trace.
 */
public final class Undecided extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Undecided(String what) {
        super(what, null, false, false);
    }
}
