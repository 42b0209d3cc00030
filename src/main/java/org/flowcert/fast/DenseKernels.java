package org.flowcert.fast;

/**
 * The one dense operation the MLP kernel needs, written so that HotSpot's C2 vectorises the
 * inner loop (AVX2: 4 doubles per fused multiply-add):
 * <pre>
 *   out[r][0..len) += Σ_k c(r, k) · basis[k][0..len)     for r in [0, rows), k in [0, kCount)
 * </pre>
 * with c(r, k) = coef[r][k], or coef[k][r] when {@code coefTransposed}. Forward pass, backward
 * pass and the weight gradient are all this "axpy form" of a matrix product (see
 * benchmarks/w2.md for why this beats a dot-product form and a BLAS call at these sizes).
 * Register blocking: 2 output rows × 4 basis rows per inner loop, so that each loaded basis
 * vector feeds two FMAs and each output vector four. Math.fma rounds once per term, so a row
 * is the exactly rounded running sum in k order, grouped by 4.
 */
public final class DenseKernels {
    private DenseKernels() {
    }

    /** out[r][:len] += Σ_k c(r,k) basis[k][:len]. */
    public static void accumulate(double[][] out, int rows, double[][] coef, boolean coefTransposed,
            double[][] basis, int kCount, int len) {
        int r = 0;
        for (; r + 1 < rows; r += 2) {
            double[] o0 = out[r];
            double[] o1 = out[r + 1];
            int k = 0;
            for (; k + 3 < kCount; k += 4) {
                double c00;
                double c01;
                double c02;
                double c03;
                double c10;
                double c11;
                double c12;
                double c13;
                if (coefTransposed) {
                    c00 = coef[k][r];
                    c01 = coef[k + 1][r];
                    c02 = coef[k + 2][r];
                    c03 = coef[k + 3][r];
                    c10 = coef[k][r + 1];
                    c11 = coef[k + 1][r + 1];
                    c12 = coef[k + 2][r + 1];
                    c13 = coef[k + 3][r + 1];
                } else {
                    double[] cr0 = coef[r];
                    double[] cr1 = coef[r + 1];
                    c00 = cr0[k];
                    c01 = cr0[k + 1];
                    c02 = cr0[k + 2];
                    c03 = cr0[k + 3];
                    c10 = cr1[k];
                    c11 = cr1[k + 1];
                    c12 = cr1[k + 2];
                    c13 = cr1[k + 3];
                }
                double[] b0 = basis[k];
                double[] b1 = basis[k + 1];
                double[] b2 = basis[k + 2];
                double[] b3 = basis[k + 3];
                for (int i = 0; i < len; i++) {
                    double v0 = b0[i];
                    double v1 = b1[i];
                    double v2 = b2[i];
                    double v3 = b3[i];
                    o0[i] = Math.fma(c03, v3, Math.fma(c02, v2, Math.fma(c01, v1, Math.fma(c00, v0, o0[i]))));
                    o1[i] = Math.fma(c13, v3, Math.fma(c12, v2, Math.fma(c11, v1, Math.fma(c10, v0, o1[i]))));
                }
            }
            for (; k < kCount; k++) {
                double c0 = coefTransposed ? coef[k][r] : coef[r][k];
                double c1 = coefTransposed ? coef[k][r + 1] : coef[r + 1][k];
                double[] b0 = basis[k];
                for (int i = 0; i < len; i++) {
                    double v0 = b0[i];
                    o0[i] = Math.fma(c0, v0, o0[i]);
                    o1[i] = Math.fma(c1, v0, o1[i]);
                }
            }
        }
        for (; r < rows; r++) {
            double[] o0 = out[r];
            int k = 0;
            for (; k + 3 < kCount; k += 4) {
                double c0 = coefTransposed ? coef[k][r] : coef[r][k];
                double c1 = coefTransposed ? coef[k + 1][r] : coef[r][k + 1];
                double c2 = coefTransposed ? coef[k + 2][r] : coef[r][k + 2];
                double c3 = coefTransposed ? coef[k + 3][r] : coef[r][k + 3];
                double[] b0 = basis[k];
                double[] b1 = basis[k + 1];
                double[] b2 = basis[k + 2];
                double[] b3 = basis[k + 3];
                for (int i = 0; i < len; i++) {
                    o0[i] = Math.fma(c3, b3[i], Math.fma(c2, b2[i], Math.fma(c1, b1[i], Math.fma(c0, b0[i], o0[i]))));
                }
            }
            for (; k < kCount; k++) {
                double c0 = coefTransposed ? coef[k][r] : coef[r][k];
                double[] b0 = basis[k];
                for (int i = 0; i < len; i++) {
                    o0[i] = Math.fma(c0, b0[i], o0[i]);
                }
            }
        }
    }
}
