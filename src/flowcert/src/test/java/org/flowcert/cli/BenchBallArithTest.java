package org.flowcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flowcert.cli.CliRun.run;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.ApfloatBall;
import org.flowcert.arith.Ball;
import org.flowcert.arith.Interval;
import org.flowcert.bench.W1BallBench;
import org.flowcert.bench.W1Bench;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;
import org.junit.jupiter.api.Test;

/**
 * {@code bench W1 --arith ball:BITS}: the ball evaluation it times encloses the same loss and
 * gradient as the binary64 interval evaluation and as the Apfloat ball core, far more tightly;
 * bad --arith values are exit 2.
 */
class BenchBallArithTest {
    private static int cmp(BigFraction a, BigFraction b) {
        return a.subtract(b).signum();
    }

    private static boolean meets(Ball b, Interval i) {
        return cmp(b.lower(), BigFraction.from(i.hi())) <= 0 && cmp(BigFraction.from(i.lo()), b.upper()) <= 0;
    }

    @Test
    void ballW1EnclosesTheIntervalAndApfloatResultsAndIsNarrow() {
        Ball.Field f = Ball.field(128);
        for (String mode : new String[] {"point", "box"}) {
            W1BallBench.Row r = W1BallBench.measure(f, "tanh", 4, mode, false);
            W1Bench.Row iv = W1Bench.measure("tanh", 4, mode, false);
            assertThat(meets(r.loss(), iv.loss())).as("%s: %s vs %s", mode, r.loss(), iv.loss()).isTrue();
            if (mode.equals("point")) {
                // 128-bit balls: the loss width is below 2^-120 (the interval one is ~1e-16)
                assertThat(r.lossWidth().subtract(BigFraction.of(java.math.BigInteger.ONE,
                        java.math.BigInteger.ONE.shiftLeft(120))).signum()).isLessThan(0);
            }
        }
        // the same problem through the Apfloat core: the losses and every gradient component intersect
        Problem p = org.flowcert.bench.W1Inputs.problem("tanh", 4);
        ApfloatBall.Field g = ApfloatBall.field(128);
        LossGradient.Result<ApfloatBall> a = LossGradient.evaluate(p, g, LossGradient.of(g, p.theta()));
        LossGradient.Result<Ball> b = LossGradient.evaluate(p, f, LossGradient.of(f, p.theta()));
        assertThat(cmp(b.loss().lower(), a.loss().upper()) <= 0
                && cmp(a.loss().lower(), b.loss().upper()) <= 0).isTrue();
        for (int k = 0; k < b.gradient().length; k++) {
            assertThat(cmp(b.gradient()[k].lower(), a.gradient()[k].upper()) <= 0
                    && cmp(a.gradient()[k].lower(), b.gradient()[k].upper()) <= 0).as("component %d", k).isTrue();
        }
    }

    @Test
    void badArithIsExit2() {
        CliRun.Outcome o = run("bench", "W2", "--arith", "ball:256");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("W1 only");
        CliRun.Outcome o2 = run("bench", "W1", "--arith", "ball:5");
        assertThat(o2.code()).isEqualTo(2);
        assertThat(o2.err()).contains("ball:BITS");
        assertThat(o2.out()).isEmpty();
    }
}
