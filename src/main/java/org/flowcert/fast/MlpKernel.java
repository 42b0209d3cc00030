package org.flowcert.fast;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Loss and gradient of a data risk for a deep MLP in binary64, batched over the data set.
 *
 * <p>Layout: θ in PyTorch's order ({@link Network#weightOffset}, {@link Network#biasOffset}).
 * The data set is split into two fixed shards (first half, second half); each shard runs the
 * forward and backward passes over blocks of {@value #BLOCK} samples with the three matrix
 * products in {@link DenseKernels} form, and accumulates its own loss and gradient. The two
 * shards are then added in a fixed order, so the result is the same bit for bit with one or
 * two threads. The inner loops allocate nothing; all work arrays belong to the kernel.
 *
 * <p>Accuracy: each product is an FMA-rounded sum (per output element: ≤ (k/4 + k)·u relative
 * to Σ|terms| in the worst case, typically far less), activations as in {@link FastActivations}.
 * It differs from the generic double path ({@code eval.LossGradient} over DoubleNum) only by
 * summation order and FMA contraction; MlpKernelTest bounds the difference.
 *
 * <p>Not thread-safe: one caller at a time. {@link #close()} stops the worker thread.
 */
public final class MlpKernel implements GradientFunction, AutoCloseable {
    /** Samples per block: 64 samples × 64 units × 8 bytes = 32 KiB per work matrix. */
    public static final int BLOCK = 64;

    private final int[] w;
    private final int layers;
    private final int p;
    private final int[] wOff;
    private final int[] bOff;
    private final double[][] x;
    private final double[][] y;
    private final double weight;
    private final ActivationKernel act;
    private final double[][][] wRows;
    private final double[][][] wCols;
    private final double[][] bias;
    private final Shard[] shards;
    private final ExecutorService pool;
    private final int threads;

    private MlpKernel(Network net, double[][] x, double[][] y, double weight, ActivationKernel act, int threads) {
        this.w = net.widths();
        this.layers = net.layers();
        this.p = net.parameterCount();
        this.x = x;
        this.y = y;
        this.weight = weight;
        this.act = act;
        wOff = new int[layers];
        bOff = new int[layers];
        wRows = new double[layers][][];
        wCols = new double[layers][][];
        bias = new double[layers][];
        for (int l = 0; l < layers; l++) {
            wOff[l] = net.weightOffset(l);
            bOff[l] = net.biasOffset(l);
            wRows[l] = new double[w[l + 1]][w[l]];
            wCols[l] = new double[w[l]][w[l + 1]];
            bias[l] = new double[w[l + 1]];
        }
        int n = x.length;
        int half = (n + 1) / 2;
        shards = n >= 2 ? new Shard[] {new Shard(0, half), new Shard(half, n)} : new Shard[] {new Shard(0, n)};
        this.threads = Math.max(1, Math.min(threads, shards.length));
        pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "flowcert-mlp-kernel");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** The fast kernel (fast activations) for a problem with a data risk. */
    public static MlpKernel of(Problem problem, int threads) {
        return build(problem, ActivationKernel.fast(problem.network().activation()), threads);
    }

    /** The same kernel with the generic path's activations (for tests). */
    public static MlpKernel withReferenceActivations(Problem problem, int threads) {
        return build(problem, ActivationKernel.reference(problem.network().activation()), threads);
    }

    /** Whether the kernel can evaluate this problem (a data risk). */
    public static boolean supports(Problem problem) {
        return problem.risk() instanceof Risk.Data;
    }

    /**
     * Threads worth using: 2 when a gradient is big enough (about 10^6 flops) to pay for the
     * hand-off between threads, else 1.
     */
    public static int suggestedThreads(Problem problem) {
        if (!(problem.risk() instanceof Risk.Data) || Runtime.getRuntime().availableProcessors() < 2) {
            return 1;
        }
        int[] w = problem.network().widths();
        long macs = 0;
        for (int l = 0; l + 1 < w.length; l++) {
            macs += (long) w[l] * w[l + 1];
        }
        long flops = 6 * macs * ((Risk.Data) problem.risk()).size();
        return flops >= 1_000_000 ? 2 : 1;
    }

    private static MlpKernel build(Problem problem, ActivationKernel act, int threads) {
        if (!(problem.risk() instanceof Risk.Data)) {
            throw new IllegalArgumentException("the batched kernel needs a data risk");
        }
        Risk.Data d = (Risk.Data) problem.risk();
        double[][] x = new double[d.size()][];
        double[][] y = new double[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            x[i] = Arrays.stream(d.x()[i]).mapToDouble(q -> q.doubleValue()).toArray();
            y[i] = Arrays.stream(d.y()[i]).mapToDouble(q -> q.doubleValue()).toArray();
        }
        return new MlpKernel(problem.network(), x, y, d.weight().doubleValue(), act, threads);
    }

    /** The same kernel on raw data (inputs x[i], outputs y[i]), L = weight Σ ‖N(x_i) − y_i‖². */
    public static MlpKernel of(Network net, double[][] x, double[][] y, double weight, int threads) {
        return new MlpKernel(net, x, y, weight, ActivationKernel.fast(net.activation()), threads);
    }

    @Override
    public int dimension() {
        return p;
    }

    public int threads() {
        return threads;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        unpack(theta);
        run(true);
        Arrays.fill(gradient, 0, p, 0.0);
        double s = 0;
        for (Shard sh : shards) {
            s += sh.sumSquares;
            for (int l = 0; l < layers; l++) {
                int in = w[l];
                for (int o = 0; o < w[l + 1]; o++) {
                    double[] row = sh.gW[l][o];
                    int base = wOff[l] + o * in;
                    for (int i = 0; i < in; i++) {
                        gradient[base + i] += row[i];
                    }
                    gradient[bOff[l] + o] += sh.gb[l][o];
                }
            }
        }
        return weight * s;
    }

    @Override
    public double loss(double[] theta) {
        unpack(theta);
        run(false);
        double s = 0;
        for (Shard sh : shards) {
            s += sh.sumSquares;
        }
        return weight * s;
    }

    private void unpack(double[] theta) {
        if (theta.length != p) {
            throw new IllegalArgumentException("theta has length " + theta.length + ", P = " + p);
        }
        for (int l = 0; l < layers; l++) {
            int in = w[l];
            int out = w[l + 1];
            for (int o = 0; o < out; o++) {
                int base = wOff[l] + o * in;
                double[] row = wRows[l][o];
                System.arraycopy(theta, base, row, 0, in);
                for (int i = 0; i < in; i++) {
                    wCols[l][i][o] = row[i];
                }
            }
            System.arraycopy(theta, bOff[l], bias[l], 0, out);
        }
    }

    private void run(boolean withGradient) {
        if (pool == null) {
            for (Shard sh : shards) {
                sh.compute(withGradient);
            }
            return;
        }
        Future<?>[] futures = new Future<?>[shards.length - 1];
        for (int s = 1; s < shards.length; s++) {
            Shard sh = shards[s];
            futures[s - 1] = pool.submit(withGradient ? sh.withGradient : sh.lossOnly);
        }
        shards[0].compute(withGradient);
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A contiguous range of samples with its own work arrays and accumulators. */
    private final class Shard {
        final int from;
        final int to;
        final double[][][] a;      // a[l][b][unit]: layer l's output (l >= 1); pre-activation, then σ
        final double[][][] d;      // σ' at hidden layers
        final double[][][] delta;  // dL/dz at layers 1..L
        final double[][] xBlock = new double[BLOCK][];
        final double[][][] gW;
        final double[][] gb;
        double sumSquares;
        final Runnable withGradient = () -> compute(true);
        final Runnable lossOnly = () -> compute(false);

        Shard(int from, int to) {
            this.from = from;
            this.to = to;
            a = new double[layers + 1][][];
            d = new double[layers + 1][][];
            delta = new double[layers + 1][][];
            for (int l = 1; l <= layers; l++) {
                a[l] = new double[BLOCK][w[l]];
                d[l] = new double[BLOCK][w[l]];
                delta[l] = new double[BLOCK][w[l]];
            }
            gW = new double[layers][][];
            gb = new double[layers][];
            for (int l = 0; l < layers; l++) {
                gW[l] = new double[w[l + 1]][w[l]];
                gb[l] = new double[w[l + 1]];
            }
        }

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
            double twoWeight = 2 * weight;
            for (int start = from; start < to; start += BLOCK) {
                int nb = Math.min(BLOCK, to - start);
                for (int b = 0; b < nb; b++) {
                    xBlock[b] = x[start + b];
                }
                a[0] = xBlock;
                // forward: z = b + W a, then σ on hidden layers
                for (int l = 0; l < layers; l++) {
                    int out = w[l + 1];
                    double[][] z = a[l + 1];
                    for (int b = 0; b < nb; b++) {
                        System.arraycopy(bias[l], 0, z[b], 0, out);
                    }
                    DenseKernels.accumulate(z, nb, a[l], false, wCols[l], w[l], out);
                    if (l + 1 < layers) {
                        for (int b = 0; b < nb; b++) {
                            act.apply(z[b], withGradient ? d[l + 1][b] : null, out);
                        }
                    }
                }
                // residuals, loss, dL/dz at the output
                int outW = w[layers];
                double[][] zL = a[layers];
                double[][] dL = delta[layers];
                for (int b = 0; b < nb; b++) {
                    double[] yb = y[start + b];
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
                        DenseKernels.accumulate(dPrev, nb, dl, false, wRows[l], out, in);
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
}
