package org.flowcert.arith;

import java.math.BigDecimal;

/**
 * Directed rounding of the binary64 operations without changing the rounding mode.
 *
 * <p>Each {@code xDown(a, b)} returns the largest double &le; the exact result, each
 * {@code xUp(a, b)} the smallest double &ge; it (IEEE 754 roundTowardNegative /
 * roundTowardPositive, with overflow to &plusmn;infinity or &plusmn;{@link Double#MAX_VALUE}
 * as those modes prescribe). The round-to-nearest result r is computed first; an error-free
 * transformation then gives the sign of (exact &minus; r), and r is stepped by one ulp only
 * when that sign points the wrong way:
 * <ul>
 * <li>addition: TwoSum (Knuth), exact whenever no intermediate overflows;</li>
 * <li>multiplication: {@code fma(a, b, -p)} (TwoProduct), division: {@code fma(-q, b, a)},
 * square root: {@code fma(-s, s, a)}: one rounding of an exact remainder, so its sign is right
 * unless the remainder underflows to zero, which can only happen for tiny operands; those take
 * a scaled or exact ({@link BigDecimal}) path;</li>
 * <li>fma: the ErrFma algorithm of Boldo and Muller (2011), guarded the same way.</li>
 * </ul>
 * The proofs and the exact conditions are in {@code proofs-notes/interval-arithmetic.md}.
 *
 * <p>Arguments are finite or infinite doubles; operations undefined in the extended reals
 * (inf &minus; inf, 0 &middot; inf, 0/0, inf/inf) return NaN, as IEEE 754 does. Callers doing
 * set-based interval arithmetic resolve those cases before calling.
 */
public final class Rounding {
    private Rounding() {
    }

    /** 2^-968: products (quotients, squares) at least this large have exact fma remainders. */
    private static final double TINY = 0x1p-968;
    /** Bound under which the ErrFma intermediates neither overflow nor underflow (see the note). */
    private static final double FMA_SAFE_HI = 0x1p1000;
    private static final double FMA_SAFE_LO = 0x1p-900;

    /**
     * The next double above x, for x not NaN and not +infinity (a bit step: -0.0 is first turned
     * into +0.0 so that its successor is {@link Double#MIN_VALUE}).
     */
    static double up(double x) {
        long b = Double.doubleToRawLongBits(x + 0.0);
        // b >= 0 (positive or +0): b + 1; b < 0: b - 1 (towards zero is upwards)
        return Double.longBitsToDouble(b + ((b >> 63) | 1));
    }

    /** The next double below x, for x not NaN and not -infinity. */
    static double down(double x) {
        return -up(-x);
    }

    // ---------------------------------------------------------------- addition, subtraction

    public static double addDown(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double e = (a - (s - bb)) + (b - bb);
        if (Math.abs(e) <= Double.MAX_VALUE) {
            return e < 0 ? down(s) : s;
        }
        return addSlow(a, b, s, false);
    }

    public static double addUp(double a, double b) {
        double s = a + b;
        double bb = s - a;
        double e = (a - (s - bb)) + (b - bb);
        if (Math.abs(e) <= Double.MAX_VALUE) {
            return e > 0 ? up(s) : s;
        }
        return addSlow(a, b, s, true);
    }

    public static double subDown(double a, double b) {
        return addDown(a, -b);
    }

    public static double subUp(double a, double b) {
        return addUp(a, -b);
    }

