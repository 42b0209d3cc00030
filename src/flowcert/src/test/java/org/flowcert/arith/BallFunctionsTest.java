package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;
import org.junit.jupiter.api.Test;

/**
 * Elementary functions of {@link Ball} against an independent reference: BigDecimal series at
 * 200 significant digits (about 660 bits) with their own argument reduction, written here and
 * sharing nothing with the code under test. The reference is trusted to 10^-150 relative.
 */
class BallFunctionsTest {
    private static final Ball.Field F = Ball.field(256);
    private static final MathContext MC = new MathContext(200, RoundingMode.HALF_EVEN);
    /** Cases per function: flowcert.props / 2500 (40 point and 120 ball arguments by default). */
    private static final int CASES = Math.max(20, Integer.getInteger("flowcert.props", 100000) / 2500);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196");

    // ------------------------------------------------------------------ reference (BigDecimal)

    static BigDecimal refExp(BigDecimal x) {
        // e^x = (e^(x/2^s))^(2^s), |x/2^s| < 2^-10, Taylor to 10^-220
        int s = 0;
        BigDecimal y = x;
        while (y.abs().compareTo(new BigDecimal("0.001")) > 0) {
            y = y.divide(BigDecimal.valueOf(2), MC);
            s++;
        }
        MathContext wide = new MathContext(230);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 400; n++) {
            term = term.multiply(y, wide).divide(BigDecimal.valueOf(n), wide);
            sum = sum.add(term, wide);
            if (term.abs().compareTo(new BigDecimal("1e-225")) < 0) {
                break;
            }
        }
        for (int i = 0; i < s; i++) {
            sum = sum.multiply(sum, wide);
        }
        return sum.round(MC);
    }

    static BigDecimal refLog(BigDecimal x) {
        // Newton on exp: y <- y + 2 (x - e^y) / (x + e^y), cubically convergent from a double start
        BigDecimal y = new BigDecimal(Math.log(x.doubleValue()));
        for (int i = 0; i < 6; i++) {
            BigDecimal e = refExp(y);
            y = y.add(BigDecimal.valueOf(2).multiply(x.subtract(e)).divide(x.add(e), MC), MC);
        }
        return y;
    }

    static BigDecimal refTanh(BigDecimal x) {
        BigDecimal e = refExp(x.multiply(BigDecimal.valueOf(2)));
        return e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), MC);
    }

    static BigDecimal refLogistic(BigDecimal x) {
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(refExp(x.negate())), MC);
    }

    static BigDecimal refSoftplus(BigDecimal x) {
        return x.signum() > 0 ? x.add(refLog1p(refExp(x.negate())), MC) : refLog1p(refExp(x));
    }

    /** log(1 + y) for 0 <= y <= 1: the series for small y (1 + y would lose y's digits), else log. */
    static BigDecimal refLog1p(BigDecimal y) {
        if (y.compareTo(new BigDecimal("1e-6")) > 0) {
            return refLog(BigDecimal.ONE.add(y));
        }
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal power = BigDecimal.ONE;
        for (int n = 1; n < 60; n++) {
            power = power.multiply(y, MC).negate();
            sum = sum.subtract(power.divide(BigDecimal.valueOf(n), MC), MC);
        }
        return sum;
    }

    static BigDecimal refErf(BigDecimal x) {
        // alternating Taylor series at 260 digits (cancellation is at most x^2/ln 10 < 50 digits here)
        MathContext wide = new MathContext(260);
        BigDecimal x2 = x.multiply(x, wide);
        BigDecimal power = x; // x^(2n+1)/n! with sign
        BigDecimal sum = x;
        for (int n = 1; n < 2000; n++) {
            power = power.multiply(x2, wide).divide(BigDecimal.valueOf(-n), wide);
            BigDecimal t = power.divide(BigDecimal.valueOf(2L * n + 1), wide);
            sum = sum.add(t, wide);
            if (n > x2.doubleValue() && t.abs().compareTo(new BigDecimal("1e-240")) < 0) {
                break;
            }
        }
        return sum.multiply(BigDecimal.valueOf(2), wide).divide(PI.sqrt(wide), MC);
    }

    // ------------------------------------------------------------------ checks

    /** The ball must meet [ref − δ, ref + δ] with δ = 10^-150 |ref| (the reference's own error). */
    private static void assertContains(Ball b, BigDecimal ref, String what) {
        BigFraction r = Numbers.ofDecimal(ref);
        BigFraction d = Numbers.ofDecimal(ref.abs().multiply(new BigDecimal("1e-150")).add(new BigDecimal("1e-300")));
        boolean meets = Ball.compare(b.lower(), r.add(d)) <= 0 && Ball.compare(r.subtract(d), b.upper()) <= 0;
        assertThat(meets).as("%s = %s must contain %s", what, b, ref.round(new MathContext(30))).isTrue();
    }

    /** At 256 bits a point result must have rad ≤ 2^-240 |value| (well-conditioned arguments). */
    private static void assertTight(Ball b, BigDecimal ref, String what) {
        double bound = Math.scalb(Math.abs(ref.doubleValue()), -240);
        assertThat(b.radUpper()).as("%s radius of %s", what, b).isLessThanOrEqualTo(bound);
    }

    private static BigFraction randomArgument(Random rnd, double range) {
        // a rational with a 30-bit odd-ish denominator, so arguments are not dyadic
        long den = 1 + rnd.nextInt(1 << 30);
        long num = (long) ((rnd.nextDouble() * 2 - 1) * range * den);
        return BigFraction.of(num, den);
    }

    private static BigDecimal dec(BigFraction q) {
        return new BigDecimal(q.getNumerator()).divide(new BigDecimal(q.getDenominator()), MC);
    }

    private void check(String name, double range, UnaryOperator<Ball> f, Function<BigDecimal, BigDecimal> ref, boolean positiveOnly) {
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < CASES; i++) {
            BigFraction q = randomArgument(rnd, range);
            if (positiveOnly) {
                q = q.abs().add(BigFraction.of(1, 1000));
            }
            // point argument: enclosure and tightness
            BigDecimal r = ref.apply(dec(q));
            Ball b = f.apply(F.of(q));
            assertContains(b, r, name + "(" + q.doubleValue() + ")");
            assertTight(b, r, name + "(" + q.doubleValue() + ")");
            // ball arguments, narrow (derivative bound) and wide (end-point hull): both ends inside
            for (int w : new int[] {-200, -35, -8}) {
                BigFraction half = BigFraction.of(1 + rnd.nextInt(1000), 1000).multiply(BigFraction.from(Math.scalb(1.0, w)));
                Ball x = F.hull(q.subtract(half), q.add(half));
                Ball fx = f.apply(x);
                for (BigFraction p : new BigFraction[] {x.lower(), x.upper(), q}) {
                    assertContains(fx, ref.apply(dec(p)), name + " on ball " + x + " at " + p.doubleValue());
                }
            }
        }
    }

    @Test
    void expEnclosesReference() {
        check("exp", 30, Ball::exp, BallFunctionsTest::refExp, false);
    }

    @Test
    void logEnclosesReference() {
        check("log", 100, Ball::log, BallFunctionsTest::refLog, true);
        // near 1, where log is tiny and relative accuracy matters
        BigFraction q = BigFraction.of(1).add(BigFraction.of(1, 1L << 40));
        BigDecimal r = refLog(dec(q));
        Ball b = F.of(q).log();
        assertContains(b, r, "log(1 + 2^-40)");
        assertTight(b, r, "log(1 + 2^-40)");
    }

    @Test
    void tanhEnclosesReference() {
        check("tanh", 12, Ball::tanh, BallFunctionsTest::refTanh, false);
    }

    @Test
    void logisticEnclosesReference() {
        check("logistic", 25, Ball::logistic, BallFunctionsTest::refLogistic, false);
    }

    @Test
    void softplusEnclosesReference() {
        check("softplus", 25, Ball::softplus, BallFunctionsTest::refSoftplus, false);
    }

    @Test
    void erfEnclosesReference() {
        check("erf", 5, Ball::erf, BallFunctionsTest::refErf, false);
    }

    @Test
    void sqrtEnclosesReference() {
        check("sqrt", 1000, Ball::sqrt, x -> x.sqrt(MC), true);
    }

    @Test
    void smallAndLargeArguments() {
        // tiny arguments: relative accuracy survives (no cancellation in tanh, erf, expm1-based paths)
        BigFraction tiny = BigFraction.of(3, 1L << 50);
        for (Object[] c : new Object[][] {
                {"tanh", (UnaryOperator<Ball>) Ball::tanh, (Function<BigDecimal, BigDecimal>) BallFunctionsTest::refTanh},
                {"erf", (UnaryOperator<Ball>) Ball::erf, (Function<BigDecimal, BigDecimal>) BallFunctionsTest::refErf},
                {"exp", (UnaryOperator<Ball>) Ball::exp, (Function<BigDecimal, BigDecimal>) BallFunctionsTest::refExp}}) {
            @SuppressWarnings("unchecked")
            UnaryOperator<Ball> f = (UnaryOperator<Ball>) c[1];
            @SuppressWarnings("unchecked")
            Function<BigDecimal, BigDecimal> ref = (Function<BigDecimal, BigDecimal>) c[2];
            BigDecimal r = ref.apply(dec(tiny));
            assertContains(f.apply(F.of(tiny)), r, c[0] + "(tiny)");
            assertTight(f.apply(F.of(tiny)), r, c[0] + "(tiny)");
        }
        // large arguments: saturation and underflow stay rigorous
        Ball big = F.of(BigFraction.of(400));
        assertThat(big.tanh().contains(BigFraction.ONE) || Ball.compare(big.tanh().upper(), BigFraction.ONE) <= 0).isTrue();
        assertThat(Ball.compare(big.tanh().lower(), BigFraction.of(0)) > 0).isTrue();
        assertContains(big.negate().exp(), refExp(new BigDecimal(-400)), "exp(-400)");
        assertContains(big.negate().logistic(), refLogistic(new BigDecimal(-400)), "logistic(-400)");
        assertContains(big.negate().softplus(), refSoftplus(new BigDecimal(-400)), "softplus(-400)");
        assertContains(big.softplus(), new BigDecimal(400).add(refExp(new BigDecimal(-400))), "softplus(400)");
        Ball e20 = F.of(BigFraction.of(20)).erf();
        assertThat(Ball.compare(e20.upper(), BigFraction.ONE) >= 0 && Ball.compare(e20.lower(), BigFraction.ONE) < 0).isTrue();
        assertThat(e20.radUpper()).isLessThan(Math.scalb(1.0, -256));
        Ball huge = F.of(BigFraction.of(-(1L << 45))).exp();
        assertThat(huge.lower().signum()).isLessThanOrEqualTo(0);
        assertThat(huge.radUpper()).isLessThan(1e-300);
    }

    @Test
    void constantsEncloseReferences() {
        MathContext wide = new MathContext(220);
        assertContains(F.invSqrt2(), BigDecimal.ONE.divide(BigDecimal.valueOf(2).sqrt(wide), MC), "1/sqrt 2");
        assertTight(F.invSqrt2(), new BigDecimal("0.7071"), "1/sqrt 2");
        BigDecimal r = BigDecimal.ONE.divide(PI.multiply(BigDecimal.valueOf(2)).sqrt(wide), MC);
        assertContains(F.invSqrt2Pi(), r, "1/sqrt(2 pi)");
        assertTight(F.invSqrt2Pi(), r, "1/sqrt(2 pi)");
        assertContains(BallElementary.pi(F), PI, "pi");
        assertContains(BallElementary.ln2(F), refLog(BigDecimal.valueOf(2)), "ln 2");
        Ball.Field f1000 = Ball.field(1000);
        assertThat(f1000.invSqrt2Pi().radUpper()).isLessThan(Math.scalb(1.0, -990));
    }
}
