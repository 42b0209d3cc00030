package org.flowcert.audit;

import org.flowcert.arith.DoubleNum;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * The default audit tolerances, derived from the precision the experiment computed in
 * (proofs-notes/audit.md, "Default tolerances").
 *
 * <p>Model: the experiment evaluated L and ∇L by the usual forward/backward pass in a
 * precision with unit roundoff u (2^-53 for binary64, 2^-24 for binary32), every elementary
 * operation correctly rounded, each activation (and its derivative) within {@value #ACT_ULPS}
 * units u of the true value, the data x, y rounded once to that precision. A first-order
 * running-error analysis (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>,
 * §3.1–3.3: a dot product of m terms errs by at most γ_m Σ|terms|, γ_m = mu/(1−mu)) gives,
 * at every recorded θ_k,
 * <ul>
 * <li>a bound E_L·u on |fl(L) − L|, hence the relative loss tolerance E_L·u/L;</li>
 * <li>a bound τ_j on |fl(∂_jL) − ∂_jL| per component, hence the gradient tolerance
 * max_j τ_j / max_j |∂_jL| (the auditor's {@code gradRtol} is relative to ‖∇L‖∞).</li>
 * </ul>
 * Each bound is doubled (covers the second-order terms and γ's denominator while mu ≤ 1/2),
 * and the default is the largest value over the rows: one number per log, stated in the
 * output. The derivation is a model of a plain implementation (numpy, PyTorch on CPU); it is
 * not part of any proof: a flag proves the row is off by more than the tolerance, whatever
 * the tolerance's origin.
 */
public final class ErrorModel {
    /** Error allowed per activation evaluation, in units u (2 ulps: libm, numpy, torch CPU). */
    static final double ACT_ULPS = 4;

    private ErrorModel() {
    }

    /**
     * The derived tolerances and their ingredients.
     *
     * @param unit u
     * @param lossRtol the default loss tolerance (relative to the reported loss)
     * @param gradRtol the default gradient tolerance (relative to ‖∇L‖∞)
     * @param fromData whether derived from the data (false: the a-priori integral-risk fallback)
     */
    public record Derived(double unit, double lossRtol, double gradRtol, boolean fromData) {
    }

    /** The default tolerances for auditing {@code traj} against {@code problem}. */
    public static Derived derive(Problem problem, Trajectory traj) {
        double u = traj.float32() ? 0x1p-24 : 0x1p-53;
        Network net = problem.network();
        int depthCount = 0;
        for (int l = 0; l < net.layers(); l++) {
            depthCount += net.width(l) + net.width(l + 1) + 2;
        }
        depthCount += 2 * (int) ACT_ULPS * net.layers();
        if (!(problem.risk() instanceof Risk.Data data)) {
            // integral risk: the experiment's quadrature is unknown; allow a 2^10-node rule
            double m = depthCount + 1024 + 3;
            double tol = 2 * m * u * 16;
            return new Derived(u, tol, tol, false);
        }
        double loss = 0;
        double grad = 0;
        for (Trajectory.Row row : traj.rows()) {
            double[] r = rowTolerances(net, data, row.thetaView(), depthCount);
            if (r == null) {
                continue;
            }
            loss = Math.max(loss, 2 * r[0] * u);
            grad = Math.max(grad, 2 * r[1] * u);
        }
        if (!(loss > 0) || !Double.isFinite(loss)) {
            loss = 2 * (depthCount + data.size()) * u;
        }
        if (!(grad > 0) || !Double.isFinite(grad)) {
            grad = 2 * (depthCount + data.size()) * u;
        }
        // never below a few units of the precision itself, never above 1/2 (meaningless)
        loss = Math.min(0.5, Math.max(loss, 8 * u));
        grad = Math.min(0.5, Math.max(grad, 8 * u));
        return new Derived(u, round2(loss), round2(grad), true);
    }

    /** Rounds a tolerance up to two significant digits, so that the printed value is the one used. */
    static double round2(double v) {
        double e = Math.pow(10, Math.floor(Math.log10(v)) - 1);
        double r = Math.ceil(v / e) * e;
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", r));
    }

    /**
     * {E_L / L, max_j E_j / max_j |g_j|} at θ, in units u; null when L or ∇L is zero or the
     * activation cannot be evaluated in double.
     */
    static double[] rowTolerances(Network net, Risk.Data data, double[] theta, int depthCount) {
        int layers = net.layers();
        int[] w = net.widths();
        int p = net.parameterCount();
        double weight = data.weight().doubleValue();
        int nTerms = data.size() * net.outputWidth();
        Activation act = net.activation();
        double[] g = new double[p];
        double[] gAbs = new double[p];
        double sum = 0;
        double errL = 0;
        double[][] a = new double[layers + 1][];
        double[][] ea = new double[layers + 1][];
        double[][] dm = new double[layers + 1][];
        double[][] ds = new double[layers + 1][];
        for (int s = 0; s < data.size(); s++) {
            a[0] = new double[w[0]];
            ea[0] = new double[w[0]];
            for (int k = 0; k < w[0]; k++) {
                a[0][k] = data.x()[s][k].doubleValue();
                ea[0][k] = Math.abs(a[0][k]); // the rounding of x to the precision
            }
            for (int l = 0; l < layers; l++) {
                int in = w[l];
                int out = w[l + 1];
                int wo = net.weightOffset(l);
                int bo = net.biasOffset(l);
                double[] next = new double[out];
                double[] en = new double[out];
                boolean hidden = l + 1 < layers;
                double[] derM = hidden ? new double[out] : null;
                double[] derS = hidden ? new double[out] : null;
                for (int o = 0; o < out; o++) {
                    double z = theta[bo + o];
                    double zabs = Math.abs(theta[bo + o]);
                    double ez = 0;
                    for (int k = 0; k < in; k++) {
                        double wk = theta[wo + o * in + k];
                        z += wk * a[l][k];
                        zabs += Math.abs(wk * a[l][k]);
                        ez += Math.abs(wk) * ea[l][k];
                    }
                    ez += (in + 1) * zabs;
                    if (hidden) {
                        double v = act.value(DoubleNum.of(z)).value();
                        double d = act.derivative(DoubleNum.of(z)).value();
                        double h = 1e-4 * Math.max(1, Math.abs(z));
                        double d2 = Math.abs(act.derivative(DoubleNum.of(z + h)).value()
                                - act.derivative(DoubleNum.of(z - h)).value()) / (2 * h);
                        if (!Double.isFinite(v) || !Double.isFinite(d) || !Double.isFinite(d2)) {
                            return null;
                        }
                        next[o] = v;
                        en[o] = Math.abs(d) * ez + ACT_ULPS * Math.abs(v);
                        derS[o] = d;
                        // the error of the computed σ'(z), in units u: |σ''| times z's error, plus the
                        // evaluation's own error (|σ''| estimated by a central difference, doubled)
                        derM[o] = 2 * d2 * ez + ACT_ULPS * Math.abs(d);
                    } else {
                        next[o] = z;
                        en[o] = ez;
                    }
                }
                a[l + 1] = next;
                ea[l + 1] = en;
                dm[l + 1] = derM;
                ds[l + 1] = derS;
            }
            double[] out = a[layers];
            // backward, first-order running error: δ = 2w r at the output, δ_l = (W^T δ_{l+1}) ⊙ σ'(z_l);
            // dS the signed δ, dM its magnitude (|W|, |σ'|, |r|), dE its error bound (units u)
            double[] dS = new double[out.length];
            double[] dM = new double[out.length];
            double[] dE = new double[out.length];
            for (int o = 0; o < out.length; o++) {
                double y = data.y()[s][o].doubleValue();
                double r = out[o] - y;
                double er = ea[layers][o] + Math.abs(out[o]) + 2 * Math.abs(y);
                sum += r * r;
                errL += 2 * Math.abs(r) * er + r * r * (nTerms + 2);
                dS[o] = 2 * weight * r;
                dM[o] = 2 * weight * Math.abs(r);
                dE[o] = 2 * weight * (er + 2 * Math.abs(r));
            }
            for (int l = layers - 1; l >= 0; l--) {
                int in = w[l];
                int outW = w[l + 1];
                int wo = net.weightOffset(l);
                int bo = net.biasOffset(l);
                double[] pS = new double[in];
                double[] pM = new double[in];
                double[] pE = new double[in];
                for (int o = 0; o < outW; o++) {
                    // the sum over samples adds γ_n: counted as (n + 1) roundings of each term
                    g[bo + o] += dS[o];
                    gAbs[bo + o] += dE[o] + (nTerms + 1) * dM[o];
                    for (int k = 0; k < in; k++) {
                        double wk = theta[wo + o * in + k];
                        double ak = Math.abs(a[l][k]);
                        g[wo + o * in + k] += dS[o] * a[l][k];
                        gAbs[wo + o * in + k] += dE[o] * ak + dM[o] * ea[l][k] + (nTerms + 1) * dM[o] * ak;
                        if (l > 0) {
                            pS[k] += wk * dS[o];
                            pM[k] += Math.abs(wk) * dM[o];
                            pE[k] += Math.abs(wk) * dE[o];
                        }
                    }
                }
                if (l > 0) {
                    for (int k = 0; k < in; k++) {
                        double d = Math.abs(ds[l][k]);
                        double dErr = dm[l][k]; // error of σ'(z) in units u
                        double m = pM[k];
                        pS[k] *= ds[l][k];
                        pM[k] = m * d;
                        // the dot product of outW terms and the product with σ': (outW + 1) roundings
                        pE[k] = pE[k] * d + m * dErr + (outW + 1) * m * d;
                    }
                }
                dS = pS;
                dM = pM;
                dE = pE;
            }
        }
        double loss = weight * sum;
        double lossErr = weight * errL + loss; // the final scaling by the weight
        double gmax = 0;
        double emax = 0;
        for (int j = 0; j < p; j++) {
            gmax = Math.max(gmax, Math.abs(g[j]));
            emax = Math.max(emax, gAbs[j]);
        }
        if (!(loss > 0) || !(gmax > 0)) {
            return null;
        }
        return new double[] {lossErr / loss, emax / gmax};
    }
}
