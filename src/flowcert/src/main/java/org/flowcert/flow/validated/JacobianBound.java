package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;
import org.flowcert.eval.Hessian;

/**
 * A binary64 matrix Ŷ and a bound δ with ‖Dφ_h(ξ) − Ŷ‖₂ ≤ δ for every initial point ξ whose
 * trajectory stays in the step's tube {p(s) + e : s ∈ [0, h], e ∈ [−ρ, ρ]ᴾ}
 * (proofs-notes/validated-flow.md §7).
 *
 * <p>Method: the Jacobian solves Y' = A(s)Y, Y(0) = I, A(s) = −∇²L(θ(s)). With θ(s) = p(s) + e(s),
 * every entry of s ↦ A(p(s) + e) is analytic, so Taylor's theorem with Lagrange remainder gives
 * A(θ(s)) ∈ Σ_{j&lt;m} [A_j] sʲ + [A_m] sᵐ, where [A_j] are the Hessian's Taylor coefficients at
 * s = 0 with e ∈ [−ρ, ρ]ᴾ (one interval pass over {@code Dual<Taylor<Interval>>}) and [A_m] its
 * m-th coefficient at every expansion point of [0, h] (one pass over the re-expanded
 * coefficients). Write Â(s) for the midpoint polynomial and R(s) = A(θ(s)) − Â(s). The binary64
 * series Ŷ(s) of Y' = ÂY (degree N) has a defect D = ÂŶ − Ŷ' bounded coefficientwise in interval
 * arithmetic, and E = Y − Ŷ solves E' = ÂE + RY + D, E(0) = 0. With μ ≥ λmax(A) on the tube,
 * ‖Y(s)‖₂ ≤ e^{μ⁺s}, and λmax(Â) ≤ μ + S_R (Weyl, S_R ≥ sup‖R‖₂), so ‖E(h)‖₂ is bounded by the
 * variation-of-constants integral with growth e^{(μ + S_R)⁺h} — the exact form is
 * proofs-notes/validated-flow.md §7(c).
 */
final class JacobianBound {
    private JacobianBound() {
    }

    /** Ŷ ≈ Y(h) and δ ≥ ‖Y(h) − Ŷ‖₂ for every Jacobian of the step. */
    record Result(double[][] y, double delta, double modelError, double seriesError) {
    }

    /**
     * @param evaluator the Hessian's Taylor coefficients along p(s) + e ({@link StepEvaluator#hessianCoefficients})
     * @param a the predictor's coefficients a[j][i] at the step start (j ≤ m − 1 are used)
     * @param shifted the coefficients re-expanded at every τ₀ ∈ [0, h] (b[j][i], j ≤ m used)
     * @param rho the tube's half-width around p
     * @param m the order of the Hessian's Taylor model in s (≥ 1)
     * @param maxDegree the largest degree of the series Ŷ
     */
    static Result compute(StepEvaluator evaluator, double[][] a, Interval[][] shifted, double rho, double hLo,
            double hHi, double mu, int m, int maxDegree) {
        int p = a[0].length;
        Interval e = Interval.of(-rho, rho);
        Interval[][][] coef = evaluator.hessianCoefficients(a, shifted, e, m);
        return fromCoefficients(p, coef, hLo, hHi, mu, m, maxDegree);
    }

