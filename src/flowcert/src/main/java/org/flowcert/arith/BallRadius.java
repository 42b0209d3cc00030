package org.flowcert.arith;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;

/**
 * A non-negative radius m·2^e with a binary64 mantissa m in [1, 2) (or m = 0) and a
 * {@code long} exponent, so that it neither overflows nor underflows at any scale a
 * {@link Ball} midpoint can have.
 *
 * <p>Accuracy contract: every operation returns an <em>upper</em> bound of the exact
 * result ({@link #lowerAbs} a lower bound). Mantissa operations are binary64 round to
 * nearest followed by {@link Math#nextUp}, which is above the exact value because the
 * rounding error is below one ulp; alignment shifts are exact (powers of two in the normal
 * range) or replaced by a one-ulp bump (proofs-notes/ball-arithmetic.md §2).
 */
final class BallRadius implements Comparable<BallRadius> {
    static final BallRadius ZERO = new BallRadius(0.0, 0);
    static final BallRadius ONE = new BallRadius(1.0, 0);
    private static final int RADIX = 2;

    /** Mantissa in [1, 2), or 0. */
    final double m;
    /** Exponent: the value is m·2^e. */
    final long e;

    private BallRadius(double m, long e) {
        if (m != 0) {
            checkExponent(e);
        }
        this.m = m;
        this.e = e;
    }

    /**
     * The largest |exponent| of a midpoint or radius: 2^60. Every ball and radius is made through a constructor that
     * checks it, so the exponent arithmetic of one operation (sums and differences of a few exponents, 2·exp, plus
     * limb counts) stays far inside a long and cannot wrap around; a value beyond 2^(±2^60) is an
     * ArithmeticException (the command line's exit 2), never a wrapped exponent.
     */
    static final long MAX_EXPONENT = 1L << 60;

    /** Throws ArithmeticException when |e| exceeds {@link #MAX_EXPONENT}. */
    static void checkExponent(long e) {
        if (e > MAX_EXPONENT || e < -MAX_EXPONENT) {
            throw new ArithmeticException("a ball's binary exponent " + e + " is beyond ±2^60: the value is outside"
                    + " the range of the ball arithmetic");
        }
    }

