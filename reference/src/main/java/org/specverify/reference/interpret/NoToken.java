package org.specverify.reference.interpret;

/**
 * A categorical draw that yields no token: its law is empty, or the uniform (u = 1, allowed only in
 * {@link Uniforms#BOUNDARY} mode) puts u·W at the total, past the last cell. Never raised for uniforms in (0, 1) on a
 * lossless program; it is how the boundary mode shows what a scheme does at u = 1.
 */
public final class NoToken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoToken(String message) {
        super(message);
    }
}
