package org.flowcert.prove.critical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class RationalPolynomialTest {

    @Test
    void divisionIdentityAndGcd() {
        Random rnd = new Random(1);
        for (int t = 0; t < 200; t++) {
            RationalPolynomial a = random(rnd, 1 + rnd.nextInt(6));
            RationalPolynomial b = random(rnd, 1 + rnd.nextInt(4));
            RationalPolynomial common = random(rnd, 1 + rnd.nextInt(2));
            RationalPolynomial[] qr = a.divideAndRemainder(b);
            assertThat(qr[0].multiply(b).add(qr[1])).isEqualTo(a);
            assertThat(qr[1].degree()).isLessThan(b.degree());
            RationalPolynomial g = RationalPolynomial.gcd(a.multiply(common), b.multiply(common));
            assertThat(a.multiply(common).remainder(g).isZero()).isTrue();
            assertThat(g.remainder(common.monic()).isZero()).isTrue();
        }
    }

    @Test
    void sturmCountsKnownRoots() {
        // (x − 1)(x + 2)(x − 1/3)(x² + 1): real roots −2, 1/3, 1
        RationalPolynomial p = RationalPolynomial.ofLongs(-1, 1).multiply(RationalPolynomial.ofLongs(2, 1))
                .multiply(RationalPolynomial.of(BigFraction.of(-1, 3), BigFraction.ONE))
                .multiply(RationalPolynomial.ofLongs(1, 0, 1));
        SturmSequence s = SturmSequence.of(p);
        assertThat(s.countAll()).isEqualTo(3);
        assertThat(s.count(BigFraction.of(0), BigFraction.of(2))).isEqualTo(2);
        assertThat(s.count(BigFraction.of(-3), BigFraction.of(1, 4))).isEqualTo(1);
        List<RootIsolation.Isolated> iv = RootIsolation.isolate(p);
        assertThat(iv).hasSize(3);
        double[] roots = {-2, 1.0 / 3, 1};
        for (int i = 0; i < 3; i++) {
            assertThat(iv.get(i).lo().doubleValue()).isLessThan(roots[i]);
            assertThat(iv.get(i).hi().doubleValue()).isGreaterThan(roots[i]);
        }
        // a double root counts once after taking the square-free part
        RationalPolynomial sq = p.multiply(RationalPolynomial.ofLongs(-1, 1));
        assertThat(SturmSequence.of(sq.squareFreePart()).countAll()).isEqualTo(3);
    }

    private static RationalPolynomial random(Random rnd, int deg) {
        BigFraction[] c = new BigFraction[deg + 1];
        for (int i = 0; i <= deg; i++) {
            c[i] = BigFraction.of(rnd.nextInt(21) - 10, 1 + rnd.nextInt(5));
        }
        if (c[deg].signum() == 0) {
            c[deg] = BigFraction.ONE;
        }
        return RationalPolynomial.of(c);
    }
}
