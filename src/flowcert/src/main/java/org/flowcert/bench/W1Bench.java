package org.flowcert.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.flowcert.arith.Interval;
import org.flowcert.arith.Rounding;
import org.flowcert.eval.BoxForm;
import org.flowcert.eval.ShallowIntervalKernel;
import org.flowcert.model.Problem;

/**
 * Workload W1 of ../shared/peers/WORKLOADS.md: rigorous interval loss + gradient of the 1-H-1
 * net, act ∈ {tanh, relu}, H ∈ {4, 16, 64}, point and box (±1e-6) parameters, inputs from the
 * workload's formulas ({@link W1Inputs}).
 *
 * <p>Timing: per configuration, a warm-up of at least {@value #WARMUP_MS} ms, then
 * {@value #SAMPLES} timed batches of at least {@value #BATCH_MS} ms each; {@code us_per_eval} is
 * the median batch time per evaluation (as the C MPFI and C++ Boost peers do). Point mode
 * times one kernel evaluation; box mode times the whole box procedure (naive box evaluation +
 * centre evaluation + centred form), i.e. two kernel evaluations.
 *
 * <p>Metrics: the peers' names, plus for box mode {@code loss_width_naive},
 * {@code loss_width_centred} and {@code range_inner_width}: a rigorous lower bound on
 * max − min of L over the box (from two corners chosen by the gradient's sign), so that the
 * box-mode width can be compared with what is mathematically possible.
 */
public final class W1Bench {
    static final int WARMUP_MS = 1500;
    static final int BATCH_MS = 20;
    static final int SAMPLES = 15;

    private W1Bench() {
    }

    /** One configuration's figures. */
    public record Row(String act, int h, String mode, double usPerEval, int batch, Interval loss, double gradMaxWidth,
            double naiveWidth, double centredWidth, double innerWidth) {
    }

    /** Runs the workload, prints results (JSON lines with {@code json}); returns the exit code. */
    public static int run(boolean json, PrintStream out, PrintStream err) {
        if (!json) {
            out.println("act   H   mode   us/eval      loss_lo                 loss_hi                 width      grad_max_w");
        }
        for (String act : new String[] {"tanh", "relu"}) {
            for (int h : new int[] {4, 16, 64}) {
                for (String mode : new String[] {"point", "box"}) {
                    Row r;
                    try {
                        r = measure(act, h, mode, true);
                    } catch (UnsupportedOperationException e) {
                        // a rigorous elementary function not available in this build
                        out.println(json ? "{\"workload\": \"W1\", \"peer\": \"flowcert-java\", \"act\": \"" + act
                                + "\", \"H\": " + h + ", \"mode\": \"" + mode + "\", \"error\": \"" + e.getMessage() + "\"}"
                                : act + " " + h + " " + mode + ": not available (" + e.getMessage() + ")");
                        continue;
                    }
                    out.println(json ? json(r) : text(r));
                    out.flush();
                }
            }
        }
        return 0;
    }

    /** The box [RD(θ − δ), RU(θ + δ)] or the point θ of W1. */
    static double[][] parameters(int p, String mode) {
        double[] t = W1Inputs.theta(p);
        double[] lo = t.clone();
        double[] hi = t.clone();
        if (mode.equals("box")) {
            for (int k = 0; k < p; k++) {
                lo[k] = Rounding.subDown(t[k], W1Inputs.DELTA);
                hi[k] = Rounding.addUp(t[k], W1Inputs.DELTA);
            }
        }
        return new double[][] {lo, hi};
    }

