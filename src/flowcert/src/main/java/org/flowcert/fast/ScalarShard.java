package org.flowcert.fast;

import java.util.Arrays;

/**
 * The scalar engine of {@link MlpKernel}: plain Java 17, the products in {@link DenseKernels}'
 * axpy form (the one loop shape C2 auto-vectorises), activations through {@link ActivationKernel}.
 */
final class ScalarShard extends MlpKernel.Shard {
    private final MlpKernel k;
    private final int layers;
    private final int[] w;
    private final double[][][] a;      // a[l][b][unit]: layer l's output (l >= 1); pre-activation, then σ
    private final double[][][] d;      // σ' at hidden layers
    private final double[][][] delta;  // dL/dz at layers 1..L
    private final double[][] xBlock = new double[MlpKernel.BLOCK][];

    ScalarShard(MlpKernel k, int from, int to) {
        super(from, to);
        this.k = k;
        this.layers = k.layers;
        this.w = k.w;
        int blk = MlpKernel.BLOCK;
        a = new double[layers + 1][][];
        d = new double[layers + 1][][];
        delta = new double[layers + 1][][];
        for (int l = 1; l <= layers; l++) {
            a[l] = new double[blk][w[l]];
            d[l] = new double[blk][w[l]];
            delta[l] = new double[blk][w[l]];
        }
        gW = new double[layers][][];
        gb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gW[l] = new double[w[l + 1]][w[l]];
            gb[l] = new double[w[l + 1]];
        }
    }

    @Override
    void compute(boolean withGradient) {
        sumSquares = 0;
        if (withGradient) {
            for (int l = 0; l < layers; l++) {
                for (double[] row : gW[l]) {
                    Arrays.fill(row, 0.0);
                }
                Arrays.fill(gb[l], 0.0);
            }
        }
        double twoWeight = 2 * k.weight;
        for (int start = from; start < to; start += MlpKernel.BLOCK) {
            int nb = Math.min(MlpKernel.BLOCK, to - start);
            for (int b = 0; b < nb; b++) {
                xBlock[b] = k.x[start + b];
            }
            a[0] = xBlock;
            // forward: z = b + W a, then σ on hidden layers
            for (int l = 0; l < layers; l++) {
                int out = w[l + 1];
                double[][] z = a[l + 1];
                for (int b = 0; b < nb; b++) {
                    System.arraycopy(k.bias[l], 0, z[b], 0, out);
                }
                DenseKernels.accumulate(z, nb, a[l], false, k.wCols[l], w[l], out);
                if (l + 1 < layers) {
                    for (int b = 0; b < nb; b++) {
                        k.act.apply(z[b], withGradient ? d[l + 1][b] : null, out);
                    }
                }
            }
            // residuals, loss, dL/dz at the output
            int outW = w[layers];
            double[][] zL = a[layers];
            double[][] dL = delta[layers];
            for (int b = 0; b < nb; b++) {
                double[] yb = k.y[start + b];
                double[] zb = zL[b];
                double[] db = dL[b];
                for (int o = 0; o < outW; o++) {
                    double r = zb[o] - yb[o];
                    sumSquares += r * r;
                    db[o] = twoWeight * r;
                }
            }
            if (!withGradient) {
                continue;
            }
            // backward
            for (int l = layers - 1; l >= 0; l--) {
                int in = w[l];
                int out = w[l + 1];
                double[][] dl = delta[l + 1];
                DenseKernels.accumulate(gW[l], out, dl, true, a[l], nb, in);
                double[] g = gb[l];
                for (int b = 0; b < nb; b++) {
                    double[] db = dl[b];
                    for (int o = 0; o < out; o++) {
                        g[o] += db[o];
                    }
                }
                if (l > 0) {
                    double[][] dPrev = delta[l];
                    for (int b = 0; b < nb; b++) {
                        Arrays.fill(dPrev[b], 0, in, 0.0);
                    }
                    DenseKernels.accumulate(dPrev, nb, dl, false, k.wRows[l], out, in);
                    double[][] dd = d[l];
                    for (int b = 0; b < nb; b++) {
                        double[] pb = dPrev[b];
                        double[] sb = dd[b];
                        for (int i = 0; i < in; i++) {
                            pb[i] *= sb[i];
                        }
                    }
                }
            }
        }
    }
}
