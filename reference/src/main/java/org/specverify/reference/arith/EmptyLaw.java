package org.specverify.reference.arith;

/**
 * A probability was asked of a measure whose total mass is zero: the law it stands for does not exist. Programs reach
 * such a measure only after a boundary uniform (u = 1 rejects a draft whose accept ratio is 1, and the residual is
 * empty); with uniforms in (0, 1) every residual a program draws from has positive mass. The uniform-driven
 * interpreters report it as "no token" ({@code interpret.NoToken}), as a kernel reports an empty residual.
 */
public final class EmptyLaw extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public EmptyLaw(String message) {
        super(message);
    }

    /** at / total, refusing a total of zero with {@link EmptyLaw}. */
    static <S> S probability(Arithmetic<S> ar, S at, S total, int token) {
        if (ar.signum(total) == 0) {
            throw new EmptyLaw("the probability of token " + token + " under a measure of total mass zero (an empty"
                + " residual)");
        }
        return ar.divide(at, total);
    }
}
