package org.specverify.reference.interpret;

import org.specverify.reference.InvalidInputException;

/**
 * Which uniforms a run accepts. {@link #OPEN} is the reference's convention, u in the open interval (0, 1), so an
 * accept test u·q &lt; p never accepts a zero-mass token and a categorical draw u·W always falls in a cell.
 * {@link #BOUNDARY} also lets u = 0 and u = 1 through, as some generators produce them (PyTorch's {@code rand} can
 * return 0, curand's uniform can return 1), so a test can show what each scheme does there: at u = 1 an accept test
 * u·q &lt; p rejects a draft with p = q, and a categorical draw has no cell (u·W = W).
 */
public enum Uniforms {
    OPEN, BOUNDARY;

    /**
     * Checks a uniform.
     *
     * @throws InvalidInputException naming the stream and index when it is outside the accepted interval or not finite
     */
    public void check(String what, int index, double u) {
        boolean ok = this == OPEN ? u > 0 && u < 1 : u >= 0 && u <= 1;
        if (!ok) {
            throw new InvalidInputException(what + " uniform " + index + " is " + u + "; uniforms must lie in "
                + (this == OPEN ? "the open interval (0, 1)" : "[0, 1]"));
        }
    }
}
