package org.flowcert.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * KinkPoly's packed exponents and Bernstein bounds (the soundness review of session 6: exponents could spill into
 * the next variable, and minBernstein overwrote coefficients of terms that share an index). Expected values are
 * derived by hand in the comments, not by the code under test.
 */
class KinkPolyTest {
    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    @Test
    void exponentsAddPerVariableUpToTheLimit() {
        KinkPoly p = KinkPoly.var(1).pow(KinkPoly.MAX_EXPONENT);
        assertThat(p.terms).hasSize(1);
        long key = p.terms.keySet().iterator().next();
        assertThat(KinkPoly.exponent(key, 1)).isEqualTo(KinkPoly.MAX_EXPONENT);
        assertThat(KinkPoly.exponent(key, 2)).isZero(); // nothing carried into the next variable
    }

    @Test
    void anExponentOverTheLimitIsRefusedNotCarried() {
        KinkPoly p = KinkPoly.var(1).pow(KinkPoly.MAX_EXPONENT);
        // before the check, p1^255 * p1 packed as p2^1 (carry into the next 8 bits)
        assertThatThrownBy(() -> p.mul(KinkPoly.var(1))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> KinkPoly.var(KinkPoly.VARS)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void bernsteinOfASquareInOneVariable() {
        // (y − 1/2)² = 1/4 − y + y²: b_0 = 1/4, b_1 = 1/4 − 1/2 = −1/4, b_2 = 1/4 − 1 + 1 = 1/4
        KinkPoly y = KinkPoly.var(1);
        KinkPoly p = y.sub(KinkPoly.constant(q(1, 2))).pow(2);
        assertThat(p.minBernstein(1)).isEqualTo(q(-1, 4));
    }

    @Test
    void bernsteinInThreeVariables() {
        // 1 − y1 − y2 − y3, degree 1 in each: b_I = 1 − i1 − i2 − i3 on {0, 1}³, smallest −2 (the true minimum)
        KinkPoly p = KinkPoly.constant(BigFraction.ONE).sub(KinkPoly.var(1)).sub(KinkPoly.var(2))
                .sub(KinkPoly.var(3));
        assertThat(p.minBernstein(3)).isEqualTo(q(-2, 1));
        // y1 y2 y3 − 1/8: the Bernstein coefficients are i1 i2 i3 − 1/8, smallest −1/8
        KinkPoly m = KinkPoly.var(1).mul(KinkPoly.var(2)).mul(KinkPoly.var(3)).sub(KinkPoly.constant(q(1, 8)));
        assertThat(m.minBernstein(3)).isEqualTo(q(-1, 8));
    }

    @Test
    void termsOutsideTheBoxVariablesAreRefusedNotDropped() {
        // x·p1 + 1 has a term in x: before the check minBernstein(1) put both terms on one index (keeping one)
        KinkPoly p = KinkPoly.var(0).mul(KinkPoly.var(1)).add(KinkPoly.constant(BigFraction.ONE));
        assertThatThrownBy(() -> p.minBernstein(1)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> p.eval(new BigFraction[] {q(1, 2)})).isInstanceOf(ArithmeticException.class);
        KinkPoly r = KinkPoly.var(1).add(KinkPoly.var(2)); // p2 is outside a 1-variable box
        assertThatThrownBy(() -> r.minBernstein(1)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> r.toUnitBox(new BigFraction[] {q(0, 1)}, new BigFraction[] {q(1, 1)}))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void evalAndUnitBox() {
        // p = p1² p2 − p3 at (1/2, 3, 2): 3/4 − 2 = −5/4
        KinkPoly p = KinkPoly.var(1).pow(2).mul(KinkPoly.var(2)).sub(KinkPoly.var(3));
        assertThat(p.eval(new BigFraction[] {q(1, 2), q(3, 1), q(2, 1)})).isEqualTo(q(-5, 4));
        // p1 on [1/4, 3/4] becomes 1/4 + y/2: Bernstein coefficients 1/4, 3/4
        KinkPoly u = KinkPoly.var(1).toUnitBox(new BigFraction[] {q(1, 4)}, new BigFraction[] {q(3, 4)});
        assertThat(u.minBernstein(1)).isEqualTo(q(1, 4));
    }
}
