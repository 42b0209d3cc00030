package org.flowcert.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.apache.commons.numbers.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/**
 * The limb kernels of {@link BallLimbs} against {@link BigInteger} (an independent exact
 * implementation), and the edge cases of the limb-based ring operations of {@link Ball} against
 * exact rationals: carries across limbs (all-ones limbs, rounding up to the next power of two),
 * exponent differences at and beyond the precision, zero, negative operands, mixed precisions
 * and exact points with many limbs.
 */
class BallLimbsTest {
    private static final int CASES = Math.max(2_000, Integer.getInteger("flowcert.props", 100_000) / 20);
    private static final BigInteger MASK64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** Random limbs, biased to all-ones and zero limbs (carry chains). */
    private static long[] randomLimbs(Random rnd, int n) {
        long[] a = new long[n];
        int kind = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case 0:
                    a[i] = -1L;
                    break;
                case 1:
                    a[i] = rnd.nextInt(3) == 0 ? -1L : rnd.nextInt(3) == 0 ? 0 : rnd.nextLong();
                    break;
                default:
                    a[i] = rnd.nextLong();
            }
        }
        return a;
    }

    private static BigInteger big(long[] a) {
        BigInteger r = BigInteger.ZERO;
        for (int i = a.length - 1; i >= 0; i--) {
            r = r.shiftLeft(64).or(BigInteger.valueOf(a[i]).and(MASK64));
        }
        return r;
    }

    @Test
    void kernelsMatchBigInteger() {
        Random rnd = new Random(31);
        for (int i = 0; i < CASES; i++) {
            long[] a = randomLimbs(rnd, 1 + rnd.nextInt(20));
            long[] b = randomLimbs(rnd, 1 + rnd.nextInt(20));
            BigInteger x = big(a);
            BigInteger y = big(b);
            assertThat(big(BallLimbs.mul(a, b))).isEqualTo(x.multiply(y));
            assertThat(big(BallLimbs.mulHigh(a, b, 0))).isEqualTo(x.multiply(y));
            // short product: the kept columns and the bound of the skipped part
            int k0 = rnd.nextInt(a.length + b.length);
            BigInteger kept = big(BallLimbs.mulHigh(a, b, k0)).shiftLeft(64 * k0);
            BigInteger skipped = x.multiply(y).subtract(kept);
            assertThat(skipped.signum()).isGreaterThanOrEqualTo(0);
            assertThat(skipped).isLessThan(BigInteger.valueOf(Math.min(a.length, b.length)).shiftLeft(64 * k0 + 65));
            // squares: full and short, the same contract
            assertThat(big(BallLimbs.sqrHigh(a, 0))).isEqualTo(x.multiply(x));
            int k1 = rnd.nextInt(2 * a.length);
            BigInteger keptSq = big(BallLimbs.sqrHigh(a, k1)).shiftLeft(64 * k1);
            BigInteger skippedSq = x.multiply(x).subtract(keptSq);
            assertThat(skippedSq.signum()).isGreaterThanOrEqualTo(0);
            assertThat(skippedSq).isLessThan(BigInteger.valueOf(a.length).shiftLeft(64 * k1 + 65));
            // add, subtract, negate modulo 2^(64 len)
            long[] r = a.clone();
            long[] bb = b.length <= r.length ? b : java.util.Arrays.copyOf(b, r.length);
            BigInteger mod = BigInteger.ONE.shiftLeft(64 * r.length);
            long carry = BallLimbs.addInPlace(r, bb);
            assertThat(big(r).add(BigInteger.valueOf(carry).shiftLeft(64 * r.length))).isEqualTo(x.add(big(bb)));
            r = a.clone();
            long borrow = BallLimbs.subInPlace(r, bb);
            assertThat(big(r)).isEqualTo(x.subtract(big(bb)).mod(mod));
            assertThat(borrow).isEqualTo(x.compareTo(big(bb)) < 0 ? 1 : 0);
            if (borrow != 0) {
                BallLimbs.negateInPlace(r);
                assertThat(big(r)).isEqualTo(big(bb).subtract(x));
            }
            // shifts and bit reads
            long s = rnd.nextInt(64 * a.length + 130) - 130;
            int n = 1 + rnd.nextInt(a.length + 2);
            BigInteger want = (s >= 0 ? x.shiftRight((int) s) : x.shiftLeft((int) -s)).and(BigInteger.ONE.shiftLeft(64 * n).subtract(BigInteger.ONE));
            assertThat(big(BallLimbs.extract(a, s, n))).isEqualTo(want);
            long pos = rnd.nextInt(64 * a.length + 70);
            int g = rnd.nextInt(63);
            assertThat(BallLimbs.bitsAt(a, pos, g)).isEqualTo(x.shiftRight((int) pos).and(BigInteger.ONE.shiftLeft(g).subtract(BigInteger.ONE)).longValue());
            assertThat(BallLimbs.zeroBelow(a, pos)).isEqualTo(x.signum() == 0 || x.getLowestSetBit() >= pos);
            // shifted signed accumulation in two's complement (the long division's R and q)
            long[] acc = randomLimbs(rnd, a.length + b.length + 3);
            BigInteger mod2 = BigInteger.ONE.shiftLeft(64 * acc.length);
            BigInteger before = big(acc);
            long sh = rnd.nextInt(64 * 2 + 1);
            int sg = rnd.nextBoolean() ? 1 : -1;
            BallLimbs.addShifted(acc, b, sh, sg);
            BigInteger delta = y.shiftLeft((int) sh);
            assertThat(big(acc)).isEqualTo((sg > 0 ? before.add(delta) : before.subtract(delta)).mod(mod2));
            BigInteger signedAcc = acc[acc.length - 1] < 0 ? big(acc).subtract(mod2) : big(acc);
            assertThat(big(BallLimbs.abs(acc))).isEqualTo(signedAcc.abs());
            // conversions
            int sign = rnd.nextBoolean() ? 1 : -1;
            BigInteger signed = sign > 0 ? x : x.negate();
            assertThat(BallLimbs.toBigInteger(a, sign)).isEqualTo(x.signum() == 0 ? BigInteger.ZERO : signed);
            assertThat(big(BallLimbs.of(signed))).isEqualTo(x);
        }
    }

    /** A random normalised limb array (top bit set), biased to all-ones, zero and 2^63 limbs. */
    private static long[] normalised(Random rnd, int n) {
        long[] b = randomLimbs(rnd, n);
        int kind = rnd.nextInt(6);
        if (kind == 0) {
            b[n - 1] = Long.MIN_VALUE; // 2^63: the smallest top limb
        } else if (kind == 1) {
            b[n - 1] = -1L; // the largest
        }
        b[n - 1] |= Long.MIN_VALUE;
        return b;
    }

    @Test
    void reciprocalIsFloorOf2To128Minus1OverD() {
        Random rnd = new Random(41);
        BigInteger all = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, -2L, 0xC000_0000_0000_0000L, 0x8000_0000_0000_07ffL,
            0x8000_0000_0000_0800L, 0xffff_ffff_ffff_f800L, 0xffff_ffff_ffff_f7ffL};
        for (int i = 0; i < CASES + edges.length; i++) {
            long d = i < edges.length ? edges[i] : rnd.nextLong() | Long.MIN_VALUE;
            BigInteger dd = BigInteger.valueOf(d).and(MASK64);
            BigInteger v = all.divide(dd).subtract(BigInteger.ONE.shiftLeft(64));
            assertThat(BigInteger.valueOf(BallLimbs.reciprocal(d)).and(MASK64)).as("d = %x", d).isEqualTo(v);
            // one 2-by-1 quotient with it
            long u1 = rnd.nextLong();
            if (Long.compareUnsigned(u1, d) >= 0) {
                u1 = d - 1 - (rnd.nextBoolean() ? 0 : rnd.nextInt(5));
            }
            long u0 = rnd.nextInt(4) == 0 ? -1L : rnd.nextLong();
            BigInteger u = BigInteger.valueOf(u1).and(MASK64).shiftLeft(64).or(BigInteger.valueOf(u0).and(MASK64));
            assertThat(BigInteger.valueOf(BallLimbs.div2by1(u1, u0, d, BallLimbs.reciprocal(d))).and(MASK64))
                    .isEqualTo(u.divide(dd));
        }
    }

    @Test
    void longDivisionMatchesBigInteger() {
        Random rnd = new Random(43);
        for (int i = 0; i < CASES; i++) {
            int lb = 1 + rnd.nextInt(i % 4 == 0 ? 20 : 4);
            int lu = lb + 1 + rnd.nextInt(i % 4 == 1 ? 20 : 5);
            long[] b = normalised(rnd, lb);
            long[] u = new long[lu];
            long[] a = randomLimbs(rnd, lu - 1);
            switch (rnd.nextInt(4)) {
                case 0: // a window equal to b's top limbs: the q̂ = 2^64 − 1 case
                    for (int k = 0; k < lb && k < lu - 1; k++) {
                        a[lu - 2 - k] = b[lb - 1 - k];
                    }
                    break;
                case 1: // a multiple of b plus a small remainder
                    long[] m = BallLimbs.mul(randomLimbs(rnd, lu - 1 - lb), b);
                    System.arraycopy(m, 0, a, 0, Math.min(m.length, lu - 1));
                    break;
                default:
            }
            System.arraycopy(a, 0, u, 0, lu - 1);
            BigInteger x = big(u);
            BigInteger y = big(b);
            long[] q = new long[lu - lb];
            assertThat(BallLimbs.divide(u, b, q)).isTrue();
            BigInteger[] qr = x.divideAndRemainder(y);
            assertThat(big(q)).isEqualTo(qr[0]);
            assertThat(big(u)).isEqualTo(qr[1]);
        }
    }

    @Test
    void bothQuotientKernelsEncloseTheExactQuotient() {
        Random rnd = new Random(47);
        for (int i = 0; i < CASES / 4; i++) {
            int bits = 24 + rnd.nextInt(1100);
            Ball.Field f = Ball.field(bits);
            long[] a = normalised(rnd, 1 + rnd.nextInt(20));
            long[] b = normalised(rnd, 1 + rnd.nextInt(20));
            long ea = rnd.nextInt(400) - 200;
            long eb = rnd.nextInt(400) - 200;
            BigFraction exact = Ball.toBigFraction(big(a), ea).divide(Ball.toBigFraction(big(b), eb));
            Ball fast = Ball.quotientLimbsForTest(a, ea, b, eb, f);
            Ball slow = Ball.quotientDigits(a, ea, b, eb, 1, f);
            assertThat(fast.contains(exact)).isTrue();
            assertThat(slow.contains(exact)).isTrue();
            // the radius is at most one unit in the last place (half from the rounding, R/B from the remainder)
            assertThat(Ball.compare(fast.rad(), exact.multiply(BigFraction.of(BigInteger.ONE,
                    BigInteger.ONE.shiftLeft(bits - 1))))).isLessThanOrEqualTo(0);
        }
    }

    @Test
    void rootKernelEnclosesTheExactRoot() {
        Random rnd = new Random(53);
        for (int i = 0; i < CASES / 4; i++) {
            int bits = 24 + rnd.nextInt(1100);
            Ball.Field f = Ball.field(bits);
            long[] a = normalised(rnd, 1 + rnd.nextInt(i % 3 == 0 ? 40 : 4));
            long ea = rnd.nextInt(400) - 200;
            BigFraction x = Ball.toBigFraction(big(a), ea);
            for (Ball r : new Ball[] {Ball.sqrtPoint(a, ea, f), Ball.sqrtKaratsuba(a, ea, f), Ball.sqrtDigits(a, ea, f)}) {
                // lo² ≤ x ≤ hi² with lo ≥ 0
                BigFraction lo = r.lower();
                BigFraction hi = r.upper();
                assertThat(lo.signum()).isGreaterThanOrEqualTo(0);
                assertThat(Ball.compare(lo.multiply(lo), x)).isLessThanOrEqualTo(0);
                assertThat(Ball.compare(x, hi.multiply(hi))).isLessThanOrEqualTo(0);
                // within one unit in the last place: radius ≤ lo·2^(1 − bits)
                assertThat(Ball.compare(r.rad(), lo.multiply(BigFraction.of(BigInteger.ONE,
                        BigInteger.ONE.shiftLeft(bits - 1))))).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void integerSquareRootWithRemainderMatchesBigInteger() {
        // sqrtRem (the Karatsuba root of sqrtKaratsuba): s = ⌊√a⌋ and r = a − s² exactly, never refused, for 2L-limb
        // a with top limb ≥ 2^62: random, all-ones limbs (carries), the smallest top limbs (2^62, 2^62 + 1), the
        // largest (2^64 − 1), perfect squares and squares ± 1 (r = 0, r = 2s: the ends of the range)
        Random rnd = new Random(59);
        for (int i = 0; i < CASES; i++) {
            int ll = 1 + rnd.nextInt(i % 4 == 0 ? 40 : 9);
            long[] a = randomLimbs(rnd, 2 * ll);
            switch (rnd.nextInt(6)) {
                case 0:
                    a[2 * ll - 1] = (1L << 62) + rnd.nextInt(2);
                    break;
                case 1:
                    a[2 * ll - 1] = -1L;
                    break;
                case 2:
                case 3: {
                    // a square S² or S² ± 1, S·S of 2L limbs with the top limb ≥ 2^62 (S's top bit set)
                    long[] sl = randomLimbs(rnd, ll);
                    sl[ll - 1] |= Long.MIN_VALUE;
                    BigInteger sq = big(sl).pow(2).add(BigInteger.valueOf(rnd.nextInt(3) - 1));
                    sq = sq.add(rnd.nextBoolean() ? BigInteger.ZERO : big(sl).shiftLeft(1)); // S² + 2S (+1: (S+1)²)
                    if (sq.bitLength() <= 128 * ll) {
                        a = BallLimbs.extract(BallLimbs.of(sq), 0, 2 * ll);
                    }
                    break;
                }
                default:
                    break;
            }
            if (Long.compareUnsigned(a[2 * ll - 1], 1L << 62) < 0) {
                a[2 * ll - 1] |= 1L << 62;
            }
            BigInteger n = big(a);
            long[][] sr = BallLimbs.sqrtRem(a);
            assertThat(sr).as("sqrtRem refused %s", n.toString(16)).isNotNull();
            assertThat(sr[0]).hasSize(ll);
            assertThat(sr[1]).hasSize(ll + 1);
            BigInteger sq = n.sqrt();
            assertThat(big(sr[0])).isEqualTo(sq);
            assertThat(big(sr[1])).isEqualTo(n.subtract(sq.multiply(sq)));
        }
    }

    @Test
    void quotientAndRootRadiiAtEveryGapBetweenMidpointAndRadius() {
        // divisor radius rb = |mb|·2^−g around the binary64 path's cases: g < 1 (BallRadius path), 1 ≤ g ≤ 1000,
        // g > 1000, and dividend radii 0 and non-zero; every corner quotient must be inside
        int[] gaps = {0, 1, 2, 3, 52, 53, 200, 999, 1000, 1001, 1002, 1100};
        for (int bits : new int[] {24, 128, 256, 1024}) {
            Ball.Field f = Ball.field(bits);
            for (int g : gaps) {
                for (int sign : new int[] {1, -1}) {
                    BigFraction mb = BigFraction.of(-13 * sign, 9);
                    BigFraction rb = BigFraction.of(13, 9).multiply(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(g)))
                            .multiply(BigFraction.of(3, 4));
                    Ball y = f.hull(mb.subtract(rb), mb.add(rb));
                    // the same gaps for √ of the positive ball: lo(√)² ≤ every point ≤ hi(√)²
                    Ball pos = sign > 0 ? y.negate() : y;
                    Ball root = pos.sqrt();
                    assertThat(root.lower().signum()).isGreaterThanOrEqualTo(0);
                    assertThat(Ball.compare(root.lower().multiply(root.lower()), pos.lower())).isLessThanOrEqualTo(0);
                    assertThat(Ball.compare(pos.upper(), root.upper().multiply(root.upper()))).isLessThanOrEqualTo(0);
                    for (BigFraction ra : new BigFraction[] {BigFraction.ZERO, BigFraction.of(1, 1 << 20)}) {
                        BigFraction ma = BigFraction.of(7, 10);
                        Ball x = ra.signum() == 0 ? f.of(ma) : f.hull(ma.subtract(ra), ma.add(ra));
                        Ball q = x.divide(y);
                        for (BigFraction xv : new BigFraction[] {x.lower(), x.upper()}) {
                            for (BigFraction yv : new BigFraction[] {y.lower(), y.upper()}) {
                                assertThat(q.contains(xv.divide(yv))).as("bits %d gap %d", bits, g).isTrue();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void fusedMultiplyShiftAddMatchesProductThenShiftedAdd() {
        Random rnd = new Random(59);
        for (int i = 0; i < CASES; i++) {
            long[] p = randomLimbs(rnd, 1 + rnd.nextInt(20));
            long d = rnd.nextInt(3) == 0 ? -1L : rnd.nextInt(3) == 0 ? 1L << 53 : rnd.nextLong();
            long s = rnd.nextInt(200);
            int len = (int) ((64L * (p.length + 1) + s) / 64) + 2 + rnd.nextInt(3);
            long[] r = randomLimbs(rnd, len);
            r[len - 1] = rnd.nextBoolean() ? 0 : -1L; // a sign limb: positive or negative two's complement
            int sign = rnd.nextBoolean() ? 1 : -1;
            long[] expected = r.clone();
            BallLimbs.addShifted(expected, BallLimbs.mul(new long[] {d}, p), s, sign);
            long[] got = r.clone();
            BallLimbs.addMulShifted(got, p, d, s, sign);
            assertThat(got).isEqualTo(expected);
            // and against BigInteger modulo 2^(64 len)
            BigInteger mod = BigInteger.ONE.shiftLeft(64 * len);
            BigInteger term = big(p).multiply(BigInteger.valueOf(d).and(MASK64)).shiftLeft((int) s);
            assertThat(big(got)).isEqualTo(big(r).add(sign > 0 ? term : term.negate()).mod(mod));
        }
    }

    /**
     * The fused sum (one pass over a window of n + 1 limbs, note §3.3) gives the two-pass result (exact sum, then
     * rounding) exactly, midpoint and radius: carry-heavy limbs (all ones, zeros), every scale gap from 0 to p + 4
     * (B cut below the window when the gap exceeds 64), operands of 1..n limbs with low bits set or not, both signs
     * (cancellations, a borrow out of the top at equal scales), with and without an incoming radius.
     */
    @Test
    void fusedSumEqualsTheTwoPassSum() {
        Random rnd = new Random(23);
        int[] bits = {24, 53, 63, 64, 65, 127, 128, 129, 192, 256, 448, 449, 1024};
        for (int i = 0; i < CASES * 4; i++) {
            Ball.Field f = Ball.field(bits[rnd.nextInt(bits.length)]);
            int n = (f.bits() + 63) / 64;
            Ball a = randomOperand(rnd, f, n, rnd.nextInt(200) - 100);
            long gap = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(f.bits() + 5);
            Ball b = randomOperand(rnd, f, n, a.scale() + (rnd.nextBoolean() ? -gap : gap));
            if (rnd.nextInt(6) == 0) {
                b = new Ball(a.mag.clone(), -a.sgn, a.exp, b.radius(), f); // total cancellation
            } else if (rnd.nextInt(6) == 0) {
                long[] m = a.mag.clone(); // A − B with B = A minus a few low units: deep cancellation
                m[0] ^= rnd.nextInt(1 << 10);
                if (m[m.length - 1] < 0) {
                    b = new Ball(m, a.sgn, a.exp, b.radius(), f);
                }
            }
            int bs = rnd.nextBoolean() ? 1 : -1;
            double rv = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextDouble();
            long rk = a.scale() - rnd.nextInt(3 * f.bits());
            Ball fused = a.sumOf(b, bs, rv, rk, f, true);
            Ball twoPass = a.sumOf(b, bs, rv, rk, f, false);
            String what = f + ": " + java.util.Arrays.toString(a.mag) + "·2^" + a.exp + " " + (bs * b.sgn) + " "
                    + java.util.Arrays.toString(b.mag) + "·2^" + b.exp;
            assertThat(fused.midExact()).as(what).isEqualTo(twoPass.midExact());
            assertThat(fused.rad()).as(what).isEqualTo(twoPass.rad());
            BigFraction exact = a.midExact().add(bs > 0 ? b.midExact() : b.midExact().negate());
            assertThat(fused.contains(exact)).as(what).isTrue();
        }
    }

    /**
     * The two-limb fused sum (window in locals) at every scale gap 0..p + 4 (each branch of its shift: d = 0, &lt; 64,
     * 64, 65..127, 128, 129..132), both signs and orders, all-ones, power-of-two and random limbs, at 65, 100 and 128
     * bits: the two-pass result exactly.
     */
    @Test
    void twoLimbFusedSumEqualsTheTwoPassSumAtEveryGap() {
        Random rnd = new Random(31);
        long[][] limbs = {{-1L, -1L}, {0, Long.MIN_VALUE}, {1, Long.MIN_VALUE}, {-1L << 20, -1L}, {0, 0}};
        for (int bits : new int[] {65, 100, 128}) {
            Ball.Field f = Ball.field(bits);
            for (int d = 0; d <= bits + 4; d++) {
                for (int k = 0; k < 12; k++) {
                    long[] a = k < 5 ? limbs[k].clone() : new long[] {rnd.nextLong(), rnd.nextLong() | Long.MIN_VALUE};
                    long[] b = k < 5 ? limbs[(k + d) % 5].clone() : new long[] {rnd.nextLong(), rnd.nextLong() | Long.MIN_VALUE};
                    a[1] |= Long.MIN_VALUE;
                    b[1] |= Long.MIN_VALUE;
                    Ball x = new Ball(a, 1, -128, BallRadius.ZERO, f);
                    Ball y = new Ball(b, rnd.nextBoolean() ? 1 : -1, -128 - d, BallRadius.ZERO, f);
                    for (int bs : new int[] {1, -1}) {
                        for (Ball[] o : new Ball[][] {{x, y}, {y, x}}) {
                            Ball fused = o[0].sumOf(o[1], bs, 0, 0, f, true);
                            Ball twoPass = o[0].sumOf(o[1], bs, 0, 0, f, false);
                            String what = bits + " bits, d = " + d + ": " + java.util.Arrays.toString(a) + " "
                                    + java.util.Arrays.toString(b) + " " + bs;
                            assertThat(fused.midExact()).as(what).isEqualTo(twoPass.midExact());
                            assertThat(fused.rad()).as(what).isEqualTo(twoPass.rad());
                        }
                    }
                }
            }
        }
    }

    /** A midpoint of 1..n limbs (top bit set), carry-heavy, sometimes rounded to f's precision, at scale about s. */
    private static Ball randomOperand(Random rnd, Ball.Field f, int n, long s) {
        int len = 1 + rnd.nextInt(n);
        long[] m = randomLimbs(rnd, len);
        m[len - 1] |= Long.MIN_VALUE;
        if (rnd.nextBoolean() && len == n) {
            m[0] &= -1L << (64 * n - f.bits()); // a rounded midpoint: p significant bits
        }
        return new Ball(m, rnd.nextBoolean() ? 1 : -1, s - 64L * len, BallRadius.ZERO, f);
    }

    /**
     * The two-limb product kernel (products summed in locals, no product array, note §3.4) gives the result of the
     * full product rounded by roundLimbs exactly, midpoint and radius: carry-heavy factors (all-ones and zero limbs,
     * the top bit set), squares, every two-limb precision class (65, 100, 127, 128 bits), with and without a radius.
     */
    @Test
    void twoLimbProductEqualsTheRoundedFullProduct() {
        Random rnd = new Random(29);
        int[] bits = {65, 100, 127, 128};
        for (int i = 0; i < CASES * 4; i++) {
            Ball.Field f = Ball.field(bits[rnd.nextInt(bits.length)]);
            long[] a = randomLimbs(rnd, 2);
            a[1] |= Long.MIN_VALUE;
            long[] b = rnd.nextInt(4) == 0 ? a.clone() : randomLimbs(rnd, 2);
            b[1] |= Long.MIN_VALUE;
            if (rnd.nextInt(4) == 0) {
                a[0] = 0; // exact products (few low bits)
                b[0] &= -1L << rnd.nextInt(64);
            }
            int s = rnd.nextBoolean() ? 1 : -1;
            long e = rnd.nextInt(400) - 200;
            double rv = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextDouble();
            long rk = e + 256 - rnd.nextInt(3 * f.bits());
            Ball fast = Ball.product22(a[0], a[1], b[0], b[1], s, e, rv, rk, f);
            Ball full = Ball.roundLimbs(BallLimbs.mul(a, b), s, e, rv, rk, f);
            String what = f + ": " + java.util.Arrays.toString(a) + " × " + java.util.Arrays.toString(b);
            assertThat(fast.midExact()).as(what).isEqualTo(full.midExact());
            assertThat(fast.rad()).as(what).isEqualTo(full.rad());
        }
    }

    /**
     * The four-limb product kernel (session 10; the sixteen limb products summed in locals, note §3.4) gives the
     * result of the full product rounded by roundLimbs exactly, midpoint and radius: carry-heavy factors (all-ones and
     * zero limbs), the smallest and largest top limbs (2^63: P below 2^511, the shifted window; 2^64 − 1), squares,
     * exact products (low zero limbs: no sticky bit, the exact-result path), every four-limb precision class
     * (193, 200, 255, 256 bits), with and without a radius.
     */
    @Test
    void fourLimbProductEqualsTheRoundedFullProduct() {
        Random rnd = new Random(67);
        int[] bits = {193, 200, 255, 256};
        for (int i = 0; i < CASES * 4; i++) {
            Ball.Field f = Ball.field(bits[rnd.nextInt(bits.length)]);
            long[] a = randomLimbs(rnd, 4);
            long[] b = rnd.nextInt(4) == 0 ? a.clone() : randomLimbs(rnd, 4);
            switch (rnd.nextInt(5)) {
                case 0:
                    a[3] = Long.MIN_VALUE;
                    b[3] = Long.MIN_VALUE;
                    break;
                case 1:
                    a[3] = -1L;
                    break;
                case 2:
                    // exact products (few low bits)
                    a[0] = 0;
                    a[1] = rnd.nextBoolean() ? 0 : a[1];
                    b[0] = 0;
                    b[1] &= -1L << rnd.nextInt(64);
                    break;
                default:
                    break;
            }
            a[3] |= Long.MIN_VALUE;
            b[3] |= Long.MIN_VALUE;
            int s = rnd.nextBoolean() ? 1 : -1;
            long e = rnd.nextInt(400) - 200;
            double rv = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextDouble();
            long rk = e + 512 - rnd.nextInt(3 * f.bits());
            Ball fast = Ball.product44(a, b, s, e, rv, rk, f);
            Ball full = Ball.roundLimbs(BallLimbs.mul(a, b), s, e, rv, rk, f);
            String what = f + ": " + java.util.Arrays.toString(a) + " × " + java.util.Arrays.toString(b);
            assertThat(fast.midExact()).as(what).isEqualTo(full.midExact());
            assertThat(fast.rad()).as(what).isEqualTo(full.rad());
            // and against BigInteger: the exact product lies in the ball
            BigFraction exact = Ball.toBigFraction(big(a).multiply(big(b)).multiply(BigInteger.valueOf(s)), e);
            assertThat(fast.contains(exact)).as(what).isTrue();
        }
    }

    @Test
    void incrementCarriesAcrossLimbs() {
        long[] r = {-1L << 3, -1L, -1L};
        assertThat(BallLimbs.incrementAt(r, 3)).isTrue();
        assertThat(r).containsExactly(0, 0, 0);
        long[] s = {-1L, 5};
        assertThat(BallLimbs.incrementAt(s, 0)).isFalse();
        assertThat(s).containsExactly(0, 6);
    }

    // ------------------------------------------------------------------ ring operations, edge cases

    private static boolean contains(Ball b, BigFraction q) {
        return b.contains(q);
    }

    /** An exact point sign·m·2^e with m of the given bits, biased to all-ones and powers of two. */
    private static BigFraction randomDyadic(Random rnd, int bits, long e) {
        BigInteger m;
        switch (rnd.nextInt(4)) {
            case 0:
                m = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE); // all ones
                break;
            case 1:
                m = BigInteger.ONE.shiftLeft(bits - 1); // a power of two
                break;
            default:
                m = new BigInteger(bits, rnd).setBit(bits - 1);
        }
        if (rnd.nextBoolean()) {
            m = m.negate();
        }
        return e >= 0 ? BigFraction.of(m.shiftLeft((int) e)) : BigFraction.of(m, BigInteger.ONE.shiftLeft((int) -e));
    }

    private static Ball ballAt(Ball.Field f, BigFraction mid, Random rnd) {
        Ball b = f.of(mid);
        switch (rnd.nextInt(3)) {
            case 0:
                return b;
            case 1:
                return b.widen(BallRadius.of(1 + rnd.nextDouble(), b.signum() == 0 ? -300 : b.scale() - f.bits - rnd.nextInt(10)));
            default:
                return b.widen(BallRadius.of(1 + rnd.nextDouble(), b.signum() == 0 ? -3 : b.scale() - rnd.nextInt(8)));
        }
    }

    private static final int[] BITS = {24, 63, 64, 65, 127, 128, 129, 192, 256, 448, 449, 1024, 4096};

    private static void edgeCases(String name, BinaryOperator<Ball> op, BinaryOperator<BigFraction> exact, boolean divide) {
        Random rnd = new Random(name.hashCode());
        int done = 0;
        while (done < CASES / 8) {
            Ball.Field fa = Ball.field(BITS[rnd.nextInt(BITS.length)]);
            Ball.Field fb = rnd.nextInt(3) == 0 ? Ball.field(BITS[rnd.nextInt(BITS.length)]) : fa; // mixed precisions
            int p = Math.min(fa.bits, fb.bits);
            long ea = rnd.nextInt(200) - 100;
            // exponent differences around and beyond the precision
            long gap = switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> p + rnd.nextInt(9) - 4;
                case 2 -> 2L * p + rnd.nextInt(70);
                default -> rnd.nextInt(2 * p + 10) - p - 5;
            };
            BigFraction qa = rnd.nextInt(12) == 0 ? BigFraction.ZERO : randomDyadic(rnd, 1 + rnd.nextInt(fa.bits), ea);
            BigFraction qb = rnd.nextInt(12) == 0 ? BigFraction.ZERO : randomDyadic(rnd, 1 + rnd.nextInt(fb.bits), ea - gap);
            if (rnd.nextInt(8) == 0 && qa.signum() != 0) {
                qb = qa.negate().add(randomDyadic(rnd, 1 + rnd.nextInt(20), ea - p - rnd.nextInt(8))); // cancellation
            }
            Ball a = ballAt(fa, qa, rnd);
            Ball b = ballAt(fb, qb, rnd);
            if (rnd.nextInt(6) == 0) {
                // an exact point of many limbs (a function argument: not rounded)
                BigInteger m = new BigInteger(64 * (3 + rnd.nextInt(40)) + rnd.nextInt(64), rnd).setBit(5);
                a = Ball.exact(rnd.nextBoolean() ? m : m.negate(), ea - m.bitLength(), fa);
            }
            if (divide && !(b.isPositive() || b.isNegative())) {
                continue;
            }
            done++;
            Ball r = op.apply(a, b);
            for (BigFraction x : new BigFraction[] {a.lower(), a.upper(), a.midExact()}) {
                for (BigFraction y : new BigFraction[] {b.lower(), b.upper(), b.midExact()}) {
                    BigFraction v = exact.apply(x, y);
                    assertThat(contains(r, v)).as("%s(%s, %s) = %s misses %s", name, a, b, r, v.doubleValue()).isTrue();
                }
            }
            assertThat(r.bits()).isEqualTo(fa.bits);
            if (r.signum() != 0) {
                // rounded to the field: at most its precision of significant bits (53 for the exact [0, U] of a
                // square that may contain 0, whose midpoint is a radius bound)
                assertThat(r.man().abs().bitLength() - r.man().abs().getLowestSetBit()).isLessThanOrEqualTo(Math.max(fa.bits, 53));
            }
        }
    }

    @Test
    void addEdgeCases() {
        edgeCases("add", Ball::add, BigFraction::add, false);
    }

    @Test
    void subtractEdgeCases() {
        edgeCases("subtract", Ball::subtract, BigFraction::subtract, false);
    }

    @Test
    void multiplyEdgeCases() {
        edgeCases("multiply", Ball::multiply, BigFraction::multiply, false);
    }

    @Test
    void squareEdgeCases() {
        edgeCases("square", (a, b) -> a.square(), (x, y) -> x.multiply(x), false);
    }

    @Test
    void divideEdgeCases() {
        edgeCases("divide", Ball::divide, BigFraction::divide, true);
    }

    @Test
    void sqrtEdgeCases() {
        // perfect squares (remainder 0), powers of two (odd and even exponents), all-ones mantissas,
        // many-limb exact points, all precisions: lo² ≤ x ≤ hi² with lo clipped at 0, exactly
        Random rnd = new Random(37);
        for (int i = 0; i < CASES / 4; i++) {
            Ball.Field f = Ball.field(BITS[rnd.nextInt(BITS.length)]);
            long e = rnd.nextInt(300) - 150;
            BigFraction x;
            Ball b;
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    BigInteger r = new BigInteger(1 + rnd.nextInt(f.bits / 2), rnd).add(BigInteger.ONE);
                    x = BigFraction.of(r.multiply(r)).multiply(BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(2 * 75)));
                    b = f.of(x);
                }
                case 1 -> {
                    BigInteger m = new BigInteger(64 * (1 + rnd.nextInt(30)) + rnd.nextInt(64), rnd).setBit(3);
                    b = Ball.exact(m, e, f);
                    x = b.midExact();
                }
                default -> {
                    x = randomDyadic(rnd, 1 + rnd.nextInt(f.bits), e).abs();
                    b = ballAt(f, x, rnd);
                    if (!b.isPositive()) {
                        continue;
                    }
                }
            }
            Ball r = b.sqrt();
            for (BigFraction v : new BigFraction[] {b.lower(), b.upper(), b.midExact()}) {
                BigFraction lo = r.lower();
                BigFraction hi = r.upper();
                boolean ok = (lo.signum() <= 0 || Ball.compare(lo.multiply(lo), v) <= 0) && Ball.compare(v, hi.multiply(hi)) <= 0;
                assertThat(ok).as("sqrt(%s) = %s at %s", b, r, v.doubleValue()).isTrue();
            }
            if (b.radius().isZero()) {
                // an exact point: the radius is at most one unit in the last place
                assertThat(r.radius().compareTo(BallRadius.pow2(r.scale() - f.bits))).isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void exactProductsStayExactAtHighPrecision() {
        // 600-bit exact points times each other at 1,024 bits: limbs enough for a short product, but the
        // product fits (trailing zeros), so it must be computed in full and stay exact (radius 0)
        Random rnd = new Random(41);
        Ball.Field f = Ball.field(1024);
        for (int i = 0; i < 200; i++) {
            BigInteger m = new BigInteger(400, rnd).setBit(399).shiftLeft(200).setBit(200);
            BigInteger n = new BigInteger(300, rnd).setBit(299).shiftLeft(300).setBit(300);
            Ball a = Ball.exact(m, -600, f);
            Ball b = Ball.exact(n, -550, f);
            Ball r = a.multiply(b);
            assertThat(r.exactValue()).contains(a.midExact().multiply(b.midExact()));
        }
    }

    @Test
    void roundingUpCarriesIntoANewLimb() {
        // 2^130 − 1 at 128 bits rounds up to 2^130 exactly: the carry leaves the top limb
        Ball.Field f = Ball.field(128);
        BigInteger m = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.ONE);
        Ball r = Ball.round(m, 0, BallRadius.ZERO, f);
        assertThat(r.midExact()).isEqualTo(BigFraction.of(BigInteger.ONE.shiftLeft(130)));
        assertThat(r.rad()).isEqualTo(BigFraction.ONE); // the error is exactly 1 = (2^g − τ)·2^(σ−g)
        assertThat(r.contains(BigFraction.of(m))).isTrue();
        // exact cancellation gives a zero midpoint, radius kept
        Ball x = f.of(BigFraction.of(7, 3));
        Ball z = x.subtract(x);
        assertThat(z.signum()).isZero();
        assertThat(z.contains(BigFraction.ZERO)).isTrue();
        assertThat(f.zero().multiply(x).exactValue()).contains(BigFraction.ZERO); // 0 · (x ± r): radius 0·r = 0, midpoint 0
    }

    @Test
    void exponentsBeyondTheRangeAreAnErrorNeverAWrap() {
        // review finding: exponents are longs; 3 squared 63 times at 128 bits (≈ 2^(1.46e19)) wrapped to a tiny
        // ball, and 3·2^(2^62) squared had a negative exponent. Now every ball and radius checks |exponent| ≤ 2^60.
        Ball.Field f = Ball.field(128);
        Ball x = f.of(BigFraction.of(3));
        boolean refused = false;
        for (int i = 0; i < 70 && !refused; i++) {
            try {
                Ball next = x.multiply(x);
                assertThat(next.isPositive()).isTrue();
                assertThat(next.scale()).isGreaterThan(x.scale()); // never wraps to a smaller magnitude
                x = next;
            } catch (ArithmeticException e) {
                assertThat(e.getMessage()).contains("beyond ±2^60");
                refused = true;
            }
        }
        assertThat(refused).isTrue();
        Ball three = f.of(BigFraction.of(3));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> three.scalePow2(1L << 62))
                .isInstanceOf(ArithmeticException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> three.scalePow2(-(1L << 61)).scalePow2(-(1L << 61)))
                .isInstanceOf(ArithmeticException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> three.scalePow2(Long.MAX_VALUE))
                .isInstanceOf(ArithmeticException.class);
        Ball big = three.scalePow2(1L << 59);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> big.multiply(big).multiply(big))
                .isInstanceOf(ArithmeticException.class);
    }
}
