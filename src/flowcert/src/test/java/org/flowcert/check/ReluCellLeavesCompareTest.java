package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** The gcd-free comparison of ReluCellLeaves against the sign of an exact difference, negative denominators too. */
class ReluCellLeavesCompareTest {
    @Test
    void compareIsTheSignOfTheDifference() {
        long[][] pairs = {{3, -2, -5, 3}, {1, -2, 1, 3}, {-1, -2, 1, 3}, {2, 4, 1, 2}, {0, -7, 0, 5}, {-7, 3, 5, -2}};
        // by hand: -3/2 > -5/3, -1/2 < 1/3, 1/2 > 1/3, 1/2 = 1/2, 0 = 0, -7/3 > -5/2
        int[] expected = {1, -1, 1, 0, 0, 1};
        for (int i = 0; i < pairs.length; i++) {
            long[] p = pairs[i];
            BigFraction x = BigFraction.of(java.math.BigInteger.valueOf(p[0]), java.math.BigInteger.valueOf(p[1]));
            BigFraction y = BigFraction.of(java.math.BigInteger.valueOf(p[2]), java.math.BigInteger.valueOf(p[3]));
            assertThat(ReluCellLeaves.compare(x, y)).as(x + " vs " + y).isEqualTo(expected[i]);
            assertThat(ReluCellLeaves.compare(y, x)).as(y + " vs " + x).isEqualTo(-expected[i]);
        }
    }
}
