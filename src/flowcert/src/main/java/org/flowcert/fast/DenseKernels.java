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
 *
 * <p>Shape of the inner loop, measured on JDK 17 (benchmarks/w2.md): one output row and 4 basis rows per pass, as a chain of {@link Math#fma}, in a small method
 * of its own. C2's SuperWord vectorises exactly this form (13 GFLOP/s per core here); with two
 * output rows per loop, or 8 basis rows, it gives up and runs scalar, 2x slower (checked with
 * -XX:-UseSuperWord, which gives the same time as those forms). Each output element is the running sum in k order, rounded once per term.
 */
public final class DenseKernels {
    private DenseKernels() {
    }

    /** out[r][:len] += Σ_k c(r,k) basis[k][:len]. */
    public static void accumulate(double[][] out, int rows, double[][] coef, boolean coefTransposed,
            double[][] basis, int kCount, int len) {
        for (int r = 0; r < rows; r++) {
            double[] o = out[r];
            double[] cr = coefTransposed ? null : coef[r];
            int k = 0;
            for (; k + 3 < kCount; k += 4) {
                double c0 = cr != null ? cr[k] : coef[k][r];
                double c1 = cr != null ? cr[k + 1] : coef[k + 1][r];
                double c2 = cr != null ? cr[k + 2] : coef[k + 2][r];
                double c3 = cr != null ? cr[k + 3] : coef[k + 3][r];
                axpy4(o, c0, basis[k], c1, basis[k + 1], c2, basis[k + 2], c3, basis[k + 3], len);
            }
            for (; k < kCount; k++) {
                double c0 = cr != null ? cr[k] : coef[k][r];
                double[] b0 = basis[k];
                for (int i = 0; i < len; i++) {
                    o[i] = Math.fma(c0, b0[i], o[i]);
                }
            }
        }
    }

    private static void axpy4(double[] o, double c0, double[] b0, double c1, double[] b1, double c2, double[] b2,
            double c3, double[] b3, int len) {
        for (int i = 0; i < len; i++) {
            o[i] = Math.fma(c3, b3[i], Math.fma(c2, b2[i], Math.fma(c1, b1[i], Math.fma(c0, b0[i], o[i]))));
        }
    }
}
