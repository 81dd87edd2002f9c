package org.specverify.reference;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The exact sum of many rationals, cheaply. Terms are first gathered by denominator (numerators of equal denominators
 * add as integers, without a gcd: the probabilities of an exact enumeration share few denominators, products of the
 * laws' denominators); the buckets are then added pairwise (a binary cascade, so both operands of each addition have
 * about the same size). Adding n terms with distinct denominators one by one to a running sum costs n gcds at the size
 * of the final denominator; this costs far less, and the value is the same exact rational. Not thread-safe.
 */
public final class FractionSum {
    /** More distinct denominators than this and the buckets are folded into the cascade. */
    static final int MAX_BUCKETS = 1 << 16;
    private final Map<BigInteger, BigInteger> buckets = new HashMap<>();
    private final List<BigFraction> levels = new ArrayList<>();

    /** Adds x exactly. */
    public void add(BigFraction x) {
        if (x.signum() == 0) {
            return;
        }
        bucket(x.getNumerator(), x.getDenominator());
    }

    private void bucket(BigInteger num, BigInteger den) {
        if (den.signum() < 0) {
            buckets.merge(den.negate(), num.negate(), BigInteger::add);
        } else {
            buckets.merge(den, num, BigInteger::add);
        }
        if (buckets.size() > MAX_BUCKETS) {
            fold();
        }
    }

    /** Adds a·b exactly, without reducing the product (its denominator is the product of theirs). */
    public void addProduct(BigFraction a, BigFraction b) {
        if (a.signum() == 0 || b.signum() == 0) {
            return;
        }
        bucket(a.getNumerator().multiply(b.getNumerator()), a.getDenominator().multiply(b.getDenominator()));
    }

    private void fold() {
        for (Map.Entry<BigInteger, BigInteger> e : buckets.entrySet()) {
            if (e.getValue().signum() != 0) {
                cascade(BigFraction.of(e.getValue(), e.getKey()));
            }
        }
        buckets.clear();
    }

    private void cascade(BigFraction x) {
        BigFraction carry = x;
        for (int k = 0; ; k++) {
            if (k == levels.size()) {
                levels.add(carry);
                return;
            }
            BigFraction at = levels.get(k);
            if (at == null) {
                levels.set(k, carry);
                return;
            }
            carry = at.add(carry);
            levels.set(k, null);
        }
    }

    /** The exact sum of everything added. */
    public BigFraction value() {
        fold();
        BigFraction s = BigFraction.ZERO;
        for (BigFraction x : levels) {
            if (x != null) {
                s = s.signum() == 0 ? x : s.add(x);
            }
        }
        return s;
    }
}
