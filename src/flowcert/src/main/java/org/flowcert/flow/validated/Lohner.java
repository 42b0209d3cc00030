package org.flowcert.flow.validated;

import java.util.Arrays;
import java.util.Comparator;
import org.flowcert.arith.Interval;

/**
 * Lohner-type sets {x̂ + B·r : r ∈ [r]} (B a binary64 matrix, [r] an interval vector) and their
 * rigorous propagation through one step of the flow by the mean-value theorem
 * (proofs-notes/validated-flow.md §7).
 *
 * <p>One step needs, from the caller: an enclosure [c] of φ_h(x̂) (the point solution), a binary64
 * matrix Ŷ and δ with ‖Dφ_h(ξ) − Ŷ‖₂ ≤ δ for every ξ in a convex set K that contains x̂ and the
 * true state ({@link JacobianBound}: K = the ball B(x̂, ρ) of §1). The new set is x̂' + Q·[r'] with
 * Q from a QR factorisation of ŶB; it encloses φ_h(X ∩ K).
 *
 * <p>All interval arithmetic here is on lo/hi arrays with one ulp step outward after each
 * round-to-nearest operation ({@link Up}: |fl(x) − x| ≤ ulp(fl(x))).
 */
final class Lohner {
    private Lohner() {
    }

    /**
     * The set {center + basis·r : r ∈ [rLo, rHi]}; {@code gap} ≥ ‖basisᵀbasis − I‖₂ (so
     * ‖basis‖₂ ≤ √(1 + gap) and ‖basis⁻¹‖₂ ≤ 1/√(1 − gap), gap &lt; 1/2).
     */
    record Set(double[] center, double[][] basis, double[] rLo, double[] rHi, double gap) {

        /** The box c + [−r, r]ᴾ (basis I), which contains the ball B(c, r). */
        static Set ball(double[] c, double r) {
            int p = c.length;
            double[][] id = new double[p][p];
            double[] lo = new double[p];
            double[] hi = new double[p];
            for (int i = 0; i < p; i++) {
                id[i][i] = 1;
                lo[i] = -r;
                hi[i] = r;
            }
            return new Set(c.clone(), id, lo, hi, 0);
        }

        /** An upper bound of ‖x − center‖₂ over the set: ‖B‖₂·‖|r|‖₂. */
        double radius() {
            double s = 0;
            for (int i = 0; i < rLo.length; i++) {
                double m = Math.max(-rLo[i], rHi[i]);
                s = Up.add(s, Up.mul(m, m));
            }
            return Up.mul(Up.sqrt(Up.add(1, gap)), Up.sqrt(s));
        }

        /** The interval hull of the set: center + B·[r] in interval arithmetic. */
        Interval[] box() {
            int p = center.length;
            double[][] bLo = basis;
            double[] lo = new double[p];
            double[] hi = new double[p];
            Im.matVec(bLo, bLo, rLo, rHi, lo, hi);
            Interval[] out = new Interval[p];
            for (int i = 0; i < p; i++) {
                out[i] = Interval.of(Math.nextDown(center[i] + lo[i]), Math.nextUp(center[i] + hi[i]));
            }
            return out;
        }
    }

