package org.specverify.reference;

/**
 * Bad input: a distribution, instance or parameter that violates its contract. The message always names what is wrong
 * and where (which token, which row, which field). Nothing that raises this exception is silently corrected.
 */
public final class InvalidInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Prefixes a location ("instance 'a', target") to the message of an existing error. */
    public InvalidInputException at(String location) {
        return new InvalidInputException(location + ": " + getMessage(), this);
    }
}
