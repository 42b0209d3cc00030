package org.flowcert.fast;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;
import org.flowcert.model.Problem;
import org.flowcert.model.Risk;

/**
 * Loss and gradient of a data risk for a deep MLP in binary64, batched over the data set.
 *
 * <p>Layout: θ in PyTorch's order ({@link Network#weightOffset}, {@link Network#biasOffset}).
 * The data set is split into two fixed shards (first half, second half); each shard runs the
 * forward and backward passes over blocks of samples ({@value #BLOCK} in the scalar engine,
 * {@value VectorShard#BLOCK} in the vector one) and accumulates its own
 * loss and gradient. The two shards are then added in a fixed order, so the result is the same
 * bit for bit with one or two threads. The inner loops allocate nothing; all work arrays
 * belong to the kernel.
 *
 * <p>Two engines compute a shard. The <b>vector</b> engine ({@link VectorShard}: register-blocked
 * products and a vectorised tanh with {@code jdk.incubator.vector}) is used when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (the {@code flowcert} launcher and
 * the tests do), the CPU has 256-bit vectors, the gradient is big enough to repay the JIT
 * warm-up of vector code ({@link #VECTOR_MIN_FLOPS}), and the system property
 * {@code flowcert.vector} is not {@code false}. Otherwise the <b>scalar</b> engine
 * ({@link DenseKernels}, {@link ActivationKernel}) runs; it needs nothing beyond Java 17.
 * The vector class is loaded only when selected, so a plain {@code java -jar} works.
 * The engines differ in summation grouping and tanh (≤ 3 ulps scalar, ≤ 7.2 ulps proved and
 * 2.5 measured for the vector one, proofs-notes/vector-tanh.md); each is deterministic and
 * independent of the thread count.
 *
 * <p>Accuracy: each product is an FMA-rounded sum in a fixed order (per output element:
 * ≤ (k/4 + k)·u relative to Σ|terms| in the worst case, typically far less),
 * activations as in {@link FastActivations} / {@link VectorShard#tanh}. It differs from the
 * generic double path ({@code eval.LossGradient} over DoubleNum) only by summation order,
 * FMA contraction and the activations; MlpKernelTest bounds the difference for both engines.
 *
 * <p>Not thread-safe: one caller at a time. {@link #close()} stops the worker thread.
 */
public final class MlpKernel implements GradientFunction, AutoCloseable {
    /** Samples per block of the scalar engine: 64 samples × 64 units × 8 bytes = 32 KiB per work matrix. */
    public static final int BLOCK = 64;
    /** Below this many flops per gradient the scalar engine is used (vector code pays a JIT warm-up). */
    public static final long VECTOR_MIN_FLOPS = 1_000_000;

    /** Which engine computes the shards. */
    public enum Engine {
        /** Plain Java loops (C2's auto-vectorisation only). */
        SCALAR,
        /** jdk.incubator.vector kernels ({@link VectorShard}). */
        VECTOR;

        /** VECTOR if {@link #vectorAvailable()}, else SCALAR. */
        public static Engine best() {
            return vectorAvailable() ? VECTOR : SCALAR;
        }
    }

    final int[] w;
    final int layers;
    private final int p;
    private final int[] wOff;
    private final int[] bOff;
    final double[][] x;
    final double[][] y;
    final double weight;
    final ActivationKernel act;
    /** Whether the activation is the fast tanh (the vector engine then uses its own). */
    final boolean fastTanh;
    /** wRows[l][o][i] = W_l[o][i]. */
    final double[][][] wRows;
    /** wCols[l][i][o] = W_l[o][i]. */
    final double[][][] wCols;
    /** bias[l][o]. */
    final double[][] bias;
    private final Engine engine;
    private final Shard[] shards;
    private final ExecutorService pool;
    private final int threads;

    private MlpKernel(Network net, double[][] x, double[][] y, double weight, ActivationKernel act, boolean fastTanh,
            int threads, Engine engine) {
        if (engine == Engine.VECTOR && !vectorAvailable()) {
            throw new IllegalStateException("the vector engine needs --add-modules jdk.incubator.vector and AVX2");
        }
        this.engine = engine;
        this.w = net.widths();
        this.layers = net.layers();
        this.p = net.parameterCount();
        this.x = x;
        this.y = y;
        this.weight = weight;
        this.act = act;
        this.fastTanh = fastTanh;
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
        shards = n >= 2 ? new Shard[] {newShard(0, half), newShard(half, n)} : new Shard[] {newShard(0, n)};
        this.threads = Math.max(1, Math.min(threads, shards.length));
        pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "flowcert-mlp-kernel");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    private Shard newShard(int from, int to) {
        if (engine == Engine.SCALAR) {
            return new ScalarShard(this, from, to);
        }
        try {
            return (Shard) vectorShardConstructor().newInstance(this, from, to);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot start the vector engine", e);
        }
    }

    private static volatile Boolean vectorAvailable;

