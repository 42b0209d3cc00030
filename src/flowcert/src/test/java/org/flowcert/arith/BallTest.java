package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ring operations of {@link Ball}: every result contains the exact rational result at
 * random points of the operands (end points included), and point results are tight.
 */
class BallTest {
    private static final Ball.Field F = Ball.field(256);
    /** Cases per operation: flowcert.props / 100 (1000 by default, 10^4 with -Plong): exact checks on 300-bit rationals are slow. */
    private static final int CASES = Math.max(200, Integer.getInteger("flowcert.props", 100000) / 100);

    /** A random rational of varied size: small integers, fractions with odd denominators, huge and tiny values. */
    static BigFraction randomRational(Random rnd) {
        BigInteger num = new BigInteger(1 + rnd.nextInt(300), rnd);
        if (rnd.nextBoolean()) {
            num = num.negate();
        }
        BigInteger den = new BigInteger(1 + rnd.nextInt(300), rnd).add(BigInteger.ONE);
        BigFraction q = BigFraction.of(num, den);
        switch (rnd.nextInt(5)) {
            case 0:
                return BigFraction.of(rnd.nextInt(21) - 10);
            case 1:
                return q.multiply(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(rnd.nextInt(400))));
            case 2:
                return q.multiply(BigFraction.of(BigInteger.ONE.shiftLeft(rnd.nextInt(400))));
            default:
                return q;
        }
    }

    /** A random ball: a point, a narrow ball or a wide one, built from a rational interval. */
    static Ball randomBall(Random rnd) {
        BigFraction c = randomRational(rnd);
        int kind = rnd.nextInt(3);
        if (kind == 0) {
            return F.of(c);
        }
        BigFraction w = c.abs().add(BigFraction.ONE)
                .multiply(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(kind == 1 ? 200 + rnd.nextInt(60) : rnd.nextInt(20))))
                .multiply(BigFraction.of(1 + rnd.nextInt(1000), 1000));
        return F.hull(c.subtract(w), c.add(w));
    }

    /** A random point of the ball: an end point or an interior rational. */
    static BigFraction pointOf(Ball b, Random rnd) {
        BigFraction lo = b.lower();
        BigFraction hi = b.upper();
        switch (rnd.nextInt(4)) {
            case 0:
                return lo;
            case 1:
                return hi;
            default:
                BigFraction t = BigFraction.of(rnd.nextInt(1_000_001), 1_000_000);
                return lo.add(hi.subtract(lo).multiply(t));
        }
    }

    private static void checkBinary(String name, BinaryOperator<Ball> op, BinaryOperator<BigFraction> exact, boolean nonzeroDivisor) {
        Random rnd = new Random(name.hashCode());
        for (int i = 0; i < CASES; i++) {
            Ball a = randomBall(rnd);
            Ball b = randomBall(rnd);
            if (nonzeroDivisor && !(b.isPositive() || b.isNegative())) {
                continue;
            }
            Ball r = op.apply(a, b);
            for (int k = 0; k < 2; k++) {
                BigFraction x = pointOf(a, rnd);
                BigFraction y = pointOf(b, rnd);
                BigFraction v = exact.apply(x, y);
                assertThat(r.contains(v)).as("%s(%s, %s) = %s must contain %s", name, a, b, r, v.doubleValue()).isTrue();
            }
        }
    }

    @Test
    void addEnclosesExactSums() {
        checkBinary("add", Ball::add, BigFraction::add, false);
    }

    @Test
    void subtractEnclosesExactDifferences() {
        checkBinary("subtract", Ball::subtract, BigFraction::subtract, false);
    }

    @Test
    void multiplyEnclosesExactProducts() {
        checkBinary("multiply", Ball::multiply, BigFraction::multiply, false);
    }

    @Test
    void divideEnclosesExactQuotients() {
        checkBinary("divide", Ball::divide, BigFraction::divide, true);
    }

    @Test
    void unaryOperationsEncloseTheirExactResults() {
        Random rnd = new Random(7);
        for (int i = 0; i < CASES; i++) {
            Ball a = randomBall(rnd);
            Ball sq = a.square();
            Ball neg = a.negate();
            Ball relu = a.relu();
            Ball step = a.step();
            assertThat(sq.lower().signum()).as("square is never negative: %s", sq).isGreaterThanOrEqualTo(0);
            for (int k = 0; k < 3; k++) {
                BigFraction x = pointOf(a, rnd);
                assertThat(sq.contains(x.multiply(x))).as("square %s at %s", a, x).isTrue();
                assertThat(neg.contains(x.negate())).isTrue();
                assertThat(relu.contains(x.signum() > 0 ? x : BigFraction.ZERO)).as("relu %s at %s", a, x).isTrue();
                assertThat(step.contains(x.signum() > 0 ? BigFraction.ONE : BigFraction.ZERO)).as("step %s at %s", a, x).isTrue();
            }
        }
    }

    @Test
    void ofAndHullEncloseTheirRationals() {
        Random rnd = new Random(11);
        for (int i = 0; i < CASES; i++) {
            BigFraction q = randomRational(rnd);
            Ball b = F.of(q);
            assertThat(b.contains(q)).isTrue();
            assertThat(b.radUpper()).isLessThanOrEqualTo(Math.scalb(Math.abs(q.doubleValue()), -255));
            BigFraction p = randomRational(rnd);
            BigFraction lo = Ball.compare(p, q) < 0 ? p : q;
            BigFraction hi = Ball.compare(p, q) < 0 ? q : p;
            Ball h = F.hull(lo, hi);
            assertThat(Ball.compare(h.lower(), lo)).isLessThanOrEqualTo(0);
            assertThat(Ball.compare(h.upper(), hi)).isGreaterThanOrEqualTo(0);
        }
    }

    /** Relative radius of a point-operand result: at 256 bits a correct implementation stays below 2^-250. */
    private static double relRad(Ball r, BigFraction exact) {
        return r.radUpper() / Math.abs(exact.doubleValue());
    }

    @Test
    void pointResultsAreTight() {
        Random rnd = new Random(13);
        double bound = Math.scalb(1.0, -250);
        for (int i = 0; i < CASES / 10; i++) {
            BigFraction x = BigFraction.of(rnd.nextInt(2_000_001) - 1_000_000, 1 + rnd.nextInt(999));
            BigFraction y = BigFraction.of(1 + rnd.nextInt(1_000_000), 1 + rnd.nextInt(999));
            Ball a = F.of(x);
            Ball b = F.of(y);
            if (x.signum() != 0) {
                assertThat(relRad(a.multiply(b), x.multiply(y))).isLessThanOrEqualTo(bound);
                assertThat(relRad(a.divide(b), x.divide(y))).isLessThanOrEqualTo(bound);
                assertThat(relRad(b.divide(a), y.divide(x))).isLessThanOrEqualTo(bound);
                assertThat(relRad(a.square(), x.multiply(x))).isLessThanOrEqualTo(bound);
            }
            assertThat(relRad(F.of(x.abs()).add(b), x.abs().add(y))).isLessThanOrEqualTo(bound);
            assertThat(relRad(b.sqrt(), BigFraction.from(Math.sqrt(y.doubleValue())))).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void sqrtEnclosesAndIsTight() {
        Random rnd = new Random(17);
        for (int i = 0; i < CASES / 10; i++) {
            Ball a = randomBall(rnd);
            if (!a.isPositive()) {
                a = a.square().add(F.of(BigFraction.of(1, 1000)));
            }
            Ball s = a.sqrt();
            // sqrt(x) in s  <=>  lo^2 <= x <= hi^2 for lo >= 0 (exact test, no reference needed)
            BigFraction lo = s.lower();
            BigFraction hi = s.upper();
            for (int k = 0; k < 2; k++) {
                BigFraction x = pointOf(a, rnd);
                assertThat(lo.signum() <= 0 || Ball.compare(lo.multiply(lo), x) <= 0).as("sqrt %s lower at %s", a, x).isTrue();
                assertThat(Ball.compare(hi.multiply(hi), x)).as("sqrt %s upper at %s", a, x).isGreaterThanOrEqualTo(0);
            }
        }
        // a ball straddling 0 encloses sqrt on its non-negative part
        Ball st = F.hull(BigFraction.of(-1, 4), BigFraction.of(9, 4));
        Ball s = st.sqrt();
        assertThat(s.contains(BigFraction.ZERO)).isTrue();
        assertThat(s.contains(BigFraction.of(3, 2))).isTrue();
    }

    @Test
    void exactValuesAndBounds() {
        Ball h = F.of(BigFraction.of(-3, 8));
        assertThat(h.exactValue()).contains(BigFraction.of(-3, 8));
        assertThat(h.lower()).isEqualTo(BigFraction.of(-3, 8));
        assertThat(h.upper()).isEqualTo(BigFraction.of(-3, 8));
        assertThat(h.isNegative()).isTrue();
        Ball third = F.of(BigFraction.of(1, 3));
        assertThat(third.exactValue()).isEmpty();
        assertThat(Ball.compare(third.lower(), BigFraction.of(1, 3))).isLessThan(0);
        assertThat(Ball.compare(third.upper(), BigFraction.of(1, 3))).isGreaterThan(0);
        assertThat(third.isPositive()).isTrue();
        assertThat(third.approx()).isEqualTo(1.0 / 3);
        Ball box = F.hull(BigFraction.of(-1, 2), BigFraction.of(3, 2));
        assertThat(box.lower()).isEqualTo(BigFraction.of(-1, 2));
        assertThat(box.upper()).isEqualTo(BigFraction.of(3, 2));
        assertThat(box.relu().lower()).isEqualTo(BigFraction.ZERO);
        assertThat(box.relu().upper()).isEqualTo(BigFraction.of(3, 2));
        assertThat(box.step().lower()).isEqualTo(BigFraction.ZERO);
        assertThat(box.step().upper()).isEqualTo(BigFraction.ONE);
        assertThat(F.of(BigFraction.ZERO).step().exactValue()).contains(BigFraction.ZERO);
        assertThat(F.of(BigFraction.ZERO).relu().exactValue()).contains(BigFraction.ZERO);
        assertThatThrownBy(() -> F.one().divide(box)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> box.log()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void fieldsAreNamedAndParsed() {
        assertThat(Ball.parseArith("ball:256").name()).isEqualTo("ball:256");
        assertThat(Ball.parseArith("ball:256")).isSameAs(F);
        assertThat(F.rigorous()).isTrue();
        for (Num.Primitive p : Num.Primitive.values()) {
            assertThat(F.supports(p)).isTrue();
        }
        for (String bad : new String[] {"ball", "ball:", "ball:abc", "ball:23", "ball:100001", "ball:-5", "ball:2.5",
                "ball:99999999999", "interval", "ball: 64"}) {
            assertThatThrownBy(() -> Ball.parseArith(bad)).as(bad).isInstanceOf(UserError.class)
                    .hasMessageContaining("ball:BITS");
        }
        assertThat(Ball.parseArith("ball:24").bits()).isEqualTo(24);
        assertThat(Ball.parseArith("ball:100000").bits()).isEqualTo(100000);
    }

    /**
     * √ of balls with huge and tiny exponents, relatively wide or narrow (session 8: the old choice by an absolute
     * radius 2^−16 took the end-point hull of mid ± 1 at mid = 2^(2^40), which overflowed, and built exact end points
     * as long as the exponent gap between midpoint and radius). Checked on the scaled ball: with x = y·2^(2K), √x = √y·2^K, so
     * the result scaled by 2^−K must contain √ of the scaled ends (lo² ≤ y_lo and y_hi ≤ hi², exact tests). The
     * timeout is a hang guard, not a timing assertion.
     */
    @Test
    @Timeout(120)
    void sqrtOfHugeAndTinyExponentBallsCompletesAndEncloses() {
        long[][] cases = { // {K, mid's top limb (mantissa·2^63), mid exponent offset, radius exponent offset}
            {1L << 39, 0xC000_0000_0000_0000L, 0, -3}, // 1.5·2^(2K) ± 2^(2K − 3): relatively wide
            {1L << 39, 0x8000_0000_0000_0000L, 0, -2000}, // 2^(2K)·(1 ± 2^−2000): relatively narrow
            {1000, 0xC000_0000_0000_0000L, 0, -1990}, // 1.5·2^2000 ± 2^10: relatively narrow, wide in absolute
            {-(1L << 39), 0xC000_0000_0000_0000L, 0, -3}, // tiny and relatively wide
            {-(1L << 39), 0xA000_0000_0000_0000L, 0, -40}, // tiny and relatively narrow
            {1L << 39, 0x8000_0000_0000_0000L, -2000, 0}, // 2^(2K − 2000) ± 2^(2K): straddles 0
        };
        for (int bits : new int[] {53, 128, 256, 1024}) {
            Ball.Field f = Ball.field(bits);
            for (long[] c : cases) {
                long k = c[0];
                // mid = mant·2^(2K + offset − 63), mant the top limb
                Ball x = new Ball(new long[] {c[1]}, 1, 2 * k + c[2] - 63, BallRadius.pow2(2 * k + c[3]), f);
                Ball s = x.sqrt().scalePow2(-k);
                Ball y = x.scalePow2(-2 * k);
                BigFraction lo = s.lower();
                BigFraction hi = s.upper();
                BigFraction ylo = y.lower().signum() < 0 ? BigFraction.ZERO : y.lower();
                String what = bits + " bits, case " + java.util.Arrays.toString(c) + ": " + s;
                assertThat(lo.signum() <= 0 || Ball.compare(lo.multiply(lo), ylo) <= 0).as(what).isTrue();
                assertThat(Ball.compare(y.upper(), hi.multiply(hi)) <= 0).as(what).isTrue();
                // and tight: within 2^(20 − bits) relative of the exact width (ends rounded outward)
                if (ylo.signum() > 0) {
                    double w = hi.subtract(lo).doubleValue();
                    double up = Math.sqrt(y.upper().doubleValue());
                    double exact = up - Math.sqrt(ylo.doubleValue());
                    assertThat(w).as(what).isLessThanOrEqualTo(exact * 1.001 + up * Math.pow(2, 20 - bits));
                }
            }
            // 2^(2K) ± 1, K = 2^39: √ = 2^K ± ρ with ρ ≤ 2^(−K−1) (√(1 + u) ≤ 1 + u/2); the ends are not writable as
            // fractions, so the midpoint and the radius's exponent are checked
            long k = 1L << 39;
            Ball r = new Ball(new long[] {1L << 63}, 1, 2 * k - 63, BallRadius.ONE, f).sqrt();
            assertThat(r.scale() - 1).as("%d bits", bits).isEqualTo(k);
            assertThat(r.mag[r.mag.length - 1] == 1L << 63 && BallLimbs.top(java.util.Arrays.copyOf(r.mag, r.mag.length - 1)) < 0)
                    .as("%d bits: mid 2^K", bits).isTrue();
            assertThat(r.radE).as("%d bits: radius() ≥ 2^(−K−1)", bits).isGreaterThanOrEqualTo(-k - 1);
        }
    }

    @Test
    void lowPrecisionStaysRigorous() {
        Ball.Field f = Ball.field(24);
        Random rnd = new Random(19);
        for (int i = 0; i < CASES / 10; i++) {
            BigFraction x = randomRational(rnd);
            BigFraction y = randomRational(rnd);
            Ball a = f.of(x);
            Ball b = f.of(y);
            assertThat(a.multiply(b).contains(x.multiply(y))).isTrue();
            assertThat(a.add(b).contains(x.add(y))).isTrue();
            if (y.signum() != 0) {
                assertThat(a.divide(b).contains(x.divide(y))).isTrue();
            }
        }
    }
}
