package org.specverify.reference;

/**
 * A refusal: the work asked for is too large to do within a stated limit (an exact enumeration over too many leaves or
 * draft tuples, a grid of too many instances, an allocation above its bound). It says nothing about the scheme: it is
 * never a verdict. Where the size is known in advance it is raised before the work starts. The command line maps it to
 * exit code 2, like bad input.
 */
public final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TooLargeException(String message) {
        super(message);
    }
}
