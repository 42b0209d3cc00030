package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The shift paths of {@link RationalInterval} (dyadic endpoints; a dyadic interval times a small rational point,
 * proofs-notes/rules/elementary.md, "Dyadic endpoints"): every result contains the exact rational result for members
 * of the operands, and has exactly the endpoints of the fraction path (the exact result rounded by
 * {@link RationalInterval#hull(BigFraction, BigFraction, int)}), so no rule's decision depends on the path. Random
 * inputs, flowcert.props / 10 cases per operation (10,000 by default, 100,000 under -Plong).
 */
class RationalIntervalShiftTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000) / 10;

    /** A random dyadic m·2^e: mantissas of 1–160 bits (or 0), exponents −200…40. */
    private static BigFraction dyadic(Random r) {
        if (r.nextInt(40) == 0) {
            return BigFraction.ZERO;
        }
        BigInteger m = new BigInteger(1 + r.nextInt(160), r);
        m = r.nextBoolean() ? m.negate() : m;
        int e = r.nextInt(241) - 200;
        return e >= 0 ? BigFraction.of(m.shiftLeft(e)) : BigFraction.of(m, BigInteger.ONE.shiftLeft(-e));
    }

    /** A random rational with a small denominator that is not a power of two (often), numerator up to 64 bits. */
    private static BigFraction small(Random r) {
        long den = 1 + r.nextInt(r.nextBoolean() ? 50 : 1 << 20);
        BigInteger num = new BigInteger(1 + r.nextInt(r.nextInt(8) == 0 ? 64 : 20), r);
        return BigFraction.of(r.nextBoolean() ? num.negate() : num, BigInteger.valueOf(den));
    }

    private static RationalInterval interval(Random r, int bits) {
        BigFraction a = dyadic(r);
        BigFraction b = r.nextInt(8) == 0 ? a : dyadic(r);
        return a.subtract(b).signum() <= 0 ? RationalInterval.of(a, b, bits) : RationalInterval.of(b, a, bits);
    }

    private static int bits(Random r) {
        return r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(130);
    }

    /** A random member of x: an endpoint or lo + (hi − lo)·k/10. */
    private static BigFraction member(RationalInterval x, Random r) {
        return x.lo().add(x.hi().subtract(x.lo()).multiply(BigFraction.of(r.nextInt(11), 10)));
    }

    private static BigFraction min(BigFraction... q) {
        BigFraction m = q[0];
        for (BigFraction x : q) {
            m = RationalInterval.min(m, x);
        }
        return m;
    }

    private static BigFraction max(BigFraction... q) {
        BigFraction m = q[0];
        for (BigFraction x : q) {
            m = RationalInterval.max(m, x);
        }
        return m;
    }

    /** Same endpoints as the fraction path's rounding of the exact [lo, hi], and same precision. */
    private static void same(RationalInterval got, BigFraction lo, BigFraction hi, int bits) {
        RationalInterval want = RationalInterval.hull(lo, hi, bits);
        assertThat(got.lo().subtract(want.lo()).signum()).as("lo of %s, want %s", got, want).isZero();
        assertThat(got.hi().subtract(want.hi()).signum()).as("hi of %s, want %s", got, want).isZero();
        assertThat(got.bits()).isEqualTo(bits);
    }

    @Test
    void sumsAndDifferencesAreTheFractionPathsAndContainTheExactResults() {
        Random r = new Random(11);
        for (int i = 0; i < N; i++) {
            int bits = bits(r);
            RationalInterval x = interval(r, bits);
            RationalInterval y = interval(r, bits(r));
            int b = Integer.max(bits, y.bits());
            same(x.add(y), x.lo().add(y.lo()), x.hi().add(y.hi()), b);
            same(x.sub(y), x.lo().subtract(y.hi()), x.hi().subtract(y.lo()), b);
            BigFraction p = member(x, r);
            BigFraction q = member(y, r);
            assertThat(x.add(y).contains(p.add(q))).isTrue();
            assertThat(x.sub(y).contains(p.subtract(q))).isTrue();
            assertThat(x.neg().contains(p.negate())).isTrue();
        }
    }

    @Test
    void productsAndSquaresAreTheFractionPathsAndContainTheExactResults() {
        Random r = new Random(12);
        for (int i = 0; i < N; i++) {
            int bits = bits(r);
            RationalInterval x = interval(r, bits);
            RationalInterval y = r.nextInt(4) == 0 ? RationalInterval.of(dyadic(r), bits(r)) : interval(r, bits(r));
            BigFraction a = x.lo().multiply(y.lo());
            BigFraction c = x.lo().multiply(y.hi());
            BigFraction d = x.hi().multiply(y.lo());
            BigFraction e = x.hi().multiply(y.hi());
            same(x.mul(y), min(a, c, d, e), max(a, c, d, e), Integer.max(bits, y.bits()));
            BigFraction l2 = x.lo().multiply(x.lo());
            BigFraction h2 = x.hi().multiply(x.hi());
            BigFraction lo = x.lo().signum() >= 0 ? l2 : x.hi().signum() <= 0 ? h2 : BigFraction.ZERO;
            same(x.sqr(), lo, max(l2, h2), bits);
            BigFraction p = member(x, r);
            BigFraction q = member(y, r);
            assertThat(x.mul(y).contains(p.multiply(q))).isTrue();
            assertThat(x.sqr().contains(p.multiply(p))).isTrue();
        }
    }

    @Test
    void productsWithSmallRationalPointsAreTheFractionPaths() {
        Random r = new Random(13);
        for (int i = 0; i < N; i++) {
            int bits = bits(r);
            RationalInterval x = interval(r, bits);
            BigFraction q = small(r);
            RationalInterval y = RationalInterval.of(q, bits(r));
            BigFraction a = x.lo().multiply(q);
            BigFraction e = x.hi().multiply(q);
            int b = Integer.max(bits, y.bits());
            same(x.mul(y), min(a, e), max(a, e), b);
            same(y.mul(x), min(a, e), max(a, e), b);
            BigFraction p = member(x, r);
            assertThat(x.mul(y).contains(p.multiply(q))).isTrue();
        }
    }

    @Test
    void roundingMidpointsAndMagnitudesAgreeWithFractions() {
        Random r = new Random(14);
        for (int i = 0; i < N; i++) {
            RationalInterval x = interval(r, bits(r));
            int b = bits(r);
            same(x.withBits(b), x.lo(), x.hi(), b);
            assertThat(x.mid().subtract(x.lo().add(x.hi()).divide(2)).signum()).isZero();
            assertThat(x.rad().subtract(x.hi().subtract(x.lo()).divide(2)).signum()).isZero();
            assertThat(x.mag().subtract(RationalInterval.max(x.lo().abs(), x.hi().abs())).signum()).isZero();
            RationalInterval y = interval(r, x.bits());
            boolean inside = y.lo().subtract(x.lo()).signum() <= 0 && x.hi().subtract(y.hi()).signum() <= 0;
            assertThat(x.within(y)).isEqualTo(inside);
            assertThat(x.isPoint()).isEqualTo(x.lo().subtract(x.hi()).signum() == 0);
            int k = r.nextInt(301) - 250;
            BigFraction pow = k >= 0 ? BigFraction.of(BigInteger.ONE.shiftLeft(k))
                    : BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(-k));
            assertThat(x.magBelow(k)).isEqualTo(x.mag().subtract(pow).signum() < 0);
        }
    }

    /** Dyadic exponents never wrap around: beyond the int range the operation fails instead of giving a wrong number. */
    @Test
    void exponentsBeyondTheIntRangeFail() {
        Dyadic tiny = new Dyadic(BigInteger.ONE, Integer.MIN_VALUE + 10);
        Dyadic huge = new Dyadic(BigInteger.ONE, Integer.MAX_VALUE - 10);
        assertThatThrownBy(() -> tiny.multiply(tiny)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> huge.multiply(huge)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> tiny.scale(-20)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> tiny.add(huge)).isInstanceOf(ArithmeticException.class);
        assertThat(huge.multiply(tiny).exponent()).isEqualTo(-1);
    }

    /** Hand-picked: rounding that carries into a new power of two, negative powers of two, exact ties. */
    @Test
    void edgeCases() {
        BigFraction justBelowOne = BigFraction.ONE.subtract(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(90)));
        RationalInterval x = RationalInterval.of(justBelowOne, 8);
        RationalInterval one = RationalInterval.of(BigFraction.ONE, 8);
        same(x.mul(one), justBelowOne, justBelowOne, 8);
        same(x.neg().mul(one), justBelowOne.negate(), justBelowOne.negate(), 8);
        BigFraction negPow = BigFraction.of(BigInteger.ONE.negate(), BigInteger.ONE.shiftLeft(100));
        RationalInterval n = RationalInterval.of(negPow, negPow, 4);
        same(n.mul(RationalInterval.of(BigFraction.of(1, 3), 4)), negPow.divide(3), negPow.divide(3), 4);
        same(n.add(n), negPow.multiply(2), negPow.multiply(2), 4);
        assertThat(RationalInterval.of(BigFraction.ZERO, 5).mul(RationalInterval.of(BigFraction.of(1, 3), 5)).isPoint())
                .isTrue();
    }
}
