package org.flowcert.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

class DualTest {
    private static final Dual.Field<Exact> EX2 = Dual.field(Exact.FIELD, 2);
    private static final Dual.Field<DoubleNum> D1 = Dual.field(DoubleNum.FIELD, 1);

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    /** f(x, y) = (x y + x / y)² − 3x + relu(y): gradient derived by hand, compared exactly. */
    @Test
    void rationalChainRuleMatchesHandDerivedGradient() {
        Random rnd = new Random(6);
        int n = Integer.getInteger("flowcert.props", 100000) / 1000;
        for (int it = 0; it < Math.max(n, 20); it++) {
            BigFraction x = q(rnd.nextInt(41) - 20, rnd.nextInt(9) + 1);
            BigFraction y = q(rnd.nextInt(41) - 20, rnd.nextInt(9) + 1);
            if (y.signum() == 0) {
                continue;
            }
            Dual<Exact> dx = EX2.variable(Exact.of(x), 0);
            Dual<Exact> dy = EX2.variable(Exact.of(y), 1);
            Dual<Exact> u = dx.multiply(dy).add(dx.divide(dy));
            Dual<Exact> f = u.square().subtract(EX2.of(3).multiply(dx)).add(dy.relu());
            BigFraction uv = x.multiply(y).add(x.divide(y));
            // ∂f/∂x = 2u (y + 1/y) − 3, ∂f/∂y = 2u (x − x/y²) + [y > 0]
            BigFraction fx = uv.multiply(2).multiply(y.add(y.reciprocal())).subtract(3);
            BigFraction fy = uv.multiply(2).multiply(x.subtract(x.divide(y.multiply(y))))
                    .add(y.signum() > 0 ? BigFraction.ONE : BigFraction.ZERO);
            assertEquals(uv.multiply(uv).subtract(x.multiply(3)).add(y.signum() > 0 ? y : BigFraction.ZERO),
                    f.value().value());
            assertEquals(fx, f.tangent(0).value(), "d/dx at " + x + ", " + y);
            assertEquals(fy, f.tangent(1).value(), "d/dy at " + x + ", " + y);
        }
    }

    @Test
    void constantsDivideAndNegateHaveZeroOrQuotientTangents() {
        Dual<Exact> x = EX2.variable(Exact.of(q(3, 2)), 0);
        Dual<Exact> c = EX2.of(q(1, 3));
        // (c / x)' = −c / x² = −(1/3)/(9/4) = −4/27 ; (x / c)' = 3
        assertEquals(q(-4, 27), c.divide(x).tangent(0).value());
        assertEquals(BigFraction.of(3), x.divide(c).tangent(0).value());
        assertEquals(BigFraction.of(-1), x.negate().tangent(0).value());
        assertEquals(BigFraction.ZERO, c.subtract(x).add(x).tangent(0).value());
        assertEquals(BigFraction.ZERO, x.tangent(1).value());
    }

    private static double d(java.util.function.UnaryOperator<Dual<DoubleNum>> f, double x) {
        return f.apply(D1.variable(DoubleNum.of(x), 0)).tangent(0).value();
    }

    /** Derivatives of the transcendental primitives against their closed forms. */
    @Test
    void elementaryDerivativesMatchClosedForms() {
        for (double x : new double[] {-3.5, -1, -0.25, 0.3, 1.7, 4}) {
            double ch = Math.cosh(x);
            assertEquals(1 / (ch * ch), d(Dual::tanh, x), 1e-15, "tanh' " + x);
            assertEquals(Math.exp(x), d(Dual::exp, x), 1e-14 * Math.exp(x), "exp' " + x);
            double s = 1 / (1 + Math.exp(-x));
            assertEquals(s * (1 - s), d(Dual::logistic, x), 1e-15, "logistic' " + x);
            assertEquals(s, d(Dual::softplus, x), 1e-15, "softplus' " + x);
            assertEquals(2 / Math.sqrt(Math.PI) * Math.exp(-x * x), d(Dual::erf, x), 1e-15, "erf' " + x);
            double a = Math.abs(x);
            assertEquals(1 / a, d(Dual::log, a), 1e-15, "log' " + a);
            assertEquals(0.5 / Math.sqrt(a), d(Dual::sqrt, a), 1e-15, "sqrt' " + a);
        }
    }

    @Test
    void stepHasZeroDerivativeAwayFromZeroAndRefusesAtTheKink() {
        assertEquals(0.0, d(Dual::step, 0.5));
        assertEquals(0.0, d(Dual::step, -0.5));
        assertEquals(1.0, d(Dual::relu, 0.5));
        assertEquals(0.0, d(Dual::relu, -0.5));
        assertThrows(Dual.KinkException.class, () -> d(Dual::step, 0.0));
        // a constant at 0 has no tangent, so there is nothing to differentiate
        assertEquals(BigFraction.ZERO, EX2.of(0).step().value().value());
    }
}