    /** Why a step of the set could not be proved (the step is then shrunk). */
    static final class Failure extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    /**
     * The set at t + h from the set s at t.
     *
     * @param cLo cHi an enclosure of φ_h(s.center) (the exact solution from the center)
     * @param y delta ‖Dφ_h(ξ) − y‖₂ ≤ delta for every ξ in a convex set K that contains s's center and
     *        the true state ({@link JacobianBound}); the result encloses φ_h(s ∩ K)
     * @throws Failure when the new basis cannot be bounded
     */
    static Set step(Set s, double[] cLo, double[] cHi, double[][] y, double delta) {
        int p = s.center.length;
        // the new basis: QR of ŶB (binary64, not trusted), columns sorted by their length
        // times the width of their coordinate (Lohner's ordering)
        double[][] yb = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int l = 0; l < p; l++) {
                double v = 0;
                for (int m = 0; m < p; m++) {
                    v += y[i][m] * s.basis[m][l];
                }
                yb[i][l] = v;
            }
        }
        double[][] q = orthonormalBasis(yb, s.rLo, s.rHi);
        // gap ≥ ‖QᵀQ − I‖₂ rigorously
        double[][] qt = transpose(q);
        double[][][] qtq = Im.mul(qt, qt, q, q);
        double[][] gRad = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int l = 0; l < p; l++) {
                double d = i == l ? 1 : 0;
                // |fl(x)| is within one ulp of |x|: one step up bounds it
                gRad[i][l] = Math.nextUp(Math.max(Math.abs(qtq[1][i][l] - d), Math.abs(qtq[0][i][l] - d)));
            }
        }
        double gap = norm2Bound(gRad);
        if (!(gap < 0.5)) {
            throw new Failure(String.format("new basis not orthogonal enough: |Q^T Q - I| <= %.3g", gap));
        }
        // Q⁻¹ = (QᵀQ)⁻¹Qᵀ, ‖Q⁻¹ − Qᵀ‖₂ ≤ ‖(I + G)⁻¹ − I‖·‖Q‖ ≤ gap/(1 − gap)·√(1 + gap)
        double eps = Up.mul(Up.div(gap, Math.nextDown(1 - gap)), Up.sqrt(Up.add(1, gap)));
        double[][] qiLo = new double[p][p];
        double[][] qiHi = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int l = 0; l < p; l++) {
                qiLo[i][l] = Math.nextDown(qt[i][l] - eps);
                qiHi[i][l] = Math.nextUp(qt[i][l] + eps);
            }
        }
        double qInvNorm = Up.div(1, Up.sqrtDown(Math.nextDown(1 - gap)));
        double bNorm = Up.sqrt(Up.add(1, s.gap));

        // new center and coordinates: r' = Q⁻¹([c] − x̂') + (Q⁻¹ŶB)[r] + Q⁻¹ΔB r
        double[] c1 = new double[p];
        double[] dLo = new double[p];
        double[] dHi = new double[p];
        for (int i = 0; i < p; i++) {
            c1[i] = Interval.of(cLo[i], cHi[i]).mid();
            dLo[i] = Math.nextDown(cLo[i] - c1[i]);
            dHi[i] = Math.nextUp(cHi[i] - c1[i]);
        }
        double[] rLo = new double[p];
        double[] rHi = new double[p];
        Im.matVec(qiLo, qiHi, dLo, dHi, rLo, rHi);
        double[][][] ybI = Im.mul(y, y, s.basis, s.basis);
        double[][][] cm = Im.mul(qiLo, qiHi, ybI[0], ybI[1]);
        double[] mLo = new double[p];
        double[] mHi = new double[p];
        Im.matVec(cm[0], cm[1], s.rLo, s.rHi, mLo, mHi);
        double rn = 0;
        for (int i = 0; i < p; i++) {
            double m = Math.max(-s.rLo[i], s.rHi[i]);
            rn = Up.add(rn, Up.mul(m, m));
        }
        double e = Up.mul(Up.mul(qInvNorm, delta), Up.mul(bNorm, Up.sqrt(rn)));
        for (int i = 0; i < p; i++) {
            rLo[i] = Math.nextDown(Math.nextDown(rLo[i] + mLo[i]) - e);
            rHi[i] = Math.nextUp(Math.nextUp(rHi[i] + mHi[i]) + e);
            if (!Double.isFinite(rLo[i]) || !Double.isFinite(rHi[i])) {
                throw new Failure("set coordinates not finite");
            }
        }
        return new Set(c1, q, rLo, rHi, gap);
    }

    /**
     * An orthonormal basis (binary64, Householder QR) of the columns of m taken in decreasing
     * order of ‖column‖·|coordinate| (Lohner's ordering: the most expanded direction first).
     */
    static double[][] orthonormalBasis(double[][] m, double[] rLo, double[] rHi) {
        int p = m.length;
        Integer[] order = new Integer[p];
        double[] key = new double[p];
        for (int l = 0; l < p; l++) {
            order[l] = l;
            double n = 0;
            for (int i = 0; i < p; i++) {
                n += m[i][l] * m[i][l];
            }
            key[l] = Math.sqrt(n) * Math.max(-rLo[l], rHi[l]);
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer l) -> -key[l]));
        double[][] a = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int l = 0; l < p; l++) {
                a[i][l] = m[i][order[l]];
            }
        }
        // Householder: reflectors v_k, then Q = H_0 H_1 … H_{p−1} applied to I
        double[][] vs = new double[p][];
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < p; i++) {
                norm += a[i][k] * a[i][k];
            }
            norm = Math.sqrt(norm);
            double[] v = new double[p];
            if (norm == 0) {
                vs[k] = null;
                continue;
            }
            double alpha = a[k][k] > 0 ? -norm : norm;
            for (int i = k; i < p; i++) {
                v[i] = a[i][k];
            }
            v[k] -= alpha;
            double vn = 0;
            for (int i = k; i < p; i++) {
                vn += v[i] * v[i];
            }
            if (vn == 0) {
                vs[k] = null;
                continue;
            }
            for (int l = k; l < p; l++) {
                double dot = 0;
                for (int i = k; i < p; i++) {
                    dot += v[i] * a[i][l];
                }
                double f = 2 * dot / vn;
                for (int i = k; i < p; i++) {
                    a[i][l] -= f * v[i];
                }
            }
            vs[k] = new double[p + 1];
            System.arraycopy(v, 0, vs[k], 0, p);
            vs[k][p] = vn;
        }
        double[][] q = identity(p);
        for (int k = p - 1; k >= 0; k--) {
            if (vs[k] == null) {
                continue;
            }
            double vn = vs[k][p];
            for (int l = 0; l < p; l++) {
                double dot = 0;
                for (int i = k; i < p; i++) {
                    dot += vs[k][i] * q[i][l];
                }
                double f = 2 * dot / vn;
                for (int i = k; i < p; i++) {
                    q[i][l] -= f * vs[k][i];
                }
            }
        }
        return q;
    }

    /** ‖E‖₂ ≤ √(‖R‖₁‖R‖∞) for every E with |E| ≤ R entrywise (rounded up). */
    static double norm2Bound(double[][] r) {
        int p = r.length;
        double rows = 0;
        double cols = 0;
        for (int i = 0; i < p; i++) {
            double sr = 0;
            double sc = 0;
            for (int j = 0; j < p; j++) {
                sr = Up.add(sr, r[i][j]);
                sc = Up.add(sc, r[j][i]);
            }
            rows = Math.max(rows, sr);
            cols = Math.max(cols, sc);
        }
        return Up.sqrt(Up.mul(rows, cols));
    }

    private static double[][] identity(int p) {
        double[][] m = new double[p][p];
        for (int i = 0; i < p; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] transpose(double[][] m) {
        int p = m.length;
        double[][] t = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    /** Interval matrices as lo/hi arrays, one ulp outward after each rounded operation. */
    static final class Im {
        private Im() {
        }

        /** [aLo, aHi]·[bLo, bHi] (enclosure of every product). */
        static double[] mul(double aLo, double aHi, double bLo, double bHi) {
            double p1 = aLo * bLo;
            double p2 = aLo * bHi;
            double p3 = aHi * bLo;
            double p4 = aHi * bHi;
            double lo = Math.min(Math.min(p1, p2), Math.min(p3, p4));
            double hi = Math.max(Math.max(p1, p2), Math.max(p3, p4));
            // one ulp outward, also for a product that underflowed to 0
            return new double[] {Math.nextDown(lo), Math.nextUp(hi)};
        }

        /** The interval matrix product [A][B]: {lo, hi}. */
        static double[][][] mul(double[][] aLo, double[][] aHi, double[][] bLo, double[][] bHi) {
            int n = aLo.length;
            int m = bLo[0].length;
            int k = bLo.length;
            double[][] lo = new double[n][m];
            double[][] hi = new double[n][m];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    double sl = 0;
                    double sh = 0;
                    for (int l = 0; l < k; l++) {
                        double al = aLo[i][l];
                        double ah = aHi[i][l];
                        double bl = bLo[l][j];
                        double bh = bHi[l][j];
                        double pl;
                        double ph;
                        if (al == ah && bl == bh) {
                            double v = al * bl;
                            pl = Math.nextDown(v);
                            ph = Math.nextUp(v);
                        } else {
                            double p1 = al * bl;
                            double p2 = al * bh;
                            double p3 = ah * bl;
                            double p4 = ah * bh;
                            pl = Math.nextDown(Math.min(Math.min(p1, p2), Math.min(p3, p4)));
                            ph = Math.nextUp(Math.max(Math.max(p1, p2), Math.max(p3, p4)));
                        }
                        sl = Math.nextDown(sl + pl);
                        sh = Math.nextUp(sh + ph);
                    }
                    lo[i][j] = sl;
                    hi[i][j] = sh;
                }
            }
            return new double[][][] {lo, hi};
        }

        /** out = [A]·[v] (interval matrix times interval vector). */
        static void matVec(double[][] aLo, double[][] aHi, double[] vLo, double[] vHi, double[] outLo, double[] outHi) {
            int n = aLo.length;
            for (int i = 0; i < n; i++) {
                double sl = 0;
                double sh = 0;
                for (int l = 0; l < vLo.length; l++) {
                    double[] pr = mul(aLo[i][l], aHi[i][l], vLo[l], vHi[l]);
                    sl = Math.nextDown(sl + pr[0]);
                    sh = Math.nextUp(sh + pr[1]);
                }
                outLo[i] = sl;
                outHi[i] = sh;
            }
        }
    }
}
