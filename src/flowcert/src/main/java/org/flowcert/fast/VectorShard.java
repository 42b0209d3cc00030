package org.flowcert.fast;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector engine of {@link MlpKernel} ({@code jdk.incubator.vector}, 256-bit: 4 doubles).
 * Loaded only when the module is present ({@link MlpKernel#vectorAvailable()}).
 *
 * <p><b>Layout.</b> Unit-major ("transposed"): a block holds A_l[unit][sample] for up to
 * {@value #BLOCK} samples, so every vector runs along samples and no layer width
 * needs padding. A partial last block is padded to a multiple of 8 samples whose activations
 * and δ are kept at exactly 0 (so they add nothing, even when weights are infinite).
 *
 * <p><b>Products</b> (per block; all FMA, each output a running sum in a fixed order):
 * <ul>
 * <li>forward Z[o][·] = b[o] + Σ_i W[o][i]·A[i][·] ({@link #forward}),</li>
 * <li>backward δ'[i][·] = (Σ_o W[o][i]·δ[o][·]) ⊙ σ'[i][·] ({@link #backward}),</li>
 * <li>gradient G[o][i] += Σ_b δ[o][b]·A[i][b] ({@link #gradient}): per (o, i) a 4-lane
 *     partial sum (lane = sample mod 4) kept across blocks and added up lane 0 + 1 + 2 + 3 at
 *     the end of the shard.</li>
 * </ul>
 * The micro-kernels keep a tile of 5 rows × 8 columns (ten vector registers; 4-row and 1-row
 * tiles for the remaining rows) for the whole k loop and load 7 vectors (broadcasts included)
 * per 10 FMAs; tiles of 12 or more accumulators spill on C2 (JDK 17), see benchmarks/w2.md.
 * Bias and σ' are fused into the tiles' start and end.
 *
 * <p><b>tanh.</b> {@link #tanh}: sign(z)·m/(m + 2), m = expm1(2|z|) from our own vector
 * expm1 (range reduction by ln 2, Taylor polynomial of degree 13 in Estrin's form, 2^k by
 * exponent bits). Error ≤ 7.2 ulps (first-order bound, proofs-notes/vector-tanh.md); measured
 * ≤ 2.51 ulps against 120-bit values and ≤ 3 ulps from StrictMath.tanh on 10^6 points
 * (VectorTanhTest). NaN gives NaN, ±0 gives ±0, |z| ≥ 22 gives ±1.
 */
final class VectorShard extends MlpKernel.Shard {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_256;
    /** Doubles per vector. */
    static final int LANES = 4;
    /** Block widths (samples) are padded to a multiple of this: the tile width of the products. */
    static final int PAD = 8;
    /**
     * Samples per block. Longer blocks give the gradient tiles (a k loop over the samples)
     * longer runs; 256 was fastest on W2 (min time per gradient 1.38 ms vs 1.48 ms at 128 and
     * 1.58 ms at 512, benchmarks/w2.md).
     */
    static final int BLOCK = 256;

    private final MlpKernel k;
    private final int layers;
    private final int[] w;
    private final double[][][] xT;     // xT[block][d][b]: this shard's inputs, unit-major, padded with zeros
    private final double[][][] a;      // a[l][unit][b]: layer l's output (l >= 1); pre-activation, then σ
    private final double[][][] d;      // σ' at hidden layers
    private final double[][][] delta;  // dL/dz at layers 1..L
    private final double[][][] gAcc;   // gAcc[l][o][4i + lane]: lane partial sums of G_l[o][i]
    private final double[][] gbAcc;    // gbAcc[l][4o + lane]: lane partial sums of the bias gradient

    /** Whether 256-bit double vectors are native here (else the Vector API would run in Java). */
    static boolean usable() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && S.length() == LANES;
    }

    VectorShard(MlpKernel k, int from, int to) {
        super(from, to);
        this.k = k;
        this.layers = k.layers;
        this.w = k.w;
        int blk = BLOCK;
        int blocks = (to - from + blk - 1) / blk;
        xT = new double[blocks][w[0]][];
        for (int bl = 0; bl < blocks; bl++) {
            int start = from + bl * blk;
            int nb = Math.min(blk, to - start);
            for (int dd = 0; dd < w[0]; dd++) {
                double[] col = new double[padded(nb)];
                for (int b = 0; b < nb; b++) {
                    col[b] = k.x[start + b][dd];
                }
                xT[bl][dd] = col;
            }
        }
        a = new double[layers + 1][][];
        d = new double[layers + 1][][];
        delta = new double[layers + 1][][];
        for (int l = 1; l <= layers; l++) {
            a[l] = new double[w[l]][blk];
            d[l] = new double[w[l]][blk];
            delta[l] = new double[w[l]][blk];
        }
        gW = new double[layers][][];
        gb = new double[layers][];
        gAcc = new double[layers][][];
        gbAcc = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gW[l] = new double[w[l + 1]][w[l]];
            gb[l] = new double[w[l + 1]];
            gAcc[l] = new double[w[l + 1]][LANES * w[l]];
            gbAcc[l] = new double[LANES * w[l + 1]];
        }
    }

    private static int padded(int nb) {
        return (nb + PAD - 1) / PAD * PAD;
    }

    @Override
    void compute(boolean withGradient) {
        sumSquares = 0;
        if (withGradient) {
            for (int l = 0; l < layers; l++) {
                for (double[] row : gAcc[l]) {
                    Arrays.fill(row, 0.0);
                }
                Arrays.fill(gbAcc[l], 0.0);
            }
        }
        double twoWeight = 2 * k.weight;
        int outW = w[layers];
        for (int start = from, bl = 0; start < to; start += BLOCK, bl++) {
            int nb = Math.min(BLOCK, to - start);
            int nbP = padded(nb);
            a[0] = xT[bl];
            // forward: Z = b + W A, then σ on hidden layers
            for (int l = 0; l < layers; l++) {
                double[][] z = a[l + 1];
                forward(z, w[l + 1], k.wRows[l], k.bias[l], w[l], a[l], nbP);
                if (l + 1 < layers) {
                    double[][] dl = d[l + 1];
                    for (int o = 0; o < w[l + 1]; o++) {
                        if (k.fastTanh) {
                            tanh(z[o], withGradient ? dl[o] : null, nbP);
                        } else {
                            k.act.apply(z[o], withGradient ? dl[o] : null, nbP);
                        }
                    }
                    zeroPad(z, w[l + 1], nb, nbP);
                }
            }
            // residuals, loss, dL/dz at the output (padded samples: δ = 0)
            double[][] zL = a[layers];
            double[][] dL = delta[layers];
            for (int b = 0; b < nb; b++) {
                double[] yb = k.y[start + b];
                for (int o = 0; o < outW; o++) {
                    double r = zL[o][b] - yb[o];
                    sumSquares += r * r;
                    dL[o][b] = twoWeight * r;
                }
            }
            zeroPad(dL, outW, nb, nbP);
            if (!withGradient) {
                continue;
            }
            // backward
            for (int l = layers - 1; l >= 0; l--) {
                double[][] dl = delta[l + 1];
                gradient(gAcc[l], w[l + 1], dl, a[l], w[l], nbP);
                biasGradient(gbAcc[l], dl, w[l + 1], nbP);
                if (l > 0) {
                    backward(delta[l], w[l], k.wCols[l], w[l + 1], dl, d[l], nbP);
                    zeroPad(delta[l], w[l], nb, nbP);
                }
            }
        }
        if (withGradient) {
            // lane partial sums → totals, in a fixed order
            for (int l = 0; l < layers; l++) {
                for (int o = 0; o < w[l + 1]; o++) {
                    double[] acc = gAcc[l][o];
                    double[] g = gW[l][o];
                    for (int i = 0; i < w[l]; i++) {
                        g[i] = laneSum(acc, LANES * i);
                    }
                    gb[l][o] = laneSum(gbAcc[l], LANES * o);
                }
            }
        }
    }

    private static double laneSum(double[] acc, int i) {
        return (acc[i] + acc[i + 1]) + (acc[i + 2] + acc[i + 3]);
    }

    /** Sets columns [nb, nbP) of rows [0, rows) to 0. */
    private static void zeroPad(double[][] m, int rows, int nb, int nbP) {
        if (nb < nbP) {
            for (int r = 0; r < rows; r++) {
                Arrays.fill(m[r], nb, nbP, 0.0);
            }
        }
    }

    /** z[o][0..len) = bias[o] + Σ_{i &lt; kc} wr[o][i]·x[i][0..len), o &lt; rows; len a multiple of {@link #PAD}. */
    static void forward(double[][] z, int rows, double[][] wr, double[] bias, int kc, double[][] x, int len) {
        int r = 0;
        for (; r + 4 < rows; r += 5) {
            for (int j = 0; j < len; j += PAD) {
                f5(z[r], z[r + 1], z[r + 2], z[r + 3], z[r + 4], wr[r], wr[r + 1], wr[r + 2], wr[r + 3], wr[r + 4],
                        bias[r], bias[r + 1], bias[r + 2], bias[r + 3], bias[r + 4], kc, x, j);
            }
        }
        for (; r + 3 < rows; r += 4) {
            for (int j = 0; j < len; j += PAD) {
                f4(z[r], z[r + 1], z[r + 2], z[r + 3], wr[r], wr[r + 1], wr[r + 2], wr[r + 3], bias[r], bias[r + 1],
                        bias[r + 2], bias[r + 3], kc, x, j);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < len; j += PAD) {
                f1(z[r], wr[r], bias[r], kc, x, j);
            }
        }
    }

    /**
     * p[i][0..len) = (Σ_{o &lt; kc} wc[i][o]·dl[o][0..len)) · s[i][0..len), i &lt; rows; len a
     * multiple of {@link #PAD}.
     */
    static void backward(double[][] p, int rows, double[][] wc, int kc, double[][] dl, double[][] s, int len) {
        int r = 0;
        for (; r + 4 < rows; r += 5) {
            for (int j = 0; j < len; j += PAD) {
                s5(p[r], p[r + 1], p[r + 2], p[r + 3], p[r + 4], wc[r], wc[r + 1], wc[r + 2], wc[r + 3], wc[r + 4],
                        s[r], s[r + 1], s[r + 2], s[r + 3], s[r + 4], kc, dl, j);
            }
        }
        for (; r + 3 < rows; r += 4) {
            for (int j = 0; j < len; j += PAD) {
                s4(p[r], p[r + 1], p[r + 2], p[r + 3], wc[r], wc[r + 1], wc[r + 2], wc[r + 3], s[r], s[r + 1], s[r + 2],
                        s[r + 3], kc, dl, j);
            }
        }
        for (; r < rows; r++) {
            for (int j = 0; j < len; j += PAD) {
                s1(p[r], wc[r], s[r], kc, dl, j);
            }
        }
    }

    /**
     * g[o][4i + lane] += Σ_{b ≡ lane mod 4, b &lt; len} dl[o][b]·x[i][b], o &lt; rows, i &lt; cols;
     * len a multiple of {@link #LANES}.
     */
    static void gradient(double[][] g, int rows, double[][] dl, double[][] x, int cols, int len) {
        int r = 0;
        for (; r + 4 < rows; r += 5) {
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                g5x2(g[r], g[r + 1], g[r + 2], g[r + 3], g[r + 4], dl[r], dl[r + 1], dl[r + 2], dl[r + 3], dl[r + 4],
                        x[c], x[c + 1], LANES * c, len);
            }
            if (c < cols) {
                g5x1(g[r], g[r + 1], g[r + 2], g[r + 3], g[r + 4], dl[r], dl[r + 1], dl[r + 2], dl[r + 3], dl[r + 4],
                        x[c], LANES * c, len);
            }
        }
        for (; r + 3 < rows; r += 4) {
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                g4x2(g[r], g[r + 1], g[r + 2], g[r + 3], dl[r], dl[r + 1], dl[r + 2], dl[r + 3], x[c], x[c + 1],
                        LANES * c, len);
            }
            if (c < cols) {
                g4x1(g[r], g[r + 1], g[r + 2], g[r + 3], dl[r], dl[r + 1], dl[r + 2], dl[r + 3], x[c], LANES * c, len);
            }
        }
        for (; r < rows; r++) {
            int c = 0;
            for (; c + 1 < cols; c += 2) {
                g1x2(g[r], dl[r], x[c], x[c + 1], LANES * c, len);
            }
            if (c < cols) {
                g1x1(g[r], dl[r], x[c], LANES * c, len);
            }
        }
    }

    /** gb[4o + lane] += Σ_{b ≡ lane mod 4} dl[o][b], o &lt; rows; len a multiple of {@link #LANES}. */
    static void biasGradient(double[] gb, double[][] dl, int rows, int len) {
        for (int o = 0; o < rows; o++) {
            double[] row = dl[o];
            DoubleVector acc = DoubleVector.fromArray(S, gb, LANES * o);
            for (int b = 0; b < len; b += LANES) {
                acc = acc.add(DoubleVector.fromArray(S, row, b));
            }
            acc.intoArray(gb, LANES * o);
        }
    }

    private static void f5(double[] c0, double[] c1, double[] c2, double[] c3, double[] c4,
            double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double bias0, double bias1, double bias2, double bias3, double bias4, int kc, double[][] b, int j) {
        DoubleVector x00 = DoubleVector.broadcast(S, bias0);
        DoubleVector x01 = x00;
        DoubleVector x10 = DoubleVector.broadcast(S, bias1);
        DoubleVector x11 = x10;
        DoubleVector x20 = DoubleVector.broadcast(S, bias2);
        DoubleVector x21 = x20;
        DoubleVector x30 = DoubleVector.broadcast(S, bias3);
        DoubleVector x31 = x30;
        DoubleVector x40 = DoubleVector.broadcast(S, bias4);
        DoubleVector x41 = x40;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            DoubleVector v1 = DoubleVector.broadcast(S, a1[k]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            DoubleVector v2 = DoubleVector.broadcast(S, a2[k]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            DoubleVector v3 = DoubleVector.broadcast(S, a3[k]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
            DoubleVector v4 = DoubleVector.broadcast(S, a4[k]);
            x40 = v4.fma(b0, x40);
            x41 = v4.fma(b1, x41);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j + 4);
        x10.intoArray(c1, j);
        x11.intoArray(c1, j + 4);
        x20.intoArray(c2, j);
        x21.intoArray(c2, j + 4);
        x30.intoArray(c3, j);
        x31.intoArray(c3, j + 4);
        x40.intoArray(c4, j);
        x41.intoArray(c4, j + 4);
    }

    private static void s5(double[] c0, double[] c1, double[] c2, double[] c3, double[] c4,
            double[] a0, double[] a1, double[] a2, double[] a3, double[] a4, double[] s0, double[] s1, double[] s2, double[] s3, double[] s4, int kc, double[][] b, int j) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector x00 = zero;
        DoubleVector x01 = zero;
        DoubleVector x10 = zero;
        DoubleVector x11 = zero;
        DoubleVector x20 = zero;
        DoubleVector x21 = zero;
        DoubleVector x30 = zero;
        DoubleVector x31 = zero;
        DoubleVector x40 = zero;
        DoubleVector x41 = zero;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            DoubleVector v1 = DoubleVector.broadcast(S, a1[k]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            DoubleVector v2 = DoubleVector.broadcast(S, a2[k]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            DoubleVector v3 = DoubleVector.broadcast(S, a3[k]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
            DoubleVector v4 = DoubleVector.broadcast(S, a4[k]);
            x40 = v4.fma(b0, x40);
            x41 = v4.fma(b1, x41);
        }
        x00.mul(DoubleVector.fromArray(S, s0, j)).intoArray(c0, j);
        x01.mul(DoubleVector.fromArray(S, s0, j + 4)).intoArray(c0, j + 4);
        x10.mul(DoubleVector.fromArray(S, s1, j)).intoArray(c1, j);
        x11.mul(DoubleVector.fromArray(S, s1, j + 4)).intoArray(c1, j + 4);
        x20.mul(DoubleVector.fromArray(S, s2, j)).intoArray(c2, j);
        x21.mul(DoubleVector.fromArray(S, s2, j + 4)).intoArray(c2, j + 4);
        x30.mul(DoubleVector.fromArray(S, s3, j)).intoArray(c3, j);
        x31.mul(DoubleVector.fromArray(S, s3, j + 4)).intoArray(c3, j + 4);
        x40.mul(DoubleVector.fromArray(S, s4, j)).intoArray(c4, j);
        x41.mul(DoubleVector.fromArray(S, s4, j + 4)).intoArray(c4, j + 4);
    }

    private static void g5x2(double[] g0, double[] g1, double[] g2, double[] g3, double[] g4,
            double[] x0, double[] x1, double[] x2, double[] x3, double[] x4, double[] y0, double[] y1, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        DoubleVector acc01 = DoubleVector.fromArray(S, g0, i + 4);
        DoubleVector acc10 = DoubleVector.fromArray(S, g1, i);
        DoubleVector acc11 = DoubleVector.fromArray(S, g1, i + 4);
        DoubleVector acc20 = DoubleVector.fromArray(S, g2, i);
        DoubleVector acc21 = DoubleVector.fromArray(S, g2, i + 4);
        DoubleVector acc30 = DoubleVector.fromArray(S, g3, i);
        DoubleVector acc31 = DoubleVector.fromArray(S, g3, i + 4);
        DoubleVector acc40 = DoubleVector.fromArray(S, g4, i);
        DoubleVector acc41 = DoubleVector.fromArray(S, g4, i + 4);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector w1 = DoubleVector.fromArray(S, y1, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
            acc01 = u0.fma(w1, acc01);
            DoubleVector u1 = DoubleVector.fromArray(S, x1, bb);
            acc10 = u1.fma(w0, acc10);
            acc11 = u1.fma(w1, acc11);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, bb);
            acc20 = u2.fma(w0, acc20);
            acc21 = u2.fma(w1, acc21);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, bb);
            acc30 = u3.fma(w0, acc30);
            acc31 = u3.fma(w1, acc31);
            DoubleVector u4 = DoubleVector.fromArray(S, x4, bb);
            acc40 = u4.fma(w0, acc40);
            acc41 = u4.fma(w1, acc41);
        }
        acc00.intoArray(g0, i);
        acc01.intoArray(g0, i + 4);
        acc10.intoArray(g1, i);
        acc11.intoArray(g1, i + 4);
        acc20.intoArray(g2, i);
        acc21.intoArray(g2, i + 4);
        acc30.intoArray(g3, i);
        acc31.intoArray(g3, i + 4);
        acc40.intoArray(g4, i);
        acc41.intoArray(g4, i + 4);
    }

    private static void g5x1(double[] g0, double[] g1, double[] g2, double[] g3, double[] g4,
            double[] x0, double[] x1, double[] x2, double[] x3, double[] x4, double[] y0, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        DoubleVector acc10 = DoubleVector.fromArray(S, g1, i);
        DoubleVector acc20 = DoubleVector.fromArray(S, g2, i);
        DoubleVector acc30 = DoubleVector.fromArray(S, g3, i);
        DoubleVector acc40 = DoubleVector.fromArray(S, g4, i);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
            DoubleVector u1 = DoubleVector.fromArray(S, x1, bb);
            acc10 = u1.fma(w0, acc10);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, bb);
            acc20 = u2.fma(w0, acc20);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, bb);
            acc30 = u3.fma(w0, acc30);
            DoubleVector u4 = DoubleVector.fromArray(S, x4, bb);
            acc40 = u4.fma(w0, acc40);
        }
        acc00.intoArray(g0, i);
        acc10.intoArray(g1, i);
        acc20.intoArray(g2, i);
        acc30.intoArray(g3, i);
        acc40.intoArray(g4, i);
    }

    private static void f4(double[] c0, double[] c1, double[] c2, double[] c3,
            double[] a0, double[] a1, double[] a2, double[] a3, double bias0, double bias1, double bias2, double bias3, int kc, double[][] b, int j) {
        DoubleVector x00 = DoubleVector.broadcast(S, bias0);
        DoubleVector x01 = x00;
        DoubleVector x10 = DoubleVector.broadcast(S, bias1);
        DoubleVector x11 = x10;
        DoubleVector x20 = DoubleVector.broadcast(S, bias2);
        DoubleVector x21 = x20;
        DoubleVector x30 = DoubleVector.broadcast(S, bias3);
        DoubleVector x31 = x30;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            DoubleVector v1 = DoubleVector.broadcast(S, a1[k]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            DoubleVector v2 = DoubleVector.broadcast(S, a2[k]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            DoubleVector v3 = DoubleVector.broadcast(S, a3[k]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j + 4);
        x10.intoArray(c1, j);
        x11.intoArray(c1, j + 4);
        x20.intoArray(c2, j);
        x21.intoArray(c2, j + 4);
        x30.intoArray(c3, j);
        x31.intoArray(c3, j + 4);
    }

    private static void f1(double[] c0,
            double[] a0, double bias0, int kc, double[][] b, int j) {
        DoubleVector x00 = DoubleVector.broadcast(S, bias0);
        DoubleVector x01 = x00;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
        }
        x00.intoArray(c0, j);
        x01.intoArray(c0, j + 4);
    }

    private static void s4(double[] c0, double[] c1, double[] c2, double[] c3,
            double[] a0, double[] a1, double[] a2, double[] a3, double[] s0, double[] s1, double[] s2, double[] s3, int kc, double[][] b, int j) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector x00 = zero;
        DoubleVector x01 = zero;
        DoubleVector x10 = zero;
        DoubleVector x11 = zero;
        DoubleVector x20 = zero;
        DoubleVector x21 = zero;
        DoubleVector x30 = zero;
        DoubleVector x31 = zero;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
            DoubleVector v1 = DoubleVector.broadcast(S, a1[k]);
            x10 = v1.fma(b0, x10);
            x11 = v1.fma(b1, x11);
            DoubleVector v2 = DoubleVector.broadcast(S, a2[k]);
            x20 = v2.fma(b0, x20);
            x21 = v2.fma(b1, x21);
            DoubleVector v3 = DoubleVector.broadcast(S, a3[k]);
            x30 = v3.fma(b0, x30);
            x31 = v3.fma(b1, x31);
        }
        x00.mul(DoubleVector.fromArray(S, s0, j)).intoArray(c0, j);
        x01.mul(DoubleVector.fromArray(S, s0, j + 4)).intoArray(c0, j + 4);
        x10.mul(DoubleVector.fromArray(S, s1, j)).intoArray(c1, j);
        x11.mul(DoubleVector.fromArray(S, s1, j + 4)).intoArray(c1, j + 4);
        x20.mul(DoubleVector.fromArray(S, s2, j)).intoArray(c2, j);
        x21.mul(DoubleVector.fromArray(S, s2, j + 4)).intoArray(c2, j + 4);
        x30.mul(DoubleVector.fromArray(S, s3, j)).intoArray(c3, j);
        x31.mul(DoubleVector.fromArray(S, s3, j + 4)).intoArray(c3, j + 4);
    }

    private static void s1(double[] c0,
            double[] a0, double[] s0, int kc, double[][] b, int j) {
        DoubleVector zero = DoubleVector.zero(S);
        DoubleVector x00 = zero;
        DoubleVector x01 = zero;
        for (int k = 0; k < kc; k++) {
            double[] bk = b[k];
            DoubleVector b0 = DoubleVector.fromArray(S, bk, j);
            DoubleVector b1 = DoubleVector.fromArray(S, bk, j + 4);
            DoubleVector v0 = DoubleVector.broadcast(S, a0[k]);
            x00 = v0.fma(b0, x00);
            x01 = v0.fma(b1, x01);
        }
        x00.mul(DoubleVector.fromArray(S, s0, j)).intoArray(c0, j);
        x01.mul(DoubleVector.fromArray(S, s0, j + 4)).intoArray(c0, j + 4);
    }

    private static void g4x2(double[] g0, double[] g1, double[] g2, double[] g3,
            double[] x0, double[] x1, double[] x2, double[] x3, double[] y0, double[] y1, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        DoubleVector acc01 = DoubleVector.fromArray(S, g0, i + 4);
        DoubleVector acc10 = DoubleVector.fromArray(S, g1, i);
        DoubleVector acc11 = DoubleVector.fromArray(S, g1, i + 4);
        DoubleVector acc20 = DoubleVector.fromArray(S, g2, i);
        DoubleVector acc21 = DoubleVector.fromArray(S, g2, i + 4);
        DoubleVector acc30 = DoubleVector.fromArray(S, g3, i);
        DoubleVector acc31 = DoubleVector.fromArray(S, g3, i + 4);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector w1 = DoubleVector.fromArray(S, y1, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
            acc01 = u0.fma(w1, acc01);
            DoubleVector u1 = DoubleVector.fromArray(S, x1, bb);
            acc10 = u1.fma(w0, acc10);
            acc11 = u1.fma(w1, acc11);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, bb);
            acc20 = u2.fma(w0, acc20);
            acc21 = u2.fma(w1, acc21);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, bb);
            acc30 = u3.fma(w0, acc30);
            acc31 = u3.fma(w1, acc31);
        }
        acc00.intoArray(g0, i);
        acc01.intoArray(g0, i + 4);
        acc10.intoArray(g1, i);
        acc11.intoArray(g1, i + 4);
        acc20.intoArray(g2, i);
        acc21.intoArray(g2, i + 4);
        acc30.intoArray(g3, i);
        acc31.intoArray(g3, i + 4);
    }

    private static void g4x1(double[] g0, double[] g1, double[] g2, double[] g3,
            double[] x0, double[] x1, double[] x2, double[] x3, double[] y0, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        DoubleVector acc10 = DoubleVector.fromArray(S, g1, i);
        DoubleVector acc20 = DoubleVector.fromArray(S, g2, i);
        DoubleVector acc30 = DoubleVector.fromArray(S, g3, i);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
            DoubleVector u1 = DoubleVector.fromArray(S, x1, bb);
            acc10 = u1.fma(w0, acc10);
            DoubleVector u2 = DoubleVector.fromArray(S, x2, bb);
            acc20 = u2.fma(w0, acc20);
            DoubleVector u3 = DoubleVector.fromArray(S, x3, bb);
            acc30 = u3.fma(w0, acc30);
        }
        acc00.intoArray(g0, i);
        acc10.intoArray(g1, i);
        acc20.intoArray(g2, i);
        acc30.intoArray(g3, i);
    }

    private static void g1x2(double[] g0,
            double[] x0, double[] y0, double[] y1, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        DoubleVector acc01 = DoubleVector.fromArray(S, g0, i + 4);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector w1 = DoubleVector.fromArray(S, y1, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
            acc01 = u0.fma(w1, acc01);
        }
        acc00.intoArray(g0, i);
        acc01.intoArray(g0, i + 4);
    }

    private static void g1x1(double[] g0,
            double[] x0, double[] y0, int i, int len) {
        DoubleVector acc00 = DoubleVector.fromArray(S, g0, i);
        for (int bb = 0; bb < len; bb += LANES) {
            DoubleVector w0 = DoubleVector.fromArray(S, y0, bb);
            DoubleVector u0 = DoubleVector.fromArray(S, x0, bb);
            acc00 = u0.fma(w0, acc00);
        }
        acc00.intoArray(g0, i);
    }

    // tanh z = sign(z)·m/(m + 2), m = expm1(2|z|) (proofs-notes/vector-tanh.md)
    /** |z| is clamped here: tanh 22 rounds to 1 (proofs-notes/fast-kernels.md) and 2^k stays below 2^64. */
    private static final double A_MAX = 22;
    /** 2·log2(e), so that k = round(2|z|/ln 2). */
    private static final double TWO_LOG2E = 2 * 1.4426950408889634;
    /** ln 2 / 2 = LN2_HI + LN2_LO + O(2^-108); LN2_HI is ln2/2 rounded to binary64 (exactly half of ln 2 rounded). */
    private static final double LN2_HI = 0x1.62e42fefa39efp-2;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-57;
    /** 1.5·2^52: adding it rounds a double of magnitude &lt; 2^51 to an integer held in the low mantissa bits. */
    private static final double MAGIC = 0x1.8p52;
    private static final long EXP_BIAS_MINUS_MAGIC = 1023 - Double.doubleToRawLongBits(MAGIC);
    private static final long SIGN = 0x8000000000000000L;
    /**
     * C[n] = 2^(n+2)/(n+2)!, n = 0..11: e^(2ρ) − 1 − 2ρ = ρ² Σ_n C[n] ρ^n (Taylor, remainder
     * below 0.01 u, see the note). Each is 1/(n+2)! correctly rounded, times a power of 2 (exact).
     */
    private static final double[] C = new double[12];

    static {
        long f = 1;
        for (int n = 2; n <= 13; n++) {
            f *= n; // n! <= 13! < 2^53: exact in long and in binary64
            C[n - 2] = Math.scalb(1.0 / f, n);
        }
    }

    /**
     * z[j] ← tanh z[j] and (d non-null) d[j] ← 1 − tanh² z[j] (one rounding), j &lt; len, len a
     * multiple of 4. Error and special values: see the class comment. The whole computation
     * sits in the loop body: C2 (JDK 17) keeps vectors in registers only within one compiled
     * method, so a helper returning a vector that is not inlined would box every result.
     *
     * <p>Method, with a = min(|z|, 22): k = round(2a/ln 2), ρ = a − k·ln2/2 (|ρ| ≤ ln2/4 + tiny;
     * the first FMA is exact), p = e^(2ρ) − 1 = 2ρ + ρ²·T(ρ) with T the Taylor polynomial of
     * degree 11 (Estrin's scheme: short dependency chains), m = 2^k·p + (2^k − 1) = e^(2a) − 1
     * (2^k from the exponent bits; 2^k − 1 exact for k ≤ 53), tanh a = m/(m + 2).
     */
    static void tanh(double[] z, double[] d, int len) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector two = DoubleVector.broadcast(S, 2.0);
        DoubleVector aMax = DoubleVector.broadcast(S, A_MAX);
        DoubleVector twoLog2e = DoubleVector.broadcast(S, TWO_LOG2E);
        DoubleVector magic = DoubleVector.broadcast(S, MAGIC);
        DoubleVector mLn2Hi = DoubleVector.broadcast(S, -LN2_HI);
        DoubleVector mLn2Lo = DoubleVector.broadcast(S, -LN2_LO);
        DoubleVector c0 = DoubleVector.broadcast(S, C[0]);
        DoubleVector c1 = DoubleVector.broadcast(S, C[1]);
        DoubleVector c2 = DoubleVector.broadcast(S, C[2]);
        DoubleVector c3 = DoubleVector.broadcast(S, C[3]);
        DoubleVector c4 = DoubleVector.broadcast(S, C[4]);
        DoubleVector c5 = DoubleVector.broadcast(S, C[5]);
        DoubleVector c6 = DoubleVector.broadcast(S, C[6]);
        DoubleVector c7 = DoubleVector.broadcast(S, C[7]);
        DoubleVector c8 = DoubleVector.broadcast(S, C[8]);
        DoubleVector c9 = DoubleVector.broadcast(S, C[9]);
        DoubleVector c10 = DoubleVector.broadcast(S, C[10]);
        DoubleVector c11 = DoubleVector.broadcast(S, C[11]);
        for (int j = 0; j < len; j += LANES) {
            DoubleVector zv = DoubleVector.fromArray(S, z, j);
            DoubleVector a = zv.abs();
            a = a.blend(aMax, a.compare(VectorOperators.GT, aMax)); // NaN stays NaN (compare is false)
            DoubleVector kt = a.fma(twoLog2e, magic);     // MAGIC + k, k = round(2a/ln 2) in the low bits
            DoubleVector kd = kt.sub(magic);
            DoubleVector r = kd.fma(mLn2Hi, a);           // exact (note)
            r = kd.fma(mLn2Lo, r);
            DoubleVector r2 = r.mul(r);
            DoubleVector r4 = r2.mul(r2);
            DoubleVector r8 = r4.mul(r4);
            DoubleVector t01 = c1.fma(r, c0);
            DoubleVector t23 = c3.fma(r, c2);
            DoubleVector t45 = c5.fma(r, c4);
            DoubleVector t67 = c7.fma(r, c6);
            DoubleVector t89 = c9.fma(r, c8);
            DoubleVector t1011 = c11.fma(r, c10);
            DoubleVector u0 = t23.fma(r2, t01);
            DoubleVector u1 = t67.fma(r2, t45);
            DoubleVector u2 = t1011.fma(r2, t89);
            DoubleVector tt = u2.fma(r8, u1.fma(r4, u0));
            DoubleVector p = r2.fma(tt, r.add(r));         // e^(2ρ) − 1
            DoubleVector scale = kt.reinterpretAsLongs().add(EXP_BIAS_MINUS_MAGIC).lanewise(VectorOperators.LSHL, 52)
                    .reinterpretAsDoubles();                 // 2^k, 0 <= k <= 64
            DoubleVector m = scale.fma(p, scale.sub(one));  // e^(2a) − 1
            DoubleVector t = m.div(m.add(two));
            // tanh is odd: put z's sign on tanh|z| (t >= 0 or NaN)
            t = t.reinterpretAsLongs().or(zv.reinterpretAsLongs().and(SIGN)).reinterpretAsDoubles();
            t.intoArray(z, j);
            if (d != null) {
                t.neg().fma(t, one).intoArray(d, j);
            }
        }
    }
}