    /**
     * Whether the vector engine can run here: module jdk.incubator.vector in the boot layer,
     * 256-bit vectors (AVX2) and {@code -Dflowcert.vector} not {@code false}.
     */
    public static boolean vectorAvailable() {
        Boolean v = vectorAvailable;
        if (v == null) {
            boolean ok = !"false".equalsIgnoreCase(System.getProperty("flowcert.vector"))
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
            if (ok) {
                try {
                    // loads VectorShard (and the incubator classes) only now that the module is there
                    ok = (Boolean) Class.forName("org.flowcert.fast.VectorShard").getDeclaredMethod("usable")
                            .invoke(null);
                } catch (ReflectiveOperationException | LinkageError e) {
                    ok = false;
                }
            }
            v = ok;
            vectorAvailable = v;
        }
        return v;
    }

    private static Constructor<?> vectorShardConstructor() {
        try {
            return Class.forName("org.flowcert.fast.VectorShard").getDeclaredConstructor(MlpKernel.class, int.class,
                    int.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the vector engine", e);
        }
    }

    /** The fast kernel (fast activations) for a problem with a data risk, best engine for its size. */
    public static MlpKernel of(Problem problem, int threads) {
        return of(problem, threads, defaultEngine(problem.network(), dataSize(problem)));
    }

    /** The fast kernel with a given engine. */
    public static MlpKernel of(Problem problem, int threads, Engine engine) {
        Activation a = problem.network().activation();
        return build(problem, ActivationKernel.fast(a), a instanceof Activation.Tanh, threads, engine);
    }

    /** The same kernel with the generic path's activations (for tests). */
    public static MlpKernel withReferenceActivations(Problem problem, int threads) {
        return withReferenceActivations(problem, threads, Engine.SCALAR);
    }

    /** The same kernel with the generic path's activations and a given engine (for tests). */
    public static MlpKernel withReferenceActivations(Problem problem, int threads, Engine engine) {
        return build(problem, ActivationKernel.reference(problem.network().activation()), false, threads, engine);
    }

    /** Whether the kernel can evaluate this problem (a data risk). */
    public static boolean supports(Problem problem) {
        return problem.risk() instanceof Risk.Data;
    }

    private static int dataSize(Problem problem) {
        return problem.risk() instanceof Risk.Data ? ((Risk.Data) problem.risk()).size() : 0;
    }

    /** 2·(forward + backward + gradient) multiply-adds per sample, times the sample count. */
    static long flopsPerGradient(Network net, int n) {
        int[] w = net.widths();
        long macs = 0;
        for (int l = 0; l + 1 < w.length; l++) {
            macs += (long) w[l] * w[l + 1];
        }
        return 6 * macs * n;
    }

    /** VECTOR when available and the gradient has at least {@link #VECTOR_MIN_FLOPS} flops. */
    public static Engine defaultEngine(Network net, int n) {
        return flopsPerGradient(net, n) >= VECTOR_MIN_FLOPS ? Engine.best() : Engine.SCALAR;
    }

    /**
     * Threads worth using: 2 when a gradient is big enough (about 10^6 flops) to pay for the
     * hand-off between threads, else 1.
     */
    public static int suggestedThreads(Problem problem) {
        if (!(problem.risk() instanceof Risk.Data) || Runtime.getRuntime().availableProcessors() < 2) {
            return 1;
        }
        return flopsPerGradient(problem.network(), dataSize(problem)) >= 1_000_000 ? 2 : 1;
    }

    private static MlpKernel build(Problem problem, ActivationKernel act, boolean fastTanh, int threads,
            Engine engine) {
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
        return new MlpKernel(problem.network(), x, y, d.weight().doubleValue(), act, fastTanh, threads, engine);
    }

    /** The same kernel on raw data (inputs x[i], outputs y[i]), L = weight Σ ‖N(x_i) − y_i‖², best engine. */
    public static MlpKernel of(Network net, double[][] x, double[][] y, double weight, int threads) {
        return of(net, x, y, weight, threads, defaultEngine(net, x.length));
    }

    /** The same kernel on raw data with a given engine. */
    public static MlpKernel of(Network net, double[][] x, double[][] y, double weight, int threads, Engine engine) {
        Activation a = net.activation();
        return new MlpKernel(net, x, y, weight, ActivationKernel.fast(a), a instanceof Activation.Tanh, threads,
                engine);
    }

    @Override
    public int dimension() {
        return p;
    }

    public int threads() {
        return threads;
    }

    /** The engine this kernel runs. */
    public Engine engine() {
        return engine;
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

    /**
     * A contiguous range of samples [from, to) with its own work arrays and accumulators:
     * after {@link #compute}, {@code sumSquares} = Σ ‖N(x_i) − y_i‖² over the range and
     * (with the gradient) gW[l][o][i], gb[l][o] = the range's unweighted-then-weighted sums
     * (arrays may be longer than the layer widths; entries past them are ignored).
     */
    abstract static class Shard {
        final int from;
        final int to;
        double sumSquares;
        double[][][] gW;
        double[][] gb;
        final Runnable withGradient = () -> compute(true);
        final Runnable lossOnly = () -> compute(false);

        Shard(int from, int to) {
            this.from = from;
            this.to = to;
        }

        abstract void compute(boolean withGradient);
    }
}