    /** Steps 3–5 of the method from the enclosures coef[j][i][l] of the Hessian's Taylor coefficients. */
    private static Result fromCoefficients(int p, Interval[][][] coef, double hLo, double hHi, double mu, int m,
            int maxDegree) {
        // Â_j (midpoints of A = −∇²L, symmetrised) and the radius norms ‖rad A_j‖₂
        double[][][] ah = new double[m + 1][p][p];
        double[] radNorm = new double[m + 1];
        for (int j = 0; j <= m; j++) {
            double[][] rad = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < p; l++) {
                    Interval w = coef[j][i][l];
                    if (!w.isBounded()) {
                        throw new Lohner.Failure("Hessian Taylor coefficient " + j + " at (" + i + "," + l
                                + ") not finite: " + w);
                    }
                    Interval neg = w.negate();
                    ah[j][i][l] = neg.mid();
                    rad[i][l] = neg.rad();
                }
            }
            // exact symmetry of Â keeps Ŷ's error analysis simple (the upper triangle is used)
            for (int i = 0; i < p; i++) {
                for (int l = 0; l < i; l++) {
                    ah[j][i][l] = ah[j][l][i];
                    rad[i][l] = Math.max(rad[i][l], rad[l][i]);
                    rad[l][i] = rad[i][l];
                }
            }
            radNorm[j] = Lohner.norm2Bound(rad);
        }
        // 3. Ŷ_0 = I, (j+1)Ŷ_{j+1} = Σ_{i ≤ min(j, m)} Â_i Ŷ_{j−i} (binary64, not trusted), until
        // two coefficients times h^j are negligible (the defect bound below is what counts)
        double[][][] yc = new double[maxDegree + 1][][];
        yc[0] = new double[p][p];
        for (int i = 0; i < p; i++) {
            yc[0][i][i] = 1;
        }
        int n = maxDegree;
        int small = 0;
        double hj = 1;
        for (int j = 0; j < maxDegree; j++) {
            double[][] s = new double[p][p];
            for (int i = 0; i <= Math.min(j, m); i++) {
                addProduct(s, ah[i], yc[j - i]);
            }
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    s[r][c] /= j + 1;
                }
            }
            yc[j + 1] = s;
            hj *= hHi;
            double mx = 0;
            for (double[] row : s) {
                for (double v : row) {
                    mx = Math.max(mx, Math.abs(v));
                }
            }
            small = mx * hj < 1e-19 ? small + 1 : 0;
            if (small >= 2) {
                n = j + 1;
                break;
            }
        }
        // 4. defect D_j = Σ_i Â_i Ŷ_{j−i} − (j+1)Ŷ_{j+1}, j = 0..n+m, in interval arithmetic
        double[] hPow = new double[Math.max(n + m, m) + 1];
        hPow[0] = 1;
        for (int j = 1; j <= n + m; j++) {
            hPow[j] = Up.mul(hPow[j - 1], hHi);
        }
        double supD = 0;
        for (int j = 0; j <= n + m; j++) {
            supD = Up.add(supD, Up.mul(Lohner.norm2Bound(defectMagnitude(ah, yc, j, n, m, p)), hPow[j]));
        }
        double supR = 0;
        for (int j = 0; j <= m; j++) {
            supR = Up.add(supR, Up.mul(radNorm[j], hPow[j]));
        }
        // E = Y − Ŷ solves E' = ÂE + RY + D, E(0) = 0; ‖Y(s)‖ ≤ e^{max(μ,0)s}; Â(s) = A(θ(s)) − R(s)
        // is symmetric with λmax ≤ μ + supR, so ‖E(h)‖ ≤ h·e^{max(μ+supR,0)h}·(supR·e^{max(μ,0)h} + supD)
        double supY = Up.exp(Up.mul(Math.max(mu, 0), hHi));
        double grow = Up.mul(hHi, Up.exp(Up.mul(Math.max(Up.add(mu, supR), 0), hHi)));
        double modelErr = Up.mul(grow, Up.mul(supR, supY));
        double seriesErr = Up.mul(grow, supD);
        // 5. Ŷ(h) over h ∈ [hLo, hHi] (Horner in interval arithmetic), its midpoint and radius
        double[][] lo = copy(yc[n]);
        double[][] hi = copy(yc[n]);
        for (int j = n - 1; j >= 0; j--) {
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    double[] t = Lohner.Im.mul(lo[r][c], hi[r][c], hLo, hHi);
                    lo[r][c] = Math.nextDown(t[0] + yc[j][r][c]);
                    hi[r][c] = Math.nextUp(t[1] + yc[j][r][c]);
                }
            }
        }
        double[][] y = new double[p][p];
        double[][] rad = new double[p][p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                if (!Double.isFinite(lo[r][c]) || !Double.isFinite(hi[r][c])) {
                    throw new Lohner.Failure("Jacobian series not finite");
                }
                Interval v = Interval.of(lo[r][c], hi[r][c]);
                y[r][c] = v.mid();
                rad[r][c] = v.rad();
            }
        }
        double delta = Up.add(Lohner.norm2Bound(rad), Up.add(modelErr, seriesErr));
        if (!Double.isFinite(delta)) {
            throw new Lohner.Failure("Jacobian error bound not finite");
        }
        return new Result(y, delta, modelErr, seriesErr);
    }

    /**
     * |D_j| entrywise, D_j = Σ_{i} Â_i Ŷ_{j−i} − (j+1)Ŷ_{j+1} (the last term for j &lt; n): each entry
     * is a sum of N products of doubles, computed in round to nearest (s) together with
     * T̂ = fl(Σ|products|). Recursive summation (Higham 2002, §4.2, with gradual underflow: each
     * product errs by at most u|z| + η/2, η = 2^-1074) gives |s − D| ≤ γ_N T + Nη and
     * T ≤ (T̂ + Nη/2)/(1 − γ_N),
     * so |D| ≤ |s| + c(T̂ + Nη) + Nη with c = (N + 1)·2^-52 ≥ γ_N/(1 − γ_N) (N·2^-53 ≤ 0.01),
     * evaluated upwards with {@link Up} (proofs-notes/validated-flow.md §8).
     */
    static double[][] defectMagnitude(double[][][] ah, double[][][] yc, int j, int n, int m, int p) {
        int iLo = Math.max(0, j - n);
        int iHi = Math.min(j, m);
        int terms = (iHi - iLo + 1) * p + (j < n ? 1 : 0);
        if (terms > 1_000_000) {
            throw new IllegalArgumentException("too many terms for the summation bound: " + terms);
        }
        double c = (terms + 1) * 0x1p-52;
        double nEta = terms * Double.MIN_VALUE;
        double[][] mag = new double[p][p];
        double[] s = new double[p];
        double[] t = new double[p];
        for (int r = 0; r < p; r++) {
            java.util.Arrays.fill(s, 0.0);
            java.util.Arrays.fill(t, 0.0);
            for (int i = iLo; i <= iHi; i++) {
                double[] arow = ah[i][r];
                double[][] y = yc[j - i];
                for (int l = 0; l < p; l++) {
                    double x = arow[l];
                    double[] yrow = y[l];
                    for (int col = 0; col < p; col++) {
                        double q = x * yrow[col];
                        s[col] += q;
                        t[col] += Math.abs(q);
                    }
                }
            }
            for (int col = 0; col < p; col++) {
                double sv = s[col];
                double tv = t[col];
                if (j < n) {
                    double q = (j + 1) * yc[j + 1][r][col];
                    sv -= q;
                    tv += Math.abs(q);
                }
                double err = Up.add(Up.mul(c, Up.add(tv, nEta)), nEta);
                mag[r][col] = Up.add(Math.abs(sv), err);
                if (!Double.isFinite(mag[r][col])) {
                    throw new Lohner.Failure("Jacobian series defect not finite");
                }
            }
        }
        return mag;
    }

    private static void addProduct(double[][] s, double[][] a, double[][] b) {
        int p = s.length;
        for (int r = 0; r < p; r++) {
            for (int l = 0; l < p; l++) {
                double v = a[r][l];
                if (v == 0) {
                    continue;
                }
                for (int c = 0; c < p; c++) {
                    s[r][c] += v * b[l][c];
                }
            }
        }
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
