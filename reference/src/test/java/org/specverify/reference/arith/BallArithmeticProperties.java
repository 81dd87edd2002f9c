package org.specverify.reference.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import java.util.function.BinaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.specverify.reference.Fractions;
import org.junit.jupiter.api.Test;

/**
 * Inclusion: every operation of the certified arithmetic returns a ball that contains the exact result of the exact
 * values its operands stand for, and every comparison it answers is the exact answer (proofs-notes/
 * certified-decisions.md, "Operations"). Operands are balls around random doubles of every magnitude (subnormals,
 * near-underflow products, exact zeros, exact points) with an exact value picked inside each ball.
 */
class BallArithmeticProperties {
    private static final Certified C = Certified.INSTANCE;

    /** A ball and an exact rational inside it. */
    record Operand(Ball ball, BigFraction exact) {
    }

    static double randomDouble(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return 0.0;
            case 1:
                return Double.MIN_VALUE * (1 + r.nextInt(1000));
            case 2:
                return Math.scalb(r.nextDouble(), -1000 - r.nextInt(60));
            case 3:
                return 1.0 / (1 + r.nextInt(7));
            case 4:
                return Math.scalb(r.nextDouble(), r.nextInt(60) - 30);
            default:
                return r.nextDouble();
        }
    }

    static Operand operand(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double mid = randomDouble(r) * (r.nextInt(5) == 0 ? -1 : 1);
        double rad = r.nextInt(3) == 0 ? 0 : Math.abs(mid) * Math.scalb(r.nextDouble(), -r.nextInt(50))
            + (r.nextInt(4) == 0 ? Double.MIN_VALUE * r.nextInt(10) : 0);
        BigFraction t = BigFraction.of(r.nextInt(2001) - 1000, 1000);
        BigFraction exact = BigFraction.from(mid).add(BigFraction.from(rad).multiply(t));
        return new Operand(new Ball(mid, rad), exact);
    }

    static void assertContains(Ball b, BigFraction x, String what) {
        BigFraction lo = BigFraction.from(b.mid()).subtract(BigFraction.from(b.rad()));
        BigFraction hi = BigFraction.from(b.mid()).add(BigFraction.from(b.rad()));
        assertTrue(Fractions.compare(lo, x) <= 0 && Fractions.compare(x, hi) <= 0, what + ": exact " + x.doubleValue() + " (" + x
            + ") outside " + b);
    }

    private static void check(String name, BinaryOperator<Ball> ball, BinaryOperator<BigFraction> exact) {
        qt().withFixedSeed(0xBA11L + name.hashCode()).withExamples(3000).forAll(longs().all(), longs().all())
            .checkAssert((s1, s2) -> {
                Operand a = operand(s1);
                Operand b = operand(s2);
                BigFraction x;
                try {
                    x = exact.apply(a.exact(), b.exact());
                } catch (ArithmeticException divisionByZero) {
                    return;
                }
                Ball r;
                try {
                    r = ball.apply(a.ball(), b.ball());
                } catch (Undecided u) {
                    return;
                }
                assertContains(r, x, name + "(" + a + ", " + b + ")");
            });
    }

    /** Inclusion of a + b. */
    @Test
    void addEncloses() {
        check("add", C::add, BigFraction::add);
    }

    /** Inclusion of a − b. */
    @Test
    void subtractEncloses() {
        check("subtract", C::subtract, BigFraction::subtract);
    }

    /** Inclusion of a·b, near underflow included. */
    @Test
    void multiplyEncloses() {
        check("multiply", C::multiply, BigFraction::multiply);
    }

    /** Inclusion of a / b (or Undecided when b's ball holds zero). */
    @Test
    void divideEncloses() {
        check("divide", C::divide, (x, y) -> {
            if (y.signum() == 0) {
                throw new ArithmeticException();
            }
            return x.divide(y);
        });
    }

    /** Inclusion of min, max and (a)+. */
    @Test
    void minMaxPositivePartEnclose() {
        check("min", C::min, (x, y) -> Fractions.compare(x, y) <= 0 ? x : y);
        check("max", C::max, (x, y) -> Fractions.compare(x, y) >= 0 ? x : y);
        check("positivePart", (x, y) -> C.positivePart(x), (x, y) -> x.signum() > 0 ? x : BigFraction.ZERO);
    }

    /** Soundness: compare and signum, when they answer, answer exactly. */
    @Test
    void comparisonsAnswerExactlyOrNotAtAll() {
        int[] answered = {0};
        qt().withFixedSeed(0xC0DEL).withExamples(5000).forAll(longs().all(), longs().all(), integers().between(0, 2))
            .checkAssert((s1, s2, same) -> {
                Operand a = operand(s1);
                Operand b = same == 0 ? a : operand(s2);
                try {
                    assertEquals(Integer.signum(Fractions.compare(a.exact(), b.exact())), C.compare(a.ball(), b.ball()),
                        a + " vs " + b);
                    answered[0]++;
                } catch (Undecided u) {
                    assertTrue(a.ball().rad() > 0 || b.ball().rad() > 0 || a.ball().mid() != b.ball().mid()
                        || true, u.getMessage());
                }
                try {
                    assertEquals(a.exact().signum(), C.signum(a.ball()), a.toString());
                } catch (Undecided u) {
                    assertTrue(a.ball().rad() > 0, "an exact point must always have a sign: " + a);
                }
            });
        assertTrue(answered[0] > 1000, "too few comparisons were decided: " + answered[0]);
    }

    /** Enclosure of rationals: the ball of x contains x, and is exact when x is a double. */
    @Test
    void enclosureOfRationals() {
        qt().withFixedSeed(0xE4CL).withExamples(2000).forAll(longs().all(), integers().between(1, 1_000_000))
            .checkAssert((num, den) -> {
                BigFraction x = BigFraction.of(num, den);
                Ball b = Enclosure.ball(x);
                assertContains(b, x, "ball of " + x);
                assertTrue(Fractions.compare(BigFraction.from(Enclosure.lower(x)), x) <= 0);
                assertTrue(Fractions.compare(BigFraction.from(Enclosure.upper(x)), x) >= 0);
                if (den == 1 && Math.abs(num) < (1L << 53)) {
                    assertEquals(0.0, b.rad(), "an integer below 2^53 is a double");
                }
            });
    }
}
