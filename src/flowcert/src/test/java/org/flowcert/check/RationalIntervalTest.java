package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/** Inclusion property of the checker's rational intervals, and elementary enclosures against known digits. */
class RationalIntervalTest {
    private static final int N = Integer.getInteger("flowcert.props", 100000) / 20;

    private static BigFraction q(Random r) {
        return BigFraction.of(r.nextInt(2001) - 1000, r.nextInt(97) + 1);
    }

    /** A random member of [lo, hi]. */
    private static BigFraction member(RationalInterval x, Random r) {
        BigFraction t = BigFraction.of(r.nextInt(11), 10);
        return x.lo().add(x.hi().subtract(x.lo()).multiply(t));
    }

    private static RationalInterval interval(Random r, int bits) {
        BigFraction a = q(r);
        BigFraction b = q(r);
        return a.subtract(b).signum() <= 0 ? RationalInterval.of(a, b, bits) : RationalInterval.of(b, a, bits);
    }

    @Test
    void arithmeticEnclosesEveryMemberResult() {
        Random r = new Random(7);
        for (int i = 0; i < N; i++) {
            int bits = r.nextBoolean() ? 0 : 8 + r.nextInt(40);
            RationalInterval x = interval(r, bits);
            RationalInterval y = interval(r, bits);
            BigFraction a = member(x, r);
            BigFraction b = member(y, r);
            assertThat(x.add(y).contains(a.add(b))).isTrue();
            assertThat(x.sub(y).contains(a.subtract(b))).isTrue();
            assertThat(x.mul(y).contains(a.multiply(b))).isTrue();
            assertThat(x.sqr().contains(a.multiply(a))).isTrue();
            assertThat(x.neg().contains(a.negate())).isTrue();
        }
    }

    @Test
    void roundingIsOutwardAndShort() {
        BigFraction third = BigFraction.of(-1, 3);
        RationalInterval r = RationalInterval.hull(third, third, 20);
        assertThat(r.contains(third)).isTrue();
        assertThat(r.lo().getDenominator().bitLength()).isLessThanOrEqualTo(23);
        assertThat(r.hi().subtract(r.lo()).multiply(1 << 20).subtract(BigFraction.ONE).signum()).isLessThanOrEqualTo(0);
    }

    /**
     * Commons Numbers keeps the divisor's sign in the denominator (BigFraction.of(1, -1025),
     * 3/7 ÷ −2/5 = 15/−14): rounding and the elementary functions must not assume den > 0.
     */
    @Test
    void negativeDenominatorsRoundOutward() {
        Random r = new Random(11);
        for (int i = 0; i < N; i++) {
            java.math.BigInteger n = java.math.BigInteger.valueOf(r.nextLong() >> r.nextInt(60));
            java.math.BigInteger d = java.math.BigInteger.valueOf((r.nextLong() >>> r.nextInt(60)) | 1).negate();
            BigFraction q = BigFraction.of(n, d);
            int bits = 1 + r.nextInt(40);
            RationalInterval h = RationalInterval.hull(q, q, bits);
            assertThat(h.contains(q)).as("%s at %d bits: %s", q, bits, h).isTrue();
            assertThat(RationalInterval.up(q, bits).subtract(q).signum()).isGreaterThanOrEqualTo(0);
        }
        BigFraction minus = BigFraction.of(1, -1025); // −1/1025 truncated toward 0 was rounded "down" inward
        assertThat(RationalInterval.hull(minus, minus, 4).contains(minus)).isTrue();
        BigFraction nine = BigFraction.of(-9, -4); // 9/4 with both signs negative
        assertEncloses(Elementary.sqrt(nine, 128), "1.5", 38);
        BigFraction five = BigFraction.of(-8, -3); // 8/3: −8's bit length is one less than 8's
        assertEncloses(Elementary.log(five, 128), "0.98082925301172623685645112745200399957", 38);
    }

    private static void assertEncloses(RationalInterval r, String digits, int places) {
        BigFraction v = Numbers.parse(digits);
        BigFraction ulp = BigFraction.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(places));
        // the known digits are truncated: the true value lies in [v - ulp, v + ulp]
        assertThat(r.lo().subtract(v.add(ulp)).signum()).isLessThanOrEqualTo(0);
        assertThat(r.hi().subtract(v.subtract(ulp)).signum()).isGreaterThanOrEqualTo(0);
        assertThat(r.hi().subtract(r.lo()).subtract(ulp).signum()).isLessThanOrEqualTo(0);
    }

    /** Reference digits: Python decimal at 50 digits (exp, ln, tanh, logistic), A001113, A002162, erf tables. */
    @Test
    void elementaryFunctionsEncloseKnownValues() {
        assertEncloses(Elementary.exp(BigFraction.ONE, 128), "2.71828182845904523536028747135266249775", 38);
        assertEncloses(Elementary.exp(BigFraction.of(-20), 128), "0.00000000206115362243855782796594038016", 38);
        assertEncloses(Elementary.log(BigFraction.of(2), 128), "0.69314718055994530941723212145817656807", 38);
        assertEncloses(Elementary.log(BigFraction.of(1, 10), 128), "-2.30258509299404568401799145468436420760", 38);
        assertEncloses(Elementary.tanh(BigFraction.of(1, 2), 128), "0.46211715726000975850231848364367254873", 38);
        assertEncloses(Elementary.tanh(BigFraction.of(-3), 128), "-0.99505475368673045133188018525548847509", 38);
        assertEncloses(Elementary.logistic(BigFraction.of(2), 128), "0.88079707797788244405972914130239679520", 38);
        assertEncloses(Elementary.softplus(BigFraction.ZERO, 128), "0.69314718055994530941723212145817656807", 38);
        assertEncloses(Elementary.erf(BigFraction.ONE, 128), "0.84270079294971486934122063508260925929", 38);
        assertEncloses(Elementary.erf(BigFraction.of(-5, 2), 128), "-0.99959304798255504106043578426002508727", 38);
        assertEncloses(Elementary.erf(BigFraction.of(6), 128), "0.99999999999999997848026328750108688340", 16);
    }
}
