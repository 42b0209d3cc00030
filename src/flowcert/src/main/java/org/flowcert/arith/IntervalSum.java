package org.flowcert.arith;

import java.math.BigDecimal;

/**
 * An exact accumulator for sums and dot products of intervals: the tightest binary64 enclosure
 * of the exact result, with one outward rounding per endpoint at the end.
 *
 * <p>The exact sum of intervals is [Σ lo_i, Σ hi_i], and the exact product set of two intervals
 * is [min, max] of endpoint products (each an exact product of two doubles). This class adds the
 * lower endpoints and the upper endpoints exactly, each into a fixed-point accumulator that spans
 * every product of two doubles (2^-2148 to 2^2048, with 2^31-fold headroom), and rounds the lower
 * sum down and the upper sum up once in {@link #result()}. So the result is
 * [RD(Σ lo_i), RU(Σ hi_i)]: the width is at most the exact width plus one ulp per endpoint,
 * independent of the number of terms and of cancellation (see
 * {@code proofs-notes/interval-arithmetic.md}).
 *
 * <p>Unbounded terms make the corresponding endpoint infinite; an empty term makes the result
 * empty. The object is mutable (for hot loops) and not thread-safe; {@link #reset()} reuses it.
 */
public final class IntervalSum {
    private final Accumulator lower = new Accumulator();
    private final Accumulator upper = new Accumulator();
    private boolean empty;
    private boolean lowerInfinite;
    private boolean upperInfinite;

    /** Σ x_i for the given intervals. */
    public static Interval sum(Interval... xs) {
        IntervalSum s = new IntervalSum();
        for (Interval x : xs) {
            s.add(x);
        }
        return s.result();
    }

