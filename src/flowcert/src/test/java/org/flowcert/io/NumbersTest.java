package org.flowcert.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    @Test
    void readsEveryFormOfTheContractExactly() {
        assertThat(Numbers.parse("-3")).isEqualTo(BigFraction.of(-3));
        assertThat(Numbers.parse("0.1")).isEqualTo(BigFraction.of(1, 10));
        assertThat(Numbers.parse("-2.5e-3")).isEqualTo(BigFraction.of(-1, 400));
        assertThat(Numbers.parse("1E3")).isEqualTo(BigFraction.of(1000));
        assertThat(Numbers.parse("-1/8")).isEqualTo(BigFraction.of(-1, 8));
        assertThat(Numbers.parse("6/4")).isEqualTo(BigFraction.of(3, 2));
        assertThat(Numbers.parse(".5")).isEqualTo(BigFraction.of(1, 2));
        // G = (sqrt 5 - 1)/2 in binary64, WORKLOADS.md: 0x13c6ef372fe950 * 2^-53
        assertThat(Numbers.parse("0x1.3c6ef372fe950p-1"))
                .isEqualTo(BigFraction.of(new BigInteger("13c6ef372fe950", 16), BigInteger.ONE.shiftLeft(53)));
        assertThat(Numbers.parse("-0x1.8p1")).isEqualTo(BigFraction.of(-3));
        assertThat(Numbers.parse("0x0.0p+0")).isEqualTo(BigFraction.ZERO);
    }

    @Test
    void formatPutsTheSignOnTheNumeratorAndRoundTrips() {
        BigFraction q = BigFraction.of(367, 1).divide(BigFraction.of(-1200));
        assertThat(Numbers.format(q)).isEqualTo("-367/1200");
        assertThat(Numbers.format(BigFraction.of(BigInteger.ONE, BigInteger.valueOf(-3)))).isEqualTo("-1/3");
        assertThat(Numbers.format(BigFraction.of(BigInteger.valueOf(-4), BigInteger.valueOf(-2)))).isEqualTo("2");
        for (BigFraction x : new BigFraction[] {q, BigFraction.of(5, -7), BigFraction.of(-5, -7), BigFraction.ZERO}) {
            assertThat(Numbers.compare(Numbers.parse(Numbers.format(x)), x)).isZero();
        }
    }

    @Test
    void hexFloatsAreTheDoubleValue() {
        double[] xs = {0.1, -0.2639320225002102, 1e-310, Double.MAX_VALUE, Double.MIN_VALUE};
        for (double x : xs) {
            assertThat(Numbers.parse(Double.toHexString(x))).isEqualTo(Numbers.ofDouble(x));
            assertThat(Numbers.parse(Double.toHexString(x)).doubleValue()).isEqualTo(x);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "1/0", "1/-2", "0x", "0x1.g", "1e", "--1", "1..2", "NaN",
        "Infinity", "1/2/3", "0x1p", "1e999999999"})
    void malformedNumbersAreUserErrorsNamingTheField(String text) {
        assertThatThrownBy(() -> Numbers.parse(text, "p.json", "theta[3]"))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("p.json")
                .hasMessageContaining("theta[3]")
                .hasMessageContaining("expected a number");
    }
}
