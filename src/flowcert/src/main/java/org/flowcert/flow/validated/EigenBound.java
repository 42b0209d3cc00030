package org.flowcert.flow.validated;

/**
 * A rigorous upper bound of the largest eigenvalue over a symmetric interval matrix: for every
 * real symmetric A with lo ≤ A ≤ hi entrywise, λmax(A) ≤ {@link #upper}.
 *
 * <p>Method (proofs-notes/validated-flow.md, "logarithmic norm"): intersect the enclosures of
 * A_ij and A_ji (both enclose the same entry of a symmetric A), split A = M + E with M the
 * midpoint matrix and |E_ij| ≤ R_ij, so λmax(A) ≤ λmax(M) + ‖E‖₂ ≤ λmax(M) + max_i Σ_j R_ij
 * (Weyl; ‖E‖₂ ≤ ρ(|E|) ≤ max row sum). λmax(M) ≤ s is proved by an interval Cholesky
 * factorisation of sI − M succeeding (all pivots provably &gt; 0 means sI − M is positive
 * definite); s is found by bisection between Gershgorin's bounds. Tighter than Gershgorin on A
 * when off-diagonal terms are large, e.g. near a minimum where A = −∇²L is negative definite
 * but not diagonally dominant.
 */
final class EigenBound {
    private EigenBound() {
    }

    /**
     * A symmetric interval matrix as M + E: M symmetric (binary64), and every symmetric A with
     * lo ≤ A ≤ hi has |A − M| ≤ R entrywise with max_i Σ_j R_ij ≤ radius, hence ‖A − M‖₂ ≤ radius
     * (‖E‖₂ = ρ(E) ≤ ρ(|E|) ≤ ‖R‖∞ for symmetric E).
     */
    record Split(double[][] mid, double radius) {
    }

    /** The split M + E of the class javadoc; throws IllegalStateException when A_ij and A_ji are disjoint. */
    static Split split(double[][] lo, double[][] hi) {
        int n = lo.length;
        double[][] m = new double[n][n];
        double radius = 0;
        for (int i = 0; i < n; i++) {
            double rowR = 0;
            for (int j = 0; j < n; j++) {
                double l = Math.max(lo[i][j], lo[j][i]);
                double h = Math.min(hi[i][j], hi[j][i]);
                if (!(l <= h)) {
                    throw new IllegalStateException("Hessian enclosures of entries (" + i + "," + j
                            + ") and (" + j + "," + i + ") are disjoint or not finite: [" + l + ", " + h + "]");
                }
                double mid = l + 0.5 * (h - l);
                if (!(mid >= l && mid <= h)) {
                    mid = l;
                }
                m[i][j] = mid;
                double r = Math.max(Math.nextUp(h - mid), Math.nextUp(mid - l));
                rowR = Up.add(rowR, r);
            }
            radius = Math.max(radius, rowR);
        }
        // symmetrise M exactly: use the (i<j) midpoint for both (both lie in the intersection;
        // the intersection is symmetric, so the row sums of R are unchanged)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                m[i][j] = m[j][i];
            }
        }
        return new Split(m, radius);
    }

    /** λmax upper bound; throws IllegalStateException when A_ij and A_ji are disjoint (an unsound input). */
    static double upper(double[][] lo, double[][] hi) {
        return upper(split(lo, hi));
    }

    /** λmax upper bound over every symmetric A with ‖A − s.mid‖₂ ≤ s.radius. */
    static double upper(Split sp) {
        int n = sp.mid().length;
        double[][] m = sp.mid();
        double radius = sp.radius();
        double gersh = Double.NEGATIVE_INFINITY;
        double gLo = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double off = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    off = Up.add(off, Math.abs(m[i][j]));
                }
            }
            gersh = Math.max(gersh, Up.add(m[i][i], off));
            gLo = Math.min(gLo, m[i][i]);
        }
        // every λ ≤ gersh is certain (Gershgorin); λmax ≥ max diagonal ≥ gLo; bisect for a better proved s
        double proved = gersh;
        double low = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            low = Math.max(low, m[i][i]);
        }
        for (int it = 0; it < 40 && proved - low > 1e-13 * (1 + Math.abs(proved)); it++) {
            double s = low + 0.5 * (proved - low);
            if (positiveDefiniteShift(m, s)) {
                proved = s;
            } else {
                low = s;
            }
        }
        return Up.add(proved, radius);
    }

    /** Whether sI − M is proved positive definite by interval Cholesky (outward rounding by ulp steps). */
    static boolean positiveDefiniteShift(double[][] m, double s) {
        int n = m.length;
        double[][] lLo = new double[n][n];
        double[][] lHi = new double[n][n];
        for (int j = 0; j < n; j++) {
            // d = (s − m_jj) − Σ_k L_jk²
            double dLo = Math.nextDown(s - m[j][j]);
            double dHi = Math.nextUp(s - m[j][j]);
            for (int k = 0; k < j; k++) {
                double a = lLo[j][k];
                double b = lHi[j][k];
                double sqLo = (a > 0 || b < 0) ? Math.nextDown(Math.min(a * a, b * b)) : 0;
                double sqHi = Math.nextUp(Math.max(a * a, b * b));
                dLo = Math.nextDown(dLo - sqHi);
                dHi = Math.nextUp(dHi - sqLo);
            }
            if (!(dLo > 0)) {
                return false;
            }
            double pLo = Math.nextDown(Math.sqrt(dLo));
            double pHi = Math.nextUp(Math.sqrt(dHi));
            if (!(pLo > 0)) {
                return false;
            }
            lLo[j][j] = pLo;
            lHi[j][j] = pHi;
            for (int i = j + 1; i < n; i++) {
                double vLo = Math.nextDown(-m[i][j]);
                double vHi = Math.nextUp(-m[i][j]);
                for (int k = 0; k < j; k++) {
                    double[] pr = mul(lLo[i][k], lHi[i][k], lLo[j][k], lHi[j][k]);
                    vLo = Math.nextDown(vLo - pr[1]);
                    vHi = Math.nextUp(vHi - pr[0]);
                }
                // divide by [pLo, pHi] > 0
                double q1 = vLo / pLo;
                double q2 = vLo / pHi;
                double q3 = vHi / pLo;
                double q4 = vHi / pHi;
                lLo[i][j] = Math.nextDown(Math.min(Math.min(q1, q2), Math.min(q3, q4)));
                lHi[i][j] = Math.nextUp(Math.max(Math.max(q1, q2), Math.max(q3, q4)));
                if (!Double.isFinite(lLo[i][j]) || !Double.isFinite(lHi[i][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[] mul(double aLo, double aHi, double bLo, double bHi) {
        double p1 = aLo * bLo;
        double p2 = aLo * bHi;
        double p3 = aHi * bLo;
        double p4 = aHi * bHi;
        return new double[] {Math.nextDown(Math.min(Math.min(p1, p2), Math.min(p3, p4))),
            Math.nextUp(Math.max(Math.max(p1, p2), Math.max(p3, p4)))};
    }
}
