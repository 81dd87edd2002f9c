package org.specverify.reference.sequence;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.specverify.reference.InvalidInputException;

/**
 * The exact law of the number tau of accepted draft tokens in one step, over 0..gamma: its masses, its mean E[tau]
 * (the block efficiency E[L] minus one), and the acceptance at each depth.
 *
 * <p>Two per-depth views: {@link #reached(int)} = P(tau &gt;= j), the probability that depth j is accepted (so
 * E[tau] = sum_j P(tau &gt;= j)); and {@link #conditional(int)} = P(tau &gt;= j | tau &gt;= j-1), empty where depth
 * j-1 is never reached. Validated: non-negative masses summing exactly to 1.
 */
public final class AcceptedLengthLaw {
    private final BigFraction[] masses;

    private AcceptedLengthLaw(BigFraction[] masses) {
        this.masses = masses;
    }

    /**
     * The law with P(tau = n) = masses[n], n = 0..gamma.
     *
     * @throws InvalidInputException for an empty array, a negative mass (naming its length) or a sum other than 1
     */
    public static AcceptedLengthLaw of(BigFraction... masses) {
        if (masses.length == 0) {
            throw new InvalidInputException("an accepted-length law needs the lengths 0..gamma (got none)");
        }
        BigFraction sum = Fractions.ZERO;
        BigFraction[] m = new BigFraction[masses.length];
        for (int n = 0; n < m.length; n++) {
            if (masses[n] == null || masses[n].signum() < 0) {
                throw new InvalidInputException("accepted length " + n + ": mass "
                    + (masses[n] == null ? "missing" : Fractions.format(masses[n])) + " (must be >= 0)");
            }
            m[n] = Fractions.canonical(masses[n]);
            sum = sum.add(m[n]);
        }
        if (!sum.equals(Fractions.ONE)) {
            throw new InvalidInputException("accepted-length law: masses sum to " + Fractions.format(sum)
                + ", not exactly 1");
        }
        return new AcceptedLengthLaw(m);
    }

    /** A builder over 0..gamma. */
    public static Builder builder(int gamma) {
        return new Builder(gamma);
    }

    /** Accumulates masses per accepted length. */
    public static final class Builder {
        private final BigFraction[] masses;

        private Builder(int gamma) {
            if (gamma < 0) {
                throw new InvalidInputException("gamma must be >= 0, got " + gamma);
            }
            masses = new BigFraction[gamma + 1];
            Arrays.fill(masses, Fractions.ZERO);
        }

        /** Adds mass to the accepted length n (0..gamma). */
        public Builder add(int n, BigFraction mass) {
            if (n < 0 || n >= masses.length) {
                throw new InvalidInputException("accepted length " + n + " is outside 0.." + (masses.length - 1));
            }
            masses[n] = masses[n].add(mass);
            return this;
        }

        public AcceptedLengthLaw build() {
            return of(masses);
        }
    }

    /** gamma: the largest length. */
    public int gamma() {
        return masses.length - 1;
    }

    /** P(tau = n); 0 outside 0..gamma. */
    public BigFraction probability(int n) {
        return n < 0 || n >= masses.length ? Fractions.ZERO : masses[n];
    }

    /** The masses over 0..gamma (a copy). */
    public BigFraction[] masses() {
        return masses.clone();
    }

    /** E[tau] = sum_n n P(tau = n). */
    public BigFraction mean() {
        BigFraction s = Fractions.ZERO;
        for (int n = 1; n < masses.length; n++) {
            s = s.add(masses[n].multiply(n));
        }
        return Fractions.canonical(s);
    }

    /** E[L] = E[tau] + 1, tokens emitted per step. */
    public BigFraction blockEfficiency() {
        return mean().add(Fractions.ONE);
    }

    /** P(tau &gt;= j): depth j accepted (1 for j &lt;= 0, 0 beyond gamma). */
    public BigFraction reached(int j) {
        BigFraction s = Fractions.ZERO;
        for (int n = Math.max(j, 0); n < masses.length; n++) {
            s = s.add(masses[n]);
        }
        return Fractions.canonical(s);
    }

    /** P(tau &gt;= j) for j = 1..gamma, at index j - 1. */
    public BigFraction[] reachedByDepth() {
        BigFraction[] r = new BigFraction[gamma()];
        for (int j = 1; j <= gamma(); j++) {
            r[j - 1] = reached(j);
        }
        return r;
    }

    /** P(tau &gt;= j | tau &gt;= j - 1) for 1 &lt;= j &lt;= gamma; empty when P(tau &gt;= j - 1) = 0. */
    public Optional<BigFraction> conditional(int j) {
        if (j < 1 || j > gamma()) {
            throw new InvalidInputException("depth " + j + " is outside 1.." + gamma());
        }
        BigFraction before = reached(j - 1);
        return before.signum() == 0 ? Optional.empty() : Optional.of(Fractions.canonical(reached(j).divide(before)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceptedLengthLaw a && Arrays.equals(a.masses, masses);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(masses);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("AcceptedLengthLaw [");
        for (int n = 0; n < masses.length; n++) {
            sb.append(n == 0 ? "" : ", ").append(n).append(": ").append(Fractions.format(masses[n]));
        }
        return sb.append("], mean ").append(Fractions.format(mean())).toString();
    }
}
