package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * Sturm counting of {@code Poly.count} (rule critical-profile) against polynomials built from known roots: the
 * expected counts come from the construction, never from the code under test.
 */
class PolyTest {
    private static BigFraction q(long p, long r) {
        return BigFraction.of(p, r);
    }

    /** ∏ (x − root), coefficients from the constant term up. */
    private static BigFraction[] fromRoots(List<BigFraction> roots) {
        BigFraction[] p = {BigFraction.ONE};
        for (BigFraction r : roots) {
            p = Poly.mul(p, new BigFraction[] {r.negate(), BigFraction.ONE});
        }
        return p;
    }

    @Test
    void countsTheDistinctRootsOfACubicInEachInterval() {
        BigFraction[] p = fromRoots(List.of(q(1, 1), q(2, 1), q(3, 1))); // x³ − 6x² + 11x − 6
        assertThat(p).containsExactly(q(-6, 1), q(11, 1), q(-6, 1), q(1, 1));
        assertThat(Poly.count(p, q(0, 1), q(4, 1))).isEqualTo(3);
        assertThat(Poly.count(p, q(3, 2), q(5, 2))).isEqualTo(1);
        assertThat(Poly.count(p, null, null)).isEqualTo(3);
        assertThat(Poly.count(p, q(7, 2), null)).isZero();
        assertThat(Poly.count(p, null, q(1, 2))).isZero();
    }

    @Test
    void irrationalRootsNoRootsAndRepeatedRoots() {
        BigFraction[] twoMinus = {q(-2, 1), BigFraction.ZERO, BigFraction.ONE}; // x² − 2: ±1.41421...
        assertThat(Poly.count(twoMinus, q(1, 1), q(3, 2))).isEqualTo(1);
        assertThat(Poly.count(twoMinus, q(3, 2), q(2, 1))).isZero();
        assertThat(Poly.count(twoMinus, q(141, 100), q(142, 100))).isEqualTo(1);
        assertThat(Poly.count(twoMinus, null, BigFraction.ZERO)).isEqualTo(1);
        BigFraction[] plusOne = {BigFraction.ONE, BigFraction.ZERO, BigFraction.ONE}; // x² + 1
        assertThat(Poly.count(plusOne, null, null)).isZero();
        // (x − 1)²(x + 2): distinct roots 1 and −2 (the repeated one counted once)
        BigFraction[] repeated = fromRoots(List.of(q(1, 1), q(1, 1), q(-2, 1)));
        assertThat(Poly.count(repeated, null, null)).isEqualTo(2);
        assertThat(Poly.count(repeated, BigFraction.ZERO, null)).isEqualTo(1);
        assertThat(Poly.count(repeated, q(-3, 1), BigFraction.ZERO)).isEqualTo(1);
    }

    @Test
    void closeRationalRootsAreSeparated() {
        List<BigFraction> roots = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            roots.add(q(k, 7));
        }
        BigFraction[] p = fromRoots(roots);
        assertThat(Poly.count(p, BigFraction.ZERO, q(15, 14))).isEqualTo(7); // 1/7 .. 7/7
        assertThat(Poly.count(p, q(1, 14), q(3, 14))).isEqualTo(1);
        assertThat(Poly.count(p, q(29, 14), null)).isZero();
    }

    @Test
    void randomPolynomialsFromKnownDistinctRoots() {
        Random rnd = new Random(20261206);
        for (int trial = 0; trial < 300; trial++) {
            List<BigFraction> roots = new ArrayList<>();
            int n = 1 + rnd.nextInt(7);
            while (roots.size() < n) {
                BigFraction r = q(rnd.nextInt(41) - 20, 1 + rnd.nextInt(5));
                if (roots.stream().noneMatch(x -> x.subtract(r).signum() == 0)) {
                    roots.add(r);
                }
            }
            // times a root-free factor ±(c + 3x²), c ≥ 1 (either sign of the leading coefficient)
            int sign = rnd.nextBoolean() ? 1 : -1;
            BigFraction[] p = Poly.mul(fromRoots(roots), new BigFraction[] {q(sign * (1 + rnd.nextInt(9)), 1),
                BigFraction.ZERO, q(sign * 3, 1)});
            // endpoints with denominator 11 are never roots (root denominators divide 1..5, 11 is prime)
            BigFraction a = q(rnd.nextInt(481) - 240, 11);
            BigFraction b = a.add(q(1 + rnd.nextInt(300), 11));
            long inside = roots.stream().filter(r -> r.subtract(a).signum() > 0 && r.subtract(b).signum() < 0).count();
            assertThat(Poly.count(p, a, b)).as("roots %s on (%s, %s)", roots, a, b).isEqualTo((int) inside);
            assertThat(Poly.count(p, null, null)).isEqualTo(n);
        }
    }

    @Test
    void gcdKeepsTheCommonRoot() {
        BigFraction[] g = Poly.gcd(fromRoots(List.of(q(1, 1), q(2, 1))), fromRoots(List.of(q(1, 1), q(-3, 1))));
        assertThat(g).hasSize(2); // degree 1
        assertThat(Poly.eval(g, BigFraction.ONE).signum()).isZero();
    }
}
