package org.flowcert.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.flowcert.fast.MlpKernel;
import org.flowcert.flow.GradientFlowSystem;
import org.flowcert.flow.OdeResult;
import org.flowcert.flow.OdeState;
import org.flowcert.flow.RungeKutta4Integrator;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;

/**
 * Workload W2 of ../shared/peers/WORKLOADS.md: the 8-64-64-1 tanh MLP on 1024 Kronecker
 * points, RK4 with h = 0.01 for 200 steps, timed with 1 and 2 threads (median of 3 runs after
 * a warm-up run, as the peers). Inputs from the workload's formulas, bit for bit.
 */
public final class W2Bench {
    /** numpy's and PyTorch's final loss (RESULTS.md). */
    public static final double PEER_LOSS_FINAL = 0.019383124427106616;
    public static final int[] WIDTHS = {8, 64, 64, 1};
    public static final int N = 1024;
    public static final double H = 0.01;
    public static final int STEPS = 200;
    private static final int REPEATS = 3;
    /** Multiply-adds per gradient: 2 passes over 8·64 + 64·64 + 64 weights forward/backward, plus dZ1. */
    private static final double FLOPS_PER_GRADIENT = 2.0 * N * (3.0 * (8 * 64 + 64 * 64 + 64) - 8 * 64);

    private W2Bench() {
    }

    /** theta_k = frac((k+1) G) − 1/2, G = (√5 − 1)/2, k = 0..P−1 (WORKLOADS.md "Parameters"). */
    public static double[] theta(int p) {
        double g = (Math.sqrt(5) - 1) / 2;
        double[] t = new double[p];
        for (int k = 0; k < p; k++) {
            double v = (k + 1) * g;
            t[k] = (v - Math.floor(v)) - 0.5;
        }
        return t;
    }

    /** x_{i,d} = 2 frac((i+1) α_d) − 1 with α_d = frac(√p_d) (WORKLOADS.md "Data"). */
    public static double[][] inputs(int n) {
        int[] primes = {2, 3, 5, 7, 11, 13, 17, 19};
        double[] alpha = new double[8];
        for (int d = 0; d < 8; d++) {
            double s = Math.sqrt(primes[d]);
            alpha[d] = s - Math.floor(s);
        }
        double[][] x = new double[n][8];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < 8; d++) {
                double v = (i + 1) * alpha[d];
                x[i][d] = 2 * (v - Math.floor(v)) - 1;
            }
        }
        return x;
    }

    /** y_i = (Σ_d x_{i,d}²)/8, summed left to right from 0.0. */
    public static double[][] outputs(double[][] x) {
        double[][] y = new double[x.length][1];
        for (int i = 0; i < x.length; i++) {
            double s = 0.0;
            for (double v : x[i]) {
                s += v * v;
            }
            y[i][0] = s / 8;
        }
        return y;
    }

    /** The W2 kernel with the given thread count. */
    public static MlpKernel kernel(int threads) {
        double[][] x = inputs(N);
        return MlpKernel.of(new Network(WIDTHS, new Activation.Tanh()), x, outputs(x), 1.0 / N, threads);
    }

    /** One W2 run: final state after 200 RK4 steps. */
    public static OdeResult flow(MlpKernel kernel) {
        GradientFlowSystem sys = new GradientFlowSystem(kernel);
        return new RungeKutta4Integrator(H).integrate(sys, OdeState.of(0, theta(kernel.dimension())), STEPS * H);
    }

    /**
     * Median seconds per RK4 step over {@code REPEATS} runs after one warm-up run: wall clock
     * [0] and the calling thread's CPU time [1] (meaningful for 1 thread; it shows how much of
     * the wall time a loaded machine took away).
     */
    static double[] secondsPerStep(MlpKernel kernel) {
        flow(kernel);
        double[] times = new double[REPEATS];
        double[] cpu = new double[REPEATS];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < REPEATS; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            flow(kernel);
            times[r] = (System.nanoTime() - t0) * 1e-9 / STEPS;
            cpu[r] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9 / STEPS;
        }
        Arrays.sort(times);
        Arrays.sort(cpu);
        return new double[] {times[REPEATS / 2], cpu[REPEATS / 2]};
    }

    /** Runs the workload, prints results (JSON lines with {@code json}); returns the exit code. */
    public static int run(boolean json, PrintStream out, PrintStream err) {
        double s1;
        double s2;
        double cpu1;
        double lossInitial;
        double lossFinal;
        double normFinal;
        int threads2;
        String engine;
        try (MlpKernel k1 = kernel(1); MlpKernel k2 = kernel(2)) {
            threads2 = k2.threads();
            engine = k1.engine().name().toLowerCase(Locale.ROOT);
            lossInitial = k1.loss(theta(k1.dimension()));
            OdeResult r = flow(k1);
            double[] th = r.last().state();
            lossFinal = k1.loss(th);
            normFinal = r.last().norm();
            OdeResult r2 = flow(k2);
            if (!Arrays.equals(r2.last().state(), th)) {
                err.println("flowcert bench W2: 1- and 2-thread runs differ (internal error)");
                return 3;
            }
            double[] m1 = secondsPerStep(k1);
            s1 = m1[0];
            cpu1 = m1[1];
            s2 = secondsPerStep(k2)[0];
        }
        double rel = Math.abs(lossFinal - PEER_LOSS_FINAL) / PEER_LOSS_FINAL;
        double gflops1 = 4 * FLOPS_PER_GRADIENT / s1 * 1e-9;
        double gflops2 = 4 * FLOPS_PER_GRADIENT / s2 * 1e-9;
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"workload\": \"W2\", \"peer\": \"flowcert-java\", \"java\": \"%s\", \"engine\": \"%s\","
                    + " \"threads\": %d, \"P\": 4801, \"N\": %d, \"h\": %s, \"steps\": %d, \"repeats\": %d,"
                    + " \"s_per_rk4_step\": %s, \"s_per_rk4_step_1thread\": %s, \"cpu_s_per_rk4_step_1thread\": %s,"
                    + " \"loss_initial\": %s,"
                    + " \"loss_final\": %s, \"theta_norm_final\": %s, \"loss_final_rel_diff_numpy\": %s,"
                    + " \"mflop_per_gradient\": %.2f, \"gflops_1thread\": %.2f, \"gflops\": %.2f}",
                    System.getProperty("java.version"), engine, threads2, N, H, STEPS, REPEATS, s2, s1, cpu1, lossInitial,
                    lossFinal, normFinal, rel, FLOPS_PER_GRADIENT * 1e-6, gflops1, gflops2));
        } else {
            out.printf(Locale.ROOT, "W2 8-64-64-1 tanh, N=%d, RK4 h=%s x %d steps, %s engine (Java %s)%n", N, H, STEPS,
                    engine, System.getProperty("java.version"));
            out.printf(Locale.ROOT, "  s per RK4 step: %.6f (1 thread), %.6f (%d threads); 1-thread CPU %.6f%n", s1, s2,
                    threads2, cpu1);
            out.printf(Locale.ROOT, "  GFLOP/s: %.2f (1 thread), %.2f (%d threads); %.1f MFLOP per gradient%n",
                    gflops1, gflops2, threads2, FLOPS_PER_GRADIENT * 1e-6);
            out.printf(Locale.ROOT, "  loss initial %s, final %s (numpy %s, rel diff %.2e), |theta| %s%n", lossInitial,
                    lossFinal, PEER_LOSS_FINAL, rel, normFinal);
        }
        return rel <= 1e-10 ? 0 : 1;
    }
}
