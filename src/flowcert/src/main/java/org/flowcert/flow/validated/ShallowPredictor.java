package org.flowcert.flow.validated;

import org.flowcert.arith.Dual;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The validated integrator's predictor (the Taylor coefficients of the solution of θ' = −∇L(θ)
 * through a point) for shallow 1-H-1 data-risk networks with tanh or relu, in plain binary64
 * arrays, in ONE sweep over the orders.
 *
 * <p><b>Accuracy contract: none</b> (the predictor is never trusted; the validation in
 * {@link ValidatedFlow} proves or rejects whatever it returns). It computes the same quantity as
 * the generic predictor (k passes of {@link org.flowcert.eval.LossGradient} over
 * {@code Taylor<DoubleNum>}), up to rounding (test {@code ShallowPredictorTest}).
 *
 * <p>Why it is faster: every coefficient n of ∇L(p(τ)) depends only on the coefficients 0..n of
 * p, so the k coefficients are produced by one forward sweep n = 0..k−1 (cost O(k²) per
 * sample and hidden unit) instead of k passes of orders 0..k−1 (O(k³)), and without boxing.
 *
 * <p>Network N(x) = Σ_h v_h σ(w_h x + b_h) + c, per sample with residual r = N(x) − y:
 * ∂S/∂v_h = 2 r σ(z_h), ∂S/∂c = 2r, ∂S/∂w_h = 2 r v_h σ'(z_h) x, ∂S/∂b_h = 2 r v_h σ'(z_h);
 * ∇L = ∇S / n (mean) or ∇S / 2 (sum), as in {@link org.flowcert.eval.LossGradient}.
 */
final class ShallowPredictor {
    private final int hidden;
    private final boolean tanh;
    private final double[] xs;
    private final double[] ys;
    /** ∇L = scale · Σ_s (r ∂N/∂θ) (2/n for mean, 1 for sum). */
    private final double scale;
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int p;

    private ShallowPredictor(Problem problem, boolean tanh) {
        Network net = problem.network();
        this.hidden = net.width(1);
        this.tanh = tanh;
        Risk.Data d = (Risk.Data) problem.risk();
        this.xs = new double[d.x().length];
        this.ys = new double[d.y().length];
        for (int s = 0; s < xs.length; s++) {
            xs[s] = d.x()[s][0].doubleValue();
            ys[s] = d.y()[s][0].doubleValue();
        }
        this.scale = d.reduction() == Risk.Reduction.MEAN ? 2.0 / xs.length : 1.0;
        this.w1 = net.weightOffset(0);
        this.b1 = net.biasOffset(0);
        this.w2 = net.weightOffset(1);
        this.b2 = net.biasOffset(1);
        this.p = net.parameterCount();
    }

    /** A specialised predictor for this problem, or null when its shape is not covered. */
    static ShallowPredictor forProblem(Problem problem) {
        Network net = problem.network();
        if (!(problem.risk() instanceof Risk.Data) || net.layers() != 2 || net.inputWidth() != 1
                || net.outputWidth() != 1) {
            return null;
        }
        Activation a = net.activation();
        if (a instanceof Activation.Tanh) {
            return new ShallowPredictor(problem, true);
        }
        if (a instanceof Activation.Relu) {
            return new ShallowPredictor(problem, false);
        }
        return null;
    }

    /**
     * Taylor coefficients a[j][i], j = 0..k, of the solution through c: a₀ = c,
     * (j+1)a_{j+1} = −(∇L(p(τ)))_j.
     *
     * @throws Dual.KinkException when a relu pre-activation is exactly 0 at c
     */
    double[][] coefficients(double[] c, int k) {
        double[][] a = new double[k + 1][p];
        System.arraycopy(c, 0, a[0], 0, p);
        int ns = xs.length;
        int hh = hidden;
        // per sample and hidden unit: z, u = σ(z), v = σ'(z) (= 1 − u² for tanh); per sample r
        double[][] z = new double[ns * hh][k];
        double[][] u = new double[ns * hh][k];
        double[][] v = new double[ns * hh][k];
        double[][] rv = new double[ns * hh][k]; // (r σ'(z_h))_n
        double[][] r = new double[ns][k];
        boolean[] on = tanh ? null : new boolean[ns * hh];
        double[] g = new double[p];
        for (int n = 0; n < k; n++) {
            java.util.Arrays.fill(g, 0);
            for (int s = 0; s < ns; s++) {
                double x = xs[s];
                double out = a[n][b2];
                for (int h = 0; h < hh; h++) {
                    int q = s * hh + h;
                    double[] zq = z[q];
                    double[] uq = u[q];
                    double[] vq = v[q];
                    zq[n] = a[n][w1 + h] * x + a[n][b1 + h];
                    if (tanh) {
                        if (n == 0) {
                            uq[0] = Math.tanh(zq[0]);
                        } else {
                            // n u_n = Σ_{m=1..n} m z_m v_{n−m}
                            double acc = 0;
                            for (int m = 1; m <= n; m++) {
                                acc += m * zq[m] * vq[n - m];
                            }
                            uq[n] = acc / n;
                        }
                        // v = 1 − u²
                        double sq = 0;
                        for (int m = 0; m <= n; m++) {
                            sq += uq[m] * uq[n - m];
                        }
                        vq[n] = (n == 0 ? 1 : 0) - sq;
                    } else {
                        if (n == 0) {
                            if (zq[0] == 0) {
                                throw new Dual.KinkException("relu pre-activation is 0 at the step start");
                            }
                            on[q] = zq[0] > 0;
                        }
                        uq[n] = on[q] ? zq[n] : 0;
                        vq[n] = on[q] && n == 0 ? 1 : 0;
                    }
                    // N_n += Σ_m v_{h,m} u_{n−m}
                    for (int m = 0; m <= n; m++) {
                        out += a[m][w2 + h] * uq[n - m];
                    }
                }
                double[] rs = r[s];
                rs[n] = n == 0 ? out - ys[s] : out;
                g[b2] += rs[n];
                for (int h = 0; h < hh; h++) {
                    int q = s * hh + h;
                    double[] uq = u[q];
                    double[] vq = v[q];
                    double[] rvq = rv[q];
                    double rd = 0;
                    for (int l = 0; l <= n; l++) {
                        rd += rs[l] * vq[n - l];
                    }
                    rvq[n] = rd;
                    double gv = 0;
                    double gd = 0;
                    for (int m = 0; m <= n; m++) {
                        gv += rs[m] * uq[n - m];
                        // (v_h r σ'(z_h))_n = Σ_m v_{h,m} (r σ')_{n−m}
                        gd += a[m][w2 + h] * rvq[n - m];
                    }
                    g[w2 + h] += gv;
                    g[w1 + h] += gd * x;
                    g[b1 + h] += gd;
                }
            }
            for (int i = 0; i < p; i++) {
                a[n + 1][i] = -scale * g[i] / (n + 1);
            }
        }
        return a;
    }
}
