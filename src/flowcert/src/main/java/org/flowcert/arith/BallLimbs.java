package org.flowcert.arith;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Exact kernels on unsigned magnitudes held in {@code long[]} limbs, least significant first
 * (the midpoints of {@link Ball}; proofs-notes/ball-arithmetic.md §1). Every kernel here is exact
 * integer arithmetic: products, sums and differences of magnitudes, shifts, bit reads. Rounding
 * and error bounds live in {@link Ball}.
 *
 * <p>A limb is an unsigned 64-bit digit. Products use {@link Math#multiplyHigh} (signed) with the
 * usual correction to the unsigned high word: for x, y read as unsigned,
 * hi_u(x, y) = hi_s(x, y) + (x &lt; 0 ? y : 0) + (y &lt; 0 ? x : 0) (mod 2^64).
 */
final class BallLimbs {
    static final long[] NONE = new long[0];

    private BallLimbs() {
    }

    /** The high 64 bits of the unsigned 128-bit product x·y. */
    static long mulHi(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /**
     * The exact product a·b in a.length + b.length limbs (operand scanning). Per step
     * x·y + r[i+j] + carry ≤ (2^64 − 1)² + 2(2^64 − 1) = 2^128 − 1, so the high word never overflows.
     */
    static long[] mul(long[] a, long[] b) {
        int la = a.length;
        int lb = b.length;
        long[] r = new long[la + lb];
        for (int i = 0; i < la; i++) {
            long x = a[i];
            if (x == 0) {
                continue;
            }
            long carry = 0;
            for (int j = 0; j < lb; j++) {
                long y = b[j];
                long lo = x * y;
                long hi = mulHi(x, y);
                long t = r[i + j];
                lo += t;
                if (Long.compareUnsigned(lo, t) < 0) {
                    hi++;
                }
                lo += carry;
                if (Long.compareUnsigned(lo, carry) < 0) {
                    hi++;
                }
                r[i + j] = lo;
                carry = hi;
            }
            r[i + lb] = carry;
        }
        return r;
    }

    /**
     * The columns k ≥ k0 of the product a·b (product scanning), as limbs of weight 2^(64(k0 + i)),
     * without the carries out of the columns below k0: the exact product is
     * r·2^(64·k0) + D with 0 ≤ D &lt; min(la, lb)·2^(64·k0 + 65) (column k &lt; k0 holds at most
     * min(la, lb) products each &lt; 2^128, and Σ_{k&lt;k0} 2^(64k) &lt; 2^(64·k0)·2/2^64). For k0 ≤ 0
     * this is the full product ({@link #mul}, faster for full products), D = 0. Each column sums the 32-bit quarters of its 128-bit
     * products in four accumulators (each below 2^32 times the number of terms, far from overflow:
     * no carry tests in the inner loop), then adds the carry from the column below and splits off
     * the 64-bit result limb and the carry (a 128-bit value) into the next column.
     */
    static long[] mulHigh(long[] a, long[] b, int k0) {
        if (k0 <= 0) {
            return mul(a, b);
        }
        int la = a.length;
        int lb = b.length;
        int len = la + lb - k0;
        long[] r = new long[len];
        long carryLo = 0; // carry into the column: carryLo + carryHi·2^64
        long carryHi = 0;
        for (int k = k0; k < la + lb - 1; k++) {
            int iLo = Math.max(0, k - lb + 1);
            int iHi = Math.min(k, la - 1);
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (int i = iLo; i <= iHi; i++) {
                long x = a[i];
                long y = b[k - i];
                long lo = x * y;
                long hi = mulHi(x, y);
                s0 += lo & 0xFFFF_FFFFL;
                s1 += lo >>> 32;
                s2 += hi & 0xFFFF_FFFFL;
                s3 += hi >>> 32;
            }
            // column + carry = s0 + s1·2^32 + s2·2^64 + s3·2^96 + carryLo + carryHi·2^64
            long t0 = s0 + (carryLo & 0xFFFF_FFFFL);
            long t1 = s1 + (carryLo >>> 32) + (t0 >>> 32);
            r[k - k0] = (t0 & 0xFFFF_FFFFL) | (t1 << 32);
            long t2 = s2 + (carryHi & 0xFFFF_FFFFL) + (t1 >>> 32);
            long t3 = s3 + (carryHi >>> 32) + (t2 >>> 32);
            carryLo = (t2 & 0xFFFF_FFFFL) | (t3 << 32);
            carryHi = t3 >>> 32;
        }
        r[len - 1] = carryLo; // the product fits: carryHi is 0 here
        return r;
    }

    /**
     * The columns k ≥ k0 of a² (k0 ≥ 0; k0 = 0 is the full square), with the same contract and skipped
     * part D as {@link #mulHigh}(a, a, k0): column k = 2·Σ_(i &lt; k−i) a_i·a_(k−i) + (k even ? a_(k/2)² : 0),
     * so each off-diagonal product is formed once; its four 32-bit-quarter accumulators are doubled
     * (each below 2^33 times the number of terms, far from overflow) before the diagonal is added.
     */
    static long[] sqrHigh(long[] a, int k0) {
        k0 = Math.max(0, k0);
        int la = a.length;
        int len = 2 * la - k0;
        long[] r = new long[len];
        long carryLo = 0;
        long carryHi = 0;
        for (int k = k0; k < 2 * la - 1; k++) {
            int iLo = Math.max(0, k - la + 1);
            long s0 = 0;
            long s1 = 0;
            long s2 = 0;
            long s3 = 0;
            for (int i = iLo, j = k - iLo; i < j; i++, j--) {
                long x = a[i];
                long y = a[j];
                long lo = x * y;
                long hi = mulHi(x, y);
                s0 += lo & 0xFFFF_FFFFL;
                s1 += lo >>> 32;
                s2 += hi & 0xFFFF_FFFFL;
                s3 += hi >>> 32;
            }
            s0 <<= 1;
            s1 <<= 1;
            s2 <<= 1;
            s3 <<= 1;
            if ((k & 1) == 0) {
                long x = a[k >> 1];
                long lo = x * x;
                long hi = mulHi(x, x);
                s0 += lo & 0xFFFF_FFFFL;
                s1 += lo >>> 32;
                s2 += hi & 0xFFFF_FFFFL;
                s3 += hi >>> 32;
            }
            long t0 = s0 + (carryLo & 0xFFFF_FFFFL);
            long t1 = s1 + (carryLo >>> 32) + (t0 >>> 32);
            r[k - k0] = (t0 & 0xFFFF_FFFFL) | (t1 << 32);
            long t2 = s2 + (carryHi & 0xFFFF_FFFFL) + (t1 >>> 32);
            long t3 = s3 + (carryHi >>> 32) + (t2 >>> 32);
            carryLo = (t2 & 0xFFFF_FFFFL) | (t3 << 32);
            carryHi = t3 >>> 32;
        }
        r[len - 1] = carryLo;
        return r;
    }

    /**
     * The n limbs of ⌊m / 2^s⌋ (s ≥ 0) or m·2^(−s) (s &lt; 0), truncated to n limbs (callers choose
     * s so that nothing above n limbs is lost).
     */
    static long[] extract(long[] m, long s, int n) {
        long[] out = new long[n];
        int lm = m.length;
        if (n == 0 || lm == 0) {
            return out;
        }
        if (s >= 0) {
            if (s >= 64L * lm) {
                return out;
            }
            int q = (int) (s >>> 6);
            int b = (int) (s & 63);
            int last = Math.min(n, lm - q); // out[i] for i < last reads m[q + i]
            if (b == 0) {
                System.arraycopy(m, q, out, 0, last);
                return out;
            }
            int i = 0;
            for (; i < last - 1; i++) {
                out[i] = (m[q + i] >>> b) | (m[q + i + 1] << (64 - b));
            }
            out[i] = m[q + i] >>> b | (q + i + 1 < lm ? m[q + i + 1] << (64 - b) : 0);
        } else {
            long t = -s;
            if (t >= 64L * n) {
                return out;
            }
            int q = (int) (t >>> 6);
            int b = (int) (t & 63);
            int cnt = Math.min(lm, n - q); // m[k] lands in out[q + k] (and its top bits in out[q + k + 1])
            if (b == 0) {
                System.arraycopy(m, 0, out, q, cnt);
                return out;
            }
            out[q] = m[0] << b;
            for (int k = 1; k < cnt; k++) {
                out[q + k] = (m[k] << b) | (m[k - 1] >>> (64 - b));
            }
            if (q + cnt < n) {
                out[q + cnt] = m[cnt - 1] >>> (64 - b);
            }
        }
        return out;
    }

    /** Bits [pos, pos + g) of m as a non-negative long (0 ≤ g ≤ 62, pos ≥ 0). */
    static long bitsAt(long[] m, long pos, int g) {
        if (g == 0) {
            return 0;
        }
        long q = pos >>> 6;
        int b = (int) (pos & 63);
        if (q >= m.length) {
            return 0;
        }
        long v = m[(int) q] >>> b;
        if (b != 0 && q + 1 < m.length) {
            v |= m[(int) q + 1] << (64 - b);
        }
        return v & ((1L << g) - 1);
    }

    /** Whether every bit of m below position pos (≥ 0) is 0. */
    static boolean zeroBelow(long[] m, long pos) {
        long q = Math.min(pos >>> 6, m.length);
        for (int i = 0; i < q; i++) {
            if (m[i] != 0) {
                return false;
            }
        }
        int b = (int) (pos & 63);
        return q >= m.length || b == 0 || (m[(int) q] & ((1L << b) - 1)) == 0;
    }

    /** r += 2^c (0 ≤ c &lt; 64) with carry; true when the carry leaves the top limb (r is then 0). */
    static boolean incrementAt(long[] r, int c) {
        long add = 1L << c;
        for (int i = 0; i < r.length; i++) {
            long v = r[i] + add;
            r[i] = v;
            if (Long.compareUnsigned(v, add) >= 0) {
                return false;
            }
            add = 1;
        }
        return true;
    }

    /** r[off..off + n) += b[0..n); returns the carry out of limb off + n − 1 (not added further). */
    static long addAt(long[] r, int off, long[] b, int n) {
        long carry = 0;
        for (int i = 0; i < n; i++) {
            long x = r[off + i];
            long s = x + b[i];
            long c = Long.compareUnsigned(s, x) < 0 ? 1 : 0;
            long s2 = s + carry;
            c += Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            r[off + i] = s2;
            carry = c;
        }
        return carry;
    }

    /** r += b (b.length ≤ r.length); returns the carry out of r's top limb. */
    static long addInPlace(long[] r, long[] b) {
        long carry = addAt(r, 0, b, b.length);
        for (int i = b.length; carry != 0 && i < r.length; i++) {
            long s = r[i] + 1;
            r[i] = s;
            carry = s == 0 ? 1 : 0;
        }
        return carry;
    }

    /** r −= b (b.length ≤ r.length) modulo 2^(64·r.length); returns the borrow out of the top (1 when b &gt; r). */
    static long subInPlace(long[] r, long[] b) {
        long borrow = 0;
        int i = 0;
        for (; i < b.length; i++) {
            long x = r[i];
            long d = x - b[i];
            long c = Long.compareUnsigned(x, b[i]) < 0 ? 1 : 0;
            long d2 = d - borrow;
            c += Long.compareUnsigned(d, borrow) < 0 ? 1 : 0;
            r[i] = d2;
            borrow = c;
        }
        for (; borrow != 0 && i < r.length; i++) {
            long x = r[i];
            r[i] = x - 1;
            borrow = x == 0 ? 1 : 0;
        }
        return borrow;
    }

    /** r ← 2^(64·r.length) − r (two's complement negation), for r ≠ 0 after a subtraction that borrowed. */
    static void negateInPlace(long[] r) {
        long carry = 1;
        for (int i = 0; i < r.length; i++) {
            long v = ~r[i] + carry;
            carry = (carry != 0 && v == 0) ? 1 : 0;
            r[i] = v;
        }
    }

    /**
     * r += sign·(p·2^s) modulo 2^(64·r.length) (two's complement), p a magnitude, s ≥ 0, sign ±1.
     * The shifted p must fit below r's top limb (callers size r).
     */
    static void addShifted(long[] r, long[] p, long s, int sign) {
        int q = (int) (s >>> 6);
        int b = (int) (s & 63);
        long carry = sign > 0 ? 0 : 1; // r + ~(p<<s) + 1 = r − (p<<s)
        long inv = sign > 0 ? 0 : -1L;
        long prev = 0;
        for (int i = q; i < r.length; i++) {
            int k = i - q;
            long w;
            if (k < p.length) {
                w = b == 0 ? p[k] : (p[k] << b) | (prev >>> (64 - b));
                prev = p[k];
            } else if (k == p.length && b != 0) {
                w = prev >>> (64 - b);
                prev = 0;
            } else {
                // beyond p: adding 0 with no carry, or ~0 with a carry, leaves the rest unchanged
                if (sign > 0 ? carry == 0 : carry == 1) {
                    break;
                }
                w = 0;
            }
            w ^= inv;
            long x = r[i];
            long t = x + w;
            long c = Long.compareUnsigned(t, x) < 0 ? 1 : 0;
            long t2 = t + carry;
            c += Long.compareUnsigned(t2, t) < 0 ? 1 : 0;
            r[i] = t2;
            carry = c;
        }
    }

    /** Whether x &lt; y as unsigned 64-bit numbers. */
    private static boolean ult(long x, long y) {
        return (x ^ Long.MIN_VALUE) < (y ^ Long.MIN_VALUE);
    }

    /**
     * The reciprocal v = ⌊(2^128 − 1)/d⌋ − 2^64 of a normalised limb d (top bit set), 0 ≤ v &lt; 2^64
     * (Möller and Granlund, "Improved division by invariant integers", IEEE TC 2011, §3). A binary64
     * estimate (within about 2^13 of v) is corrected exactly: with ρ = 2^128 − (2^64 + v)·d, held as a
     * signed 128-bit number, v is the answer iff 1 ≤ ρ ≤ d; a second binary64 step moves v by ⌊ρ/d⌋
     * (within one of the needed move), then single steps finish. Every test is on exact integers.
     * Returns 0 if the single steps did not finish (not reached): 0 is never the reciprocal, since
     * d ≤ 2^64 − 1 gives (2^128 − 1)/d ≥ 2^64 + 1, so v ≥ 1; callers then divide another way.
     */
    static long reciprocal(long d) {
        double inv = 1 / ((double) (d >>> 11) * 0x1p11); // ≈ 1/d, relative error &lt; 2^-51
        double y = 0x1p128 * inv - 0x1p64;
        long v;
        if (y >= 0x1p64) {
            v = -1L;
        } else if (y >= 0x1p63) {
            v = (long) (y - 0x1p63) ^ Long.MIN_VALUE;
        } else {
            v = (long) Math.max(0, y);
        }
        // ρ = (2^64 − d)·2^64 − v·d as (rh, rl), two's complement over 128 bits
        long pl = v * d;
        long ph = mulHi(v, d);
        long rl = -pl;
        long rh = -d - ph - (pl != 0 ? 1 : 0);
        // a move k ≈ (ρ − 1)/d (|ρ| &lt; 2^80 here): v += k, ρ −= k·d
        double rho = (double) rh * 0x1p64 + (double) (rl >>> 11) * 0x1p11;
        long k = (long) Math.floor(rho * inv);
        if (k != 0) {
            v += k;
            long kl = k * d;
            long kh = Math.multiplyHigh(k, d) + (k & (d >> 63)); // signed k times unsigned d, high word
            long nl = rl - kl;
            rh = rh - kh - (ult(rl, kl) ? 1 : 0);
            rl = nl;
        }
        for (int i = 0; i < 8; i++) {
            if (rh < 0 || (rh == 0 && rl == 0)) { // ρ ≤ 0: v too large
                v--;
                long nl = rl + d;
                rh += ult(nl, rl) ? 1 : 0;
                rl = nl;
            } else if (rh > 0 || ult(d, rl)) { // ρ > d: v too small
                v++;
                long nl = rl - d;
                rh -= ult(rl, d) ? 1 : 0;
                rl = nl;
            } else {
                return v;
            }
        }
        return 0; // not reached: the caller falls back to another division
    }

    /**
     * The quotient ⌊(u1·2^64 + u0)/d⌋ of a two-limb number by a normalised limb d, for u1 &lt; d (so the
     * quotient is one limb), with v = {@link #reciprocal}(d): Möller–Granlund Algorithm 4 (one product
     * with v, then at most two corrections). The remainder is u0 − q·d (mod 2^64).
     */
    static long div2by1(long u1, long u0, long d, long v) {
        long q0 = v * u1;
        long q1 = mulHi(v, u1);
        long s = q0 + u0;
        q1 += u1 + 1 + (ult(s, q0) ? 1 : 0);
        q0 = s;
        long r = u0 - q1 * d;
        if (ult(q0, r)) {
            q1--;
            r += d;
        }
        if (!ult(r, d)) {
            q1++;
        }
        return q1;
    }

    /**
     * Long division (Knuth, TAOCP vol. 2, §4.3.1, Algorithm D) of u by a normalised b (top bit of its top
     * limb set, lb = b.length limbs): on return u holds the remainder R and q (u.length − lb limbs, the top
     * one 0 or 1) the quotient, with u_in = q·b + R <b>exactly</b>; u's top limb must be 0 on entry. Each
     * digit q̂ comes from the top two limbs of the current window divided by b's top limb
     * ({@link #div2by1}, or 2^64 − 1 when they equal it), lowered while q̂·b_(lb−2) exceeds
     * r̂·2^64 + u_(j+lb−2) (Knuth's test; then q̂ is the digit or one more, Theorem B); the window
     * u[j..j+lb] −= q̂·b is computed in one pass with its top word tracked to 65 bits, so the window
     * stays exact, and b is added back (q̂ decremented) while it is negative. Returns false, with u
     * and q in an unspecified state, if a window turns out not to be a valid Knuth state (a top limb
     * above b's, or more than two add-backs), which Theorem B excludes: callers then divide another way.
     * Soundness of callers rests only on the returned identity, re-stated: u_in = q·b + u_out.
     */
    static boolean divide(long[] u, long[] b, long[] q) {
        int lb = b.length;
        int m = u.length - lb - 1; // digits q[0..m−1] by the loop, q[m] ∈ {0, 1} first
        long d1 = b[lb - 1];
        long d0 = lb >= 2 ? b[lb - 2] : 0;
        // top digit: the window u[m..m+lb−1] (u[m+lb] = 0) against b
        if (compareAt(u, m, b) >= 0) {
            subAt(u, m, b);
            q[m] = 1;
        } else {
            q[m] = 0;
        }
        long v = reciprocal(d1);
        if (v == 0) {
            return false; // the reciprocal did not converge (not reached): the caller divides another way
        }
        for (int j = m - 1; j >= 0; j--) {
            long u2 = u[j + lb];
            long u1 = u[j + lb - 1];
            long qh;
            long rh;
            boolean rhBig; // r̂ ≥ 2^64: Knuth's test cannot fire
            if (ult(u2, d1)) {
                qh = div2by1(u2, u1, d1, v);
                rh = u1 - qh * d1;
                rhBig = false;
            } else if (u2 == d1) {
                qh = -1L;
                rh = u1 + d1;
                rhBig = ult(rh, u1);
            } else {
                return false;
            }
            if (lb >= 2) {
                long u0 = u[j + lb - 2];
                for (int t = 0; t < 2 && !rhBig; t++) {
                    // q̂·d0 > r̂·2^64 + u0 ?
                    long ph = mulHi(qh, d0);
                    long pl = qh * d0;
                    if (ult(rh, ph) || (ph == rh && ult(u0, pl))) {
                        qh--;
                        long n = rh + d1;
                        rhBig = ult(n, rh);
                        rh = n;
                    } else {
                        break;
                    }
                }
            }
            // window −= q̂·b
            long carry = 0;
            for (int i = 0; i < lb; i++) {
                long y = b[i];
                long pl = qh * y;
                long ph = mulHi(qh, y);
                long p2 = pl + carry;
                ph += Long.compareUnsigned(p2, carry) < 0 ? 1 : 0;
                long x = u[j + i];
                long d = x - p2;
                ph += Long.compareUnsigned(x, p2) < 0 ? 1 : 0;
                u[j + i] = d;
                carry = ph;
            }
            boolean neg = ult(u2, carry); // the window's true top is (u2 − carry) − 2^64·neg
            u[j + lb] = u2 - carry;
            for (int t = 0; neg; t++) {
                if (t == 2) {
                    return false;
                }
                qh--;
                long c = 0;
                for (int i = 0; i < lb; i++) {
                    long x = u[j + i];
                    long s = x + b[i];
                    long c1 = ult(s, x) ? 1 : 0;
                    long s2 = s + c;
                    c1 += ult(s2, s) ? 1 : 0;
                    u[j + i] = s2;
                    c = c1;
                }
                long top = u[j + lb] + c;
                if (c != 0 && top == 0) {
                    neg = false; // the carry cancels the −2^64
                }
                u[j + lb] = top;
            }
            q[j] = qh;
        }
        return true;
    }

    /** The window u[j..j+lb−1] (with u[j+lb] as a further top limb) against b, as unsigned numbers. */
    private static int compareAt(long[] u, int j, long[] b) {
        int lb = b.length;
        if (j + lb < u.length && u[j + lb] != 0) {
            return 1;
        }
        for (int i = lb - 1; i >= 0; i--) {
            long x = u[j + i];
            if (x != b[i]) {
                return ult(x, b[i]) ? -1 : 1;
            }
        }
        return 0;
    }

    /** u[j..] −= b (the window is ≥ b). */
    private static void subAt(long[] u, int j, long[] b) {
        long borrow = 0;
        for (int i = 0; i < b.length; i++) {
            long x = u[j + i];
            long d = x - b[i];
            long c = ult(x, b[i]) ? 1 : 0;
            long d2 = d - borrow;
            c += ult(d, borrow) ? 1 : 0;
            u[j + i] = d2;
            borrow = c;
        }
        for (int i = j + b.length; borrow != 0 && i < u.length; i++) {
            long x = u[i];
            u[i] = x - 1;
            borrow = x == 0 ? 1 : 0;
        }
    }

    /**
     * r += sign·(d·p·2^s) modulo 2^(64·r.length), in one pass: the same as
     * {@code addShifted(r, mul({d}, p), s, sign)} (d an unsigned limb, p a magnitude, s ≥ 0, sign ±1) without
     * forming the product: its lp + 1 limbs are produced one by one (d·p_k + carry ≤ (2^64 − 1)² + 2^64 − 1
     * &lt; 2^128) and shifted and added like {@link #addShifted}'s. The shifted product must fit below r's top limb.
     */
    static void addMulShifted(long[] r, long[] p, long d, long s, int sign) {
        int q = (int) (s >>> 6);
        int b = (int) (s & 63);
        long inv = sign > 0 ? 0 : -1L;
        long carry = sign > 0 ? 0 : 1;
        long mcarry = 0;
        long prev = 0;
        int lp = p.length;
        for (int i = q; i < r.length; i++) {
            int k = i - q;
            long w;
            if (k <= lp) {
                long pk;
                if (k < lp) {
                    long x = p[k];
                    long lo = d * x;
                    long hi = mulHi(d, x);
                    lo += mcarry;
                    if (ult(lo, mcarry)) {
                        hi++;
                    }
                    pk = lo;
                    mcarry = hi;
                } else {
                    pk = mcarry;
                }
                w = b == 0 ? pk : (pk << b) | (prev >>> (64 - b));
                prev = pk;
            } else if (k == lp + 1 && b != 0) {
                w = prev >>> (64 - b);
                prev = 0;
            } else {
                if (sign > 0 ? carry == 0 : carry == 1) {
                    break;
                }
                w = 0;
            }
            w ^= inv;
            long x = r[i];
            long t = x + w;
            long c = ult(t, x) ? 1 : 0;
            long t2 = t + carry;
            c += ult(t2, t) ? 1 : 0;
            r[i] = t2;
            carry = c;
        }
    }

    /**
     * The integer square root with remainder of a normalised a: 2L limbs (L ≥ 1), top limb ≥ 2^62. Returns {s, r}
     * with s = ⌊√a⌋ (L limbs, top bit set) and r = a − s² (L + 1 limbs, 0 ≤ r ≤ 2s), or null if a step left the
     * ranges below (not reached; callers then take another root). Zimmermann's Karatsuba square root
     * (Brent and Zimmermann, Modern Computer Arithmetic, Algorithm 1.12 SqrtRem; note §3.7): with l = ⌊L/2⌋,
     * h = L − l and a = A·β^(2l) + a1·β^l + a0 (β = 2^64, A of 2h limbs, normalised as a): (s', r') = SqrtRem(A);
     * q and u from the division of x = r'·β^l + a1 by 2s' (x = q·2s' + u, exact: the long division of x by s'
     * gives x = q1·s' + ρ, then q = ⌊q1/2⌋ and u = ρ + (q1 mod 2)·s'); s = s'·β^l + q and r = u·β^l + a0 − q², so
     * that a = s² + r holds exactly for any q, u of the identity; then r &lt; 0 is corrected by s ← s − 1,
     * r ← r + 2s − 1 (old s) and r &gt; 2s by s ← s + 1, r ← r − 2s − 1, each preserving a = s² + r. The ranges
     * (s &lt; β^L, 0 ≤ r ≤ 2s) are checked at the end, so the result is ⌊√a⌋ and its remainder whenever it is
     * returned.
     */
    static long[][] sqrtRem(long[] a) {
        return sqrtRem(a, 0, a.length / 2);
    }

    /** {@link #sqrtRem} of the 2L limbs a[off .. off + 2L). */
    private static long[][] sqrtRem(long[] a, int off, int ll) {
        if (ll == 1) {
            return sqrtRem2(a[off + 1], a[off]);
        }
        int l = ll / 2;
        int h = ll - l;
        long[][] sr = sqrtRem(a, off + 2 * l, h);
        if (sr == null) {
            return null;
        }
        long[] s1 = sr[0]; // h limbs, top bit set
        long[] r1 = sr[1]; // h + 1 limbs, ≤ 2s'
        // x = r'·β^l + a1 with a zero top limb (divide's contract)
        long[] x = new long[h + l + 2];
        System.arraycopy(a, off + l, x, 0, l);
        System.arraycopy(r1, 0, x, l, h + 1);
        long[] q1 = new long[l + 2];
        if (!divide(x, s1, q1)) {
            return null;
        }
        // q = ⌊q1/2⌋ (q1 ≤ 2β^l + 2, so q fits l + 1 limbs), in place
        long odd = q1[0] & 1;
        for (int i = 0; i <= l; i++) {
            q1[i] = (q1[i] >>> 1) | (q1[i + 1] << 63);
        }
        if ((q1[l + 1] >>> 1) != 0) {
            return null;
        }
        long[] q = java.util.Arrays.copyOf(q1, l + 1);
        // s = s'·β^l + q in L + 1 limbs
        long[] s = new long[ll + 1];
        System.arraycopy(q, 0, s, 0, l + 1);
        s[ll] += addAt(s, l, s1, h);
        // r = u·β^l + a0 − q², u = ρ + (q1 mod 2)·s' (ρ = x's low h limbs), two's complement in L + 2 limbs
        // (−β^L < r < 2β^L + β^l)
        long[] r = new long[ll + 2];
        System.arraycopy(a, off, r, 0, l);
        System.arraycopy(x, 0, r, l, h);
        if (odd != 0) {
            r[l + h] = addAt(r, l, s1, h);
        }
        subInPlace(r, q.length > 6 ? sqrHigh(q, 0) : mul(q, q)); // the symmetric square above 6 limbs (§3.5)
        return corrected(s, r, ll);
    }

    /**
     * {s, r} of {@link #sqrtRem} from s (L + 1 limbs) and r = a − s² (L + 2 limbs, two's complement): at most
     * two unit steps each way, then the ranges are checked (null when not met).
     */
    private static long[][] corrected(long[] s, long[] r, int ll) {
        for (int t = 0; t < 2 && r[ll + 1] < 0; t++) {
            // r ← r + 2s − 1, s ← s − 1
            addInPlace(r, s);
            addInPlace(r, s);
            subInPlace(r, ONE);
            subInPlace(s, ONE);
        }
        if (r[ll + 1] < 0) {
            return null;
        }
        for (int t = 0; t < 2 && greaterThanTwice(r, s); t++) {
            // r ← r − 2s − 1, s ← s + 1
            subInPlace(r, s);
            subInPlace(r, s);
            subInPlace(r, ONE);
            addInPlace(s, ONE);
        }
        if (r[ll + 1] != 0 || s[ll] != 0 || s[ll - 1] >= 0 || greaterThanTwice(r, s)) {
            return null;
        }
        return new long[][] {java.util.Arrays.copyOf(s, ll), java.util.Arrays.copyOf(r, ll + 1)};
    }

    private static final long[] ONE = {1};

    /** Whether r &gt; 2s, for r ≥ 0 of L + 2 limbs and s of L + 1 limbs (s &lt; 2^(64L + 63): 2s fits L + 1 limbs). */
    private static boolean greaterThanTwice(long[] r, long[] s) {
        int ls = s.length;
        if (r[ls] != (s[ls - 1] >>> 63)) {
            return ult(s[ls - 1] >>> 63, r[ls]);
        }
        for (int i = ls - 1; i >= 0; i--) {
            long t = (s[i] << 1) | (i > 0 ? s[i - 1] >>> 63 : 0);
            if (r[i] != t) {
                return ult(t, r[i]);
            }
        }
        return false;
    }

    /**
     * {@link #sqrtRem} of the two-limb a = a1·2^64 + a0 (a1 ≥ 2^62), in locals: s0 from Math.sqrt of a's top 53 bits
     * (within about 2^13 of ⌊√a⌋), one Newton move k ≈ (a − s0²)/(2s0) estimated in binary64 (then s0 + k is within
     * 2 of the root), s = s0 + k kept in [2^63, 2^64 − 1] (where the root is), r = a − s² computed exactly as a
     * 192-bit two's-complement number, at most two unit steps each way (as {@link #corrected}), and the same checks:
     * 2^63 ≤ s, 0 ≤ r ≤ 2s (else null).
     */
    static long[][] sqrtRem2(long a1, long a0) {
        double v = (double) (a1 >>> 11) * 0x1p75; // ≤ a, within 2^−51 relative
        double root = Math.sqrt(v);
        long s0 = root >= 0x1p64 ? -1L : root >= 0x1p63 ? (long) (root - 0x1p63) ^ Long.MIN_VALUE : Long.MIN_VALUE;
        // a − s0² (|·| < 2^80 here, so the signed 128-bit (rh, rl) is exact; the three-limb check below re-verifies)
        long pl = s0 * s0;
        long rl = a0 - pl;
        long rh = a1 - mulHi(s0, s0) - (ult(a0, pl) ? 1 : 0);
        double sd = (double) (s0 >>> 11) * 0x1p11 + (double) (s0 & 0x7ff);
        double rd = (double) rh * 0x1p64 + (double) (rl >>> 11) * 0x1p11;
        long k = Math.round(rd / (2 * sd));
        long s = s0 + k;
        if (k > 0 && ult(s, s0)) {
            s = -1L; // past 2^64 − 1
        } else if (s >= 0) {
            s = Long.MIN_VALUE; // below 2^63 (k < 0 from s0 ≥ 2^63)
        }
        // r = a − s² exactly in three limbs (r2, rh, rl), then unit steps in locals
        pl = s * s;
        long ph = mulHi(s, s);
        rl = a0 - pl;
        long b1 = ult(a0, pl) ? 1 : 0;
        rh = a1 - ph - b1;
        long r2 = ult(a1, ph) || (a1 == ph && b1 != 0) ? -1L : 0;
        for (int t = 0; t < 2 && r2 < 0; t++) {
            // r ← r + s + s − 1, s ← s − 1 (192-bit two's complement (r2, rh, rl))
            for (int u = 0; u < 2; u++) {
                long nl = rl + s;
                long c = ult(nl, rl) ? 1 : 0;
                long nh = rh + c;
                r2 += c != 0 && nh == 0 ? 1 : 0;
                rh = nh;
                rl = nl;
            }
            long bl = rl == 0 ? 1 : 0;
            rl--;
            r2 -= bl != 0 && rh == 0 ? 1 : 0;
            rh -= bl;
            s--;
        }
        if (r2 < 0 || s >= 0) {
            return null;
        }
        // 2s = 2^64 + (s << 1) for s ≥ 2^63: r > 2s iff r2 > 0, rh > 1, or rh = 1 and rl > s << 1
        for (int t = 0; t < 2 && (r2 != 0 || ult(1, rh) || (rh == 1 && ult(s << 1, rl))); t++) {
            // r ← r − s − s − 1, s ← s + 1
            for (int u = 0; u < 2; u++) {
                long b = ult(rl, s) ? 1 : 0;
                rl -= s;
                r2 -= b != 0 && rh == 0 ? 1 : 0;
                rh -= b;
            }
            long bl = rl == 0 ? 1 : 0;
            rl--;
            r2 -= bl != 0 && rh == 0 ? 1 : 0;
            rh -= bl;
            s++;
            if (s == 0) {
                return null; // past 2^64 − 1: not the root of a < 2^128
            }
        }
        if (r2 != 0 || ult(1, rh) || (rh == 1 && ult(s << 1, rl)) || s >= 0) {
            return null;
        }
        return new long[][] {{s}, {rl, rh}};
    }

    /** The magnitude of the two's-complement number r (a fresh array; r itself is left as it is). */
    static long[] abs(long[] r) {
        long[] m = r.clone();
        if (r.length > 0 && r[r.length - 1] < 0) {
            negateInPlace(m);
        }
        return m;
    }

    /** Index of the highest non-zero limb, −1 for zero. */
    static int top(long[] m) {
        int t = m.length - 1;
        while (t >= 0 && m[t] == 0) {
            t--;
        }
        return t;
    }

    /** Big-endian longs in a byte array (conversions to and from BigInteger's byte form). */
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The limbs of |a| (least significant first, no leading zero limb; NONE for 0). */
    static long[] of(BigInteger a) {
        if (a.signum() == 0) {
            return NONE;
        }
        if (a.signum() < 0) {
            a = a.negate();
        }
        int bl = a.bitLength();
        if (bl < 64) {
            return new long[] {a.longValue()};
        }
        byte[] bytes = a.toByteArray(); // big-endian, maybe one leading 0 byte
        int n = (bl + 63) >>> 6;
        long[] out = new long[n];
        int k = bytes.length;
        int i = 0;
        for (; k >= 8; i++, k -= 8) {
            out[i] = (long) BE_LONG.get(bytes, k - 8);
        }
        if (i < n) {
            long v = 0;
            for (int j = 0; j < k; j++) {
                v = (v << 8) | (bytes[j] & 0xffL);
            }
            out[i] = v;
        }
        return out;
    }

    /** The integer sign·m (m: limbs, least significant first). */
    static BigInteger toBigInteger(long[] m, int sign) {
        if (sign == 0 || m.length == 0) {
            return BigInteger.ZERO;
        }
        if (m.length == 1 && m[0] >= 0) {
            return BigInteger.valueOf(sign < 0 ? -m[0] : m[0]);
        }
        byte[] bytes = new byte[8 * m.length];
        for (int i = 0, k = bytes.length - 8; i < m.length; i++, k -= 8) {
            BE_LONG.set(bytes, k, m[i]);
        }
        return new BigInteger(sign, bytes);
    }
}
