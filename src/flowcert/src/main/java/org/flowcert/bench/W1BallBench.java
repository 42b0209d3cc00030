package org.flowcert.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Ball;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;

/**
 * Workload W1 in ball arithmetic ({@code flowcert bench W1 --arith ball:BITS}): the rigorous loss
 * and full gradient of the 1-H-1 nets through the generic reverse-mode code ({@link LossGradient},
 * exactly what {@code flowcert eval --arith ball:BITS} runs), point and box (±1e-6) parameters,
 * the same inputs as {@link W1Bench} and the MPFI peer built with {@code -DPREC=BITS}
 * ({@code loss_lo}/{@code loss_hi}: binary64 one step outside the exact ends).
 *
 * <p>Timing as in {@link W1Bench} but in this thread's CPU time (the machine is shared; the peers in
 * benchmarks/ball-peers.sh are built to time CPU too): a warm-up of at least
 * {@value W1Bench#WARMUP_MS} ms, then {@value W1Bench#SAMPLES} batches of at least
 * {@value W1Bench#BATCH_MS} ms; {@code us_per_eval} is the median batch time per evaluation. Box mode is one naive evaluation on the box (as the MPFI
 * peer does). Widths are printed as decimal numbers rounded up from the exact ball ends (a
 * 256-bit loss width is far below binary64's ulp of the loss, so it is computed exactly).
 */
public final class W1BallBench {
    private W1BallBench() {
    }

    /** One configuration's figures: widths exact, as rationals. */
    public record Row(String act, int h, String mode, int bits, double usPerEval, int batch, Ball loss,
            BigFraction lossWidth, BigFraction gradMaxWidth) {
    }

    /** {@code W1BallBench BITS ACT H MODE}: one configuration, one JSON line (for benchmarks/ball-peers.sh). */
    public static void main(String[] args) {
        System.out.println(json(measure(Ball.field(Integer.parseInt(args[0])), args[1], Integer.parseInt(args[2]), args[3],
                true)));
    }

    /** Runs the workload at {@code bits} (JSON lines with {@code json}); returns the exit code. */
    public static int run(Ball.Field field, boolean json, PrintStream out) {
        if (!json) {
            out.println("act   H   mode   bits  us/eval      loss_width   grad_max_w");
        }
        for (String act : new String[] {"tanh", "relu"}) {
            for (int h : new int[] {4, 16, 64}) {
                for (String mode : new String[] {"point", "box"}) {
                    Row r = measure(field, act, h, mode, true);
                    out.println(json ? json(r) : text(r));
                    out.flush();
                }
            }
        }
        return 0;
    }

    /**
     * The parameters of W1 as balls: points, or the boxes [θ − δ, θ + δ] with the exact ends (the
     * MPFI peer rounds θ ∓ δ outward at PREC bits, exact at 128 bits and more).
     */
    static Ball[] parameters(Ball.Field f, int np, String mode) {
        double[] t = W1Inputs.theta(np);
        BigFraction delta = BigFraction.from(W1Inputs.DELTA);
        Ball[] theta = f.newArray(np);
        for (int k = 0; k < np; k++) {
            BigFraction c = BigFraction.from(t[k]);
            theta[k] = mode.equals("box") ? f.hull(c.subtract(delta), c.add(delta)) : f.of(c);
        }
        return theta;
    }

    /** Evaluates one configuration (timing it when {@code time}). */
    public static Row measure(Ball.Field f, String act, int h, String mode, boolean time) {
        Problem p = W1Inputs.problem(act, h);
        Ball[] theta = parameters(f, 3 * h + 1, mode);
        LossGradient.Result<Ball> res = LossGradient.evaluate(p, f, theta);
        BigFraction gmax = BigFraction.ZERO;
        for (Ball g : res.gradient()) {
            BigFraction w = g.upper().subtract(g.lower());
            if (w.subtract(gmax).signum() > 0) {
                gmax = w;
            }
        }
        double us = Double.NaN;
        int batch = 0;
        if (time) {
            Runnable eval = () -> LossGradient.evaluate(p, f, theta);
            long warmEnd = BallOpsBench.cpu() + W1Bench.WARMUP_MS * 1_000_000L;
            while (BallOpsBench.cpu() < warmEnd) {
                eval.run();
            }
            long t0 = BallOpsBench.cpu();
            eval.run();
            double one = Math.max(1, BallOpsBench.cpu() - t0);
            batch = Math.max(1, (int) Math.ceil(W1Bench.BATCH_MS * 1e6 / one));
            double[] samples = new double[W1Bench.SAMPLES];
            for (int s = 0; s < samples.length; s++) {
                long start = BallOpsBench.cpu();
                for (int i = 0; i < batch; i++) {
                    eval.run();
                }
                samples[s] = (BallOpsBench.cpu() - start) / 1e3 / batch;
            }
            Arrays.sort(samples);
            us = samples[samples.length / 2];
        }
        Ball loss = res.loss();
        return new Row(act, h, mode, f.bits(), us, batch, loss, loss.upper().subtract(loss.lower()), gmax);
    }

    /** q rounded up to 4 significant digits, in scientific notation (q &ge; 0). */
    static String up(BigFraction q) {
        if (q.signum() == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(q.getNumerator()).divide(new BigDecimal(q.getDenominator()),
                new MathContext(4, RoundingMode.UP));
        return d.toString().replace("E", "e");
    }

    /** q rounded to nearest, 20 significant digits. */
    private static String near(BigFraction q) {
        return new BigDecimal(q.getNumerator()).divide(new BigDecimal(q.getDenominator()),
                new MathContext(20, RoundingMode.HALF_EVEN)).toString();
    }

    static String json(Row r) {
        return "{\"workload\": \"W1\", \"peer\": \"flowcert-java\", \"act\": \"" + r.act + "\", \"H\": " + r.h
                + ", \"mode\": \"" + r.mode + "\", \"arith\": \"ball:" + r.bits + "\", \"prec\": " + r.bits
                + ", \"us_per_eval\": " + String.format(Locale.ROOT, "%.3f", r.usPerEval)
                + ", \"clock\": \"thread-cpu\", \"batch\": " + r.batch + ", \"samples\": " + W1Bench.SAMPLES
                + ", \"loss_lo\": " + Math.nextDown(r.loss.lower().doubleValue())
                + ", \"loss_hi\": " + Math.nextUp(r.loss.upper().doubleValue())
                + ", \"loss_mid\": \"" + near(r.loss.lower().add(r.loss.upper()).divide(2)) + "\""
                + ", \"loss_width\": " + up(r.lossWidth) + ", \"grad_max_width\": " + up(r.gradMaxWidth) + "}";
    }

    static String text(Row r) {
        return String.format(Locale.ROOT, "%-5s %-3d %-6s %-5d %-12.2f %-12s %-12s", r.act, r.h, r.mode, r.bits,
                r.usPerEval, up(r.lossWidth), up(r.gradMaxWidth));
    }
}
