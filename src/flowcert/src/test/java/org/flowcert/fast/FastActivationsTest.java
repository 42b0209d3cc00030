package org.flowcert.fast;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;
import org.junit.jupiter.api.Test;

/**
 * The fast activations against 30-digit apfloat values: the errors stay within the bounds
 * documented in FastActivations and proofs-notes/fast-kernels.md.
 */
class FastActivationsTest {
    private static final long PREC = 30;
    private static final Apfloat ONE = new Apfloat(1, PREC);

    private static Apfloat ap(double z) {
        return new Apfloat(new BigDecimal(z), PREC);
    }

    /** |fast − true| in ulps of the true value (rounded to binary64). */
    private static double ulpError(double fast, Apfloat truth) {
        BigDecimal t = new BigDecimal(truth.toString(true));
        double td = t.doubleValue();
        BigDecimal diff = new BigDecimal(fast).subtract(t, MathContext.DECIMAL128).abs();
        return diff.doubleValue() / Math.ulp(td);
    }

    private static double maxError(String name, DoubleUnaryOperator fast, UnaryOperator<Apfloat> truth, double[] zs) {
        double worst = 0;
        for (double z : zs) {
            worst = Math.max(worst, ulpError(fast.applyAsDouble(z), truth.apply(ap(z))));
        }
        System.out.println("FastActivationsTest: " + name + " max error " + worst + " ulps over " + zs.length + " points");
        return worst;
    }

    /** Random points over [-range, range] (uniform and log-uniform) plus the branch boundaries. */
    private static double[] points(double range, int n, long seed) {
        Random rnd = new Random(seed);
        double[] zs = new double[n + 8];
        for (int i = 0; i < n; i++) {
            double mag = i % 2 == 0 ? rnd.nextDouble() * range : Math.pow(10, -12 + rnd.nextDouble() * 13.5);
            zs[i] = rnd.nextBoolean() ? mag : -mag;
        }
        double[] edges = {0.625, Math.nextDown(0.625), -0.625, 1e-300, 21.99, 22, 1e-8, -3.5};
        System.arraycopy(edges, 0, zs, n, edges.length);
        return zs;
    }

    private static final int N = Math.max(200, Integer.getInteger("flowcert.props", 100000) / 500);

    @Test
    void tanhWithin3Ulps() {
        double e = maxError("tanh", FastActivations::tanh, ApfloatMath::tanh, points(25, N, 1));
        assertThat(e).isLessThanOrEqualTo(3.0);
        assertThat(FastActivations.tanh(0.0)).isEqualTo(0.0);
        assertThat(FastActivations.tanh(1e300)).isEqualTo(1.0);
        assertThat(FastActivations.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(FastActivations.tanh(Double.NaN)).isNaN();
    }

    @Test
    void logisticWithin5Ulps() {
        UnaryOperator<Apfloat> s = z -> ONE.divide(ONE.add(ApfloatMath.exp(z.negate())));
        assertThat(maxError("logistic", FastActivations::logistic, s, points(40, N, 2))).isLessThanOrEqualTo(5.0);
    }

    @Test
    void logisticDerivativeWithin8Ulps() {
        UnaryOperator<Apfloat> d = z -> {
            Apfloat e = ApfloatMath.exp(z.negate());
            Apfloat q = ONE.add(e);
            return e.divide(q.multiply(q));
        };
        assertThat(maxError("logistic'", FastActivations::logisticDerivative, d, points(40, N, 3))).isLessThanOrEqualTo(8.0);
    }

    @Test
    void softplusWithin4Point5Ulps() {
        // 1 + e^z must keep the digits of e^z ≥ e^-40 ≈ 4e-18: work with 70 digits
        Apfloat one = new Apfloat(1, 70);
        UnaryOperator<Apfloat> sp = z -> ApfloatMath.log(one.add(ApfloatMath.exp(z.precision(70))));
        assertThat(maxError("softplus", FastActivations::softplus, sp, points(40, N, 4))).isLessThanOrEqualTo(4.5);
    }
}
