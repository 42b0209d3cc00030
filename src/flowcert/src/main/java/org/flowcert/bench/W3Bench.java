package org.flowcert.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flowcert.fast.ShallowKernel;
import org.flowcert.flow.DormandPrince853Integrator;
import org.flowcert.flow.GradientFlowSystem;
import org.flowcert.flow.OdeResult;
import org.flowcert.flow.OdeState;
import org.flowcert.flow.TrajectoryRecorder;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;

/**
 * Workload W3 of ../shared/peers/WORKLOADS.md: the 1-4-1 tanh net on x_i = i/64, y = x²,
 * θ(0) = theta_k (P = 13), DOP853 with rtol 1e-10, atol 1e-12 from 0 to 10^4, L and ‖θ‖ at
 * t = 0, 1, 10, 100, 1000, 10^4 (dense output, as scipy's t_eval). Wall time: the first
 * (cold JVM) run, as scipy's single run, and the median of 3 warm runs.
 */
public final class W3Bench {
    /** scipy 1.10 DOP853 (RESULTS.md): t, L, ‖θ‖. */
    static final double[][] SCIPY = {
        {0.0, 0.8153830929421177, 1.0331798973041815},
        {1.0, 0.04456694018678262, 1.0514092078023225},
        {10.0, 0.008852958568042569, 1.4745073258409338},
        {100.0, 0.005461419219116434, 1.6626799554706133},
        {1000.0, 3.1225147409493e-05, 3.0759401070885084},
        {10000.0, 1.2608149028355442e-05, 3.098336500372714},
    };
    static final long SCIPY_NFEV = 134381;
    static final double[] TIMES = {1, 10, 100, 1000, 10000};
    public static final double T_END = 1e4;

    private W3Bench() {
    }

    /** The W3 loss: 1-4-1 tanh, x_i = i/64, y_i = x_i², mean over 64 points. */
    public static ShallowKernel kernel() {
        double[] x = new double[64];
        double[] y = new double[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i / 64.0;
            y[i] = x[i] * x[i];
        }
        return ShallowKernel.of(new Network(new int[] {1, 4, 1}, new Activation.Tanh()), x, y, 1.0 / 64);
    }

    /** One W3 run; rows at t = 0 and the output times. */
    public static Run run(ShallowKernel k) {
        GradientFlowSystem sys = new GradientFlowSystem(k);
        TrajectoryRecorder rec = new TrajectoryRecorder(TIMES, false, 2, sys::loss);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        OdeResult r = new DormandPrince853Integrator(1e-10, 1e-12).addStepHandler(rec)
                .integrate(sys, OdeState.of(0, W2Bench.theta(13)), T_END);
        double wall = (System.nanoTime() - t0) * 1e-9;
        double cpu = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
        return new Run(r, rec.rows(), wall, cpu);
    }

    /** A finished run: wall-clock and thread CPU seconds. */
    public record Run(OdeResult result, List<TrajectoryRecorder.Row> rows, double wall, double cpu) {
    }

    /** Smallest number of significant digits to which two values agree: −log10(|a − b|/|b|). */
    static double digits(double a, double b) {
        double rel = Math.abs(a - b) / Math.abs(b);
        return rel == 0 ? 17 : -Math.log10(rel);
    }

    /** Runs the workload, prints results (JSON lines with {@code json}); returns the exit code. */
    public static int run(boolean json, PrintStream out, PrintStream err) {
        Run cold;
        List<Double> warm = new ArrayList<>();
        List<Double> warmCpu = new ArrayList<>();
        ShallowKernel k = kernel();
        cold = run(k);
        for (int i = 0; i < 3; i++) {
            Run w = run(k);
            warm.add(w.wall());
            warmCpu.add(w.cpu());
        }
        warm.sort(null);
        warmCpu.sort(null);
        double warmWall = warm.get(1);
        double warmCpuS = warmCpu.get(1);
        List<TrajectoryRecorder.Row> rows = cold.rows();
        double minDigits = 17;
        StringBuilder traj = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            TrajectoryRecorder.Row r = rows.get(i);
            double norm = r.state().norm();
            minDigits = Math.min(minDigits, Math.min(digits(r.loss(), SCIPY[i][1]), digits(norm, SCIPY[i][2])));
            traj.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"t\": %s, \"loss\": %s, \"theta_norm\": %s, \"loss_scipy\": %s, \"theta_norm_scipy\": %s}",
                    r.state().time(), r.loss(), norm, SCIPY[i][1], SCIPY[i][2]));
        }
        OdeResult res = cold.result();
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"workload\": \"W3\", \"peer\": \"flowcert-java-DOP853\", \"java\":"
                    + " \"%s\", \"H\": 4, \"rtol\": 1e-10, \"atol\": 1e-12, \"nfev\": %d, \"nfev_scipy\": %d,"
                    + " \"steps\": %d, \"rejected_steps\": %d, \"wall_s\": %s, \"cpu_s\": %s, \"wall_s_warm\": %s,"
                    + " \"cpu_s_warm\": %s,"
                    + " \"us_per_rhs_eval\": %s, \"min_digits_vs_scipy\": %.2f, \"trajectory\": [%s]}",
                    System.getProperty("java.version"), res.evaluations(), SCIPY_NFEV, res.acceptedSteps(),
                    res.rejectedSteps(), cold.wall(), cold.cpu(), warmWall, warmCpuS, warmWall / res.evaluations() * 1e6,
                    minDigits, traj));
        } else {
            out.printf(Locale.ROOT, "W3 1-4-1 tanh, DOP853 rtol=1e-10 atol=1e-12 to t=1e4%n");
            out.printf(Locale.ROOT, "  wall %.3f s (cold), %.3f s (warm); cpu %.3f s (cold), %.3f s (warm)%n",
                    cold.wall(), warmWall, cold.cpu(), warmCpuS);
            out.printf(Locale.ROOT, "  nfev %d (scipy %d); %d steps, %d rejected%n", res.evaluations(), SCIPY_NFEV,
                    res.acceptedSteps(), res.rejectedSteps());
            for (int i = 0; i < rows.size(); i++) {
                TrajectoryRecorder.Row r = rows.get(i);
                out.printf(Locale.ROOT, "  t=%-7s L=%-24s (scipy %-24s) |theta|=%-20s (scipy %s)%n", r.state().time(),
                        r.loss(), SCIPY[i][1], r.state().norm(), SCIPY[i][2]);
            }
            out.printf(Locale.ROOT, "  agreement with scipy: %.1f significant digits (at least)%n", minDigits);
        }
        return minDigits >= 8 ? 0 : 1;
    }
}
