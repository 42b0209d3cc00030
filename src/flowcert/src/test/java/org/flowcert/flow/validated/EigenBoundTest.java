package org.flowcert.flow.validated;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EigenBoundTest {

    /** [[2, 1], [1, 2]] has eigenvalues 3 and 1; [[−2, 3], [3, −2]] has 1 and −5 (Gershgorin says 1 too). */
    @Test
    void pointMatricesAreBoundedTightlyFromAbove() {
        double[][] a = {{2, 1}, {1, 2}};
        double u = EigenBound.upper(a, a);
        assertTrue(u >= 3 && u <= 3 + 1e-11, "" + u);
        // a negative definite matrix that is not diagonally dominant: eigenvalues −1 ± 1.5·(…)
        double[][] b = {{-1, 0.9, 0.9}, {0.9, -1, 0.9}, {0.9, 0.9, -1}};
        // eigenvalues: −1 + 1.8 = 0.8 and −1 − 0.9 = −1.9 (twice)
        double ub = EigenBound.upper(b, b);
        assertTrue(ub >= 0.8 && ub <= 0.8 + 1e-11, "" + ub);
        double[][] c = {{-2, -0.5}, {-0.5, -2}}; // −1.5 and −2.5; Gershgorin gives −1.5 too
        double uc = EigenBound.upper(c, c);
        assertTrue(uc >= -1.5 && uc <= -1.5 + 1e-11, "" + uc);
    }

    /** Random symmetric interval matrices: the bound is above λmax of random members (power iteration). */
    @Test
    void boundHoldsForMembersOfIntervalMatrices() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rnd.nextInt(6);
            double[][] lo = new double[n][n];
            double[][] hi = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double m = rnd.nextGaussian();
                    double r = rnd.nextDouble() * 0.1;
                    lo[i][j] = lo[j][i] = m - r;
                    hi[i][j] = hi[j][i] = m + r;
                }
            }
            double u = EigenBound.upper(lo, hi);
            for (int s = 0; s < 5; s++) {
                double[][] a = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        a[i][j] = a[j][i] = lo[i][j] + rnd.nextDouble() * (hi[i][j] - lo[i][j]);
                    }
                }
                // λmax(A) = max over the unit sphere of xᵀAx ≥ Rayleigh quotients of random vectors
                for (int v = 0; v < 50; v++) {
                    double[] x = new double[n];
                    double nn = 0;
                    for (int i = 0; i < n; i++) {
                        x[i] = rnd.nextGaussian();
                        nn += x[i] * x[i];
                    }
                    double q = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            q += x[i] * a[i][j] * x[j];
                        }
                    }
                    assertTrue(q / nn <= u + 1e-12, q / nn + " > " + u);
                }
            }
        }
    }

    @Test
    void disjointTransposedEntriesAreAnError() {
        double[][] lo = {{0, 1}, {2, 0}};
        double[][] hi = {{0, 1.5}, {3, 0}};
        assertThrows(IllegalStateException.class, () -> EigenBound.upper(lo, hi));
    }
}
