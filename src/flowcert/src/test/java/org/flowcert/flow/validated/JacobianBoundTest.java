package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Interval;
import org.flowcert.eval.Hessian;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;
import org.junit.jupiter.api.Test;

/** The Jacobian of one step is within δ of Ŷ: checked against independently computed Jacobians. */
class JacobianBoundTest {
    private static final MathContext MC = new MathContext(50);

    private static BigFraction q(long n, long d) {
        return BigFraction.of(n, d);
    }

    private static Problem data(int[] widths, String act, BigFraction[] theta, BigFraction[][] x, BigFraction[][] y) {
        return new Problem("test", new Network(widths, Activation.parse(act, "test", "activation")), theta,
                new Risk.Data(x, y, Risk.Reduction.HALF_SUM));
    }

    /** μ ≥ λmax(−∇²L) over the tube p([0, h]) + [−ρ, ρ]ᴾ, as the integrator computes it. */
    private static double mu(Problem pr, Interval[][] shifted, double rho) {
        int p = pr.parameterCount();
        Interval[] tube = new Interval[p];
        for (int i = 0; i < p; i++) {
            tube[i] = Interval.of(Math.nextDown(shifted[0][i].lo() - rho), Math.nextUp(shifted[0][i].hi() + rho));
        }
        Interval[][] hs = Hessian.full(pr, Interval.FIELD, tube).hessian();
        double[][] lo = new double[p][p];
        double[][] hi = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                lo[i][j] = -hs[i][j].hi();
                hi[i][j] = -hs[i][j].lo();
            }
        }
        return EigenBound.upper(lo, hi);
    }

    /**
     * No hidden layer: L = ½ Σ (w·x_n + b − y_n)², so −∇²L = −X̃ᵀX̃ is constant and the step's
     * Jacobian is e^{−X̃ᵀX̃ h}, summed here in 50-digit decimals.
     */
    @Test
    void quadraticLossGivesTheMatrixExponential() {
        BigFraction[][] x = {{q(0, 1), q(1, 1)}, {q(1, 2), q(-1, 3)}, {q(1, 1), q(1, 4)}, {q(-1, 2), q(1, 2)}};
        BigFraction[][] y = {{q(1, 3)}, {q(-1, 2)}, {q(2, 1)}, {q(0, 1)}};
        Problem pr = data(new int[] {2, 1}, "tanh", new BigFraction[] {q(1, 2), q(-3, 4), q(1, 8)}, x, y);
        double h = 0.375;
        double[][] a = ValidatedFlow.genericPredictor(pr, pr.thetaDoubles(), 16);
        Interval[][] shifted = ValidatedFlow.shiftedCoefficients(a, Interval.of(0, h));
        JacobianBound.Result r = JacobianBound.compute(StepEvaluator.forProblem(pr, 16, false), a, shifted, 1e-12, h,
                h, mu(pr, shifted, 1e-12), 4, 80);
        // M = −X̃ᵀX̃ with rows z_n = (x_n1, x_n2, 1)
        int p = 3;
        BigDecimal[][] m = new BigDecimal[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                BigFraction s = BigFraction.ZERO;
                for (BigFraction[] xn : x) {
                    BigFraction[] z = {xn[0], xn[1], BigFraction.ONE};
                    s = s.subtract(z[i].multiply(z[j]));
                }
                m[i][j] = new BigDecimal(s.getNumerator()).divide(new BigDecimal(s.getDenominator()), MC);
            }
        }
        BigDecimal[][] e = expm(m, new BigDecimal(h));
        double maxErr = 0;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                maxErr = Math.max(maxErr, e[i][j].subtract(new BigDecimal(r.y()[i][j])).abs().doubleValue());
            }
        }
        assertTrue(maxErr <= r.delta(), "|Y - e^{Mh}| = " + maxErr + " > delta = " + r.delta());
        assertTrue(r.delta() < 1e-12, "delta " + r.delta());
        assertTrue(Math.abs(e[0][0].doubleValue() - 1) > 0.1, "the exponential is far from I (a real test)");
    }

    /**
     * 1-2-1 tanh: the Jacobian of the flow over one step by central differences of a fine RK4
     * integration (error ~1e-9) lies within δ of Ŷ, and δ is small.
     */
    @Test
    void tanhNetworkJacobianMatchesFiniteDifferences() {
        tanhNetworkJacobianMatchesFiniteDifferences(false);
    }

    /** The same with the 1-H-1 interval kernel {@link ShallowSeries} for the Hessian's series. */
    @Test
    void tanhNetworkJacobianMatchesFiniteDifferencesWithTheKernel() {
        tanhNetworkJacobianMatchesFiniteDifferences(true);
    }

    /** The 1-2-1 tanh test problem (4 points); the kernel needs binary64 data: ±3/8 instead of ±1/3. */
    private static Problem tanh121(boolean kernel) {
        BigFraction[][] x = kernel ? new BigFraction[][] {{q(-1, 1)}, {q(-3, 8)}, {q(3, 8)}, {q(1, 1)}}
                : new BigFraction[][] {{q(-1, 1)}, {q(-1, 3)}, {q(1, 3)}, {q(1, 1)}};
        BigFraction[][] y = {{q(1, 2)}, {q(-1, 4)}, {q(1, 1)}, {q(0, 1)}};
        BigFraction[] theta = {q(3, 4), q(-1, 2), q(1, 4), q(5, 4), q(-1, 1), q(1, 2), q(1, 8)};
        return data(new int[] {1, 2, 1}, "tanh", theta, x, y);
    }

    private void tanhNetworkJacobianMatchesFiniteDifferences(boolean kernel) {
        Problem pr = tanh121(kernel);
        int p = pr.parameterCount();
        double h = 0.03125;
        double[] c = pr.thetaDoubles();
        double[][] a = ValidatedFlow.genericPredictor(pr, c, 16);
        Interval[][] shifted = ValidatedFlow.shiftedCoefficients(a, Interval.of(0, h));
        double rho = 1e-10;
        StepEvaluator evaluator = StepEvaluator.forProblem(pr, 16, kernel);
        assertTrue(!kernel || evaluator instanceof ShallowStepEvaluator);
        JacobianBound.Result r = JacobianBound.compute(evaluator, a, shifted, rho, h, h, mu(pr, shifted, rho), 4, 80);
        double eps = 1e-5;
        double maxDiff = 0;
        double maxOffIdentity = 0;
        for (int j = 0; j < p; j++) {
            double[] plus = c.clone();
            double[] minus = c.clone();
            plus[j] += eps;
            minus[j] -= eps;
            double[] fp = ValidatedFlowTest.rk4(pr, plus, h, 400);
            double[] fm = ValidatedFlowTest.rk4(pr, minus, h, 400);
            for (int i = 0; i < p; i++) {
                double fd = (fp[i] - fm[i]) / (plus[j] - minus[j]);
                maxDiff = Math.max(maxDiff, Math.abs(fd - r.y()[i][j]));
                maxOffIdentity = Math.max(maxOffIdentity, Math.abs(fd - (i == j ? 1 : 0)));
            }
        }
        assertTrue(maxOffIdentity > 1e-3, "the step's Jacobian differs from I (a real test): " + maxOffIdentity);
        assertTrue(maxDiff <= r.delta() + 1e-8, "|FD - Y| = " + maxDiff + " > delta = " + r.delta());
        assertTrue(r.delta() < 1e-4, "delta " + r);
    }

    private static BigDecimal[][] expm(BigDecimal[][] m, BigDecimal h) {
        int p = m.length;
        BigDecimal[][] sum = new BigDecimal[p][p];
        BigDecimal[][] term = new BigDecimal[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                sum[i][j] = i == j ? BigDecimal.ONE : BigDecimal.ZERO;
                term[i][j] = sum[i][j];
            }
        }
        for (int n = 1; n < 200; n++) {
            BigDecimal[][] next = new BigDecimal[p][p];
            BigDecimal max = BigDecimal.ZERO;
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    BigDecimal s = BigDecimal.ZERO;
                    for (int k = 0; k < p; k++) {
                        s = s.add(term[i][k].multiply(m[k][j], MC), MC);
                    }
                    next[i][j] = s.multiply(h, MC).divide(BigDecimal.valueOf(n), MC);
                    sum[i][j] = sum[i][j].add(next[i][j], MC);
                    max = max.max(next[i][j].abs());
                }
            }
            term = next;
            if (n > 10 && max.compareTo(new BigDecimal("1e-45")) < 0) {
                break;
            }
        }
        return sum;
    }
    /**
     * The bound must hold for every start ξ in the ball B(x̂, ρ), not only at the centre: starts
     * off the centre with a wide ρ = 1e-2, model orders 1 to 4, against a fine RK4 integration of
     * (θ' = −∇L, Y' = −∇²L(θ)Y) in binary64 (its own error is below 1e-10 here).
     */
    @Test
    void boundHoldsOffCentreInAWideTube() {
        boundHoldsOffCentreInAWideTube(false);
    }

    @Test
    void boundHoldsOffCentreInAWideTubeWithTheKernel() {
        boundHoldsOffCentreInAWideTube(true);
    }

    private void boundHoldsOffCentreInAWideTube(boolean kernel) {
        Problem pr = tanh121(kernel);
        int p = pr.parameterCount();
        double rho = 1e-2;
        java.util.Random rnd = new java.util.Random(7);
        for (double h : new double[] {0.0625, 0.25}) {
            double[] c = pr.thetaDoubles();
            double[][] a = ValidatedFlow.genericPredictor(pr, c, 16);
            Interval[][] shifted = ValidatedFlow.shiftedCoefficients(a, Interval.of(0, h));
            double mu = mu(pr, shifted, rho);
            for (int m = 1; m <= 4; m++) {
                StepEvaluator evaluator = StepEvaluator.forProblem(pr, 16, kernel);
                assertTrue(!kernel || evaluator instanceof ShallowStepEvaluator);
                JacobianBound.Result r = JacobianBound.compute(evaluator, a,
                        shifted, rho, h, h, mu, m, 80);
                for (int trial = 0; trial < 3; trial++) {
                    double[] xi = c.clone();
                    for (int i = 0; i < p && trial > 0; i++) {
                        xi[i] += rho / 4 / Math.sqrt(p) * (2 * rnd.nextDouble() - 1);
                    }
                    double[][] yTrue = variationalRk4(pr, xi, h, 400);
                    double[][] e = new double[p][p];
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            e[i][j] = yTrue[i][j] - r.y()[i][j];
                        }
                    }
                    double err = frobenius(e);
                    assertTrue(err <= r.delta() + 1e-10, "h = " + h + ", m = " + m + ", trial " + trial
                            + ": |Y - Y^| = " + err + " > delta = " + r.delta());
                }
            }
        }
    }

    private static double frobenius(double[][] m) {
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s) * (1 + 1e-12);
    }

    /** Y(h) = Dφ_h(ξ) by classical RK4 with n steps on the joint system (θ, Y). */
    private static double[][] variationalRk4(Problem pr, double[] xi, double h, int n) {
        int p = xi.length;
        double[] s = new double[p + p * p];
        System.arraycopy(xi, 0, s, 0, p);
        for (int i = 0; i < p; i++) {
            s[p + i * p + i] = 1;
        }
        double dt = h / n;
        for (int k = 0; k < n; k++) {
            double[] k1 = field(pr, s, p);
            double[] k2 = field(pr, axpy(s, dt / 2, k1), p);
            double[] k3 = field(pr, axpy(s, dt / 2, k2), p);
            double[] k4 = field(pr, axpy(s, dt, k3), p);
            for (int i = 0; i < s.length; i++) {
                s[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
        }
        double[][] yv = new double[p][p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(s, p + i * p, yv[i], 0, p);
        }
        return yv;
    }

    private static double[] axpy(double[] s, double a, double[] k) {
        double[] t = s.clone();
        for (int i = 0; i < t.length; i++) {
            t[i] += a * k[i];
        }
        return t;
    }

    private static double[] field(Problem pr, double[] s, int p) {
        org.flowcert.arith.DoubleNum[] th = new org.flowcert.arith.DoubleNum[p];
        for (int i = 0; i < p; i++) {
            th[i] = org.flowcert.arith.DoubleNum.of(s[i]);
        }
        Hessian.Result<org.flowcert.arith.DoubleNum> r = Hessian.full(pr, org.flowcert.arith.DoubleNum.FIELD, th);
        double[] out = new double[p + p * p];
        for (int i = 0; i < p; i++) {
            out[i] = -r.gradient()[i].value();
            for (int j = 0; j < p; j++) {
                double v = 0;
                for (int l = 0; l < p; l++) {
                    v -= r.hessian()[i][l].value() * s[p + l * p + j];
                }
                out[p + i * p + j] = v;
            }
        }
        return out;
    }

    /**
     * The a-priori bound of the series defect: |D_j| ≤ defectMagnitude entrywise, D_j computed
     * exactly (BigDecimal) from random binary64 matrices, including subnormal and huge-cancellation
     * entries; and not grossly loose (≤ |D| + 1e-13·Σ|terms| on well-scaled data).
     */
    @Test
    void seriesDefectBoundContainsTheExactDefect() {
        java.util.Random rnd = new java.util.Random(11);
        int trials = Math.max(20, Math.min(400, Integer.getInteger("flowcert.props", 100_000) / 250));
        for (int trial = 0; trial < trials; trial++) {
            int p = 1 + rnd.nextInt(5);
            int m = 1 + rnd.nextInt(4);
            int n = 1 + rnd.nextInt(6);
            double scale = trial % 5 == 0 ? 0x1p-1060 : trial % 5 == 1 ? 1e-200 : 1;
            double[][][] ah = new double[m + 1][p][p];
            double[][][] yc = new double[n + 1][p][p];
            for (double[][] mat : ah) {
                fill(mat, rnd, scale);
            }
            for (double[][] mat : yc) {
                fill(mat, rnd, 1);
            }
            for (int j = 0; j <= n + m; j++) {
                double[][] mag = JacobianBound.defectMagnitude(ah, yc, j, n, m, p);
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        BigDecimal d = BigDecimal.ZERO;
                        BigDecimal t = BigDecimal.ZERO;
                        for (int i = Math.max(0, j - n); i <= Math.min(j, m); i++) {
                            for (int l = 0; l < p; l++) {
                                BigDecimal pr = new BigDecimal(ah[i][r][l]).multiply(new BigDecimal(yc[j - i][l][c]));
                                d = d.add(pr);
                                t = t.add(pr.abs());
                            }
                        }
                        if (j < n) {
                            BigDecimal pr = new BigDecimal(yc[j + 1][r][c]).multiply(BigDecimal.valueOf(j + 1));
                            d = d.subtract(pr);
                            t = t.add(pr.abs());
                        }
                        assertTrue(d.abs().compareTo(new BigDecimal(mag[r][c])) <= 0, "trial " + trial + " j = " + j
                                + ": |D| = " + d.abs() + " > " + mag[r][c]);
                        if (scale == 1) {
                            double loose = d.abs().doubleValue() + 1e-13 * t.doubleValue() + 1e-300;
                            assertTrue(mag[r][c] <= loose, "loose: " + mag[r][c] + " vs " + loose);
                        }
                    }
                }
            }
        }
    }

    private static void fill(double[][] mat, java.util.Random rnd, double scale) {
        for (double[] row : mat) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rnd.nextInt(4) == 0 ? 0.0 : rnd.nextGaussian() * scale;
            }
        }
    }
}
