package org.specverify.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** {@link FractionSum} is the exact sum, whatever the order, signs, denominators and number of buckets. */
class FractionSumTest {
    @Test
    void equalsTheNaiveSumWithMixedSignsZerosAndNegativeDenominators() {
        SplittableRandom rng = new SplittableRandom(5);
        FractionSum s = new FractionSum();
        BigFraction naive = BigFraction.ZERO;
        for (int i = 0; i < 2000; i++) {
            int num = rng.nextInt(-20, 21);
            int den = rng.nextInt(1, 40) * (rng.nextBoolean() ? 1 : -1);
            BigFraction x = BigFraction.of(num, den);
            s.add(x);
            naive = naive.add(x);
            if (i % 7 == 0) {
                BigFraction y = BigFraction.of(rng.nextInt(-5, 6), rng.nextInt(1, 9));
                s.addProduct(x, y);
                naive = naive.add(x.multiply(y));
            }
        }
        assertEquals(0, Fractions.compare(naive, s.value()), Fractions.format(naive) + " vs "
            + Fractions.format(s.value()));
        // value() can be read twice and the sum continues afterwards
        assertEquals(0, Fractions.compare(naive, s.value()));
        s.add(BigFraction.of(1, 3));
        assertEquals(0, Fractions.compare(naive.add(BigFraction.of(1, 3)), s.value()));
    }

    @Test
    void zeroTermsAndProductsWithAZeroFactorAddNothing() {
        FractionSum s = new FractionSum();
        s.add(BigFraction.ZERO);
        s.addProduct(BigFraction.ZERO, BigFraction.of(3, 7));
        s.addProduct(BigFraction.of(3, 7), BigFraction.ZERO);
        assertEquals(BigFraction.ZERO, s.value());
        s.addProduct(BigFraction.of(-1, 2), BigFraction.of(1, -3));
        assertEquals(0, Fractions.compare(BigFraction.of(1, 6), s.value()));
    }

    /** More distinct denominators than {@link FractionSum#MAX_BUCKETS}: the buckets fold into the cascade. */
    @Test
    void foldsBucketsBeyondTheLimitExactly() {
        FractionSum s = new FractionSum();
        BigInteger naiveNum = BigInteger.ZERO;
        int a = 257;
        int b = 256;
        assertEquals(true, a * b > FractionSum.MAX_BUCKETS);
        BigInteger common = BigInteger.TWO.pow(a - 1).multiply(BigInteger.valueOf(3).pow(b - 1));
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                BigInteger den = BigInteger.TWO.pow(i).multiply(BigInteger.valueOf(3).pow(j));
                int num = (i + j) % 2 == 0 ? 1 : -1;
                s.add(BigFraction.of(BigInteger.valueOf(num), den));
                naiveNum = naiveNum.add(BigInteger.valueOf(num).multiply(common.divide(den)));
            }
        }
        assertEquals(0, Fractions.compare(BigFraction.of(naiveNum, common), s.value()));
    }
}
