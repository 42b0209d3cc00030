package org.flowcert.prove.critical;

import java.util.Random;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Prover side of leaf {@code d} of rule {@code critical-profiled} (proofs-notes/critical-profiled.md §4a): a fixed
 * direction d over the inner parameters u along which the profiled loss R(u) = min_a L(u, a) is numerically
 * monotone on the box's U. Binary64 only: R by least squares on the features, ∇R by central differences at the
 * centre and at seeded random points of U, then the direction maximising the smallest ⟨∇R, d⟩ over the samples
 * (projected subgradient ascent), rounded to multiples of 1/64 with max-norm 1. Nothing here is trusted: the
 * checker's leaf test is sound for any direction, and a bad one only leaves boxes open.
 */
final class ProfiledDirection {
    private static final int SAMPLES = 400;
    private static final int ITERATIONS = 4000;
    private final Network net;
    private final double[][] xs;
    private final double[][] ys;
    private final int a0;

    private ProfiledDirection(Problem p) {
        net = p.network();
        Risk.Data d = (Risk.Data) p.risk();
        xs = new double[d.size()][];
        ys = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            xs[i] = java.util.Arrays.stream(d.x()[i]).mapToDouble(BigFraction::doubleValue).toArray();
            ys[i] = java.util.Arrays.stream(d.y()[i]).mapToDouble(BigFraction::doubleValue).toArray();
        }
        int layers = net.layers();
        a0 = net.weightOffset(layers - 1);
    }

    /**
     * The direction (one rational per inner parameter, max-norm 1) with ⟨∇R(u), d⟩ > 0 at every sample of the
     * box's inner parameters, or null when the samples admit none (R is not monotone along any fixed direction).
     */
    static BigFraction[] choose(Problem p, BigFraction[][] box) {
        ProfiledDirection pd = new ProfiledDirection(p);
        int q = pd.a0;
        double[] lo = new double[q];
        double[] hi = new double[q];
        for (int k = 0; k < q; k++) {
            lo[k] = box[k][0].doubleValue();
            hi[k] = box[k][1].doubleValue();
        }
        Random rnd = new Random(1);
        double[][] g = new double[SAMPLES][];
        for (int s = 0; s < SAMPLES; s++) {
            double[] u = new double[q];
            for (int k = 0; k < q; k++) {
                double t = s == 0 ? 0.5 : rnd.nextDouble();
                u[k] = lo[k] + t * (hi[k] - lo[k]);
            }
            g[s] = pd.gradient(u);
        }
        double[] d = new double[q];
        for (double[] gs : g) {
            double n = Math.sqrt(dot(gs, gs));
            for (int k = 0; k < q; k++) {
                d[k] += n > 0 ? gs[k] / n : 0;
            }
        }
        normalise(d);
        double[] best = d.clone();
        double bestMargin = margin(g, d);
        for (int it = 0; it < ITERATIONS; it++) {
            int w = 0;
            for (int s = 1; s < g.length; s++) {
                if (dot(g[s], d) < dot(g[w], d)) {
                    w = s;
                }
            }
            double n = Math.sqrt(dot(g[w], g[w]));
            double eta = 0.2 / Math.sqrt(it + 1.0);
            for (int k = 0; k < q; k++) {
                d[k] += n > 0 ? eta * g[w][k] / n : 0;
            }
            normalise(d);
            double m = margin(g, d);
            if (m > bestMargin) {
                bestMargin = m;
                best = d.clone();
            }
        }
        double max = 0;
        for (double v : best) {
            max = Math.max(max, Math.abs(v));
        }
        BigFraction[] out = new BigFraction[q];
        double[] rounded = new double[q];
        for (int k = 0; k < q; k++) {
            long num = Math.round(64 * best[k] / max);
            out[k] = BigFraction.of(num, 64);
            rounded[k] = num / 64.0;
        }
        return margin(g, rounded) > 0 ? out : null;
    }

    private static double margin(double[][] g, double[] d) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] gs : g) {
            m = Math.min(m, dot(gs, d));
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private static void normalise(double[] d) {
        double n = Math.sqrt(dot(d, d));
        for (int k = 0; k < d.length && n > 0; k++) {
            d[k] /= n;
        }
    }

    /** ∇R(u) by central differences. */
    private double[] gradient(double[] u) {
        double[] g = new double[u.length];
        for (int k = 0; k < u.length; k++) {
            double e = 1e-6 * Math.max(1, Math.abs(u[k]));
            double[] a = u.clone();
            double[] b = u.clone();
            a[k] += e;
            b[k] -= e;
            g[k] = (profiled(a) - profiled(b)) / (2 * e);
        }
        return g;
    }

    /** R(u): the features of the last hidden layer, then least squares per output (normal equations). */
    private double profiled(double[] u) {
        int layers = net.layers();
        int m = net.width(layers - 1);
        int o = net.outputWidth();
        int n = xs.length;
        double[][] f = new double[n][m + 1];
        for (int i = 0; i < n; i++) {
            double[] a = xs[i];
            for (int l = 0; l < layers - 1; l++) {
                int in = net.width(l);
                int out = net.width(l + 1);
                double[] z = new double[out];
                for (int j = 0; j < out; j++) {
                    double s = u[net.biasOffset(l) + j];
                    for (int t = 0; t < in; t++) {
                        s += u[net.weightOffset(l) + j * in + t] * a[t];
                    }
                    z[j] = net.activation().value(DoubleNum.of(s)).value();
                }
                a = z;
            }
            System.arraycopy(a, 0, f[i], 0, m);
            f[i][m] = 1;
        }
        double r = 0;
        for (int j = 0; j < o; j++) {
            double[][] gram = new double[m + 1][m + 2];
            for (int k = 0; k <= m; k++) {
                for (int l = 0; l <= m; l++) {
                    for (int i = 0; i < n; i++) {
                        gram[k][l] += f[i][k] * f[i][l];
                    }
                }
                for (int i = 0; i < n; i++) {
                    gram[k][m + 1] += f[i][k] * ys[i][j];
                }
            }
            double[] a = solve(gram);
            for (int i = 0; i < n; i++) {
                double e = -ys[i][j];
                for (int k = 0; k <= m; k++) {
                    e += f[i][k] * a[k];
                }
                r += e * e;
            }
        }
        return r / n;
    }

    /** Gaussian elimination with partial pivoting on the augmented matrix; a tiny ridge keeps it solvable. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int k = 0; k < n; k++) {
            a[k][k] += 1e-14;
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
                    piv = r;
                }
            }
            double[] t = a[piv];
            a[piv] = a[c];
            a[c] = t;
            for (int r = c + 1; r < n; r++) {
                double fct = a[r][c] / a[c][c];
                for (int j = c; j <= n; j++) {
                    a[r][j] -= fct * a[c][j];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int j = r + 1; j < n; j++) {
                s -= a[r][j] * x[j];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }
}