    /** Evaluates one configuration (timing it when {@code time}). */
    public static Row measure(String act, int h, String mode, boolean time) {
        Problem p = W1Inputs.problem(act, h);
        int np = 3 * h + 1;
        double[][] b = parameters(np, mode);
        Interval[] box = new Interval[np];
        for (int k = 0; k < np; k++) {
            box[k] = Interval.of(b[0][k], b[1][k]);
        }
        BoxForm.Evaluation e = BoxForm.evaluate(p, box);
        double gmax = 0;
        for (Interval g : e.result().gradient()) {
            gmax = Math.max(gmax, g.hi() - g.lo());
        }
        double inner = mode.equals("box") ? innerWidth(p, b[0], b[1], e) : 0;
        double us = Double.NaN;
        int batch = 0;
        if (time) {
            ShallowIntervalKernel kernel = ShallowIntervalKernel.of(p);
            boolean isBox = mode.equals("box");
            double[] out = new double[2 + 2 * np];
            double[] c = new double[np];
            for (int k = 0; k < np; k++) {
                c[k] = box[k].mid();
            }
            Runnable eval = () -> {
                kernel.evaluate(b[0], b[1], out);
                if (isBox) {
                    double[] outC = new double[2 + 2 * np];
                    kernel.evaluate(c, c, outC);
                    double lo = outC[0];
                    double hi = outC[1];
                    for (int k = 0; k < np; k++) {
                        double dl = Rounding.subDown(b[0][k], c[k]);
                        double dh = Rounding.subUp(b[1][k], c[k]);
                        lo = Rounding.addDown(lo, mulLo(out[2 + 2 * k], out[3 + 2 * k], dl, dh));
                        hi = Rounding.addUp(hi, mulHi(out[2 + 2 * k], out[3 + 2 * k], dl, dh));
                    }
                    out[0] = Math.max(out[0], lo);
                    out[1] = Math.min(out[1], hi);
                }
            };
            long warmEnd = System.nanoTime() + WARMUP_MS * 1_000_000L;
            int calls = 0;
            while (System.nanoTime() < warmEnd) {
                eval.run();
                calls++;
            }
            long t0 = System.nanoTime();
            eval.run();
            double one = Math.max(1, System.nanoTime() - t0);
            batch = Math.max(1, (int) Math.ceil(BATCH_MS * 1e6 / one));
            double[] samples = new double[SAMPLES];
            for (int s = 0; s < SAMPLES; s++) {
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    eval.run();
                }
                samples[s] = (System.nanoTime() - start) / 1e3 / batch;
            }
            Arrays.sort(samples);
            us = samples[SAMPLES / 2];
        }
        return new Row(act, h, mode, us, batch, e.result().loss(), gmax, e.naiveLoss().hi() - e.naiveLoss().lo(),
                e.centredLoss().hi() - e.centredLoss().lo(), inner);
    }

    /**
     * A rigorous lower bound of max L − min L over the box: L at the two corners θ± = θc ± r·sign(∇L(θc)),
     * enclosed rigorously; lo(L(θ+)) − hi(L(θ−)) ≤ L(θ+) − L(θ−) ≤ range width.
     */
    static double innerWidth(Problem p, double[] lo, double[] hi, BoxForm.Evaluation e) {
        int np = lo.length;
        Interval[] plus = new Interval[np];
        Interval[] minus = new Interval[np];
        Interval[] centre = new Interval[np];
        for (int k = 0; k < np; k++) {
            centre[k] = Interval.of(0.5 * lo[k] + 0.5 * hi[k]);
        }
        Interval[] g = BoxForm.naive(p, centre).gradient();
        for (int k = 0; k < np; k++) {
            boolean up = g[k].mid() >= 0;
            plus[k] = Interval.of(up ? hi[k] : lo[k]);
            minus[k] = Interval.of(up ? lo[k] : hi[k]);
        }
        Interval lp = BoxForm.naive(p, plus).loss();
        Interval lm = BoxForm.naive(p, minus).loss();
        return Math.max(0, Rounding.subDown(lp.lo(), lm.hi()));
    }

    private static double mulLo(double al, double ah, double bl, double bh) {
        return Math.min(Math.min(Rounding.mulDown(al, bl), Rounding.mulDown(al, bh)),
                Math.min(Rounding.mulDown(ah, bl), Rounding.mulDown(ah, bh)));
    }

    private static double mulHi(double al, double ah, double bl, double bh) {
        return Math.max(Math.max(Rounding.mulUp(al, bl), Rounding.mulUp(al, bh)),
                Math.max(Rounding.mulUp(ah, bl), Rounding.mulUp(ah, bh)));
    }

    static String json(Row r) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"workload\": \"W1\", \"peer\": \"flowcert-java\", \"act\": \"").append(r.act).append("\", \"H\": ")
                .append(r.h).append(", \"mode\": \"").append(r.mode).append("\", \"arith\": \"interval\"")
                .append(", \"us_per_eval\": ").append(String.format(Locale.ROOT, "%.3f", r.usPerEval))
                .append(", \"batch\": ").append(r.batch).append(", \"samples\": ").append(SAMPLES)
                .append(", \"loss_lo\": ").append(r.loss.lo()).append(", \"loss_hi\": ").append(r.loss.hi())
                .append(", \"loss_width\": ").append(r.loss.hi() - r.loss.lo())
                .append(", \"grad_max_width\": ").append(r.gradMaxWidth);
        if (r.mode.equals("box")) {
            sb.append(", \"loss_width_naive\": ").append(r.naiveWidth).append(", \"loss_width_centred\": ")
                    .append(r.centredWidth).append(", \"range_inner_width\": ").append(r.innerWidth);
        }
        return sb.append('}').toString();
    }

    static String text(Row r) {
        return String.format(Locale.ROOT, "%-5s %-3d %-6s %-12.2f %-23s %-23s %-10.3g %-10.3g%s", r.act, r.h, r.mode,
                r.usPerEval, Double.toString(r.loss.lo()), Double.toString(r.loss.hi()), r.loss.hi() - r.loss.lo(),
                r.gradMaxWidth, r.mode.equals("box") ? String.format(Locale.ROOT,
                        "  (naive %.3g, centred %.3g, range >= %.3g)", r.naiveWidth, r.centredWidth, r.innerWidth) : "");
    }
}
