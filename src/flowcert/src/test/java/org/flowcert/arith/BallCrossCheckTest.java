package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The dyadic core ({@link Ball}) against the Apfloat core kept as a cross-check
 * ({@link ApfloatBall}): both enclose the same exact values, so their balls must intersect, and
 * at the same precision the dyadic radii are not much wider (a coarse quality check: the
 * radius of f(of(q)) is dominated by of(q)'s rounding, which differs between the cores).
 */
class BallCrossCheckTest {
    private static final int CASES = Math.max(100, Integer.getInteger("flowcert.props", 100_000) / 500);

    private static boolean intersect(Ball a, ApfloatBall b) {
        return Ball.compare(a.lower(), b.upper()) <= 0 && Ball.compare(b.lower(), a.upper()) <= 0;
    }

    private static BigFraction randomArgument(Random rnd, double range) {
        long den = 1 + rnd.nextInt(1 << 30);
        long num = (long) ((rnd.nextDouble() * 2 - 1) * range * den);
        return BigFraction.of(num, den);
    }

    @Test
    void coresAgreeOnRingOperations() {
        Random rnd = new Random(21);
        Ball.Field f = Ball.field(256);
        ApfloatBall.Field g = ApfloatBall.field(256);
        String[] names = {"add", "multiply", "divide"};
        @SuppressWarnings("unchecked")
        BinaryOperator<Ball>[] ops = new BinaryOperator[] {(BinaryOperator<Ball>) Ball::add,
            (BinaryOperator<Ball>) Ball::multiply, (BinaryOperator<Ball>) Ball::divide};
        @SuppressWarnings("unchecked")
        BinaryOperator<ApfloatBall>[] aops = new BinaryOperator[] {(BinaryOperator<ApfloatBall>) ApfloatBall::add,
            (BinaryOperator<ApfloatBall>) ApfloatBall::multiply, (BinaryOperator<ApfloatBall>) ApfloatBall::divide};
        for (int i = 0; i < CASES; i++) {
            BigFraction x = randomArgument(rnd, 1000);
            BigFraction y = randomArgument(rnd, 1000);
            if (y.signum() == 0) {
                continue;
            }
            for (int k = 0; k < ops.length; k++) {
                Ball r = ops[k].apply(f.of(x), f.of(y));
                ApfloatBall s = aops[k].apply(g.of(x), g.of(y));
                assertThat(intersect(r, s)).as("%s(%s, %s): %s vs %s", names[k], x, y, r, s).isTrue();
            }
        }
    }

    @Test
    void coresAgreeOnFunctions() {
        Random rnd = new Random(23);
        Ball.Field f = Ball.field(256);
        ApfloatBall.Field g = ApfloatBall.field(256);
        String[] names = {"exp", "log", "tanh", "logistic", "softplus", "erf"};
        @SuppressWarnings("unchecked")
        UnaryOperator<Ball>[] fs = new UnaryOperator[] {(UnaryOperator<Ball>) Ball::exp, (UnaryOperator<Ball>) Ball::log,
            (UnaryOperator<Ball>) Ball::tanh, (UnaryOperator<Ball>) Ball::logistic,
            (UnaryOperator<Ball>) Ball::softplus, (UnaryOperator<Ball>) Ball::erf};
        @SuppressWarnings("unchecked")
        UnaryOperator<ApfloatBall>[] gs = new UnaryOperator[] {(UnaryOperator<ApfloatBall>) ApfloatBall::exp,
            (UnaryOperator<ApfloatBall>) ApfloatBall::log, (UnaryOperator<ApfloatBall>) ApfloatBall::tanh,
            (UnaryOperator<ApfloatBall>) ApfloatBall::logistic, (UnaryOperator<ApfloatBall>) ApfloatBall::softplus,
            (UnaryOperator<ApfloatBall>) ApfloatBall::erf};
        for (int i = 0; i < CASES / 4; i++) {
            for (int k = 0; k < fs.length; k++) {
                BigFraction x = randomArgument(rnd, k == 5 ? 4 : 20);
                if (k == 1) {
                    x = x.abs().add(BigFraction.of(1, 1000));
                }
                Ball r = fs[k].apply(f.of(x));
                ApfloatBall s = gs[k].apply(g.of(x));
                assertThat(intersect(r, s)).as("%s(%s): %s vs %s", names[k], x, r, s).isTrue();
                assertThat(r.radUpper()).as("%s(%s) radius: %s vs %s", names[k], x, r, s)
                        .isLessThanOrEqualTo(8 * s.radUpper() + Math.scalb(Math.abs(s.approx()) + 1e-300, -250));
            }
        }
    }
}
