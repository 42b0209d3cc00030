package org.flowcert.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class DecimalBoundsTest {

    @Test
    void boundsReadExactlyEncloseTheDouble() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 20000; i++) {
            double x = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(x)) {
                continue;
            }
            BigFraction exact = Numbers.ofDouble(x);
            assertThat(Numbers.compare(Numbers.parse(DecimalBounds.lower(x)), exact)).isLessThanOrEqualTo(0);
            assertThat(Numbers.compare(Numbers.parse(DecimalBounds.upper(x)), exact)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void pointOneIsNotItsOwnBound() {
        // the double 0.1 is 0.1000000000000000055511151231257827...: "0.1" is below it
        assertThat(DecimalBounds.lower(0.1)).isEqualTo("0.100000000000000005");
        assertThat(DecimalBounds.upper(0.1)).isEqualTo("0.100000000000000006");
        assertThat(DecimalBounds.lower(BigFraction.of(-1, 3))).isEqualTo("-0.333333333333333334");
        assertThat(DecimalBounds.upper(BigFraction.of(-1, 3))).isEqualTo("-0.333333333333333333");
        assertThat(DecimalBounds.upper(BigFraction.of(7, 960))).isEqualTo("0.00729166666666666667");
    }
}