    /** Σ a_i b_i (arrays of equal length). */
    public static Interval dot(Interval[] a, Interval[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " and " + b.length);
        }
        IntervalSum s = new IntervalSum();
        for (int i = 0; i < a.length; i++) {
            s.addProduct(a[i], b[i]);
        }
        return s.result();
    }

    /** Empties the accumulator. */
    public IntervalSum reset() {
        lower.reset();
        upper.reset();
        empty = false;
        lowerInfinite = false;
        upperInfinite = false;
        return this;
    }

    /** Adds the interval x. */
    public IntervalSum add(Interval x) {
        if (x.isEmpty()) {
            empty = true;
            return this;
        }
        addLower(x.lo());
        addUpper(x.hi());
        return this;
    }

    /** Adds the real x (finite). */
    public IntervalSum add(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not a real number: " + x);
        }
        lower.addDouble(x);
        upper.addDouble(x);
        return this;
    }

    /** Subtracts the interval x. */
    public IntervalSum subtract(Interval x) {
        return add(x.negate());
    }

    /** Adds x·y for reals x, y (finite): exact, no rounding until {@link #result()}. */
    public IntervalSum addProduct(double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("not real numbers: " + x + ", " + y);
        }
        lower.addProduct(x, y);
        upper.addProduct(x, y);
        return this;
    }

    /** Adds the exact product set a·b (set-based: 0 · unbounded = 0). */
    public IntervalSum addProduct(Interval a, Interval b) {
        if (a.isEmpty() || b.isEmpty()) {
            empty = true;
            return this;
        }
        double a1 = a.lo();
        double a2 = a.hi();
        double b1 = b.lo();
        double b2 = b.hi();
        // which endpoint products are the min and the max (as in Interval.multiply)
        if (a1 >= 0) {
            if (b1 >= 0) {
                lowerProduct(a1, b1);
                upperProduct(a2, b2);
            } else if (b2 <= 0) {
                lowerProduct(a2, b1);
                upperProduct(a1, b2);
            } else {
                lowerProduct(a2, b1);
                upperProduct(a2, b2);
            }
        } else if (a2 <= 0) {
            if (b1 >= 0) {
                lowerProduct(a1, b2);
                upperProduct(a2, b1);
            } else if (b2 <= 0) {
                lowerProduct(a2, b2);
                upperProduct(a1, b1);
            } else {
                lowerProduct(a1, b2);
                upperProduct(a1, b1);
            }
        } else if (b1 >= 0) {
            lowerProduct(a1, b2);
            upperProduct(a2, b2);
        } else if (b2 <= 0) {
            lowerProduct(a2, b1);
            upperProduct(a1, b1);
        } else {
            // both straddle 0: min(a1 b2, a2 b1) < 0 and max(a1 b1, a2 b2) > 0, chosen exactly
            if (exactlyLess(a1, b2, a2, b1)) {
                lowerProduct(a1, b2);
            } else {
                lowerProduct(a2, b1);
            }
            if (exactlyLess(a1, b1, a2, b2)) {
                upperProduct(a2, b2);
            } else {
                upperProduct(a1, b1);
            }
        }
        return this;
    }

    /** The tightest interval containing the exact sum of everything added. */
    public Interval result() {
        if (empty) {
            return Interval.EMPTY;
        }
        double lo = lowerInfinite ? Double.NEGATIVE_INFINITY : lower.round(false);
        double hi = upperInfinite ? Double.POSITIVE_INFINITY : upper.round(true);
        return Interval.of(lo, hi);
    }

    private void addLower(double x) {
        if (x == Double.NEGATIVE_INFINITY) {
            lowerInfinite = true;
        } else {
            lower.addDouble(x);
        }
    }

    private void addUpper(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            upperInfinite = true;
        } else {
            upper.addDouble(x);
        }
    }

    /** The lower endpoint of a product set: 0 if a factor is 0, −∞ if a factor is infinite. */
    private void lowerProduct(double x, double y) {
        if (x == 0 || y == 0) {
            return;
        }
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            lowerInfinite = true; // the minimum of a product set is never +∞
            return;
        }
        lower.addProduct(x, y);
    }

    private void upperProduct(double x, double y) {
        if (x == 0 || y == 0) {
            return;
        }
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            upperInfinite = true;
            return;
        }
        upper.addProduct(x, y);
    }

    /** Whether x1·y1 &lt; x2·y2 exactly (infinite factors compare as products with ±∞). */
    private static boolean exactlyLess(double x1, double y1, double x2, double y2) {
        double p1 = x1 * y1;
        double p2 = x2 * y2;
        if (p1 != p2 || !Double.isFinite(p1)) {
            // RN is monotone: p1 < p2 implies the exact products are ordered the same way;
            // for infinite (or 0·∞ NaN) products the choice does not matter for soundness of
            // infinity handling: an infinite factor makes that endpoint ±∞ either way
            return p1 < p2;
        }
        if (Math.abs(p1) >= 0x1p-968) {
            // the TwoProduct remainders are exact: x1 y1 − x2 y2 = e1 − e2
            return Math.fma(x1, y1, -p1) < Math.fma(x2, y2, -p2);
        }
        return new BigDecimal(x1).multiply(new BigDecimal(y1))
                .compareTo(new BigDecimal(x2).multiply(new BigDecimal(y2))) < 0;
    }

    /**
     * A signed fixed-point number Σ limb[i]·2^(32 i + BASE), exact for every sum of at most 2^31
     * products of two finite doubles between normalisations. Limbs hold 32-bit digits plus
     * carry room; they are normalised (carries propagated) every 2^30 additions.
     */
    static final class Accumulator {
        /** Weight of bit 0 of limb 0: products of two subnormals are multiples of 2^-2148. */
        static final int BASE = -2148;
        /** 2^-2148 .. 2^2048 (largest product) + 64 bits of headroom for carries: 134 limbs. */
        static final int LIMBS = 134;
        private static final long MASK = 0xFFFFFFFFL;

        private final long[] limb = new long[LIMBS];
        private int count;
        private int minIndex = LIMBS;
        private int maxIndex = -1;

        void reset() {
            if (maxIndex >= 0) {
                java.util.Arrays.fill(limb, minIndex, LIMBS, 0L);
            }
            count = 0;
            minIndex = LIMBS;
            maxIndex = -1;
        }

        void addDouble(double x) {
            if (x == 0) {
                return;
            }
            long bits = Double.doubleToRawLongBits(x);
            int exp = (int) (bits >>> 52) & 0x7ff;
            long mant = bits & 0xFFFFFFFFFFFFFL;
            if (exp == 0) {
                exp = 1; // subnormal: no implicit bit
            } else {
                mant |= 1L << 52;
            }
            add128(0L, mant, exp - 1075, bits < 0);
        }

        void addProduct(double x, double y) {
            if (x == 0 || y == 0) {
                return;
            }
            long bx = Double.doubleToRawLongBits(x);
            long by = Double.doubleToRawLongBits(y);
            int ex = (int) (bx >>> 52) & 0x7ff;
            int ey = (int) (by >>> 52) & 0x7ff;
            long mx = bx & 0xFFFFFFFFFFFFFL;
            long my = by & 0xFFFFFFFFFFFFFL;
            if (ex == 0) {
                ex = 1;
            } else {
                mx |= 1L << 52;
            }
            if (ey == 0) {
                ey = 1;
            } else {
                my |= 1L << 52;
            }
            // the exact 106-bit product of the significands
            add128(Math.multiplyHigh(mx, my), mx * my, ex + ey - 2150, (bx ^ by) < 0);
        }

        /** Adds ±(hi·2^64 + lo)·2^e, hi:lo an unsigned 128-bit integer below 2^106. */
        private void add128(long hi, long lo, int e, boolean negative) {
            int shift = e - BASE;
            int i = shift >>> 5;
            int r = shift & 31;
            long w0 = lo << r;
            long w1 = (hi << r) | ((lo >>> 1) >>> (63 - r));
            long w2 = (hi >>> 1) >>> (63 - r);
            long[] l = limb;
            if (negative) {
                l[i] -= w0 & MASK;
                l[i + 1] -= w0 >>> 32;
                l[i + 2] -= w1 & MASK;
                l[i + 3] -= w1 >>> 32;
                l[i + 4] -= w2;
            } else {
                l[i] += w0 & MASK;
                l[i + 1] += w0 >>> 32;
                l[i + 2] += w1 & MASK;
                l[i + 3] += w1 >>> 32;
                l[i + 4] += w2;
            }
            if (i < minIndex) {
                minIndex = i;
            }
            if (i + 4 > maxIndex) {
                maxIndex = i + 4;
            }
            if (++count == 1 << 30) {
                normalise();
                count = 0;
            }
        }

        /** Propagates carries so that limbs 0..LIMBS-2 are 32-bit digits; the top limb is signed. */
        private void normalise() {
            if (maxIndex < 0) {
                return;
            }
            long[] l = limb;
            for (int i = minIndex; i < LIMBS - 1; i++) {
                long c = l[i] >> 32; // floor division by 2^32
                if (c == 0 && i > maxIndex) {
                    break;
                }
                l[i] -= c << 32;
                l[i + 1] += c;
                if (i + 1 > maxIndex) {
                    maxIndex = i + 1;
                }
            }
        }

        /** The sum rounded down ({@code upward} false) or up, to a double (±∞ on overflow). */
        double round(boolean upward) {
            normalise();
            long[] l = limb;
            if (maxIndex < 0) {
                return 0.0;
            }
            boolean negative = l[LIMBS - 1] < 0;
            long[] m = l;
            if (negative) {
                // magnitude: negate every digit and propagate again (on a copy, so that more
                // terms can still be added after result())
                m = new long[LIMBS];
                for (int i = minIndex; i < LIMBS; i++) {
                    m[i] = -l[i];
                }
                for (int i = minIndex; i < LIMBS - 1; i++) {
                    long c = m[i] >> 32;
                    m[i] -= c << 32;
                    m[i + 1] += c;
                }
            }
            int t = LIMBS - 1;
            while (t >= minIndex && m[t] == 0) {
                t--;
            }
            if (t < minIndex) {
                return 0.0;
            }
            long dt = m[t];
            long d1 = t >= 1 ? m[t - 1] : 0;
            long d2 = t >= 2 ? m[t - 2] : 0;
            int lz = Long.numberOfLeadingZeros(dt) - 32; // dt < 2^32
            long u = (dt << (32 + lz)) | (d1 << lz) | (d2 >>> (32 - lz));
            boolean sticky = (d2 & ((1L << (32 - lz)) - 1)) != 0;
            for (int i = minIndex; i <= t - 3 && !sticky; i++) {
                sticky = m[i] != 0;
            }
            int e = BASE + 32 * t + 31 - lz; // weight of bit 63 of u
            // round the magnitude towards zero (trunc) and away from zero (away)
            double trunc;
            double away;
            if (e > 1023) {
                trunc = Double.MAX_VALUE;
                away = Double.POSITIVE_INFINITY;
            } else {
                int p = e >= -1022 ? 53 : e + 1075; // significant bits down to 2^-1074
                if (p <= 0) {
                    trunc = 0.0;
                    away = Double.MIN_VALUE;
                } else {
                    long mant = u >>> (64 - p);
                    boolean inexact = sticky || (u << p) != 0;
                    trunc = Math.scalb((double) mant, e - p + 1);
                    away = inexact ? Math.scalb((double) (mant + 1), e - p + 1) : trunc;
                }
            }
            if (negative) {
                return upward ? -trunc : -away;
            }
            return upward ? away : trunc;
        }
    }
}
