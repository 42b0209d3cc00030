package org.flowcert.arith;

/**
 * Directed rounding of single binary64 operations for the elementary-function bounds, in
 * round-to-nearest mode only. Private to {@link ElementaryBounds} and {@link FastTanh} on
 * purpose: the interval arithmetic has its own rounding class, and these bounds must not
 * depend on it.
 *
 * <p>Contract: {@code addDown(a, b) <= a + b <= addUp(a, b)} for the exact real result, and
 * likewise for sub, mul, div; each is the tightest double (the exact result rounded down or
 * up) when the error-free transformation is exact (TwoSum always; the fma residual of a
 * product or quotient away from underflow), otherwise one {@code nextUp}/{@code nextDown}
 * step from the round-to-nearest result, which is always sound. See
 * proofs-notes/elementary-functions.md, section "Directed rounding".
 *
 * <p>{@link #libDown}/{@link #libUp} turn a library result known to be within k ulps of the
 * exact value into rigorous bounds (section "Library ulp bounds").
 */
final class ElementaryRounding {
    /** Below this magnitude an fma residual may underflow; we then step without testing. */
    private static final double EFT_SAFE = 0x1p-960;
    private static final long INF_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    private static final long MANT_MASK = (1L << 52) - 1;

    private ElementaryRounding() {
    }

    static double addDown(double a, double b) {
        double s = a + b;
        if (Double.isInfinite(s) || Double.isNaN(s)) {
            return (s == Double.POSITIVE_INFINITY && !Double.isInfinite(a) && !Double.isInfinite(b))
                    ? Double.MAX_VALUE : s;
        }
        // TwoSum (Knuth): s + err == a + b exactly when s does not overflow.
        double bb = s - a;
        double err = (a - (s - bb)) + (b - bb);
        return err < 0 ? Math.nextDown(s) : s;
    }

    static double addUp(double a, double b) {
        return -addDown(-a, -b);
    }

    static double subDown(double a, double b) {
        return addDown(a, -b);
    }

    static double subUp(double a, double b) {
        return -addDown(-a, b);
    }

    static double mulDown(double a, double b) {
        double p = a * b;
        if (Double.isInfinite(p) || Double.isNaN(p)) {
            return (p == Double.POSITIVE_INFINITY && !Double.isInfinite(a) && !Double.isInfinite(b))
                    ? Double.MAX_VALUE : p;
        }
        if (a == 0 || b == 0 || Double.isInfinite(a) || Double.isInfinite(b)) {
            return p; // exact (0 times finite), or p is NaN/infinite handled above
        }
        if (Math.abs(p) < EFT_SAFE) {
            return Math.nextDown(p); // residual might not be representable: step
        }
        // TwoProduct: a*b - p is exactly fma(a, b, -p) away from underflow.
        double e = Math.fma(a, b, -p);
        return e < 0 ? Math.nextDown(p) : p;
    }

    static double mulUp(double a, double b) {
        return -mulDown(-a, b);
    }

    static double divDown(double a, double b) {
        double q = a / b;
        if (Double.isInfinite(q) || Double.isNaN(q)) {
            return (q == Double.POSITIVE_INFINITY && !Double.isInfinite(a) && b != 0)
                    ? Double.MAX_VALUE : q;
        }
        if (a == 0 || Double.isInfinite(b)) {
            return q; // 0/b and finite/inf are exact zeros
        }
        if (Math.abs(q) < EFT_SAFE || Math.abs(a) < EFT_SAFE) {
            return Math.nextDown(q);
        }
        // a - q*b is exact (remainder of a correctly rounded quotient, no underflow);
        // a/b - q = r/b, so the exact quotient is below q iff r and b have opposite signs.
        double r = Math.fma(-q, b, a);
        return (r != 0 && ((r < 0) != (b < 0))) ? Math.nextDown(q) : q;
    }

    static double divUp(double a, double b) {
        return -divDown(-a, b);
    }

    /**
     * A lower bound of every real f with |f - y| &lt;= k * max(ulp(f), ulp(y)), for finite y
     * (both readings of the javadoc's "within k ulps of the exact result").
     */
    static double libDown(double y, int k) {
        if (y < 0) {
            return -libUpPositive(-y, k);
        }
        // f <= y, so ulp(f) <= ulp(y); y - k*ulp(y) is a multiple of ulp(y)/2 of magnitude
        // at least y/2 (or in the subnormal grid), hence representable: the subtraction is exact.
        return y - k * Math.ulp(y);
    }

    /** An upper bound of every real f with |f - y| &lt;= k * max(ulp(f), ulp(y)), y finite. */
    static double libUp(double y, int k) {
        if (y > 0) {
            return libUpPositive(y, k);
        }
        return -((-y) - k * Math.ulp(y));
    }

    /**
     * z &gt;= 0 finite: smallest double at or above sup{f &gt;= z : f - z &lt;= k ulp(f)}. In the
     * binade of z that is z + k ulp(z); if z lies within 2k ulps of the next power of two P,
     * f may be in the next binade where ulp(f) = 2 ulp(z): f &lt;= z + 2k ulp(z), reached in
     * j + ceil((2k - j)/2) float steps with j the steps from z to P.
     */
    private static double libUpPositive(double z, int k) {
        long b = Double.doubleToRawLongBits(z + 0.0); // +0.0 turns -0.0 into +0.0
        long j = (1L << 52) - (b & MANT_MASK);
        long exponent = b >>> 52;
        long steps = (exponent >= 1 && j <= 2L * k) ? j + (2L * k - j + 1) / 2 : k;
        long nb = b + steps;
        return Double.longBitsToDouble(nb > INF_BITS ? INF_BITS : nb);
    }
}
