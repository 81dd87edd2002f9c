package org.specverify.reference.interpret;

import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.random.DrawId;

/**
 * One draw of a traced run ({@link UniformDriven}): which uniform it consumed, what it compared, what it chose, and how
 * far the uniform was from changing the choice. All values exact.
 *
 * <ul>
 *   <li>{@link Kind#ACCEPT_TEST}: the comparison made is {@code u·q < p} (q the draft law's mass at the token, p the
 *       residual target mass): {@code left} = u·q, {@code right} = p, {@code chosen} = 1 for accept, 0 for reject;
 *       {@code margin} = |p − u·q|, {@code relativeMargin} = |u − p/q| (unclamped: an accept at p/q = 3 has relative
 *       margin 3 − u, not 1 − u).</li>
 *   <li>{@link Kind#BERNOULLI}: {@code u < π}: left = u, right = π, margin = relativeMargin = |π − u|.</li>
 *   <li>{@link Kind#CHOICE}, {@link Kind#SAMPLE} (a draw inside the program) and {@link Kind#FINAL} (the program's
 *       closing draw): {@code F(i-1) ≤ u·W < F(i)}: left = F(i-1), right = F(i), target = u·W, chosen = i;
 *       margin = min(u·W − F(i-1), F(i) − u·W), relativeMargin = margin / W.</li>
 * </ul>
 *
 * @param id             the identity of the uniform consumed (its stream and its 0-based index in the stream)
 * @param kind           the kind of draw
 * @param what           what the program said the draw is for
 * @param uniform        the uniform, exactly
 * @param comparison     the comparison made, as text
 * @param left           its left-hand side
 * @param right          its right-hand side
 * @param target         u·W for categorical draws, null otherwise
 * @param chosen         the outcome (1/0 for tests, the index for categorical draws)
 * @param margin         distance to the decision boundary on the comparison made
 * @param relativeMargin the same in units of the uniform
 */
public record Draw(DrawId id, Kind kind, String what, BigFraction uniform, String comparison, BigFraction left,
                   BigFraction right, BigFraction target, int chosen, BigFraction margin, BigFraction relativeMargin) {
    /** The kinds of draw. */
    public enum Kind {
        ACCEPT_TEST, BERNOULLI, CHOICE, SAMPLE, FINAL
    }

    /** The index of the uniform in its stream. */
    public int index() {
        return (int) id.index();
    }

    @Override
    public String toString() {
        return id + " " + kind + " (" + what + "): u = " + uniform.doubleValue() + ", " + comparison + " with "
            + left.doubleValue() + " vs " + right.doubleValue() + " -> " + chosen + ", margin " + margin.doubleValue();
    }
}
