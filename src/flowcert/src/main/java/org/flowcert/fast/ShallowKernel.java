package org.flowcert.fast;

import java.util.Arrays;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Loss and gradient of a data risk for a shallow 1-H-1 network
 * N(x) = c + Σ_j v_j σ(w_j x + b_j), θ = [w, b, v, c], in one pass per sample in the canonical
 * order of WORKLOADS.md (W1): with r_i = N(x_i) − y_i and weight ω (1/n or 1/2),
 * <pre>
 * L = ω Σ r_i²,  ∂L/∂w_j = 2ω v_j Σ r_i σ'(z_ij) x_i,  ∂L/∂b_j = 2ω v_j Σ r_i σ'(z_ij),
 * ∂L/∂v_j = 2ω Σ r_i σ(z_ij),  ∂L/∂c = 2ω Σ r_i.
 * </pre>
 * For the small networks of long flows (W3) this avoids the batched kernel's blocking overhead.
 * Activations from {@link ActivationKernel#fast}. Allocation-free per call.
 */
public final class ShallowKernel implements GradientFunction {
    private final int h;
    private final double[] x;
    private final double[] y;
    private final double weight;
    private final ActivationKernel act;
    private final double[] z;
    private final double[] d;
    private final double[] sra;
    private final double[] sre;
    private final double[] srex;

    private ShallowKernel(int h, double[] x, double[] y, double weight, ActivationKernel act) {
        this.h = h;
        this.x = x;
        this.y = y;
        this.weight = weight;
        this.act = act;
        z = new double[h];
        d = new double[h];
        sra = new double[h];
        sre = new double[h];
        srex = new double[h];
    }

    /** Whether the problem is a 1-H-1 network with a data risk. */
    public static boolean supports(Problem p) {
        return p.network().isShallowScalar() && p.risk() instanceof Risk.Data;
    }

    public static ShallowKernel of(Problem p) {
        return of(p, ActivationKernel.fast(p.network().activation()));
    }

    static ShallowKernel of(Problem p, ActivationKernel act) {
        if (!supports(p)) {
            throw new IllegalArgumentException("needs a 1-H-1 network with a data risk");
        }
        Risk.Data r = (Risk.Data) p.risk();
        double[] x = Arrays.stream(r.x()).mapToDouble(v -> v[0].doubleValue()).toArray();
        double[] y = Arrays.stream(r.y()).mapToDouble(v -> v[0].doubleValue()).toArray();
        return new ShallowKernel(p.network().width(1), x, y, r.weight().doubleValue(), act);
    }

    /** The kernel on raw data (x_i, y_i), L = weight Σ (N(x_i) − y_i)². */
    public static ShallowKernel of(Network net, double[] x, double[] y, double weight) {
        return new ShallowKernel(net.width(1), x.clone(), y.clone(), weight, ActivationKernel.fast(net.activation()));
    }

    @Override
    public int dimension() {
        return 3 * h + 1;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] g) {
        int hh = h;
        double c = theta[3 * hh];
        Arrays.fill(sra, 0.0);
        Arrays.fill(sre, 0.0);
        Arrays.fill(srex, 0.0);
        double s = 0;
        double sr = 0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            for (int j = 0; j < hh; j++) {
                z[j] = theta[j] * xi + theta[hh + j];
            }
            act.apply(z, d, hh);
            double acc = c;
            for (int j = 0; j < hh; j++) {
                acc += theta[2 * hh + j] * z[j];
            }
            double r = acc - y[i];
            s += r * r;
            sr += r;
            for (int j = 0; j < hh; j++) {
                double e = r * d[j];
                sra[j] += r * z[j];
                sre[j] += e;
                srex[j] += e * xi;
            }
        }
        double two = 2 * weight;
        for (int j = 0; j < hh; j++) {
            double v = theta[2 * hh + j];
            g[j] = two * (v * srex[j]);
            g[hh + j] = two * (v * sre[j]);
            g[2 * hh + j] = two * sra[j];
        }
        g[3 * hh] = two * sr;
        return weight * s;
    }

    @Override
    public double loss(double[] theta) {
        int hh = h;
        double c = theta[3 * hh];
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            for (int j = 0; j < hh; j++) {
                z[j] = theta[j] * xi + theta[hh + j];
            }
            act.apply(z, null, hh);
            double acc = c;
            for (int j = 0; j < hh; j++) {
                acc += theta[2 * hh + j] * z[j];
            }
            double r = acc - y[i];
            s += r * r;
        }
        return weight * s;
    }
}
