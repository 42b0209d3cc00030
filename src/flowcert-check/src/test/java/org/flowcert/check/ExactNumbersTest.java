package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** The checker's own number parser: exact values, and exponents refused rather than wrapped. */
class ExactNumbersTest {
    @Test
    void readsEveryFormExactly() throws Malformed {
        assertThat(ExactNumbers.parse("-3", "x")).isEqualTo(BigFraction.of(-3));
        assertThat(ExactNumbers.parse("0.1", "x")).isEqualTo(BigFraction.of(1, 10));
        assertThat(ExactNumbers.parse("-2.5e-3", "x")).isEqualTo(BigFraction.of(-1, 400));
        assertThat(ExactNumbers.parse("-1/8", "x")).isEqualTo(BigFraction.of(-1, 8));
        assertThat(ExactNumbers.parse("0x1.8p-1", "x")).isEqualTo(BigFraction.of(3, 4));
    }

    /**
     * Soundness review 2026-12-06: with the exponent limit raised past 2^32, {@code (int) e} wrapped and
     * {@code 1e4294967296} was read as 1, so a claim "L ≤ 1e-4294967296" would have been judged as "L ≤ 1". Such
     * exponents are refused whatever the limit, and the limit itself cannot be raised past 2^31 − 1.
     */
    @Test
    void exponentsBeyondAnIntAreRefusedNotWrapped() {
        Work.begin(Limits.DEFAULT.with("exponent=" + Integer.MAX_VALUE));
        try {
            for (String s : new String[] {"1e4294967296", "3e4294967296", "1e-4294967296", "0x1p4294967296",
                "2e4294967297", "1e2147483648"}) {
                assertThatThrownBy(() -> ExactNumbers.parse(s, "x")).as(s).isInstanceOf(LimitExceeded.class);
            }
        } finally {
            Work.end();
        }
        assertThatThrownBy(() -> Limits.DEFAULT.with("exponent=10000000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("up to 2147483647");
        assertThatThrownBy(() -> Limits.DEFAULT.with("digits=10000000000"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
