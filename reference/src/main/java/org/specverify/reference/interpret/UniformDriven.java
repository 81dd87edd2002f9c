package org.specverify.reference.interpret;

import java.util.function.IntToDoubleFunction;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;
import org.specverify.reference.draft.DraftTuple;
import org.specverify.reference.random.Chooser;
import org.specverify.reference.scheme.Scheme;
import org.specverify.reference.scheme.Verdict;

/**
 * Runs a scheme on given uniforms and returns the exactly correct decision and its margin.
 *
 * <p>Each uniform u ∈ (0, 1) is taken as the exact rational value of its double. A Bernoulli(π) draw is true iff u < π
 * (strict, so a zero-probability event never happens); a categorical draw over weights w returns the i with
 * F_{i-1} ≤ u·Σw < F_i (F the cumulative weights), so a zero-weight index is never returned. The margin of a draw is the
 * distance from u to the nearest decision boundary (for a categorical draw, in units of the total weight); the margin
 * of a run is the smallest margin of its draws. Every draw consumes exactly one uniform, even a certain one (a
 * Bernoulli of probability 0 or 1, a categorical with one positive weight), so the i-th uniform always belongs to the
 * i-th draw of the program and fast implementations can index uniforms the same way. A fast floating-point path that errs by less than the margin decides
 * the same way.
 */
public final class UniformDriven {
    private UniformDriven() {
    }

    /**
     * A decision: the drafts it was made on, the output, the index of the draft accepted by a test (-1 for a residual
     * draw), its margin, and the number of verifier uniforms consumed.
     */
    public record Decision(DraftTuple drafts, int output, int acceptedDraft, BigFraction margin, int uniformsConsumed) {
        public double marginValue() {
            return margin.doubleValue();
        }
    }

    /**
     * Verifies the given drafts with the verifier's uniforms.
     *
     * @throws InvalidInputException when a uniform is outside (0, 1) or not finite, or when too few are given
     */
    public static Decision verify(Scheme.Bound bound, int[] drafts, double[] uniforms) {
        UniformChooser c = new UniformChooser(uniforms, "verifier");
        Verdict v = bound.decide(drafts, c);
        return new Decision(DraftTuple.of(drafts), v.output(), v.acceptedDraft(), c.margin, c.next);
    }

    /** Draws the drafts with {@code draftUniforms}, then verifies them with {@code verifyUniforms}. */
    public static Decision run(Scheme.Bound bound, double[] draftUniforms, double[] verifyUniforms) {
        UniformChooser d = new UniformChooser(draftUniforms, "draft");
        int[] drafts = bound.draftProcess().draw(d);
        Decision v = verify(bound, drafts, verifyUniforms);
        BigFraction m = Fractions.min(d.margin, v.margin());
        return new Decision(v.drafts(), v.output(), v.acceptedDraft(), m, v.uniformsConsumed());
    }

    /** A chooser that consumes explicit uniforms in order. */
    public static final class UniformChooser implements Chooser {
        private final IntToDoubleFunction uniformAt;
        private final int available;
        private final String what;
        private int next;
        private BigFraction margin = BigFraction.ONE;

        /** Consumes {@code uniforms} in order; asking for more is an error. */
        public UniformChooser(double[] uniforms, String what) {
            this(i -> uniforms[i], uniforms.length, what);
        }

        /** Consumes uniformAt(0), uniformAt(1), ... up to {@code available} of them. */
        public UniformChooser(IntToDoubleFunction uniformAt, int available, String what) {
            this.uniformAt = uniformAt;
            this.available = available;
            this.what = what;
        }

        public BigFraction margin() {
            return margin;
        }

        public int consumed() {
            return next;
        }

        private BigFraction nextUniform() {
            if (next >= available) {
                throw new InvalidInputException("the " + what + " needs more than the " + available
                    + " uniforms given");
            }
            double u = uniformAt.applyAsDouble(next);
            if (!(u > 0 && u < 1)) {
                throw new InvalidInputException(what + " uniform " + next + " is " + u
                    + "; uniforms must lie in the open interval (0, 1)");
            }
            next++;
            return Fractions.ofDouble(u);
        }

        @Override
        public boolean bernoulli(BigFraction probability) {
            Chooser.checkProbability(probability);
            BigFraction u = nextUniform();
            margin = Fractions.min(margin, u.subtract(probability).abs());
            return u.compareTo(probability) < 0;
        }

        @Override
        public int categorical(BigFraction[] weights) {
            BigFraction total = Chooser.checkWeights(weights);
            BigFraction target = nextUniform().multiply(total);
            BigFraction lower = BigFraction.ZERO;
            for (int i = 0; i < weights.length; i++) {
                BigFraction upper = lower.add(weights[i]);
                if (weights[i].signum() > 0 && target.compareTo(upper) < 0) {
                    BigFraction m = Fractions.min(target.subtract(lower), upper.subtract(target)).divide(total);
                    margin = Fractions.min(margin, m);
                    return i;
                }
                lower = upper;
            }
            throw new AssertionError("u*total below the total weight must fall in some cell");
        }
    }
}
