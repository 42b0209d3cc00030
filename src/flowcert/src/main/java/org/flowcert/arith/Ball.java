package org.flowcert.arith;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.UserError;

/**
 * A rigorous arbitrary-precision ball [mid − rad, mid + rad] in the manner of Arb's
 * {@code arb_t}: the midpoint is a dyadic number {@code ±mag·2^exp} whose magnitude is held in
 * {@code long[]} limbs ({@link BallLimbs}, top bit of the top limb set; at most BITS significant
 * bits after a rounding), the radius a {@link BallRadius} (53-bit mantissa, {@code long} exponent)
 * always rounded up.
 *
 * <p>Accuracy contract: every operation returns a ball containing the exact result of the
 * operation at every point of its operands. Midpoint sums and products are computed exactly
 * on limbs and then rounded to BITS bits (round to nearest); the rounding error is bounded from
 * the dropped bits (at most half a unit in the last place) and added to the radius. Quotients
 * and square roots are built from binary64-estimated digits while an exact remainder is kept,
 * which bounds their error. No string or radix conversion anywhere. See proofs-notes/ball-arithmetic.md.
 *
 * <p>Elementary functions ({@link BallElementary}): exp and expm1 by a fixed-point Taylor
 * series with a running error bound, the others from them or from series in ball
 * arithmetic, each with a proven remainder; for a ball argument of positive radius they add
 * radius × a bound of |f'| over the ball (narrow balls) or hull the values at both ends
 * (wide balls; every function here is non-decreasing).
 *
 * <p>Division by a ball containing 0, log of a ball with points &le; 0 and sqrt of a ball
 * of negative numbers throw {@link ArithmeticException}; sqrt of a ball straddling 0
 * encloses sqrt on its non-negative part.
 */
public final class Ball implements Num<Ball> {
    static {
        // the Apfloat cross-check path (ApfloatBall) may share this JVM: configure its storage first
        BallStorage.configure();
    }

    /** Smallest and largest precision accepted from users. */
    public static final int MIN_BITS = 24;
    public static final int MAX_BITS = 100_000;
    /** Radii up to this use the derivative bound, wider balls the end-point hull. */
    private static final BallRadius NARROW = BallRadius.pow2(-16);
    static final BigInteger ZERO = BigInteger.ZERO;
    static final BigInteger ONE = BigInteger.ONE;
    private static final long[] NONE = BallLimbs.NONE;
    /** Rounding reads this many of the dropped bits to bound the rounding error (§3.1). */
    private static final int GUARD = 32;

    private static final ConcurrentHashMap<Integer, Field> FIELDS = new ConcurrentHashMap<>();

    /** Midpoint magnitude: limbs, least significant first, top bit of the top limb set; NONE for 0. */
    final long[] mag;
    /** Sign of the midpoint (−1, 0, 1). */
    final int sgn;
    /** The midpoint is sgn·mag·2^exp (exp = 0 when the midpoint is 0). */
    final long exp;
    /** The radius radM·2^radE: radM in [1, 2) or 0 (then radE = 0); primitive fields, no object per operation. */
    final double radM;
    final long radE;
    private final Field field;
    /** Lazily computed upper bound of |mid| (benign race: idempotent). */
    private BallRadius midUp;
    /** Lazily computed midpoint mantissa as a BigInteger (benign race: idempotent). */
    private BigInteger manBig;

    /** A ball from normalised limbs (mag's top limb has its top bit set, or mag is empty and sgn = 0). */
    Ball(long[] mag, int sgn, long exp, BallRadius rad, Field field) {
        this(mag, sgn, exp, rad.m, rad.e, field);
    }

    /**
     * A ball from normalised limbs and the radius rv·2^rk, rv a finite double &ge; 0 (any binary exponent: it is
     * moved into rk exactly, as {@link BallRadius#of}).
     */
    Ball(long[] mag, int sgn, long exp, double rv, long rk, Field field) {
        boolean zero = sgn == 0 || mag.length == 0;
        if (!zero) {
            BallRadius.checkExponent(exp);
        }
        this.mag = zero ? NONE : mag;
        this.sgn = zero ? 0 : sgn;
        this.exp = zero ? 0 : exp;
        long bits = Double.doubleToRawLongBits(rv);
        int ex = (int) (bits >>> 52) - 1023; // rv ≥ 0: no sign bit
        if (rv == 0) {
            this.radM = 0;
            this.radE = 0;
        } else if (ex > Double.MIN_EXPONENT - 1 && ex <= Double.MAX_EXPONENT) {
            // the same significand with exponent 0: exactly rv·2^−ex, in [1, 2)
            this.radM = Double.longBitsToDouble((bits & 0x000f_ffff_ffff_ffffL) | 0x3ff0_0000_0000_0000L);
            this.radE = rk + ex;
            BallRadius.checkExponent(this.radE);
        } else {
            BallRadius r = BallRadius.of(rv, rk); // subnormal (or a refusal of a negative or non-finite value)
            this.radM = r.m;
            this.radE = r.e;
        }
        this.field = field;
    }

    /** The ball man·2^exp ± rad (man any integer; not rounded). */
    Ball(BigInteger man, long exp, BallRadius rad, Field field) {
        this(aligned(man), man.signum(), exp + alignShift(man), rad, field);
    }

    /** The limbs of |m| shifted left so that the top bit of the top limb is set. */
    private static long[] aligned(BigInteger m) {
        if (m.signum() == 0) {
            return NONE;
        }
        long[] l = BallLimbs.of(m);
        int nlz = Long.numberOfLeadingZeros(l[l.length - 1]);
        return nlz == 0 ? l : BallLimbs.extract(l, -nlz, l.length);
    }

    /** −(the left shift of {@link #aligned}). */
    private static long alignShift(BigInteger m) {
        if (m.signum() == 0) {
            return 0;
        }
        int bl = absBitLength(m);
        return -(((bl + 63L) & ~63L) - bl);
    }

    // ------------------------------------------------------------------ fields

