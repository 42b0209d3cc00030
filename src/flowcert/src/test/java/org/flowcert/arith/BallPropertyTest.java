package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link Ball}: every result contains the exact result. Ring operations:
 * 10^5 cases each by default (flowcert.props; 10^6 with -Plong); elementary functions: 10^5
 * each with -Plong, by default 2·10^4 (exp, tanh, logistic), 5,000 (log), 4,000 (softplus),
 * 1,000 (erf), see {@link #functionCases}.
 *
 * <p>Ring operations: exact dyadic arithmetic on BigIntegers written here (operands are random
 * balls at random precisions; the checked points are both ends, the midpoint and a random
 * interior dyadic point of each operand). Division and square root are checked without
 * rounding: v = x/y lies in [lo, hi] iff lo·y ≤ x ≤ hi·y (y &gt; 0), √x in [lo, hi] iff
 * lo² ≤ x ≤ hi² (lo ≥ 0).
 *
 * <p>Elementary functions: an independent fixed-point reference at {@value #REF} fraction bits
 * written here with the simplest algorithms (exp by halving, Taylor series and squaring; log by
 * Newton's method on that exp; erf by its Taylor series; π by Machin's formula), none of the
 * code under test's tables, reductions or error bounds. Its error is far below 2^−500 relative
 * on the ranges used; a ball must meet [ref − tol, ref + tol] with tol = 2^−480·|ref| + 2^−600
 * (for a 256-bit ball, whose radius is near 2^−256·|value|, this is a containment test to
 * 220 bits beyond the ball's own precision).
 */
class BallPropertyTest {
    private static final int CASES = Integer.getInteger("flowcert.props", 100_000);
    /**
     * Function cases: with -Plong (flowcert.props = 10^6) 10^5 per function; by default fewer, so that
     * the class stays near 30 s (the reference costs 10–300 µs per point): CASES/(5·cost).
     */
    private static int functionCases(int cost) {
        return CASES >= 1_000_000 ? CASES / 10 : Math.max(500, CASES / (5 * cost));
    }
    private static final int[] PRECISIONS = {24, 53, 128, 256, 256, 256, 1024};
    static final int REF = 700;

    // ------------------------------------------------------------------ exact dyadics (m·2^e)

    record D(BigInteger m, long e) {
        static D of(Ball b, boolean upper) {
            Ball p = upper ? b.upperPoint(b.field()) : b.lowerPoint(b.field());
            return new D(p.man(), p.exp);
        }

        static D mid(Ball b) {
            return new D(b.man(), b.exp);
        }

        D add(D o) {
            long e0 = Math.min(e, o.e);
            return new D(m.shiftLeft((int) (e - e0)).add(o.m.shiftLeft((int) (o.e - e0))), e0);
        }

        D negate() {
            return new D(m.negate(), e);
        }

        D mul(D o) {
            return new D(m.multiply(o.m), e + o.e);
        }

        int compareTo(D o) {
            return add(o.negate()).m.signum();
        }

        int signum() {
            return m.signum();
        }
    }

    /** lo ≤ v ≤ hi for the ball b. */
    private static boolean contains(Ball b, D v) {
        return D.of(b, false).compareTo(v) <= 0 && v.compareTo(D.of(b, true)) <= 0;
    }

    /** A random ball: exact points, rounded rationals, narrow and wide balls, of varied magnitude. */
    static Ball randomBall(Random rnd, Ball.Field f) {
        BigInteger m = new BigInteger(1 + rnd.nextInt(f.bits + 40), rnd);
        if (rnd.nextBoolean()) {
            m = m.negate();
        }
        long e = -m.bitLength() + rnd.nextInt(41) - 20;
        if (rnd.nextInt(10) == 0) {
            e += rnd.nextInt(400) - 200; // huge and tiny
        }
        Ball point = Ball.round(m, e, BallRadius.ZERO, f);
        switch (rnd.nextInt(4)) {
            case 0:
                return point;
            case 1:
                return rnd.nextInt(8) == 0 ? f.zero() : point; // zero sometimes
            case 2:
                // narrow: radius ~ 2^-(bits ± 20) relative
                return point.widen(BallRadius.of(1 + rnd.nextDouble(), point.scale() - f.bits - 20 + rnd.nextInt(40)));
            default:
                // wide, possibly containing 0
                return point.widen(BallRadius.of(1 + rnd.nextDouble(), point.scale() - rnd.nextInt(12)));
        }
    }

    /** A point of the ball: an end, the midpoint or a random interior dyadic point. */
    static D pointOf(Ball b, Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return D.of(b, false);
            case 1:
                return D.of(b, true);
            case 2:
                return D.mid(b);
            default:
                // mid + (k/2^20 − 1)·... : lo + (hi − lo)·k/2^20
                D lo = D.of(b, false);
                D width = D.of(b, true).add(lo.negate());
                D frac = new D(BigInteger.valueOf(rnd.nextInt(1 << 20)), -20);
                return lo.add(width.mul(frac));
        }
    }

    private static Ball.Field randomField(Random rnd) {
        return Ball.field(PRECISIONS[rnd.nextInt(PRECISIONS.length)]);
    }

    private static void ring(String name, BiFunction<Ball, Ball, Ball> op, BiFunction<D, D, D> exact) {
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < CASES; i++) {
            Ball.Field f = randomField(rnd);
            Ball a = randomBall(rnd, f);
            Ball b = randomBall(rnd, f);
            Ball r = op.apply(a, b);
            D x = pointOf(a, rnd);
            D y = pointOf(b, rnd);
            assertThat(contains(r, exact.apply(x, y))).as("%s(%s, %s) = %s at %s, %s", name, a, b, r, x, y).isTrue();
        }
    }

    @Test
    void addContainsExactSums() {
        ring("add", Ball::add, D::add);
    }

    @Test
    void subtractContainsExactDifferences() {
        ring("subtract", Ball::subtract, (x, y) -> x.add(y.negate()));
    }

    @Test
    void multiplyContainsExactProducts() {
        ring("multiply", Ball::multiply, D::mul);
    }

    @Test
    void squareContainsExactSquaresAndIsNonNegative() {
        Random rnd = new Random(3);
        for (int i = 0; i < CASES; i++) {
            Ball a = randomBall(rnd, randomField(rnd));
            Ball r = a.square();
            D x = pointOf(a, rnd);
            assertThat(contains(r, x.mul(x))).as("square(%s) = %s at %s", a, r, x).isTrue();
            assertThat(D.of(r, false).signum()).as("square(%s) = %s", a, r).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void divideContainsExactQuotients() {
        Random rnd = new Random(5);
        int done = 0;
        while (done < CASES) {
            Ball.Field f = randomField(rnd);
            Ball a = randomBall(rnd, f);
            Ball b = randomBall(rnd, f);
            if (!(b.isPositive() || b.isNegative())) {
                continue;
            }
            done++;
            Ball r = a.divide(b);
            D x = pointOf(a, rnd);
            D y = pointOf(b, rnd);
            // x/y in [lo, hi]  <=>  lo·y <= x <= hi·y for y > 0 (reversed for y < 0)
            D lo = D.of(r, false).mul(y);
            D hi = D.of(r, true).mul(y);
            boolean ok = y.signum() > 0 ? lo.compareTo(x) <= 0 && x.compareTo(hi) <= 0
                    : hi.compareTo(x) <= 0 && x.compareTo(lo) <= 0;
            assertThat(ok).as("divide(%s, %s) = %s at %s / %s", a, b, r, x, y).isTrue();
        }
    }

    @Test
    void sqrtContainsExactRoots() {
        Random rnd = new Random(7);
        for (int i = 0; i < CASES; i++) {
            Ball a = randomBall(rnd, randomField(rnd));
            if (a.isNegative()) {
                a = a.negate();
            }
            Ball r = a.sqrt();
            D x = pointOf(a, rnd);
            if (x.signum() < 0) {
                continue; // sqrt is enclosed on the non-negative part only
            }
            D lo = D.of(r, false);
            D hi = D.of(r, true);
            boolean ok = (lo.signum() <= 0 || lo.mul(lo).compareTo(x) <= 0) && x.compareTo(hi.mul(hi)) <= 0;
            assertThat(ok).as("sqrt(%s) = %s at %s", a, r, x).isTrue();
        }
    }

    @Test
    void pointResultsAreTight() {
        // exact operands: the radius is at most one unit in the last place of the result (half from rounding)
        Random rnd = new Random(9);
        Ball.Field f = Ball.field(256);
        for (int i = 0; i < CASES / 10; i++) {
            Ball a = Ball.round(new BigInteger(256, rnd).setBit(255), -256 + rnd.nextInt(20) - 10, BallRadius.ZERO, f);
            Ball b = Ball.round(new BigInteger(256, rnd).setBit(255), -256 + rnd.nextInt(20) - 10, BallRadius.ZERO, f);
            for (Ball r : new Ball[] {a.add(b), a.multiply(b), a.divide(b), a.sqrt(), a.subtract(b.negate())}) {
                assertThat(r.radius().compareTo(BallRadius.pow2(r.scale() - 256))).as("%s", r).isLessThanOrEqualTo(0);
            }
        }
    }

    // ------------------------------------------------------------------ the fixed-point reference

    /** x·2^REF as a fixed-point integer (floor). */
    static BigInteger fixed(D x) {
        long sh = x.e + REF;
        return sh >= 0 ? x.m.shiftLeft((int) sh) : x.m.shiftRight((int) -sh);
    }

    static BigInteger mul(BigInteger a, BigInteger b) {
        return a.multiply(b).shiftRight(REF);
    }

    static BigInteger div(BigInteger a, BigInteger b) {
        return a.shiftLeft(REF).divide(b);
    }

    static final BigInteger ONE = BigInteger.ONE.shiftLeft(REF);

    /** e^x: halve until |x| < 2^-12, Taylor to 2^-REF, square back. */
    static BigInteger refExp(BigInteger x) {
        int s = Math.max(0, x.abs().bitLength() - REF + 12);
        BigInteger u = x.shiftRight(s);
        BigInteger term = ONE;
        BigInteger sum = ONE;
        for (int n = 1; term.signum() != 0; n++) {
            term = mul(term, u).divide(BigInteger.valueOf(n));
            sum = sum.add(term);
        }
        for (int i = 0; i < s; i++) {
            sum = mul(sum, sum);
        }
        return sum;
    }

    /** log y (y > 0) by Newton's method z ← z + 2(y − e^z)/(y + e^z) from a binary64 start. */
    static BigInteger refLog(BigInteger y) {
        double yd = Ball.approx(y, -REF);
        BigInteger z = fixed(new D(BigInteger.valueOf((long) (Math.log(yd) * 0x1p52)), -52));
        for (int i = 0; i < 4; i++) { // cubic convergence: 50 -> 150 -> 450 -> 1350 bits
            BigInteger e = refExp(z);
            z = z.add(div(y.subtract(e), y.add(e)).shiftLeft(1));
        }
        return z;
    }

    static BigInteger refTanh(BigInteger x) {
        BigInteger e = refExp(x.shiftLeft(1));
        return div(e.subtract(ONE), e.add(ONE));
    }

    static BigInteger refLogistic(BigInteger x) {
        return div(ONE, ONE.add(refExp(x.negate())));
    }

    static BigInteger refSoftplus(BigInteger x) {
        return refLog(ONE.add(refExp(x)));
    }

    private static volatile BigInteger pi;

    /** π = 16 atan(1/5) − 4 atan(1/239). */
    static BigInteger refPi() {
        BigInteger p = pi;
        if (p == null) {
            p = refAtanInv(5).shiftLeft(4).subtract(refAtanInv(239).shiftLeft(2));
            pi = p;
        }
        return p;
    }

    private static BigInteger refAtanInv(int k) {
        BigInteger power = ONE.divide(BigInteger.valueOf(k));
        BigInteger k2 = BigInteger.valueOf((long) k * k);
        BigInteger sum = power;
        for (int n = 1; power.signum() != 0; n++) {
            power = power.divide(k2).negate();
            sum = sum.add(power.divide(BigInteger.valueOf(2L * n + 1)));
        }
        return sum;
    }

    private static volatile BigInteger sqrtPi;

    static BigInteger refSqrtPi() {
        BigInteger s = sqrtPi;
        if (s == null) {
            s = refPi().shiftLeft(REF).sqrt();
            sqrtPi = s;
        }
        return s;
    }

    /** erf x = (2/√π) Σ (−1)^n x^(2n+1)/(n!(2n+1)), at 2^(REF) with guard bits against the cancellation. */
    static BigInteger refErf(BigInteger x) {
        BigInteger x2 = mul(x, x);
        BigInteger power = x;
        BigInteger sum = x;
        for (int n = 1; power.signum() != 0; n++) {
            power = mul(power, x2).divide(BigInteger.valueOf(-n));
            sum = sum.add(power.divide(BigInteger.valueOf(2L * n + 1)));
        }
        return div(sum.shiftLeft(1), refSqrtPi());
    }

    /** The ball meets [ref − tol, ref + tol], tol = 2^−480|ref| + 2^−600. */
    private static boolean meets(Ball b, BigInteger ref) {
        BigInteger tol = ref.abs().shiftRight(480).add(BigInteger.ONE.shiftLeft(REF - 600));
        D lo = D.of(b, false);
        D hi = D.of(b, true);
        D rLo = new D(ref.subtract(tol), -REF);
        D rHi = new D(ref.add(tol), -REF);
        return lo.compareTo(rHi) <= 0 && rLo.compareTo(hi) <= 0;
    }

    private static void function(String name, double range, boolean positive, int cost, UnaryOperator<Ball> f,
            UnaryOperator<BigInteger> ref) {
        Random rnd = new Random(name.hashCode());
        int cases = functionCases(cost);
        for (int i = 0; i < cases; i++) {
            Ball.Field fl = PRECISIONS[rnd.nextInt(PRECISIONS.length)] == 1024 ? Ball.field(1024) : Ball.field(256);
            // a random dyadic argument with up to 80 bits, |x| <= range, sometimes tiny
            double v = (rnd.nextDouble() * 2 - 1) * range;
            if (rnd.nextInt(20) == 0) {
                v = Math.scalb(v, -rnd.nextInt(60));
            }
            if (positive) {
                v = Math.abs(v) + 1e-3;
            }
            BigInteger m = BigInteger.valueOf((long) (v * 0x1p40)).shiftLeft(30).add(new BigInteger(30, rnd));
            if (m.signum() == 0) {
                continue;
            }
            Ball x = Ball.round(m, -70, BallRadius.ZERO, fl);
            if (rnd.nextInt(4) == 0) {
                // a narrow or wide ball: checked at its ends
                x = x.widen(BallRadius.of(1 + rnd.nextDouble(), rnd.nextBoolean() ? -fl.bits - 10 : -8 - rnd.nextInt(30)));
                if (positive && !x.isPositive()) {
                    continue;
                }
            }
            Ball r = f.apply(x);
            for (D p : new D[] {D.of(x, false), D.of(x, true), D.mid(x)}) {
                BigInteger want = ref.apply(fixed(p));
                assertThat(meets(r, want)).as("%s(%s) = %s at %s: reference %s", name, x, r, Ball.approx(p.m, p.e),
                        Ball.approx(want, -REF)).isTrue();
            }
        }
    }

    @Test
    void expContainsReference() {
        function("exp", 30, false, 1, Ball::exp, BallPropertyTest::refExp);
    }

    @Test
    void logContainsReference() {
        function("log", 100, true, 4, Ball::log, BallPropertyTest::refLog);
    }

    @Test
    void tanhContainsReference() {
        function("tanh", 12, false, 1, Ball::tanh, BallPropertyTest::refTanh);
    }

    @Test
    void logisticContainsReference() {
        function("logistic", 25, false, 1, Ball::logistic, BallPropertyTest::refLogistic);
    }

    @Test
    void softplusContainsReference() {
        function("softplus", 25, false, 5, Ball::softplus, BallPropertyTest::refSoftplus);
    }

    @Test
    void erfContainsReference() {
        function("erf", 5, false, 20, Ball::erf, BallPropertyTest::refErf);
    }

    /** The ball moved up by 3 radii, same radius, without rounding. */
    private static Ball moved(Ball b) {
        BallRadius shift = b.radius().mul(3);
        Ball m = Ball.sumExact(b.midPoint(b.field()), Ball.exact(shift.mantissa(), shift.exponent(), b.field()));
        return new Ball(m.man(), m.exp, b.radius(), b.field());
    }

    @Test
    void checksRejectFalseEnclosures() {
        // negative control: a ball moved off the true value by 3 radii (radius kept) fails both checks
        Random rnd = new Random(13);
        Ball.Field f = Ball.field(256);
        for (int i = 0; i < 200; i++) {
            Ball x = Ball.round(BigInteger.valueOf(rnd.nextInt(1 << 30) - (1 << 29)).shiftLeft(40).add(new BigInteger(40, rnd)),
                    -66, BallRadius.ZERO, f);
            if (x.signum() == 0) {
                continue;
            }
            Ball t = x.tanh();
            assertThat(meets(t, refTanh(fixed(D.mid(x))))).isTrue();
            assertThat(meets(moved(t), refTanh(fixed(D.mid(x))))).as("moved tanh(%s)", x).isFalse();
            Ball p = x.multiply(x);
            Ball pm = moved(p);
            D exact = D.mid(x).mul(D.mid(x));
            assertThat(contains(pm, exact) && !p.radius().isZero()).as("moved %s", pm).isFalse();
        }
    }

    @Test
    void referenceAgreesWithKnownDigits() {
        // the reference itself against published digits (e, ln 2, π, erf 1, tanh 1)
        assertThat(Ball.approx(refExp(ONE), -REF)).isEqualTo(Math.E);
        assertThat(Ball.approx(refLog(ONE.shiftLeft(1)), -REF)).isEqualTo(0.6931471805599453);
        assertThat(Ball.approx(refPi(), -REF)).isEqualTo(Math.PI);
        assertThat(Ball.approx(refErf(ONE), -REF)).isEqualTo(0.8427007929497149);
        assertThat(Ball.approx(refTanh(ONE), -REF)).isEqualTo(0.7615941559557649);
        // 40 digits of π: 3.141592653589793238462643383279502884197
        BigInteger piDigits = new BigInteger("3141592653589793238462643383279502884197");
        BigInteger scaled = refPi().multiply(BigInteger.TEN.pow(39)).shiftRight(REF);
        assertThat(scaled).isEqualTo(piDigits);
    }
}
