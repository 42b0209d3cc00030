package org.flowcert.eval;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauss–Legendre nodes and weights on [−1, 1] (Newton's method on P_n, double precision),
 * for the non-rigorous {@code double} integral risk of smooth activations. An n-point rule
 * integrates polynomials of degree ≤ 2n − 1 exactly; for analytic integrands the error falls
 * geometrically with n.
 */
final class GaussLegendre {
    private static final ConcurrentHashMap<Integer, double[][]> CACHE = new ConcurrentHashMap<>();

    private GaussLegendre() {
    }

    /** {nodes, weights}, each of length n. */
    static double[][] rule(int n) {
        return CACHE.computeIfAbsent(n, GaussLegendre::compute);
    }

    private static double[][] compute(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                if (n == 1) {
                    p0 = 1;
                    p1 = z;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            x[i] = -z;
            x[n - 1 - i] = z;
            double wi = 2 / ((1 - z * z) * dp * dp);
            w[i] = wi;
            w[n - 1 - i] = wi;
        }
        return new double[][] {x, w};
    }
}