    /** TwoSum met an infinity or NaN: an infinite operand, an overflow, or an intermediate overflow. */
    private static double addSlow(double a, double b, double s, boolean upward) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return s; // exact in the extended reals (or NaN for inf - inf)
        }
        return directed(new BigDecimal(a).add(new BigDecimal(b)), s, upward);
    }

    // ---------------------------------------------------------------- multiplication

    public static double mulDown(double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        if (e < 0) {
            return down(p); // also p = +inf from an overflow: e = -inf, result MAX_VALUE
        }
        if (e > 0 || Math.abs(p) >= TINY) {
            return p;
        }
        return mulTiny(a, b, p, false);
    }

    public static double mulUp(double a, double b) {
        double p = a * b;
        double e = Math.fma(a, b, -p);
        if (e > 0) {
            return up(p); // also p = -inf from an overflow: e = +inf, result -MAX_VALUE
        }
        if (e < 0 || Math.abs(p) >= TINY) {
            return p;
        }
        return mulTiny(a, b, p, true);
    }

    public static double squareDown(double a) {
        return mulDown(a, a);
    }

    public static double squareUp(double a) {
        return mulUp(a, a);
    }

    /**
     * |p| &lt; 2^-968 (or NaN) and the remainder rounded to 0: it may have underflowed. Then
     * |a|, |b| &lt; 2^107, so scaling both by 2^600 is exact and the scaled remainder
     * 2^1200 (ab - p) is a nonzero multiple of at least 2^-1054 unless it is 0 (see the note).
     */
    private static double mulTiny(double a, double b, double p, boolean upward) {
        if (p != p || a == 0 || b == 0) {
            return p;
        }
        double d = Math.fma(a * 0x1p600, b * 0x1p600, -(p * 0x1p600) * 0x1p600);
        if (upward) {
            return d > 0 ? up(p) : p;
        }
        return d < 0 ? down(p) : p;
    }

    // ---------------------------------------------------------------- division

    public static double divDown(double a, double b) {
        double q = a / b;
        double r = Math.fma(-q, b, a); // a - q b, rounded once: sign(a/b - q) = sign(r) sign(b)
        if (r != 0 && r == r) {
            return (r < 0) == (b > 0) ? down(q) : q;
        }
        if (r == 0 && (Math.abs(a) >= 0x1p-960 || a == 0)) {
            return q;
        }
        return divSlow(a, b, q, false);
    }

    public static double divUp(double a, double b) {
        double q = a / b;
        double r = Math.fma(-q, b, a);
        if (r != 0 && r == r) {
            return (r > 0) == (b > 0) ? up(q) : q;
        }
        if (r == 0 && (Math.abs(a) >= 0x1p-960 || a == 0)) {
            return q;
        }
        return divSlow(a, b, q, true);
    }

    private static double divSlow(double a, double b, double q, boolean upward) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || b == 0 || !Double.isFinite(q)) {
            return q; // exact in the extended reals, or NaN
        }
        // sign(a/b - q) = sign(b) * sign(a - q b), all exact
        int c = new BigDecimal(a).subtract(new BigDecimal(q).multiply(new BigDecimal(b))).signum();
        if (b < 0) {
            c = -c;
        }
        if (upward) {
            return c > 0 ? Math.nextUp(q) : q;
        }
        return c < 0 ? Math.nextDown(q) : q;
    }

    // ---------------------------------------------------------------- square root

    /** Square root rounded down; NaN for a &lt; 0. */
    public static double sqrtDown(double a) {
        double s = Math.sqrt(a);
        double r = Math.fma(-s, s, a); // sign(sqrt(a) - s) = sign(a - s^2)
        if (r < 0) {
            return down(s);
        }
        if (r > 0 || !(a < 0x1p-960)) {
            return s;
        }
        return sqrtTiny(a, s, false);
    }

    /** Square root rounded up; NaN for a &lt; 0. */
    public static double sqrtUp(double a) {
        double s = Math.sqrt(a);
        double r = Math.fma(-s, s, a);
        if (r > 0) {
            return up(s);
        }
        if (r < 0 || !(a < 0x1p-960)) {
            return s;
        }
        return sqrtTiny(a, s, true);
    }

    /**
     * 0 &lt; a &lt; 2^-960: sqrt(a) &ge; 2^-537 is normal, so s·2^100 = RN(sqrt(a·2^200)) and the
     * remainder a·2^200 − (s·2^100)² is exact (see the note).
     */
    private static double sqrtTiny(double a, double s, boolean upward) {
        if (a <= 0 || a != a) {
            return s; // sqrt(±0) = ±0 exact; NaN for a < 0
        }
        double s2 = s * 0x1p100;
        double r = Math.fma(-s2, s2, a * 0x1p200);
        if (upward) {
            return r > 0 ? up(s) : s;
        }
        return r < 0 ? down(s) : s;
    }

    // ---------------------------------------------------------------- fused multiply-add

    /** a·b + c rounded down. */
    public static double fmaDown(double a, double b, double c) {
        double r = Math.fma(a, b, c);
        double d = fmaErrorSign(a, b, c, r);
        if (d == d) {
            return d < 0 ? down(r) : r;
        }
        return fmaSlow(a, b, c, r, false);
    }

    /** a·b + c rounded up. */
    public static double fmaUp(double a, double b, double c) {
        double r = Math.fma(a, b, c);
        double d = fmaErrorSign(a, b, c, r);
        if (d == d) {
            return d > 0 ? up(r) : r;
        }
        return fmaSlow(a, b, c, r, true);
    }

    /**
     * A double with the sign of ab + c − r, where r = RN(ab + c), or NaN when the fast path
     * does not apply. ErrFma (Boldo, Muller, IEEE TC 60(8), 2011, Algorithm 5): with
     * u1 + u2 = ab (TwoProduct), α1 + α2 = c + u2, β1 + β2 = u1 + α1 (TwoSum),
     * γ = RN(RN(β1 − r) + β2), the exact error is ab + c − r = γ + α2, and RN(γ + α2) has its sign.
     * Valid without underflow and overflow; the guards keep every intermediate in range.
     */
    private static double fmaErrorSign(double a, double b, double c, double r) {
        double u1 = a * b;
        double au = Math.abs(u1);
        if (!(au >= FMA_SAFE_LO && au <= FMA_SAFE_HI && Math.abs(c) <= FMA_SAFE_HI
                && Math.abs(r) >= FMA_SAFE_LO)) {
            return Double.NaN;
        }
        double u2 = Math.fma(a, b, -u1);
        // (α1, α2) = TwoSum(c, u2)
        double a1 = c + u2;
        double t = a1 - c;
        double a2 = (c - (a1 - t)) + (u2 - t);
        // (β1, β2) = TwoSum(u1, α1)
        double b1 = u1 + a1;
        double v = b1 - u1;
        double b2 = (u1 - (b1 - v)) + (a1 - v);
        double g = (b1 - r) + b2;
        return g + a2;
    }

    private static double fmaSlow(double a, double b, double c, double r, boolean upward) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            return r; // exact in the extended reals, or NaN
        }
        if (a == 0 || b == 0) {
            return upward ? addUp(a * b, c) : addDown(a * b, c); // the product is an exact ±0
        }
        BigDecimal exact = new BigDecimal(a).multiply(new BigDecimal(b)).add(new BigDecimal(c));
        return directed(exact, r, upward);
    }

    // ---------------------------------------------------------------- exact fallback

    /**
     * The directed rounding of the exact value x, given r = RN(x) (which may be infinite after
     * an overflow). RN is within half an ulp, so the answer is r or its neighbour.
     */
    static double directed(BigDecimal x, double r, boolean upward) {
        if (r == Double.POSITIVE_INFINITY) {
            return upward ? r : Double.MAX_VALUE;
        }
        if (r == Double.NEGATIVE_INFINITY) {
            return upward ? -Double.MAX_VALUE : r;
        }
        int c = x.compareTo(new BigDecimal(r));
        if (upward) {
            return c > 0 ? Math.nextUp(r) : r;
        }
        return c < 0 ? Math.nextDown(r) : r;
    }
}