    /** v·2^e for finite v &ge; 0 (exact: only the exponent is renormalised). */
    static BallRadius of(double v, long e) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("radius must be finite and >= 0: " + v);
        }
        if (v == 0) {
            return ZERO;
        }
        long bits = Double.doubleToRawLongBits(v);
        int ex = (int) (bits >>> 52) - 1023; // v >= 0: no sign bit
        if (ex < Double.MIN_EXPONENT) {
            // subnormal: scale up exactly first
            v = Math.scalb(v, 64);
            e -= 64;
            bits = Double.doubleToRawLongBits(v);
            ex = (int) (bits >>> 52) - 1023;
        }
        // the same significand with exponent 0: exactly v·2^-ex, in [1, 2)
        return new BallRadius(Double.longBitsToDouble((bits & 0x000f_ffff_ffff_ffffL) | 0x3ff0_0000_0000_0000L), e + ex);
    }

    /** m·2^e for a mantissa m already in [1, 2) (a ball's radius fields), exponent checked. */
    static BallRadius normal(double m, long e) {
        return new BallRadius(m, e);
    }

    static BallRadius of(double v) {
        return of(v, 0);
    }

    static BallRadius pow2(long k) {
        return new BallRadius(1.0, k);
    }

    boolean isZero() {
        return m == 0;
    }

    BallRadius add(BallRadius o) {
        if (o.m == 0) {
            return this;
        }
        if (m == 0) {
            return o;
        }
        BallRadius big = e >= o.e ? this : o;
        BallRadius small = e >= o.e ? o : this;
        long d = big.e - small.e;
        if (d > 60) {
            // small < 2^(small.e+1) <= 2^(big.e-60) < ulp(big.m)·2^big.e = 2^(big.e-52)
            return of(Math.nextUp(big.m), big.e);
        }
        // both summands are normal doubles, the shift is exact; nextUp covers the rounding
        return of(Math.nextUp(big.m + Math.scalb(small.m, (int) -d)), big.e);
    }

    BallRadius mul(BallRadius o) {
        if (m == 0 || o.m == 0) {
            return ZERO;
        }
        return of(Math.nextUp(m * o.m), e + o.e);
    }

    /** An upper bound of this / o for o &gt; 0 (o is typically a lower bound of a divisor). */
    BallRadius div(BallRadius o) {
        if (o.m == 0) {
            throw new ArithmeticException("radius division by zero");
        }
        if (m == 0) {
            return ZERO;
        }
        return of(Math.nextUp(m / o.m), e - o.e);
    }

    BallRadius mulPow2(long k) {
        return m == 0 ? this : new BallRadius(m, Math.addExact(e, k));
    }

    /** An upper bound of this·v for a double v &ge; 0 given as an exact upper bound. */
    BallRadius mul(double v) {
        return mul(of(v));
    }

    /** An upper bound of this^n. */
    BallRadius pow(int n) {
        BallRadius r = ONE;
        BallRadius b = this;
        while (n > 0) {
            if ((n & 1) != 0) {
                r = r.mul(b);
            }
            n >>= 1;
            if (n > 0) {
                b = b.mul(b);
            }
        }
        return r;
    }

    /** An upper bound of 1/n! (each factor 1/j rounded up). */
    static BallRadius invFactorialUp(int n) {
        BallRadius r = ONE;
        for (int j = 2; j <= n; j++) {
            r = r.mul(Math.nextUp(1.0 / j));
        }
        return r;
    }

    /** A lower bound of sqrt(this) (Math.sqrt is correctly rounded, so nextDown is below). */
    BallRadius sqrtDown() {
        if (m == 0) {
            return ZERO;
        }
        double mm = (e & 1) == 0 ? m : 2 * m;
        long ee = (e & 1) == 0 ? e : e - 1;
        return of(Math.nextDown(Math.sqrt(mm)), ee / 2);
    }

    /** A double &ge; this value (Infinity when too large). */
    double toDoubleUp() {
        if (m == 0) {
            return 0;
        }
        if (e > 1023) {
            return Double.POSITIVE_INFINITY;
        }
        if (e < -1000) {
            return 0x1p-999; // m·2^e < 2^(e+1) <= 2^-1000
        }
        return Math.scalb(m, (int) e); // exact in the normal range
    }

    /** A double &le; this value. */
    double toDoubleDown() {
        if (m == 0 || e < -1000) {
            return 0;
        }
        if (e > 1023) {
            return Double.MAX_VALUE;
        }
        return Math.scalb(m, (int) e);
    }

    /** The exact value as a radix-2 Apfloat of infinite precision. */
    Apfloat toApfloat() {
        if (m == 0) {
            return ApfloatBall.A_ZERO;
        }
        long mant = (long) Math.scalb(m, 52); // exact: m has 53 significant bits
        return ApfloatBall.scale2(new Apfloat(mant, Apfloat.INFINITE, RADIX), e - 52);
    }

    /** The exact value. */
    BigFraction toBigFraction() {
        if (m == 0) {
            return BigFraction.ZERO;
        }
        long mant = (long) Math.scalb(m, 52);
        long k = e - 52;
        BigInteger n = BigInteger.valueOf(mant);
        return k >= 0 ? BigFraction.of(n.shiftLeft((int) k)) : BigFraction.of(n, BigInteger.ONE.shiftLeft((int) -k));
    }

    /** An upper bound of |x|. */
    static BallRadius upperAbs(Apfloat x) {
        return bound(x, true);
    }

    /** A lower bound of |x|. */
    static BallRadius lowerAbs(Apfloat x) {
        return bound(x, false);
    }

    private static BallRadius bound(Apfloat x, boolean up) {
        if (x.signum() == 0) {
            return ZERO;
        }
        long s = x.scale(); // 2^(s-1) <= |x| < 2^s
        Apfloat y = ApfloatBall.scale2(ApfloatMath.abs(x), 53 - s); // in [2^52, 2^53)
        long mant = y.truncate().longValue();
        if (up && !y.isInteger()) {
            mant++; // <= 2^53, exactly representable
        }
        return of((double) mant, s - 53);
    }

    /** The exact value as mantissa·2^{@link #exponent()}: the 53-bit integer m·2^52. */
    java.math.BigInteger mantissa() {
        return java.math.BigInteger.valueOf((long) Math.scalb(m, 52)); // exact: m has 53 significant bits
    }

    /** The exponent of {@link #mantissa()}. */
    long exponent() {
        return e - 52;
    }

    /** An upper bound of |n·2^k| (n an integer). */
    static BallRadius upperAbs(BigInteger n, long k) {
        return boundInt(n, k, true);
    }

    /** A lower bound of |n·2^k| (n an integer). */
    static BallRadius lowerAbs(BigInteger n, long k) {
        return boundInt(n, k, false);
    }

    /**
     * Bounds of |n|·2^k: for |n| &lt; 2^53 exact; up to 1000 bits the binary64 nearest to |n|
     * (BigInteger.doubleValue) one step up or down; else t = ⌊|n|/2^s⌋ with s = bitlen − 53
     * (t &lt; 2^53 exactly representable), and t + 1 for the upper bound when bits were dropped.
     */
    private static BallRadius boundInt(BigInteger n, long k, boolean up) {
        int sg = n.signum();
        if (sg == 0) {
            return ZERO;
        }
        int bl = n.bitLength();
        if (bl <= 62) {
            long v = Math.abs(n.longValue());
            if (v < (1L << 53)) {
                return of((double) v, k);
            }
            int sh = 64 - Long.numberOfLeadingZeros(v) - 53;
            long t = v >>> sh;
            if (up && (v & ((1L << sh) - 1)) != 0) {
                t++;
            }
            return of((double) t, k + sh);
        }
        if (bl <= 1000) {
            // BigInteger.doubleValue rounds to nearest (JLS narrowing), so one step out bounds |n|
            double d = Math.abs(n.doubleValue());
            return of(up ? Math.nextUp(d) : Math.nextDown(d), k);
        }
        BigInteger a = sg < 0 ? n.negate() : n;
        bl = a.bitLength();
        int sh = bl - 53;
        long t = a.shiftRight(sh).longValue();
        if (up && a.getLowestSetBit() < sh) {
            t++; // <= 2^53, exactly representable
        }
        return of((double) t, k + sh);
    }

    /**
     * A lower bound of this − o when it is positive, else {@link #ZERO} (callers fall back to an
     * exact computation). Aligned as in {@link #add}: for d &gt; 60, o &lt; 2^(e−59) and
     * nextDown(m)·2^e &le; (m − 2^−53)·2^e is below the difference; else the double difference
     * of normal doubles rounded to nearest is within one ulp, and nextDown is below it.
     */
    BallRadius subDown(BallRadius o) {
        if (o.m == 0) {
            return this;
        }
        if (m == 0 || compareTo(o) <= 0) {
            return ZERO;
        }
        long d = e - o.e; // >= 0 since this > o
        double v;
        if (d > 60) {
            v = Math.nextDown(m);
        } else {
            v = Math.nextDown(m - Math.scalb(o.m, (int) -d));
        }
        return v > 0 ? of(v, e) : ZERO;
    }

    /** An upper bound of |q|. */
    static BallRadius upperAbs(BigFraction q) {
        BigInteger a = q.getNumerator().abs();
        BigInteger b = q.getDenominator().abs();
        if (a.signum() == 0) {
            return ZERO;
        }
        // a/b < 2^(k+1) with k = bitlen(a) - bitlen(b); t = floor(a·2^(52-k)/b) < 2^53
        int k = a.bitLength() - b.bitLength();
        int sh = 52 - k;
        BigInteger[] qr = sh >= 0 ? a.shiftLeft(sh).divideAndRemainder(b) : a.divideAndRemainder(b.shiftLeft(-sh));
        long t = qr[0].longValueExact();
        if (qr[1].signum() != 0) {
            t++;
        }
        return of((double) t, -(long) sh);
    }

    @Override
    public int compareTo(BallRadius o) {
        if (m == 0 || o.m == 0) {
            return Double.compare(m, o.m);
        }
        if (e != o.e) {
            return Long.compare(e, o.e);
        }
        return Double.compare(m, o.m);
    }

    @Override
    public String toString() {
        return m == 0 ? "0" : m + "*2^" + e;
    }
}