    /** The ball arithmetic at {@code bits} bits of midpoint precision ({@value #MIN_BITS}..{@value #MAX_BITS}). */
    public static Field field(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("ball precision must be in " + MIN_BITS + ".." + MAX_BITS + ": " + bits);
        }
        return fieldUnchecked(bits);
    }

    static Field fieldUnchecked(int bits) {
        Field f = FIELDS.get(bits);
        return f != null ? f : FIELDS.computeIfAbsent(bits, Field::new);
    }

    /**
     * Parses a {@code --arith} value {@code ball:BITS} into its field.
     *
     * @throws UserError unless spec is {@code ball:} followed by an integer in range
     */
    public static Field parseArith(String spec) {
        String expected = "ball:BITS with BITS an integer in " + MIN_BITS + ".." + MAX_BITS + " (e.g. ball:256)";
        if (spec == null || !spec.startsWith("ball:")) {
            throw new UserError(null, "--arith", expected + ", got '" + spec + "'");
        }
        String digits = spec.substring(5);
        if (!digits.matches("[0-9]{1,7}")) {
            throw new UserError(null, "--arith", expected + ", got '" + spec + "'");
        }
        int bits = Integer.parseInt(digits);
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new UserError(null, "--arith", expected + ", got '" + spec + "'");
        }
        return field(bits);
    }

    // ------------------------------------------------------------------ accessors

    /** The midpoint mantissa: the midpoint is man()·2^exp. */
    BigInteger man() {
        BigInteger m = manBig;
        if (m == null) {
            m = BallLimbs.toBigInteger(mag, sgn);
            manBig = m;
        }
        return m;
    }

    /** The midpoint, exactly. */
    public BigFraction midExact() {
        return toBigFraction(man(), exp);
    }

    /** The radius, exactly. */
    public BigFraction rad() {
        return radius().toBigFraction();
    }

    /** A double &ge; the radius. */
    public double radUpper() {
        return radius().toDoubleUp();
    }

    /** The radius as a {@link BallRadius} (a new object: the ring operations read radM and radE instead). */
    BallRadius radius() {
        return radM == 0 ? BallRadius.ZERO : BallRadius.normal(radM, radE);
    }

    /** The number of bits of this ball's arithmetic. */
    public int bits() {
        return field.bits;
    }

    @Override
    public Field field() {
        return field;
    }

    int signum() {
        return sgn;
    }

    /** s with 2^(s−1) &le; |mid| &lt; 2^s (mid ≠ 0). */
    long scale() {
        return exp + 64L * mag.length;
    }

    /**
     * An upper bound of |mid| as u·2^(scale − 1) with u in (1, 2]: the top 53 bits of the top limb
     * plus one unit of their last place (|mid| &lt; (⌊T/2^11⌋ + 1)·2^(11 + 64(L−1) + exp)).
     */
    private static double upperMant(long[] m) {
        return ((m[m.length - 1] >>> 11) + 1) * 0x1p-52;
    }

    /** The same, without the extra unit when no bit below the top 53 is set (then it is |mid| exactly). */
    private static double upperMantTight(long[] m) {
        long t = m[m.length - 1];
        boolean exact = (t & 0x7ff) == 0;
        for (int i = m.length - 2; exact && i >= 0; i--) {
            exact = m[i] == 0;
        }
        return ((t >>> 11) + (exact ? 0 : 1)) * 0x1p-52;
    }

    /** A lower bound of |mid| as u·2^(scale − 1) with u in [1, 2): the top 53 bits of the top limb. */
    private static double lowerMant(long[] m) {
        return (m[m.length - 1] >>> 11) * 0x1p-52;
    }

    BallRadius midUpper() {
        BallRadius u = midUp;
        if (u == null) {
            u = sgn == 0 ? BallRadius.ZERO : BallRadius.of(upperMantTight(mag), scale() - 1);
            midUp = u;
        }
        return u;
    }

    /** A lower bound of |mid|. */
    BallRadius midLower() {
        return sgn == 0 ? BallRadius.ZERO : BallRadius.of(lowerMant(mag), scale() - 1);
    }

    /** An upper bound of |x| over the ball. */
    BallRadius absUpper() {
        return midUpper().add(radius());
    }

    /** The bit length of |m| (BigInteger.bitLength is one short for negative powers of two). */
    static int absBitLength(BigInteger m) {
        int bl = m.bitLength();
        return m.signum() < 0 && m.getLowestSetBit() == bl ? bl + 1 : bl;
    }

    // ------------------------------------------------------------------ construction helpers

    /** An upper bound of r, a double &ge; 0 times 2^k (0 for none), as a radius. */
    private static BallRadius radius(double v, long k) {
        return v == 0 ? BallRadius.ZERO : BallRadius.of(v, k);
    }

    /**
     * An upper bound of v·2^k + w·2^j as a mantissa at exponent max(k, j), for doubles v, w in
     * [1, 16): for a gap d ≤ 60 the smaller term is scaled exactly (it stays a normal double) and
     * the binary64 sum, within one ulp of the exact sum, is stepped up once; for d &gt; 60 the smaller
     * term is below 2^(max − 56), less than one ulp (≥ 2^(max − 52)) of the larger, so a step up of
     * the larger alone bounds the sum (proofs-notes/ball-arithmetic.md §2).
     */
    private static double upSum(double v, long k, double w, long j) {
        long d = k - j;
        if (d >= 0) {
            return d > 60 ? Math.nextUp(v) : Math.nextUp(v + scaleNormal(w, (int) -d));
        }
        return d < -60 ? Math.nextUp(w) : Math.nextUp(w + scaleNormal(v, (int) d));
    }

    /**
     * v·2^n exactly, for a normal v &gt; 0 and a normal result (every call: mantissas in [1, 16) scaled by
     * at most 2^±60, or a normal double scaled into [1, 2)): the exponent field is moved by n, which is
     * exact; anything else goes through Math.scalb (exact for normal results too).
     */
    static double scaleNormal(double v, int n) {
        long bits = Double.doubleToRawLongBits(v);
        long ex = (bits >>> 52) + n; // v > 0: no sign bit
        if ((bits >>> 52) == 0 || ex <= 0 || ex >= 0x7ff) {
            return Math.scalb(v, n);
        }
        return Double.longBitsToDouble(bits + ((long) n << 52));
    }

    /**
     * The radius v·2^k + w·2^j rounded up (v, w normal doubles &gt; 0, or v = 0; §2): this mantissa (not normalised)
     * at the exponent {@link #plusExp}; the ball's constructor normalises the pair exactly.
     */
    private static double plusMant(double v, long k, double w, long j) {
        if (v == 0) {
            return w;
        }
        int gv = Math.getExponent(v);
        int gw = Math.getExponent(w);
        return upSum(scaleNormal(v, -gv), k + gv, scaleNormal(w, -gw), j + gw);
    }

    /** The exponent that goes with {@link #plusMant}. */
    private static long plusExp(double v, long k, double w, long j) {
        return v == 0 ? j : Math.max(k + Math.getExponent(v), j + Math.getExponent(w));
    }

    /**
     * The ball (m·2^e ± r) with the midpoint rounded to nearest at the field's precision:
     * with s = bitlen(|m|) − p &gt; 0 dropped bits, the error |m − t·2^s| &le; 2^(s−1) is bounded
     * from the top g = min(s, 32) dropped bits (note §3.1) and added to r.
     */
    static Ball round(BigInteger m, long e, BallRadius r, Field f) {
        if (m.signum() == 0) {
            return new Ball(NONE, 0, 0, r, f);
        }
        return roundLimbs(BallLimbs.of(m), m.signum(), e, r.m, r.e, f);
    }

    /**
     * The ball (sgn·m·2^e ± rv·2^rk) with the midpoint rounded to nearest at f's precision p, for a
     * magnitude m in limbs (any length, leading zero limbs allowed; m is not modified) and a radius
     * given as a double rv &ge; 0 (normal or 0) times 2^rk. With ℓ = bitlen m &gt; p and σ = ℓ − p
     * dropped bits, the kept bits are ⌊m/2^σ⌋ (placed in n = ⌈p/64⌉ limbs with the top bit set) and
     * the dropped ones ρ = m mod 2^σ; τ, the top g = min(σ, 32) bits of ρ, gives
     * τ·2^(σ−g) ≤ ρ &lt; (τ + 1)·2^(σ−g): round down with error &lt; (τ + 1)·2^(σ−g) when
     * τ &lt; 2^(g−1), else round up (one unit, carry included) with error ≤ (2^g − τ)·2^(σ−g); when the bits
     * of ρ below τ are all 0, ρ = τ·2^(σ−g) and the round-down error is τ·2^(σ−g) exactly.
     */
    static Ball roundLimbs(long[] m, int sgn, long e, double rv, long rk, Field f) {
        int top = BallLimbs.top(m);
        if (top < 0 || sgn == 0) {
            return new Ball(NONE, 0, 0, rv, rk, f);
        }
        long bl = 64L * top + 64 - Long.numberOfLeadingZeros(m[top]);
        int p = f.bits;
        if (rv != 0) {
            long floor = e + bl - 2L * p - 64;
            if (Math.getExponent(rv) + rk < floor) {
                // enlarging a radius is always sound; this keeps mid ± rad of bounded bit length
                rv = 1;
                rk = floor;
            }
        }
        if (bl <= p) {
            int len = (int) ((bl + 63) >>> 6);
            long sh = bl - 64L * len;
            // exact and aligned: the ball keeps the caller's array (callers pass fresh arrays; balls are immutable and
            // no kernel writes into a stored midpoint)
            long[] out = sh == 0 && m.length == len ? m : BallLimbs.extract(m, sh, len);
            return new Ball(out, sgn, e + sh, rv, rk, f);
        }
        int n = f.limbs;
        long sigma = bl - p;
        long s = bl - 64L * n;
        int c = 64 * n - p;
        long[] out = BallLimbs.extract(m, s, n);
        if (c > 0) {
            out[0] &= -1L << c;
        }
        int g = (int) Math.min(sigma, GUARD);
        long tau = BallLimbs.bitsAt(m, sigma - g, g);
        long outExp = e + s;
        boolean restZero = BallLimbs.zeroBelow(m, sigma - g);
        if (tau == 0 && restZero) {
            return new Ball(out, sgn, outExp, rv, rk, f); // exact
        }
        long err;
        if (tau >= 1L << (g - 1)) {
            if (BallLimbs.incrementAt(out, c)) {
                out[n - 1] = 1L << 63; // all ones + 1 unit = 2^(64n)·2^outExp
                outExp++;
            }
            err = (1L << g) - tau; // exact when the bits below τ are 0, else a bound
        } else {
            err = restZero ? tau : tau + 1;
        }
        long ek = e + sigma - g;
        return new Ball(out, sgn, outExp, plusMant(rv, rk, err, ek), plusExp(rv, rk, err, ek), f);
    }

    /**
     * The ball (a + b ± r) in f for exact dyadics a = ma·2^ea, b = mb·2^eb. When the
     * magnitudes are far apart the smaller term goes into the radius instead of being added
     * exactly (an exact sum would have absurd bit length).
     */
    static Ball sum(BigInteger ma, long ea, BigInteger mb, long eb, BallRadius r, Field f) {
        return new Ball(ma, ea, BallRadius.ZERO, f).sumOf(new Ball(mb, eb, BallRadius.ZERO, f), 1, r.m, r.e, f);
    }

    /**
     * this + bs·b (bs = ±1) with the radius rv·2^rk added, rounded to f. Far-apart scales (gap
     * &gt; p + 4) put the smaller midpoint's upper bound into the radius; otherwise the operand with
     * the larger exponent is shifted onto the other's exponent (shift ≤ scale gap + 64·(its limbs)),
     * the magnitudes added or subtracted exactly (a borrow out of the top means the difference
     * is negative: its two's complement negation is the magnitude), then rounded (§3.1).
     */
    private Ball sumOf(Ball b, int bs, double rv, long rk, Field f) {
        return sumOf(b, bs, rv, rk, f, true);
    }

    /**
     * Sums in fields of up to this many limbs (128 bits) take the fused kernel (two-limb operands the locals kernel
     * {@link #sumFused2}); above it the two-pass path, whose whole-limb copies and separate carry loop measured
     * faster: at 256 bits the window loop took 30–42 ns against 29–31 (its JIT outcome bimodal), at 1,024 bits
     * 5–10% more (session 9, one JVM per operation).
     */
    private static final int FUSED_SUM_LIMBS = 2;

    /** The same; {@code fused} = false takes the two-pass path only (the tests compare both). */
    Ball sumOf(Ball b, int bs, double rv, long rk, Field f, boolean fused) {
        int sb = b.sgn * bs;
        if (sb == 0) {
            return roundLimbs(mag, sgn, exp, rv, rk, f);
        }
        if (sgn == 0) {
            return roundLimbs(b.mag, sb, b.exp, rv, rk, f);
        }
        long sa = scale();
        long sbs = b.scale();
        if (sa - sbs > f.bits + 4L) {
            BallRadius r = radius(rv, rk).add(b.midUpper());
            return roundLimbs(mag, sgn, exp, r.m, r.e, f);
        }
        if (sbs - sa > f.bits + 4L) {
            BallRadius r = radius(rv, rk).add(midUpper());
            return roundLimbs(b.mag, sb, b.exp, r.m, r.e, f);
        }
        if (fused && f.limbs <= FUSED_SUM_LIMBS && mag.length <= f.limbs && b.mag.length <= f.limbs) {
            Ball r = sa >= sbs ? sumSmall(mag, sgn, exp, b.mag, sb, b.exp, rv, rk, f)
                    : sumSmall(b.mag, sb, b.exp, mag, sgn, exp, rv, rk, f);
            if (r != null) {
                return r;
            }
        }
        return sumExactThenRound(b, sb, rv, rk, f);
    }

    /**
     * The fused kernels (A of the larger scale first): two-limb operands in locals, else the window loop; null for a
     * whole-limb cancellation. Kept out of {@link #sumOf} so that the path of wider fields stays small for the JIT.
     */
    private static Ball sumSmall(long[] am, int as, long ae, long[] bm, int bsg, long be, double rv, long rk, Field f) {
        if (am.length == 2 && bm.length == 2) {
            return sumFused2(am[0], am[1], as, ae, bm[0], bm[1], bsg, be, rv, rk, f);
        }
        return sumFused(am, as, ae, bm, bsg, be, rv, rk, f);
    }

    /**
     * The two-pass sum of {@link #sumOf} (the exact sum in a fresh array, then {@link #roundLimbs}) for scales at most
     * p + 4 apart; sb = ±b's sign.
     */
    private Ball sumExactThenRound(Ball b, int sb, double rv, long rk, Field f) {
        long sa = scale();
        long sbs = b.scale();
        Ball hi = exp >= b.exp ? this : b;
        Ball lo = exp >= b.exp ? b : this;
        int shi = exp >= b.exp ? sgn : sb;
        int slo = exp >= b.exp ? sb : sgn;
        long sh = hi.exp - lo.exp;
        long topBit = Math.max(sa, sbs) - lo.exp + 1;
        int len = (int) ((topBit + 63) >>> 6);
        long[] r = BallLimbs.extract(hi.mag, -sh, len);
        int s = shi;
        if (shi == slo) {
            BallLimbs.addInPlace(r, lo.mag);
        } else if (BallLimbs.subInPlace(r, lo.mag) != 0) {
            BallLimbs.negateInPlace(r);
            s = slo;
        }
        return roundLimbs(r, s, lo.exp, rv, rk, f);
    }

    /**
     * The sum ±A ± B rounded to f in one pass that writes the result limbs once (note §3.3): A (la ≤ n limbs,
     * n = ⌈p/64⌉) has the larger scale sa, B (lb ≤ n limbs) is at most p + 4 binary orders below it. Both are read
     * into a window of n + 1 limbs whose lowest (the guard limb) has weight 2^(sa − 64(n + 1)): A lands on whole limbs
     * (its lowest at window limb n + 1 − la), B is shifted onto the window and its bits below the window (only when it
     * sits more than 64 bits below A's top) are folded into a sticky flag. The window holds V = A + B_w, or
     * A − B_w − sticky, so that the exact result is V + δ with 0 ≤ δ &lt; 1 window unit and δ = 0 iff no sticky bit.
     * V is normalised (a carry shifts it right once, its lost bit joining the sticky flag; a difference of equal scales
     * shifts left by the leading zeros, at most 1 when sticky), then rounded to nearest as in {@link #roundLimbs}: the
     * p kept bits are the top of the n limbs, the dropped σ = 64n − p + 64 ≥ 64 bits the rest with the guard limb, and
     * τ, their top 32 bits, bounds the dropped part ρ: since the window unit is below τ's last place, ρ(V + δ) has
     * the same τ as ρ(V), so the kept bits, τ and the error bound are those of the exact sum (the result is the
     * two-pass result). Returns null, for the general path, when a difference cancels the whole top limb.
     */
    private static Ball sumFused(long[] am, int as, long ae, long[] bm, int bsg, long be, double rv, long rk, Field f) {
        int n = f.limbs;
        int la = am.length;
        int lb = bm.length;
        long sa = ae + 64L * la;
        long off = 64L * (n + 1 - lb) - (sa - be - 64L * lb); // window bit of B's lowest bit (negative: B is cut)
        int ia = n + 1 - la;
        boolean sticky = off < 0 && !BallLimbs.zeroBelow(bm, -off);
        boolean sub = as != bsg;
        long[] out = new long[n];
        // window limb t of B: bits [64t − off, 64t − off + 64) = (B[t + qb] >>> bb) | (B[t + qb + 1] << (64 − bb))
        long qbl = Math.floorDiv(-off, 64L);
        int qb = (int) Math.max(-2 - n, Math.min(qbl, lb)); // beyond these every read is 0 anyway
        int bb = (int) Math.floorMod(-off, 64L);
        long guard = 0;
        long carry;
        if (sub) {
            carry = sticky ? 1 : 0; // A − B_w − sticky: the sticky unit enters as a borrow
            for (int t = 0; t <= n; t++) {
                long x = t >= ia ? am[t - ia] : 0;
                long y = limbAt(bm, t + qb) >>> bb;
                if (bb != 0) {
                    y |= limbAt(bm, t + qb + 1) << (64 - bb);
                }
                long d1 = x - y;
                long c1 = Long.compareUnsigned(x, y) < 0 ? 1 : 0;
                long r = d1 - carry;
                c1 += Long.compareUnsigned(d1, carry) < 0 ? 1 : 0;
                carry = c1;
                if (t == 0) {
                    guard = r;
                } else {
                    out[t - 1] = r;
                }
            }
        } else {
            carry = 0;
            for (int t = 0; t <= n; t++) {
                long x = t >= ia ? am[t - ia] : 0;
                long y = limbAt(bm, t + qb) >>> bb;
                if (bb != 0) {
                    y |= limbAt(bm, t + qb + 1) << (64 - bb);
                }
                long s1 = x + y;
                long c1 = Long.compareUnsigned(s1, x) < 0 ? 1 : 0;
                long r = s1 + carry;
                c1 += Long.compareUnsigned(r, s1) < 0 ? 1 : 0;
                carry = c1;
                if (t == 0) {
                    guard = r;
                } else {
                    out[t - 1] = r;
                }
            }
        }
        return finishSum(out, guard, carry, sticky, sub, as, bsg, sa - 64L * (n + 1), rv, rk, f);
    }

    /**
     * The sum's window V (out, guard limb, carry or borrow out of the top) normalised and rounded: see
     * {@link #sumFused}; base is the weight of the guard limb's lowest bit.
     */
    private static Ball finishSum(long[] out, long guard, long carry, boolean sticky, boolean sub, int as, int bsg,
            long base, double rv, long rk, Field f) {
        int n = out.length;
        int sign = as;
        if (!sub) {
            if (carry != 0) {
                // V ≥ 2^(64(n + 1)): halve it; the lost bit joins the sticky flag (δ' = (bit + δ)/2 < 1 new unit)
                sticky |= (guard & 1) != 0;
                guard = (guard >>> 1) | (out[0] << 63);
                for (int i = 0; i < n - 1; i++) {
                    out[i] = (out[i] >>> 1) | (out[i + 1] << 63);
                }
                out[n - 1] = (out[n - 1] >>> 1) | Long.MIN_VALUE;
                base++;
            }
        } else {
            if (carry != 0) {
                // A − B &lt; 0: only for equal scales, where B is whole (no sticky): V is exact, negate it
                long c = 1;
                guard = ~guard + c;
                c = guard == 0 ? 1 : 0;
                for (int i = 0; i < n; i++) {
                    long v = ~out[i] + c;
                    c = c != 0 && v == 0 ? 1 : 0;
                    out[i] = v;
                }
                sign = bsg;
            }
            long top = out[n - 1];
            if (top >= 0) {
                if (top == 0) {
                    return null; // a whole limb cancelled (scales at most 1 apart, V exact): the general path
                }
                // left by L ≥ 1; with a sticky bit, B < 2^(sa − 64) gives V ≥ 2^(sa − 2) − 1 unit, so L = 1 and
                // δ < 1 old unit = 2 new units stays below the new lowest set position of the dropped bits' τ
                int l = Long.numberOfLeadingZeros(top);
                for (int i = n - 1; i > 0; i--) {
                    out[i] = (out[i] << l) | (out[i - 1] >>> (64 - l));
                }
                out[0] = (out[0] << l) | (guard >>> (64 - l));
                guard <<= l;
                base -= l;
            }
        }
        return roundWindow(out, guard, sticky, base, sign, rv, rk, f);
    }

    /**
     * {@link #sumFused} for two-limb operands and a two-limb field (65..128 bits), the window in locals: B (scale gap
     * d ≤ p + 4 ≤ 132 below A) is B·2^64 shifted right by d into three limbs, the bits shifted out going to the
     * sticky flag; then the same add or subtract with carries, normalisation and rounding.
     */
    private static Ball sumFused2(long a0, long a1, int as, long ae, long b0, long b1, int bsg, long be, double rv,
            long rk, Field f) {
        long sa = ae + 128;
        int d = (int) (sa - be - 128);
        long w0;
        long w1;
        long w2;
        boolean sticky;
        if (d == 0) {
            w0 = 0;
            w1 = b0;
            w2 = b1;
            sticky = false;
        } else if (d < 64) {
            w0 = b0 << (64 - d);
            w1 = (b1 << (64 - d)) | (b0 >>> d);
            w2 = b1 >>> d;
            sticky = false;
        } else if (d == 64) {
            w0 = b0;
            w1 = b1;
            w2 = 0;
            sticky = false;
        } else if (d < 128) {
            int e = d - 64;
            w0 = (b1 << (64 - e)) | (b0 >>> e);
            w1 = b1 >>> e;
            w2 = 0;
            sticky = (b0 << (64 - e)) != 0;
        } else if (d == 128) {
            w0 = b1;
            w1 = 0;
            w2 = 0;
            sticky = b0 != 0;
        } else {
            int e = d - 128; // d ≤ 132
            w0 = b1 >>> e;
            w1 = 0;
            w2 = 0;
            sticky = b0 != 0 || (b1 << (64 - e)) != 0;
        }
        boolean sub = as != bsg;
        long g;
        long o0;
        long o1;
        long carry;
        if (sub) {
            long bw = sticky ? 1 : 0;
            g = 0 - w0 - bw;
            bw = (w0 != 0 || bw != 0) ? 1 : 0; // 0 − w0 − bw borrows unless both are 0
            long d1 = a0 - w1;
            long c1 = Long.compareUnsigned(a0, w1) < 0 ? 1 : 0;
            o0 = d1 - bw;
            c1 += Long.compareUnsigned(d1, bw) < 0 ? 1 : 0;
            long d2 = a1 - w2;
            long c2 = Long.compareUnsigned(a1, w2) < 0 ? 1 : 0;
            o1 = d2 - c1;
            c2 += Long.compareUnsigned(d2, c1) < 0 ? 1 : 0;
            carry = c2;
        } else {
            g = w0;
            o0 = a0 + w1;
            long c1 = Long.compareUnsigned(o0, w1) < 0 ? 1 : 0;
            long s2 = a1 + w2;
            long c2 = Long.compareUnsigned(s2, w2) < 0 ? 1 : 0;
            o1 = s2 + c1;
            c2 += Long.compareUnsigned(o1, s2) < 0 ? 1 : 0;
            carry = c2;
        }
        long[] out = {o0, o1};
        return finishSum(out, g, carry, sticky, sub, as, bsg, sa - 192, rv, rk, f);
    }

    /**
     * The ball sign·(V + δ) ± rv·2^rk rounded to f (§3.3, §3.4), for V = out·2^64 + guard in units of 2^base (out: n
     * limbs, the top bit of the top one set; guard: the limb below) and an unknown 0 ≤ δ &lt; 1 unit that is 0 iff
     * not sticky. The p kept bits are the top of out; the dropped σ = 64n − p + 64 ≥ 64 bits are out's low bits and
     * the guard limb, and δ, below one unit, changes neither them nor their top 32 bits τ, so §3.1's bounds apply:
     * round down with error ≤ (τ + 1)·2^(σ − 32) (τ·2^(σ − 32) when every bit below τ and δ are 0), or round up with
     * error ≤ (2^32 − τ)·2^(σ − 32); exact (no rounding error) when τ, the bits below it and δ are all 0 (then low
     * zero limbs are dropped). The radius floor of {@link #roundLimbs} applies too.
     */
    private static Ball roundWindow(long[] out, long guard, boolean sticky, long base, int sign, double rv, long rk,
            Field f) {
        int n = out.length;
        int p = f.bits;
        int c = 64 * n - p; // dropped bits of the limbs, 0..63
        long hiD = out[0] & ((1L << c) - 1); // c = 0: 0
        long tau;
        boolean restZero;
        if (c >= 32) {
            tau = hiD >>> (c - 32);
            restZero = (hiD & ((1L << (c - 32)) - 1)) == 0 && guard == 0;
        } else {
            tau = (hiD << (32 - c)) | (guard >>> (32 + c));
            restZero = (guard << (32 - c)) == 0;
        }
        restZero &= !sticky;
        out[0] &= -1L << c;
        long outExp = base + 64;
        if (rv != 0) {
            long floor = base + 64L * (n + 1) - 2L * p - 64; // as in roundLimbs: the radius at least 2^(scale − 2p − 64)
            if (Math.getExponent(rv) + rk < floor) {
                rv = 1;
                rk = floor;
            }
        }
        if (tau == 0 && restZero) {
            // exact: low zero limbs dropped (as the two-pass path keeps short exact sums short)
            int z = 0;
            while (out[z] == 0) {
                z++;
            }
            long[] m = z == 0 ? out : java.util.Arrays.copyOfRange(out, z, n);
            return new Ball(m, sign, outExp + 64L * z, rv, rk, f);
        }
        long err;
        if (tau >= 1L << 31) {
            if (BallLimbs.incrementAt(out, c)) {
                out[n - 1] = Long.MIN_VALUE; // all ones + 1 unit
                outExp++;
            }
            err = (1L << 32) - tau;
        } else {
            err = restZero ? tau : tau + 1;
        }
        long ek = base + c + 32;
        return new Ball(out, sign, outExp, plusMant(rv, rk, err, ek), plusExp(rv, rk, err, ek), f);
    }

    /** Limb i of m, 0 outside it. */
    private static long limbAt(long[] m, int i) {
        return i >= 0 && i < m.length ? m[i] : 0;
    }

    /** The exact value of m·2^e. */
    static BigFraction toBigFraction(BigInteger m, long e) {
        if (m.signum() == 0) {
            return BigFraction.ZERO;
        }
        return e >= 0 ? BigFraction.of(m.shiftLeft(Math.toIntExact(e)))
                : BigFraction.of(m, ONE.shiftLeft(Math.toIntExact(-e)));
    }

    /** The exact point m·2^e as a ball of radius 0 of f, not rounded (arguments of point functions). */
    static Ball exact(BigInteger m, long e, Field f) {
        return new Ball(m, e, BallRadius.ZERO, f);
    }

    /** The same midpoint as an exact point (radius 0) of f, not rounded. */
    Ball midPoint(Field f) {
        Ball p = new Ball(mag, sgn, exp, BallRadius.ZERO, f);
        p.manBig = manBig;
        return p;
    }

    /** The exact lower end mid − rad as a point of f (not rounded). */
    Ball lowerPoint(Field f) {
        if (radM == 0) {
            return midPoint(f);
        }
        return exactSum(man(), exp, radius().mantissa().negate(), radius().exponent(), f);
    }

    /** The exact upper end mid + rad as a point of f (not rounded). */
    Ball upperPoint(Field f) {
        if (radM == 0) {
            return midPoint(f);
        }
        return exactSum(man(), exp, radius().mantissa(), radius().exponent(), f);
    }

    /** a + b exactly, for exact points (radius 0), in a's field. */
    static Ball sumExact(Ball a, Ball b) {
        return exactSum(a.man(), a.exp, b.man(), b.exp, a.field);
    }

    private static Ball exactSum(BigInteger ma, long ea, BigInteger mb, long eb, Field f) {
        if (ma.signum() == 0) {
            return exact(mb, eb, f);
        }
        if (mb.signum() == 0) {
            return exact(ma, ea, f);
        }
        if (ea >= eb) {
            return exact(ma.shiftLeft(Math.toIntExact(ea - eb)).add(mb), eb, f);
        }
        return exact(mb.shiftLeft(Math.toIntExact(eb - ea)).add(ma), ea, f);
    }

    /** The ball covering [lo, hi] for exact points lo &le; hi, midpoint rounded to f. */
    static Ball hull(Ball lo, Ball hi, Field f) {
        // c = (lo + hi)/2 and h = (hi − lo)/2 exactly
        Ball c = exactSum(lo.man(), lo.exp, hi.man(), hi.exp, f);
        Ball h = exactSum(hi.man(), hi.exp, lo.man().negate(), lo.exp, f);
        BallRadius hr = h.midUpper().mulPow2(-1);
        return roundLimbs(c.mag, c.sgn, c.exp - 1, hr.m, hr.e, f);
    }

    /** This ball with the radius increased by r. */
    Ball widen(BallRadius r) {
        return new Ball(mag, sgn, exp, radius().add(r), field);
    }

    /** The same set in another field (midpoint rounded when that field is coarser). */
    Ball in(Field f) {
        return f == field ? this : roundLimbs(mag, sgn, exp, radM, radE, f);
    }

    /** This ball times 2^k, exactly. */
    Ball scalePow2(long k) {
        return new Ball(mag, sgn, sgn == 0 ? 0 : Math.addExact(exp, k), radius().mulPow2(k), field);
    }

    /** The ball around an exact rational (truncated quotient; the remainder bounds the error). */
    static Ball of(BigFraction q, Field f) {
        BigInteger num = q.getNumerator();
        BigInteger den = q.getDenominator();
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        if (num.signum() == 0) {
            return f.zero;
        }
        if (den.bitCount() == 1) {
            return round(num, -(den.bitLength() - 1), BallRadius.ZERO, f);
        }
        return quotient(num, 0, den, 0, f);
    }

    /**
     * The ball around (a·2^ea)/(b·2^eb), b ≠ 0: q = trunc(a·2^k / b) with k chosen so that q
     * has at least p + 2 bits; |a·2^k/b − q| = |remainder|/|b·2^k| &lt; 1 (bounded from above by
     * upper(|remainder|)/lower(|divisor|)), in units 2^(ea−eb−k).
     */
    static Ball quotient(BigInteger a, long ea, BigInteger b, long eb, Field f) {
        if (a.signum() == 0) {
            return f.zero;
        }
        int k = f.bits + 2 + absBitLength(b) - absBitLength(a);
        BigInteger num = k >= 0 ? a.shiftLeft(k) : a;
        BigInteger den = k >= 0 ? b : b.shiftLeft(-k);
        BigInteger[] qr = num.divideAndRemainder(den);
        long e = ea - eb - k;
        // |a·2^k/b − q| = |remainder|/|den| < 1 unit
        BallRadius eps = qr[1].signum() == 0 ? BallRadius.ZERO
                : BallRadius.upperAbs(qr[1], e).div(BallRadius.lowerAbs(den, 0));
        return round(qr[0], e, eps, f);
    }

    /**
     * The ball around ±(A·2^ea)/(B·2^eb) for magnitudes A, B in limbs (both top bits set), rounded to f
     * (note §3.6): long division with 64-bit digits ({@link BallLimbs#divide}) of A·2^(64z) by B, z zero
     * limbs so that the quotient q has at least p + 2 bits (64(la + z − lb) ≥ p + 2); it leaves the exact
     * remainder R (A·2^(64z) = q·B + R, 0 ≤ R), so |A·2^(64z)/B − q| = R/B ≤ upper(R)/lower(B) in units
     * 2^(ea − eb − 64z), and q is rounded (§3.1).
     */
    private static Ball quotientLimbs(long[] a, long ea, long[] b, long eb, int sign, Field f) {
        int la = a.length;
        int lb = b.length;
        int z = Math.max(0, (f.bits + 2 + 63) / 64 + lb - la);
        long[] u = new long[la + z + 1]; // A·2^(64z), a zero top limb
        System.arraycopy(a, 0, u, z, la);
        long[] q = new long[u.length - lb];
        if (!BallLimbs.divide(u, b, q)) {
            return quotientDigits(a, ea, b, eb, sign, f); // not reached (Knuth's Theorem B)
        }
        long unit = ea - eb - 64L * z;
        double ev = 0;
        long ek = 0;
        int top = BallLimbs.top(u);
        if (top >= 0) {
            // |A·2^(64z)/B − q| = R/B ≤ upper(R)/lower(B): R's top 53 bits plus one unit over B's top 53 bits, stepped up
            long bl = 64L * top + 64 - Long.numberOfLeadingZeros(u[top]);
            long lowBit = Math.max(0, bl - 53);
            double up = (double) (BallLimbs.bitsAt(u, lowBit, (int) Math.min(bl, 53)) + 1);
            ev = Math.nextUp(up / (double) (b[lb - 1] >>> 11));
            ek = lowBit - (64L * lb - 53) + unit;
        }
        return roundLimbs(q, sign, unit, ev, ek, f);
    }

    /** The positive quotient kernel, for the tests. */
    static Ball quotientLimbsForTest(long[] a, long ea, long[] b, long eb, Field f) {
        return quotientLimbs(a, ea, b, eb, 1, f);
    }

    /**
     * The same quotient by binary64-estimated digits (the previous kernel, kept as the fallback of
     * {@link BallLimbs#divide} and as an independent path for the tests): with
     * K = max(0, p + 2 + 64(lb − la)), R = A·2^K and q = 0 as two's-complement limbs; each step
     * estimates R/B in binary64 from the top bits of R and B, takes a digit d (about 52 bits, any
     * integer is sound) at position s ≥ 0 and does R ← R − d·B·2^s, q ← q + d·2^s exactly, so that
     * A·2^K = q·B + R holds throughout; then |A·2^K/B − q| = |R|/B ≤ upper(|R|)/lower(B).
     */
    static Ball quotientDigits(long[] a, long ea, long[] b, long eb, int sign, Field f) {
        int la = a.length;
        int lb = b.length;
        long k = Math.max(0, f.bits + 2 + 64L * (lb - la));
        int lr = (int) (la + (k + 63) / 64 + 1);
        long[] r = BallLimbs.extract(a, -k, lr); // A·2^K < 2^(64(lr − 1)): the top limb is spare (sign)
        int lq = (int) ((64L * (la - lb) + k + 2 + 63) / 64) + 1; // q < 2^(64(la − lb) + K + 2), a spare limb
        long[] q = new long[lq];
        double bTop = (double) (b[lb - 1] >>> 11); // B ≥ bTop·2^bExp
        long bExp = 64L * lb - 53;
        long[] digit = new long[1];
        for (int it = 0; it < 10_000; it++) {
            int t = lr - 1;
            while (t > 0 && ((r[t] == 0 && r[t - 1] >= 0) || (r[t] == -1 && r[t - 1] < 0))) {
                t--; // sign extension
            }
            if (t == 0 && r[0] == 0) {
                break;
            }
            double v = t == 0 ? (double) r[0] : (double) r[t] * 0x1p64 + (double) (r[t - 1] >>> 11) * 0x1p11;
            long ve = t == 0 ? 0 : 64L * (t - 1);
            double est = v / bTop; // R/B ≈ est·2^(ve − bExp)
            long pos = ve - bExp + Math.getExponent(est);
            long sd = pos - 52;
            boolean last = sd <= 0;
            if (last) {
                sd = 0;
            }
            long d = Math.round(Math.scalb(est, (int) (ve - bExp - sd)));
            if (d == 0) {
                break;
            }
            digit[0] = Math.abs(d);
            BallLimbs.addShifted(r, BallLimbs.mul(digit, b), sd, d > 0 ? -1 : 1);
            BallLimbs.addShifted(q, digit, sd, d > 0 ? 1 : -1);
            if (last) {
                break;
            }
        }
        long unit = ea - eb - k;
        double ev = 0;
        long ek = 0;
        long[] rm = BallLimbs.abs(r);
        int top = BallLimbs.top(rm);
        if (top >= 0) {
            // upper(|R|): its top 53 bits plus one unit of their last place; divided by lower(B), stepped up
            long bl = 64L * top + 64 - Long.numberOfLeadingZeros(rm[top]);
            long lowBit = Math.max(0, bl - 53);
            double up = (double) (BallLimbs.bitsAt(rm, lowBit, (int) Math.min(bl, 53)) + 1);
            ev = Math.nextUp(up / bTop);
            ek = lowBit - bExp + unit;
        }
        return roundLimbs(q, sign, unit, ev, ek, f);
    }

    /** The top bits of a two's-complement number r as v·2^ve (v a binary64 within 2^−52 relative), or v = 0. */
    private static double topApprox(long[] r, long[] veOut) {
        int t = r.length - 1;
        while (t > 0 && ((r[t] == 0 && r[t - 1] >= 0) || (r[t] == -1 && r[t - 1] < 0))) {
            t--; // sign extension
        }
        veOut[0] = t == 0 ? 0 : 64L * (t - 1);
        return t == 0 ? (double) r[0] : (double) r[t] * 0x1p64 + (double) (r[t - 1] >>> 11) * 0x1p11;
    }

    /** An upper bound of |r| (two's complement) as the double returned times 2^(out[0]), 0 for r = 0. */
    private static double upperAbs(long[] r, long[] eOut) {
        long[] rm = BallLimbs.abs(r);
        int top = BallLimbs.top(rm);
        if (top < 0) {
            eOut[0] = 0;
            return 0;
        }
        long bl = 64L * top + 64 - Long.numberOfLeadingZeros(rm[top]);
        long lowBit = Math.max(0, bl - 53);
        eOut[0] = lowBit;
        return (double) (BallLimbs.bitsAt(rm, lowBit, (int) Math.min(bl, 53)) + 1); // top 53 bits + 1 unit: above
    }

    /**
     * √x for an exact point x = M·2^e &gt; 0 (M in limbs, top bit set), as a ball of f (note §3.7): the integer
     * square root with remainder ({@link #sqrtKaratsuba}), or the root digits ({@link #sqrtDigits}) if it refused.
     */
    static Ball sqrtPoint(long[] m, long e, Field f) {
        if (f.limbs < KARATSUBA_SQRT_LIMBS) {
            return sqrtDigits(m, e, f);
        }
        Ball r = sqrtKaratsuba(m, e, f);
        return r != null ? r : sqrtDigits(m, e, f);
    }

    /**
     * From this many limbs of precision (385 bits) roots take {@link #sqrtKaratsuba}; below it the root digits, which
     * measured faster there (session 10, one JVM each: 128 bits 191 ns against 246, 256 bits 301 against 387; at
     * 1,024 bits 1,943 against 1,102).
     */
    static final int KARATSUBA_SQRT_LIMBS = 7;

    /**
     * √x for an exact point x = M·2^e &gt; 0 (M in lm limbs, top bit set) by the integer square root with remainder
     * (note §3.7): L = max(⌈(p + 2)/64⌉, ⌊lm/2⌋ + 1) and N = M·2^k with k ≥ 0, e − k even and N of 2L limbs, its top
     * limb ≥ 2^62 (bit length 128L or 128L − 1); {@link BallLimbs#sqrtRem} gives S = ⌊√N⌋ (L limbs, top bit set,
     * so S has 64L ≥ p + 2 bits) and R = N − S² exactly, 0 ≤ R ≤ 2S. Then S ≤ √N and
     * √N − S = R/(√N + S) ≤ R/(2S) ≤ upper(R)/(2·lower(S)) in units 2^((e − k)/2), rounded (§3.1). Null when
     * sqrtRem refused (not reached): the caller takes the digit kernel.
     */
    static Ball sqrtKaratsuba(long[] m, long e, Field f) {
        int lm = m.length;
        int ll = Math.max((f.bits + 2 + 63) / 64, lm / 2 + 1);
        long k = 128L * ll - 64L * lm; // ≥ 64
        if (((e - k) & 1) != 0) {
            k--;
        }
        long[][] sr = BallLimbs.sqrtRem(BallLimbs.extract(m, -k, 2 * ll));
        if (sr == null) {
            return null;
        }
        long[] sq = sr[0];
        long[] r = sr[1];
        long unit = (e - k) / 2;
        int top = BallLimbs.top(r);
        double ev = 0;
        long ek = 0;
        if (top >= 0) {
            // upper(R): top 53 bits plus one unit; lower(S): S's top 53 bits, at exponent 64L − 53
            long bl = 64L * top + 64 - Long.numberOfLeadingZeros(r[top]);
            long lowBit = Math.max(0, bl - 53);
            double up = (double) (BallLimbs.bitsAt(r, lowBit, (int) Math.min(bl, 53)) + 1);
            ev = Math.nextUp(up / (2 * (double) (sq[ll - 1] >>> 11)));
            ek = lowBit - (64L * ll - 53) + unit;
        }
        return roundLimbs(sq, 1, unit, ev, ek, f);
    }

    /**
     * √x for an exact point x = M·2^e &gt; 0 by binary64-estimated root digits (the kernel before session 10, kept as
     * the fallback of {@link #sqrtKaratsuba} and as an independent path for the tests; note §3.7):
     * N = M·2^k with k ≥ 0, e − k even and bitlen N ≥ 2p + 4; S is built in binary64-estimated
     * digits (the first from Math.sqrt of N's top bits, the next ones d ≈ R/(2S) at positions s ≥ 0)
     * keeping R = N − S² exact: S ← S + d·2^s, R ← R − d·S_old·2^(s+1) − d²·2^(2s); any digits are
     * sound. It stops after the digit at position 0. Then |√N − S| = |R|/(√N + S) ≤ |R|/S, and
     * √x = √N·2^((e−k)/2).
     */
    static Ball sqrtDigits(long[] m, long e, Field f) {
        int lm = m.length;
        long k = Math.max(0, 2L * f.bits + 4 - 64L * lm);
        if (((e - k) & 1) != 0) {
            k++;
        }
        long nbits = 64L * lm + k;
        int lr = (int) ((nbits + 63) / 64) + 1;
        long[] r = BallLimbs.extract(m, -k, lr); // N, a spare top limb for the sign
        int ls = (int) ((nbits / 2 + 1 + 63) / 64) + 1;
        long[] sq = new long[ls];
        long[] digit = new long[1];
        long[] ve = new long[1];
        long[] se = new long[1];
        // first digit: sqrt of the top bits
        double v = topApprox(r, ve);
        long vk = ve[0];
        if ((vk & 1) != 0) {
            v *= 2;
            vk--;
        }
        double root = Math.sqrt(v); // √N ≈ root·2^(vk/2)
        long sd = Math.max(0, vk / 2 + Math.getExponent(root) - 52);
        long d = (long) Math.scalb(root, (int) (vk / 2 - sd));
        for (int it = 0; it < 10_000 && d != 0; it++) {
            long ad = Math.abs(d);
            digit[0] = ad;
            // R −= 2·S·d·2^sd + d²·2^(2sd) (S before the update), then S += d·2^sd
            BallLimbs.addMulShifted(r, sq, ad, sd + 1, d > 0 ? -1 : 1);
            BallLimbs.addMulShifted(r, digit, ad, 2 * sd, -1);
            BallLimbs.addShifted(sq, digit, sd, d > 0 ? 1 : -1);
            if (sd == 0) {
                break;
            }
            // next digit: R/(2S)
            v = topApprox(r, ve);
            if (v == 0) {
                break;
            }
            double sTop = topApprox(sq, se);
            double est = v / (2 * sTop); // R/(2S) ≈ est·2^(ve − se)
            long pos = ve[0] - se[0] + Math.getExponent(est);
            sd = Math.max(0, pos - 52);
            d = Math.round(Math.scalb(est, (int) (ve[0] - se[0] - sd)));
        }
        long unit = (e - k) / 2;
        long[] re = new long[1];
        double ru = upperAbs(r, re);
        double ev = 0;
        long ek = 0;
        if (ru != 0) {
            // lower(S): its top 53 bits (S > 0, top bit somewhere in the limbs)
            int top = BallLimbs.top(sq);
            long bl = 64L * top + 64 - Long.numberOfLeadingZeros(sq[top]);
            long lowBit = Math.max(0, bl - 53);
            double sl = (double) BallLimbs.bitsAt(sq, lowBit, (int) Math.min(bl, 53));
            ev = Math.nextUp(ru / sl);
            ek = re[0] - lowBit + unit;
        }
        return roundLimbs(sq, 1, unit, ev, ek, f);
    }

    // ------------------------------------------------------------------ ring operations

    @Override
    public Ball add(Ball b) {
        return addSigned(b, 1);
    }

    @Override
    public Ball subtract(Ball b) {
        return addSigned(b, -1);
    }

    /** this + s·b: radius ra + rb (one aligned binary64 sum stepped up, upSum), then {@link #sumOf}. */
    private Ball addSigned(Ball b, int s) {
        double rv;
        long rk;
        if (b.radM == 0) {
            rv = radM;
            rk = radE;
        } else if (radM == 0) {
            rv = b.radM;
            rk = b.radE;
        } else {
            rv = upSum(radM, radE, b.radM, b.radE);
            rk = Math.max(radE, b.radE);
        }
        return sumOf(b, s, rv, rk, field);
    }

    @Override
    public Ball negate() {
        return new Ball(mag, -sgn, exp, radM, radE, field);
    }

    @Override
    public Ball multiply(Ball b) {
        // |xy − ma mb| <= |ma| rb + (|mb| + rb) ra, each term a binary64 product stepped up
        double rv = 0;
        long rk = 0;
        if (b.radM != 0 && sgn != 0) {
            rv = Math.nextUp(upperMant(mag) * b.radM);
            rk = scale() - 1 + b.radE;
        }
        if (radM != 0) {
            double s;
            long sk;
            if (b.sgn == 0) {
                s = b.radM;
                sk = b.radE;
            } else if (b.radM == 0) {
                s = upperMant(b.mag);
                sk = b.scale() - 1;
            } else {
                s = upSum(upperMant(b.mag), b.scale() - 1, b.radM, b.radE);
                sk = Math.max(b.scale() - 1, b.radE);
            }
            if (s != 0) {
                double t = Math.nextUp(s * radM);
                long tk = sk + radE;
                if (rv == 0) {
                    rv = t;
                    rk = tk;
                } else {
                    rv = upSum(rv, rk, t, tk);
                    rk = Math.max(rk, tk);
                }
            }
        }
        if (sgn == 0 || b.sgn == 0) {
            return new Ball(NONE, 0, 0, rv, rk, field);
        }
        return product(mag, b.mag, sgn * b.sgn, exp + b.exp, rv, rk, field);
    }

    /**
     * From this many limbs per factor (4,096 bits) products use BigInteger (its Karatsuba and Toom-Cook;
     * at 40 limbs the conversions still cost more than they save).
     */
    private static final int BIG_PRODUCT_LIMBS = 64;

    /** Above this many limbs of result a product keeps only its top columns (a short product). */
    private static final int SHORT_PRODUCT_LIMBS = 6;

    /**
     * The ball (s·a·b·2^e ± rv·2^rk) rounded to f. With n result limbs, the columns of a·b below
     * k0 = la + lb − n − 2 are skipped when n &gt; {@value #SHORT_PRODUCT_LIMBS} and the product cannot fit
     * in p bits, so that it is rounded anyway ({@link BallLimbs#mulHigh}): the part they hold, 0 ≤ D &lt; min(la, lb)·2^(64·k0 + 65), is added to
     * the radius (about 2^−58 units in the last place); the kept columns are rounded as usual
     * (§3.1): |a·b − rounded| ≤ |kept − rounded| + D.
     */
    private static Ball product(long[] a, long[] b, int s, long e, double rv, long rk, Field f) {
        if (f.limbs == 2 && a.length == 2 && b.length == 2) {
            return product22(a[0], a[1], b[0], b[1], s, e, rv, rk, f);
        }
        if (f.limbs == 4 && a.length == 4 && b.length == 4) {
            return product44(a, b, s, e, rv, rk, f);
        }
        if (a.length >= BIG_PRODUCT_LIMBS && b.length >= BIG_PRODUCT_LIMBS) {
            // BigInteger's Karatsuba / Toom-Cook beat a quadratic short product at this size
            BigInteger p = BallLimbs.toBigInteger(a, 1).multiply(BallLimbs.toBigInteger(b, 1));
            return roundLimbs(BallLimbs.of(p), s, e, rv, rk, f);
        }
        int k0 = a.length + b.length - f.limbs - 2;
        // the product's set bits span at least 64(la + lb) − 1 − tz(a) − tz(b) bits; when that may fit in p
        // bits the product may be exact, so it is computed in full (a short product would add D to the radius)
        if (f.limbs <= SHORT_PRODUCT_LIMBS || k0 <= 0
                || 64L * (a.length + b.length) - 1 - trailingZeros(a) - trailingZeros(b) <= f.bits + 1) {
            return roundLimbs(BallLimbs.mul(a, b), s, e, rv, rk, f);
        }
        return shortRounded(BallLimbs.mulHigh(a, b, k0), Math.min(a.length, b.length), k0, s, e, rv, rk, f);
    }

    /**
     * The ball (s·a·b·2^e ± rv·2^rk) rounded to f for two-limb factors a = a1·2^64 + a0, b = b1·2^64 + b0 (top bits of
     * a1, b1 set) and a field of two limbs (65..128 bits), with no array but the result's (§3.4): the four limb
     * products are summed in locals into P = p3·2^192 + p2·2^128 + p1·2^64 + p0 exactly (each column sum and its
     * carries below 2^128: the carries are counted one by one); 2^254 ≤ P &lt; 2^256, so the top limb pair, shifted
     * left once when bit 255 is clear, is the window's two limbs, the next 64 bits its guard limb and the rest (p0,
     * or p0 shifted) the sticky bit, rounded by {@link #roundWindow}.
     */
    static Ball product22(long a0, long a1, long b0, long b1, int s, long e, double rv, long rk, Field f) {
        long p0 = a0 * b0;
        long h00 = BallLimbs.mulHi(a0, b0);
        long l01 = a0 * b1;
        long h01 = BallLimbs.mulHi(a0, b1);
        long l10 = a1 * b0;
        long h10 = BallLimbs.mulHi(a1, b0);
        long l11 = a1 * b1;
        long h11 = BallLimbs.mulHi(a1, b1);
        // column 1: h00 + l01 + l10
        long p1 = h00 + l01;
        long c1 = Long.compareUnsigned(p1, l01) < 0 ? 1 : 0;
        long t = p1 + l10;
        c1 += Long.compareUnsigned(t, l10) < 0 ? 1 : 0;
        p1 = t;
        // column 2: h01 + h10 + l11 + c1
        long p2 = h01 + h10;
        long c2 = Long.compareUnsigned(p2, h10) < 0 ? 1 : 0;
        t = p2 + l11;
        c2 += Long.compareUnsigned(t, l11) < 0 ? 1 : 0;
        p2 = t + c1;
        c2 += Long.compareUnsigned(p2, t) < 0 ? 1 : 0;
        long p3 = h11 + c2; // P < 2^256: no carry out
        long[] out = new long[2];
        long guard;
        boolean sticky;
        long base;
        if (p3 < 0) {
            out[1] = p3;
            out[0] = p2;
            guard = p1;
            sticky = p0 != 0;
            base = e + 64;
        } else {
            out[1] = (p3 << 1) | (p2 >>> 63);
            out[0] = (p2 << 1) | (p1 >>> 63);
            guard = (p1 << 1) | (p0 >>> 63);
            sticky = (p0 << 1) != 0;
            base = e + 63;
        }
        return roundWindow(out, guard, sticky, base, s, rv, rk, f);
    }

    /**
     * {@link #product22} for four-limb factors and a field of four limbs (193..256 bits), with no array but the
     * result's (§3.4): the sixteen limb products in locals, each column k of P = Σ p_k·2^(64k) summed with a count of
     * its carries (the column's terms and carry-in are below 9·2^64, so the count fits a long and goes into column
     * k + 1), P exact; 2^510 ≤ P &lt; 2^512, so the top four limbs, shifted left once when bit 511 is clear, are the
     * window, the next 64 bits its guard limb and the rest the sticky bit, rounded by {@link #roundWindow}.
     */
    static Ball product44(long[] a, long[] b, int s, long e, double rv, long rk, Field f) {
        long a0 = a[0];
        long a1 = a[1];
        long a2 = a[2];
        long a3 = a[3];
        long b0 = b[0];
        long b1 = b[1];
        long b2 = b[2];
        long b3 = b[3];
        long l00 = a0 * b0;
        long h00 = BallLimbs.mulHi(a0, b0);
        long l01 = a0 * b1;
        long h01 = BallLimbs.mulHi(a0, b1);
        long l02 = a0 * b2;
        long h02 = BallLimbs.mulHi(a0, b2);
        long l03 = a0 * b3;
        long h03 = BallLimbs.mulHi(a0, b3);
        long l10 = a1 * b0;
        long h10 = BallLimbs.mulHi(a1, b0);
        long l11 = a1 * b1;
        long h11 = BallLimbs.mulHi(a1, b1);
        long l12 = a1 * b2;
        long h12 = BallLimbs.mulHi(a1, b2);
        long l13 = a1 * b3;
        long h13 = BallLimbs.mulHi(a1, b3);
        long l20 = a2 * b0;
        long h20 = BallLimbs.mulHi(a2, b0);
        long l21 = a2 * b1;
        long h21 = BallLimbs.mulHi(a2, b1);
        long l22 = a2 * b2;
        long h22 = BallLimbs.mulHi(a2, b2);
        long l23 = a2 * b3;
        long h23 = BallLimbs.mulHi(a2, b3);
        long l30 = a3 * b0;
        long h30 = BallLimbs.mulHi(a3, b0);
        long l31 = a3 * b1;
        long h31 = BallLimbs.mulHi(a3, b1);
        long l32 = a3 * b2;
        long h32 = BallLimbs.mulHi(a3, b2);
        long l33 = a3 * b3;
        long h33 = BallLimbs.mulHi(a3, b3);
        long acc;
        long c = 0;
        long t;
        // column 1: l01 + l10 + h00 + carries
        acc = c;
        c = 0;
        t = acc + l01;
        c += Long.compareUnsigned(t, l01) < 0 ? 1 : 0;
        acc = t;
        t = acc + l10;
        c += Long.compareUnsigned(t, l10) < 0 ? 1 : 0;
        acc = t;
        t = acc + h00;
        c += Long.compareUnsigned(t, h00) < 0 ? 1 : 0;
        acc = t;
        long p1 = acc;
        // column 2: l02 + l11 + l20 + h01 + h10 + carries
        acc = c;
        c = 0;
        t = acc + l02;
        c += Long.compareUnsigned(t, l02) < 0 ? 1 : 0;
        acc = t;
        t = acc + l11;
        c += Long.compareUnsigned(t, l11) < 0 ? 1 : 0;
        acc = t;
        t = acc + l20;
        c += Long.compareUnsigned(t, l20) < 0 ? 1 : 0;
        acc = t;
        t = acc + h01;
        c += Long.compareUnsigned(t, h01) < 0 ? 1 : 0;
        acc = t;
        t = acc + h10;
        c += Long.compareUnsigned(t, h10) < 0 ? 1 : 0;
        acc = t;
        long p2 = acc;
        // column 3: l03 + l12 + l21 + l30 + h02 + h11 + h20 + carries
        acc = c;
        c = 0;
        t = acc + l03;
        c += Long.compareUnsigned(t, l03) < 0 ? 1 : 0;
        acc = t;
        t = acc + l12;
        c += Long.compareUnsigned(t, l12) < 0 ? 1 : 0;
        acc = t;
        t = acc + l21;
        c += Long.compareUnsigned(t, l21) < 0 ? 1 : 0;
        acc = t;
        t = acc + l30;
        c += Long.compareUnsigned(t, l30) < 0 ? 1 : 0;
        acc = t;
        t = acc + h02;
        c += Long.compareUnsigned(t, h02) < 0 ? 1 : 0;
        acc = t;
        t = acc + h11;
        c += Long.compareUnsigned(t, h11) < 0 ? 1 : 0;
        acc = t;
        t = acc + h20;
        c += Long.compareUnsigned(t, h20) < 0 ? 1 : 0;
        acc = t;
        long p3 = acc;
        // column 4: l13 + l22 + l31 + h03 + h12 + h21 + h30 + carries
        acc = c;
        c = 0;
        t = acc + l13;
        c += Long.compareUnsigned(t, l13) < 0 ? 1 : 0;
        acc = t;
        t = acc + l22;
        c += Long.compareUnsigned(t, l22) < 0 ? 1 : 0;
        acc = t;
        t = acc + l31;
        c += Long.compareUnsigned(t, l31) < 0 ? 1 : 0;
        acc = t;
        t = acc + h03;
        c += Long.compareUnsigned(t, h03) < 0 ? 1 : 0;
        acc = t;
        t = acc + h12;
        c += Long.compareUnsigned(t, h12) < 0 ? 1 : 0;
        acc = t;
        t = acc + h21;
        c += Long.compareUnsigned(t, h21) < 0 ? 1 : 0;
        acc = t;
        t = acc + h30;
        c += Long.compareUnsigned(t, h30) < 0 ? 1 : 0;
        acc = t;
        long p4 = acc;
        // column 5: l23 + l32 + h13 + h22 + h31 + carries
        acc = c;
        c = 0;
        t = acc + l23;
        c += Long.compareUnsigned(t, l23) < 0 ? 1 : 0;
        acc = t;
        t = acc + l32;
        c += Long.compareUnsigned(t, l32) < 0 ? 1 : 0;
        acc = t;
        t = acc + h13;
        c += Long.compareUnsigned(t, h13) < 0 ? 1 : 0;
        acc = t;
        t = acc + h22;
        c += Long.compareUnsigned(t, h22) < 0 ? 1 : 0;
        acc = t;
        t = acc + h31;
        c += Long.compareUnsigned(t, h31) < 0 ? 1 : 0;
        acc = t;
        long p5 = acc;
        // column 6: l33 + h23 + h32 + carries
        acc = c;
        c = 0;
        t = acc + l33;
        c += Long.compareUnsigned(t, l33) < 0 ? 1 : 0;
        acc = t;
        t = acc + h23;
        c += Long.compareUnsigned(t, h23) < 0 ? 1 : 0;
        acc = t;
        t = acc + h32;
        c += Long.compareUnsigned(t, h32) < 0 ? 1 : 0;
        acc = t;
        long p6 = acc;
        // column 7: h33 + carries
        acc = c;
        c = 0;
        t = acc + h33;
        c += Long.compareUnsigned(t, h33) < 0 ? 1 : 0;
        acc = t;
        long p7 = acc;
        // P < 2^512: no carry out of column 7 (c = 0 here)
        long[] out = new long[4];
        long guard;
        boolean sticky;
        long base;
        if (p7 < 0) {
            out[3] = p7;
            out[2] = p6;
            out[1] = p5;
            out[0] = p4;
            guard = p3;
            sticky = (l00 | p1 | p2) != 0;
            base = e + 192;
        } else {
            out[3] = (p7 << 1) | (p6 >>> 63);
            out[2] = (p6 << 1) | (p5 >>> 63);
            out[1] = (p5 << 1) | (p4 >>> 63);
            out[0] = (p4 << 1) | (p3 >>> 63);
            guard = (p3 << 1) | (p2 >>> 63);
            sticky = (l00 | p1 | (p2 << 1)) != 0;
            base = e + 191;
        }
        return roundWindow(out, guard, sticky, base, s, rv, rk, f);
    }


    /**
     * The ball (s·(hi·2^(64·k0) + D)·2^e ± rv·2^rk) rounded to f, for the kept columns hi of a short
     * product whose skipped part is 0 ≤ D &lt; minLimbs·2^(64·k0 + 65): D goes into the radius.
     */
    private static Ball shortRounded(long[] hi, int minLimbs, int k0, int s, long e, double rv, long rk, Field f) {
        double d = minLimbs; // D < d·2^(64·k0 + 65 + e)
        long dk = 64L * k0 + 65 + e;
        if (rv == 0) {
            rv = d;
            rk = dk;
        } else {
            int g = Math.getExponent(rv);
            int gd = Math.getExponent(d);
            rv = upSum(scaleNormal(rv, -g), rk + g, scaleNormal(d, -gd), dk + gd);
            rk = Math.max(rk + g, dk + gd);
        }
        return roundLimbs(hi, s, e + 64L * k0, rv, rk, f);
    }

    @Override
    public Ball square() {
        if (sgn == 0) {
            return halfOf(radius().pow(2));
        }
        if (radM == 0) {
            return square(mag, 2 * exp, 0, 0, field);
        }
        if (compareAbsMidToRad() <= 0) {
            // the ball may contain 0: enclose by [0, (|m| + r)^2] so the result is never negative
            return halfOf(absUpper().pow(2));
        }
        // |x^2 - m^2| = |x - m| |x + m| <= r (2|m| + r)
        long k = scale();
        double s = upSum(upperMant(mag), k, radM, radE);
        long sk = Math.max(k, radE);
        Ball b = square(mag, 2 * exp, Math.nextUp(s * radM), sk + radE, field);
        if (b.compareAbsMidToRad() >= 0) {
            return b; // lower end >= 0
        }
        Ball hi = b.upperPoint(field);
        return halfOf(hi.midUpper());
    }

    /** The number of trailing zero bits of a non-zero magnitude. */
    private static long trailingZeros(long[] m) {
        int i = 0;
        while (m[i] == 0) {
            i++;
        }
        return 64L * i + Long.numberOfTrailingZeros(m[i]);
    }

    /**
     * m²·2^e ± rv·2^rk rounded to f: the product kernels, except that a short product (§3.5) uses the
     * symmetric kernel {@link BallLimbs#sqrHigh} (each off-diagonal product once: 1.5x faster at 1,024 bits).
     */
    private static Ball square(long[] m, long e, double rv, long rk, Field f) {
        if (f.limbs == 2 && m.length == 2) {
            return product22(m[0], m[1], m[0], m[1], 1, e, rv, rk, f);
        }
        if (f.limbs == 4 && m.length == 4) {
            return product44(m, m, 1, e, rv, rk, f);
        }
        if (m.length >= BIG_PRODUCT_LIMBS) {
            return product(m, m, 1, e, rv, rk, f);
        }
        int k0 = 2 * m.length - f.limbs - 2;
        if (f.limbs <= SHORT_PRODUCT_LIMBS || k0 <= 0 || 128L * m.length - 1 - 2 * trailingZeros(m) <= f.bits + 1) {
            // full squares: operand scanning (the symmetric kernel was slower up to 6 limbs, measured)
            return roundLimbs(BallLimbs.mul(m, m), 1, e, rv, rk, f);
        }
        return shortRounded(BallLimbs.sqrHigh(m, k0), m.length, k0, 1, e, rv, rk, f);
    }
    
    

    /** The ball [0, u] as (u/2 ± u/2): exact, its lower end is exactly 0. */
    private Ball halfOf(BallRadius u) {
        BallRadius h = u.mulPow2(-1);
        return new Ball(h.mantissa(), h.exponent(), h, field);
    }

    @Override
    public Ball divide(Ball b) {
        if (!b.excludesZero()) {
            throw new ArithmeticException("ball division by a ball that contains 0: " + b);
        }
        Ball q = quotientLimbs(mag, exp, b.mag, b.exp, sgn * b.sgn, field);
        if (radM == 0 && b.radM == 0) {
            return q;
        }
        Ball fast = widenQuotient(q, b);
        if (fast != null) {
            return fast;
        }
        // |x/y - ma/mb| <= (ra + |ma/mb| rb) / (|mb| - rb), and |ma/mb| <= |q| + rad(q)
        BallRadius den = b.absLowerMinusRadius();
        BallRadius num = radius().add(q.absUpper().mul(b.radius()));
        return q.widen(num.div(den));
    }

    /**
     * q widened by (ra + (|q̃| + ε)·rb)/lower(|mb| − rb) (the bound below) in binary64 locals (§2, §3.6):
     * with k = scale(b) − 1, lower(|mb|) = lowerMant·2^k and rb = μ·2^(k − g); for g &gt; 1000 rb is below one
     * ulp of lowerMant (2^(k − 52)), so nextDown(lowerMant) bounds |mb| − rb from below; for 1 ≤ g ≤ 1000
     * nextDown of the rounded difference does (it is within one ulp; a positive difference of two doubles
     * that is subnormal is exact). Null, for the BallRadius path, when g &lt; 1 or the bound is below 2^−900.
     */
    private Ball widenQuotient(Ball q, Ball b) {
        double rbm = b.radM;
        long rbe = b.radE;
        long kb = b.scale() - 1;
        double den = b.lowerMinusRadiusMant();
        if (Double.isNaN(den)) {
            return null;
        }
        // s ≥ |q̃| + ε, at exponent sk
        double em = q.radM;
        long ee = q.radE;
        double sm;
        long sk;
        if (q.sgn == 0) {
            sm = em;
            sk = ee;
        } else if (em == 0) {
            sm = upperMant(q.mag);
            sk = q.scale() - 1;
        } else {
            sm = upSum(upperMant(q.mag), q.scale() - 1, em, ee);
            sk = Math.max(q.scale() - 1, ee);
        }
        // num ≥ ra + s·rb
        double nm = radM;
        long nk = radE;
        if (rbm != 0 && sm != 0) {
            double t = Math.nextUp(sm * rbm);
            long tk = sk + rbe;
            if (nm == 0) {
                nm = t;
                nk = tk;
            } else {
                nm = upSum(nm, nk, t, tk);
                nk = Math.max(nk, tk);
            }
        }
        if (nm == 0) {
            return q;
        }
        double w = Math.nextUp(nm / den); // ≥ num/den, at exponent nk − kb
        long wk = nk - kb;
        return new Ball(q.mag, q.sgn, q.exp, plusMant(em, ee, w, wk), plusExp(em, ee, w, wk), field);
    }

    /**
     * A lower bound of |mid| − rad as a double in [2^−900, 2) times 2^(scale − 1) (see widenQuotient), or NaN
     * when rad ≥ 2^(scale − 1) or the bound would be below 2^−900 (callers then take the BallRadius path).
     */
    private double lowerMinusRadiusMant() {
        double lb = lowerMant(mag);
        if (radM == 0) {
            return lb;
        }
        long gap = scale() - 1 - radE;
        if (gap < 1) {
            return Double.NaN;
        }
        double den = gap > 1000 ? Math.nextDown(lb) : Math.nextDown(lb - scaleNormal(radM, (int) -gap));
        return den >= 0x1p-900 ? den : Double.NaN;
    }

    /**
     * √ of a positive ball of radius 0 &lt; r ≤ 2^−16 (note §3.7, §4.5): the root of the midpoint (sqrtPoint)
     * widened by r·sup|√'| = r/(2√(m − r)) in binary64 locals: with m − r ≥ λ·2^k (lowerMinusRadiusMant, k made
     * even by doubling λ, exact), √(m − r) ≥ nextDown(√λ)·2^(k/2) (Math.sqrt is correctly rounded, so nextDown
     * of it is below the root), and r/(2·that) is stepped up; null when λ is not available.
     */
    private Ball sqrtNarrow() {
        double v = lowerMinusRadiusMant();
        if (Double.isNaN(v)) {
            return null;
        }
        long k = scale() - 1;
        if ((k & 1) != 0) {
            v *= 2;
            k--;
        }
        double root = Math.nextDown(Math.sqrt(v));
        double w = Math.nextUp(radM / (2 * root)); // ≥ r/(2√(m − r)), at exponent rad.e − k/2
        Ball fm = sqrtPoint(mag, exp, field);
        long wk = radE - k / 2;
        return new Ball(fm.mag, fm.sgn, fm.exp, plusMant(fm.radM, fm.radE, w, wk), plusExp(fm.radM, fm.radE, w, wk), field);
    }

    /** A positive lower bound of |mid| − rad for a ball that excludes 0. */
    private BallRadius absLowerMinusRadius() {
        BallRadius d = midLower().subDown(radius());
        if (!d.isZero()) {
            return d;
        }
        // close call: the exact difference |mid| − rad (> 0 since the ball excludes 0)
        Ball diff = exactSum(man().abs(), exp, radius().mantissa().negate(), radius().exponent(), field);
        return diff.midLower();
    }

    private boolean excludesZero() {
        return sgn != 0 && compareAbsMidToRad() > 0;
    }

    /**
     * |mid| &lt;=&gt; rad, exactly: decided by the 53-bit bounds of |mid| (lowerMant, upperMant at
     * exponent scale − 1) against rad when they do not overlap it, else by the exact difference.
     */
    private int compareAbsMidToRad() {
        if (radM == 0) {
            return sgn == 0 ? 0 : 1;
        }
        if (sgn == 0) {
            return -1;
        }
        long k = scale() - 1;
        // lower(|mid|) = lowerMant·2^k, lowerMant in [1, 2): above rad iff its exponent is larger, or equal and
        // its mantissa larger
        if (k > radE || (k == radE && lowerMant(mag) > radM)) {
            return 1;
        }
        // upper(|mid|) = upperMant·2^k with upperMant in (1, 2]: below rad iff ...
        double u = upperMant(mag);
        long uk = k;
        if (u == 2.0) {
            u = 1.0;
            uk++;
        }
        if (uk < radE || (uk == radE && u < radM)) {
            return -1;
        }
        Ball diff = exactSum(man().abs(), exp, radius().mantissa().negate(), radius().exponent(), field);
        return diff.sgn;
    }

    // ------------------------------------------------------------------ piecewise-linear

    @Override
    public Ball relu() {
        int c = compareAbsMidToRad();
        if (sgn >= 0 && c >= 0) {
            return this; // lower end >= 0
        }
        if (sgn <= 0 && c >= 0) {
            return field.zero; // upper end <= 0
        }
        // straddles 0: [0, hi]
        Ball hi = upperPoint(field);
        return halfOf(hi.midUpper());
    }

    @Override
    public Ball step() {
        if (isPositive()) {
            return field.one;
        }
        if (sgn <= 0 && compareAbsMidToRad() >= 0) {
            return field.zero; // upper end <= 0
        }
        return field.unitInterval;
    }

    // ------------------------------------------------------------------ elementary functions

    /** f(x) for an exact point x (radius 0), enclosed at working precision. */
    @FunctionalInterface
    interface PointFunction {
        Ball at(Ball x, Field work);
    }

    /** An upper bound of sup |f'| over the ball, given F ⊇ f(mid) and r ≤ 2^-16; null when unavailable. */
    @FunctionalInterface
    interface DerivativeBound {
        BallRadius sup(Ball fMid, Ball x, Field work);
    }

    /** A non-decreasing function applied to this ball (the end-point hull relies on monotonicity). */
    private Ball monotone(PointFunction f, DerivativeBound d) {
        return monotone(f, d, field.work());
    }

    /**
     * The same with the point function evaluated in {@code work} (exp and tanh run in fixed point
     * with their own guard bits, BallExp, so they are evaluated at the field's own precision).
     */
    private Ball monotone(PointFunction f, DerivativeBound d, Field work) {
        if (radM == 0) {
            return f.at(midPoint(work), work).in(field);
        }
        if (radius().compareTo(NARROW) <= 0) {
            Ball fm = f.at(midPoint(work), work);
            BallRadius sup = d.sup(fm, this, work);
            if (sup != null) {
                return fm.widen(sup.mul(radius())).in(field);
            }
        }
        Ball lo = f.at(lowerPoint(work), work);
        Ball hi = f.at(upperPoint(work), work);
        return hull(lo.lowerPoint(work), hi.upperPoint(work), field);
    }

    @Override
    public Ball exp() {
        // d/dx e^x = e^x <= e^m e^r <= |F| (1 + 2r) for r <= 1
        return monotone(BallElementary::exp, (fm, x, w) -> fm.absUpper().mul(onePlus(x.radius(), 1)), field);
    }

    @Override
    public Ball log() {
        if (!isPositive()) {
            throw new ArithmeticException("log of a ball with points <= 0: " + this);
        }
        // d/dx log x = 1/x <= 1/(m - r)
        return monotone(BallElementary::log, (fm, x, w) -> BallRadius.ONE.div(x.absLowerMinusRadius()));
    }

    /**
     * tanh of this ball, remembered (benign race: idempotent): the generic loss code asks for
     * tanh(z) once for the activation and once more for its derivative 1 − tanh²(z).
     */
    private Ball tanhMemo;

    @Override
    public Ball tanh() {
        Ball t = tanhMemo;
        if (t == null) {
            t = tanhUncached();
            tanhMemo = t;
        }
        return t;
    }

    private Ball tanhUncached() {
        // sech(ξ) <= sech(m) e^|ξ-m| (cosh(a+b) <= cosh(a) e^|b|), so sup tanh' <= (1 - F^2) e^(2r) <= (1 - F^2)(1 + 3r) for r <= 1/4
        return monotone(BallElementary::tanh, (fm, x, w) -> {
            Ball one = w.one();
            return one.subtract(fm).absUpper().mul(one.add(fm).absUpper()).mul(onePlus(x.radius(), 3));
        }, field);
    }

    @Override
    public Ball logistic() {
        // σ' = sech^2(x/2)/4, so sup σ' <= σ(m)(1 - σ(m)) e^r <= F(1 - F)(1 + 2r)
        return monotone(BallElementary::logistic, (fm, x, w) ->
                fm.absUpper().mul(w.one().subtract(fm).absUpper()).mul(onePlus(x.radius(), 2)));
    }

    @Override
    public Ball softplus() {
        // softplus' = σ, σ(ξ) <= σ(m) e^r and σ(m) <= min(1, softplus(m))
        return monotone(BallElementary::softplus, (fm, x, w) -> {
            BallRadius s = fm.absUpper();
            if (s.compareTo(BallRadius.ONE) > 0) {
                s = BallRadius.ONE;
            }
            return s.mul(onePlus(x.radius(), 2));
        });
    }

    @Override
    public Ball erf() {
        return monotone(BallElementary::erf, (fm, x, w) -> BallElementary.erfDerivativeSup(x));
    }

    @Override
    public Ball sqrt() {
        if (!isPositive()) {
            if (isNegative()) {
                throw new ArithmeticException("sqrt of a negative ball: " + this);
            }
            // domain-restricted: sqrt over [max(lo,0), hi] = [0, sqrt(hi)] (hi >= 0 here), with hi rounded up
            Field work = field.work();
            Ball sh = BallElementary.sqrt(endBound(1, work), work);
            return hull(work.zero, sh.upperPoint(work), field);
        }
        if (radM == 0) {
            // the root carries p + 2 bits and an exact error bound (§3.7)
            return sqrtPoint(mag, exp, field);
        }
        if (radE <= scale() - 18) {
            // relatively narrow, r < 2^(scale − 17) ≤ 2^−16·|m| (§4.5)
            Ball fast = sqrtNarrow();
            if (fast != null) {
                return fast;
            }
        }
        // relatively wide: the hull of the roots of outward-rounded end points (√ is increasing)
        Ball lo = endBound(-1, field);
        Ball hi = endBound(1, field);
        Ball sl = lo.sgn > 0 ? sqrtPoint(lo.mag, lo.exp, field).lowerPoint(field) : field.zero;
        return hull(sl, sqrtPoint(hi.mag, hi.exp, field).upperPoint(field), field);
    }

    /**
     * An exact point ≤ mid − rad (s = −1) or ≥ mid + rad (s = 1) of about f's precision: the ends of the ball
     * mid ± rad (the exact dyadic rad as a point, the sum rounded to f, §3.3), whose own radius is at most a
     * rounding error or the smaller term (so the end points never have the bit length of an exponent gap).
     */
    private Ball endBound(int s, Field f) {
        if (radM == 0) {
            return midPoint(f);
        }
        Ball r = exact(radius().mantissa(), radius().exponent(), f);
        Ball e = midPoint(f).sumOf(r, s, 0, 0, f);
        return s < 0 ? e.lowerPoint(f) : e.upperPoint(f);
    }

    /** An upper bound of 1 + c·r. */
    private static BallRadius onePlus(BallRadius r, int c) {
        return BallRadius.ONE.add(r.mul(c));
    }

    // ------------------------------------------------------------------ queries

    @Override
    public boolean isPositive() {
        return sgn > 0 && compareAbsMidToRad() > 0;
    }

    @Override
    public boolean isNegative() {
        return sgn < 0 && compareAbsMidToRad() > 0;
    }

    /** Whether the exact rational q lies in this ball. */
    public boolean contains(BigFraction q) {
        return compare(lower(), q) <= 0 && compare(q, upper()) <= 0;
    }

    /**
     * a &lt;=&gt; b. Do not use BigFraction.compareTo: in commons-numbers-fraction 1.2 it
     * compares magnitudes only when both operands are negative ((−1/2).compareTo(−1/3) == 1).
     */
    static int compare(BigFraction a, BigFraction b) {
        return a.subtract(b).signum();
    }

    @Override
    public BigFraction lower() {
        Ball p = lowerPoint(field);
        return toBigFraction(p.man(), p.exp);
    }

    @Override
    public BigFraction upper() {
        Ball p = upperPoint(field);
        return toBigFraction(p.man(), p.exp);
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return radM == 0 ? Optional.of(toBigFraction(man(), exp)) : Optional.empty();
    }

    @Override
    public double approx() {
        if (sgn == 0) {
            return 0;
        }
        // the top 63 bits of the top limb, converted to nearest (the dropped bits move it by < 1 ulp)
        double d = (double) (mag[mag.length - 1] >>> 1) * 2;
        long k = exp + 64L * (mag.length - 1);
        return Math.scalb(sgn < 0 ? -d : d, (int) Math.max(-4000, Math.min(4000, k)));
    }

    /** m·2^e as a double (nearest, up to the final scaling; 0 or infinite outside the range). */
    static double approx(BigInteger m, long e) {
        if (m.signum() == 0) {
            return 0;
        }
        int bl = m.bitLength();
        int drop = Math.max(0, bl - 64);
        double d = (drop == 0 ? m : m.shiftRight(drop)).doubleValue();
        long k = e + drop;
        return Math.scalb(d, (int) Math.max(-4000, Math.min(4000, k)));
    }

    @Override
    public String toString() {
        return "[" + approx() + " ± " + radius().toDoubleUp() + "]";
    }

    // ------------------------------------------------------------------ the field

    /** The ball arithmetic at one precision, named {@code ball:BITS}. */
    public static final class Field implements NumField<Ball> {
        final int bits;
        /** Limbs of a rounded midpoint: ⌈bits/64⌉. */
        final int limbs;
        private final String name;
        final Ball zero;
        final Ball one;
        final Ball unitInterval;
        private volatile Field work;
        private volatile Ball invSqrt2;
        private volatile Ball invSqrt2Pi;

        private Field(int bits) {
            this.bits = bits;
            this.limbs = (bits + 63) / 64;
            this.name = "ball:" + bits;
            this.zero = new Ball(ZERO, 0, BallRadius.ZERO, this);
            this.one = new Ball(ONE, 0, BallRadius.ZERO, this);
            this.unitInterval = new Ball(ONE, -1, BallRadius.pow2(-1), this);
        }

        public int bits() {
            return bits;
        }

        /** The working precision of function evaluations (guard bits against the roundings inside). */
        Field work() {
            Field w = work;
            if (w == null) {
                w = fieldUnchecked(bits + 32);
                work = w;
            }
            return w;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean rigorous() {
            return true;
        }

        @Override
        public boolean supports(Num.Primitive p) {
            return true;
        }

        @Override
        public Ball zero() {
            return zero;
        }

        @Override
        public Ball one() {
            return one;
        }

        @Override
        public Ball of(BigFraction q) {
            return Ball.of(q, this);
        }

        @Override
        public Ball of(long n) {
            return round(BigInteger.valueOf(n), 0, BallRadius.ZERO, this);
        }

        /** The ball enclosing the rational interval [lo, hi] (lo &le; hi). */
        public Ball hull(BigFraction lo, BigFraction hi) {
            if (compare(lo, hi) > 0) {
                throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
            }
            Ball c = Ball.of(lo.add(hi).divide(2), this);
            BigFraction m = toBigFraction(c.man(), c.exp);
            BigFraction h = hi.subtract(m);
            BigFraction l = m.subtract(lo);
            return new Ball(c.mag, c.sgn, c.exp, BallRadius.upperAbs(compare(h, l) >= 0 ? h : l), this);
        }

        @Override
        public Ball invSqrt2() {
            Ball r = invSqrt2;
            if (r == null) {
                // 1/sqrt(2) = sqrt(1/2), the argument is exact
                Field w = work();
                r = BallElementary.sqrt(exact(ONE, -1, w), w).in(this);
                invSqrt2 = r;
            }
            return r;
        }

        @Override
        public Ball invSqrt2Pi() {
            Ball r = invSqrt2Pi;
            if (r == null) {
                Field w = work();
                r = w.one().divide(BallElementary.pi(w).scalePow2(1).sqrt()).in(this);
                invSqrt2Pi = r;
            }
            return r;
        }

        @Override
        public Ball[] newArray(int n) {
            return new Ball[n];
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
