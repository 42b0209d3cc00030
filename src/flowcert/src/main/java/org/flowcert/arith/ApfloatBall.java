package org.flowcert.arith;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.apfloat.Apfloat;
import org.apfloat.ApfloatMath;
import org.apfloat.Apint;

/**
 * The Apfloat implementation of ball arithmetic, kept as an independent cross-check of
 * {@link Ball} (same contract, same series, a different number core: radix-2 Apfloat
 * midpoints instead of {@code BigInteger} dyadics). It was {@code ball:BITS} until the dyadic
 * core replaced it (benchmarks/ball.md: a radix-2 Apfloat product alone costs 10-18 times a
 * BigInteger product from 256 to 16,384 bits and still 3 times at 100,000 bits, the largest
 * precision accepted, so it is not used even at high precision). Not reachable from the
 * command line.
 *
 * <p>A rigorous arbitrary-precision ball [mid − rad, mid + rad]: the midpoint is a radix-2
 * {@link Apfloat} with at most BITS significant bits (stored with infinite precision, so
 * that Apfloat additions and multiplications of midpoints are exact), the radius a
 * {@link BallRadius} rounded up.
 *
 * <p>Accuracy contract: every operation returns a ball containing the exact result of the
 * operation at every point of its operands. Apfloat is trusted only for <em>exact</em>
 * operations (add, subtract, multiply of infinite-precision numbers, scaling by powers of
 * two, truncation, {@code scale()}); every rounding is measured exactly (the discarded part
 * is computed with an exact subtraction) and added to the radius; quotients and square
 * roots are verified by an exact residual. See proofs-notes/ball-arithmetic.md.
 *
 * <p>Elementary functions are our own series with proven remainders
 * ({@link ApfloatBallElementary}); for a ball argument of positive radius they add radius × a
 * bound of |f'| over the ball (narrow balls) or hull the values at both ends (wide balls;
 * every function here is non-decreasing).
 *
 * <p>Division by a ball containing 0, log of a ball with points &le; 0 and sqrt of a ball
 * of negative numbers throw {@link ArithmeticException}; sqrt of a ball straddling 0
 * encloses sqrt on its non-negative part.
 */
public final class ApfloatBall implements Num<ApfloatBall> {
    static {
        // before the first Apfloat: memory-only storage with a size cap, never scratch files (BallStorage)
        BallStorage.configure();
    }

    static final int RADIX = 2;
    static final Apfloat A_ZERO = new Apfloat(0, Apfloat.INFINITE, RADIX);
    static final Apfloat A_ONE = new Apfloat(1, Apfloat.INFINITE, RADIX);
    static final Apfloat A_TWO = new Apfloat(2, Apfloat.INFINITE, RADIX);
    /** Smallest and largest precision accepted from users. */
    public static final int MIN_BITS = 24;
    public static final int MAX_BITS = 100_000;
    /** Radii up to this use the derivative bound, wider balls the end-point hull. */
    private static final BallRadius NARROW = BallRadius.pow2(-30);

    private static final ConcurrentHashMap<Integer, Field> FIELDS = new ConcurrentHashMap<>();

    private final Apfloat mid;
    private final BallRadius rad;
    private final Field field;
    /** Lazily computed upper bound of |mid| (benign race: idempotent). */
    private BallRadius midUp;

    ApfloatBall(Apfloat mid, BallRadius rad, Field field) {
        this.mid = mid;
        this.rad = rad;
        this.field = field;
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
        return FIELDS.computeIfAbsent(bits, Field::new);
    }

    // ------------------------------------------------------------------ accessors

    /** The midpoint (radix 2, exact). */
    public Apfloat mid() {
        return mid;
    }

    /** The radius, exactly. */
    public BigFraction rad() {
        return rad.toBigFraction();
    }

    /** A double &ge; the radius. */
    public double radUpper() {
        return rad.toDoubleUp();
    }

    BallRadius radius() {
        return rad;
    }

    /** The number of bits of this ball's arithmetic. */
    public int bits() {
        return field.bits;
    }

    @Override
    public Field field() {
        return field;
    }

    BallRadius midUpper() {
        BallRadius u = midUp;
        if (u == null) {
            u = BallRadius.upperAbs(mid);
            midUp = u;
        }
        return u;
    }

    /** An upper bound of |x| over the ball. */
    BallRadius absUpper() {
        return midUpper().add(rad);
    }

    // ------------------------------------------------------------------ construction helpers

    /** The ball (x ± r) with x rounded to the field's precision; the rounding error is measured and added. */
    static ApfloatBall round(Apfloat x, BallRadius r, Field f) {
        if (x.signum() == 0) {
            return new ApfloatBall(A_ZERO, r, f);
        }
        long s = x.scale();
        if (!r.isZero() && r.e < s - 2L * f.bits - 64) {
            // enlarging a radius is always sound; this keeps mid ± rad from having absurd bit lengths
            r = BallRadius.pow2(s - 2L * f.bits - 64);
        }
        if (x.size() <= f.bits) {
            return new ApfloatBall(x, r, f);
        }
        Apfloat t = truncate(x, f.bits);
        Apfloat err = x.subtract(t); // exact
        if (err.signum() != 0) {
            r = r.add(BallRadius.pow2(err.scale())); // |err| < 2^scale(err)
        }
        return new ApfloatBall(t, r, f);
    }

    /**
     * The ball (a + b ± r) in f. When the exponents are far apart the smaller term goes into
     * the radius instead of being added exactly (an exact sum would have absurd bit length).
     */
    static ApfloatBall sum(Apfloat a, Apfloat b, BallRadius r, Field f) {
        if (a.signum() == 0) {
            return round(b, r, f);
        }
        if (b.signum() == 0) {
            return round(a, r, f);
        }
        long sa = a.scale();
        long sb = b.scale();
        if (sa - sb > f.bits + 4L) {
            return round(a, r.add(BallRadius.upperAbs(b)), f);
        }
        if (sb - sa > f.bits + 4L) {
            return round(b, r.add(BallRadius.upperAbs(a)), f);
        }
        return round(a.add(b), r, f);
    }

    /** x truncated to {@code bits} significant bits (any result is fine: callers measure the error). */
    static Apfloat truncate(Apfloat x, int bits) {
        long s = x.scale();
        Apint i = scale2(x, bits - s).truncate();
        return scale2(i, s - bits).precision(Apfloat.INFINITE);
    }

    /**
     * n as a radix-2 Apfloat, built from 62-bit limbs: Apfloat's own BigInteger constructor
     * goes through a radix conversion that costs milliseconds.
     */
    static Apfloat apfloat(BigInteger n) {
        if (n.bitLength() <= 62) {
            return apfloat(n.longValue());
        }
        BigInteger a = n.abs();
        int limbs = (a.bitLength() + 61) / 62;
        Apfloat acc = A_ZERO;
        for (int k = limbs - 1; k >= 0; k--) {
            long limb = a.shiftRight(62 * k).longValue() & LIMB_MASK;
            acc = scale2(acc, 62).add(apfloat(limb));
        }
        return n.signum() < 0 ? acc.negate() : acc;
    }

    private static final long LIMB_MASK = (1L << 62) - 1;
    private static final int POW2_CACHE = 1 << 14;
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Apfloat> POW2 =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(2 * POW2_CACHE + 1);

    /**
     * x·2^n, exactly. ApfloatMath.scale builds and parses a string for every call; multiplying
     * by a cached one-digit power of two is exact and much faster.
     */
    static Apfloat scale2(Apfloat x, long n) {
        if (n == 0 || x.signum() == 0) {
            return x;
        }
        if (n < -POW2_CACHE || n > POW2_CACHE) {
            return ApfloatMath.scale(x, n);
        }
        int i = (int) n + POW2_CACHE;
        Apfloat p = POW2.get(i);
        if (p == null) {
            p = ApfloatMath.scale(A_ONE, n);
            POW2.set(i, p);
        }
        return x.multiply(p);
    }

    static Apfloat apfloat(long n) {
        return new Apfloat(n, Apfloat.INFINITE, RADIX);
    }

    /** The integer x as a BigInteger, read in 62-bit limbs (Apfloat's own conversion is slow). */
    static BigInteger toBigInteger(Apfloat x) {
        if (x.signum() == 0) {
            return BigInteger.ZERO;
        }
        Apfloat a = ApfloatMath.abs(x);
        long s = a.scale();
        if (s <= 62) {
            long v = a.truncate().longValue();
            return BigInteger.valueOf(x.signum() < 0 ? -v : v);
        }
        int limbs = (int) ((s + 61) / 62);
        Apfloat y = scale2(a, -62L * limbs);
        BigInteger r = BigInteger.ZERO;
        for (int k = 0; k < limbs; k++) {
            y = scale2(y, 62);
            Apint t = y.truncate();
            r = r.shiftLeft(62).or(BigInteger.valueOf(t.longValue()));
            y = y.subtract(t);
        }
        return x.signum() < 0 ? r.negate() : r;
    }

    /** The exact value of a radix-2 Apfloat. */
    static BigFraction toBigFraction(Apfloat x) {
        if (x.signum() == 0) {
            return BigFraction.ZERO;
        }
        long n = x.size();
        long s = x.scale();
        BigInteger mant = toBigInteger(scale2(x, n - s)); // x·2^(n-s) is an integer
        long k = s - n;
        return k >= 0 ? BigFraction.of(mant.shiftLeft(Math.toIntExact(k)))
                : BigFraction.of(mant, BigInteger.ONE.shiftLeft(Math.toIntExact(-k)));
    }

    /** A ball around the exact point x (rounded to the field). */
    static ApfloatBall point(Apfloat x, Field f) {
        return round(x, BallRadius.ZERO, f);
    }

    /** The ball covering [lo, hi] (lo &le; hi, both exact), midpoint rounded to the field. */
    static ApfloatBall hull(Apfloat lo, Apfloat hi, Field f) {
        Apfloat c = scale2(lo.add(hi), -1);
        Apfloat h = scale2(hi.subtract(lo), -1);
        return round(c, BallRadius.upperAbs(h), f);
    }

    Apfloat lowerA() {
        return mid.subtract(rad.toApfloat());
    }

    Apfloat upperA() {
        return mid.add(rad.toApfloat());
    }

    /** This ball with the radius increased by r. */
    ApfloatBall widen(BallRadius r) {
        return new ApfloatBall(mid, rad.add(r), field);
    }

    /** The same set in another field (midpoint rounded when that field is coarser). */
    ApfloatBall in(Field f) {
        return f == field ? this : round(mid, rad, f);
    }

    /** This ball times 2^k, exactly. */
    ApfloatBall scalePow2(long k) {
        return new ApfloatBall(scale2(mid, k), rad.mulPow2(k), field);
    }

    /** The ball around an exact rational (rounding verified by an exact residual). */
    static ApfloatBall of(BigFraction q, Field f) {
        BigInteger num = q.getNumerator();
        BigInteger den = q.getDenominator();
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        if (num.signum() == 0) {
            return new ApfloatBall(A_ZERO, BallRadius.ZERO, f);
        }
        if (den.bitCount() == 1) {
            return point(scale2(apfloat(num), -(den.bitLength() - 1)), f);
        }
        Apfloat n = apfloat(num);
        Apfloat d = apfloat(den);
        Apfloat qt = truncate(n.precision(f.bits + 8L).divide(d.precision(f.bits + 8L)).precision(Apfloat.INFINITE), f.bits);
        Apfloat res = n.subtract(qt.multiply(d)); // exact: |q - qt| = |res| / den
        BallRadius r = res.signum() == 0 ? BallRadius.ZERO
                : BallRadius.upperAbs(res).div(BallRadius.lowerAbs(d));
        return new ApfloatBall(qt, r, f);
    }

    // ------------------------------------------------------------------ ring operations

    @Override
    public ApfloatBall add(ApfloatBall b) {
        return sum(mid, b.mid, rad.add(b.rad), field);
    }

    @Override
    public ApfloatBall subtract(ApfloatBall b) {
        return sum(mid, b.mid.negate(), rad.add(b.rad), field);
    }

    @Override
    public ApfloatBall negate() {
        return new ApfloatBall(mid.negate(), rad, field);
    }

    @Override
    public ApfloatBall multiply(ApfloatBall b) {
        // |xy - ma mb| <= |ma| rb + |mb| ra + ra rb
        BallRadius r = BallRadius.ZERO;
        if (!b.rad.isZero()) {
            r = midUpper().mul(b.rad);
        }
        if (!rad.isZero()) {
            r = r.add(b.midUpper().add(b.rad).mul(rad));
        }
        return round(mid.multiply(b.mid), r, field);
    }

    @Override
    public ApfloatBall square() {
        if (rad.isZero()) {
            return round(mid.multiply(mid), BallRadius.ZERO, field);
        }
        if (rad.compareTo(BallRadius.lowerAbs(mid)) >= 0) {
            // the ball may contain 0: enclose by [0, (|m| + r)^2] so the result is never negative
            return halfOf(absUpper().pow(2));
        }
        // |x^2 - m^2| = |x - m| |x + m| <= r (2|m| + r)
        BallRadius r = midUpper().mulPow2(1).add(rad).mul(rad);
        ApfloatBall b = round(mid.multiply(mid), r, field);
        return b.lowerA().signum() >= 0 ? b : halfOf(BallRadius.upperAbs(b.upperA()));
    }

    /** The ball [0, u] as (u/2 ± u/2): exact, its lower end is exactly 0. */
    private ApfloatBall halfOf(BallRadius u) {
        BallRadius h = u.mulPow2(-1);
        return new ApfloatBall(h.toApfloat(), h, field);
    }

    @Override
    public ApfloatBall divide(ApfloatBall b) {
        if (!b.excludesZero()) {
            throw new ArithmeticException("ball division by a ball that contains 0: " + b);
        }
        Apfloat mb = b.mid;
        Apfloat qt;
        Apfloat res;
        if (mid.signum() == 0) {
            qt = A_ZERO;
            res = A_ZERO;
        } else {
            long p = field.bits + 8L;
            qt = truncate(mid.precision(p).divide(mb.precision(p)).precision(Apfloat.INFINITE), field.bits);
            res = mid.subtract(qt.multiply(mb)); // exact residual: ma/mb - qt = res/mb
        }
        BallRadius mbLow = BallRadius.lowerAbs(mb);
        BallRadius eps = res.signum() == 0 ? BallRadius.ZERO : BallRadius.upperAbs(res).div(mbLow);
        if (rad.isZero() && b.rad.isZero()) {
            return new ApfloatBall(qt, eps, field);
        }
        // |x/y - ma/mb| <= (ra + |ma/mb| rb) / (|mb| - rb), and |ma/mb| <= |qt| + eps
        BallRadius den = BallRadius.lowerAbs(ApfloatMath.abs(mb).subtract(b.rad.toApfloat()));
        BallRadius num = rad.add(BallRadius.upperAbs(qt).add(eps).mul(b.rad));
        return new ApfloatBall(qt, eps.add(num.div(den)), field);
    }

    private boolean excludesZero() {
        return mid.signum() != 0 && (rad.isZero() || ApfloatMath.abs(mid).compareTo(rad.toApfloat()) > 0);
    }

    // ------------------------------------------------------------------ piecewise-linear

    @Override
    public ApfloatBall relu() {
        if (isPositive() || lowerA().signum() >= 0) {
            return this;
        }
        Apfloat hi = upperA();
        if (hi.signum() <= 0) {
            return field.zero();
        }
        // straddles 0: [0, hi]
        return halfOf(BallRadius.upperAbs(hi));
    }

    @Override
    public ApfloatBall step() {
        if (isPositive()) {
            return field.one();
        }
        if (upperA().signum() <= 0) {
            return field.zero();
        }
        return field.unitInterval;
    }

    // ------------------------------------------------------------------ elementary functions

    /** f(x) for an exact point x, enclosed at working precision. */
    @FunctionalInterface
    interface PointFunction {
        ApfloatBall at(Apfloat x, Field work);
    }

    /** An upper bound of sup |f'| over the ball, given F ⊇ f(mid) and r ≤ 2^-30; null when unavailable. */
    @FunctionalInterface
    interface DerivativeBound {
        BallRadius sup(ApfloatBall fMid, ApfloatBall x, Field work);
    }

    /** A non-decreasing function applied to this ball (the end-point hull relies on monotonicity). */
    private ApfloatBall monotone(PointFunction f, DerivativeBound d) {
        Field work = field.work();
        if (rad.isZero()) {
            return f.at(mid, work).in(field);
        }
        if (rad.compareTo(NARROW) <= 0) {
            ApfloatBall fm = f.at(mid, work);
            BallRadius sup = d.sup(fm, this, work);
            if (sup != null) {
                return fm.widen(sup.mul(rad)).in(field);
            }
        }
        ApfloatBall lo = f.at(lowerA(), work);
        ApfloatBall hi = f.at(upperA(), work);
        return hull(lo.lowerA(), hi.upperA(), field);
    }

    @Override
    public ApfloatBall exp() {
        // d/dx e^x = e^x <= e^m e^r <= |F| (1 + 2r) for r <= 1
        return monotone(ApfloatBallElementary::exp, (fm, x, w) -> fm.absUpper().mul(onePlus(x.rad, 1)));
    }

    @Override
    public ApfloatBall log() {
        if (lowerA().signum() <= 0) {
            throw new ArithmeticException("log of a ball with points <= 0: " + this);
        }
        // d/dx log x = 1/x <= 1/(m - r)
        return monotone(ApfloatBallElementary::log, (fm, x, w) -> BallRadius.ONE.div(BallRadius.lowerAbs(x.lowerA())));
    }

    @Override
    public ApfloatBall tanh() {
        // sech(ξ) <= sech(m) e^|ξ-m| (cosh(a+b) <= cosh(a) e^|b|), so sup tanh' <= (1 - F^2) e^(2r) <= (1 - F^2)(1 + 3r) for r <= 1/4
        return monotone(ApfloatBallElementary::tanh, (fm, x, w) -> {
            ApfloatBall one = w.one();
            return one.subtract(fm).absUpper().mul(one.add(fm).absUpper()).mul(onePlus(x.rad, 3));
        });
    }

    @Override
    public ApfloatBall logistic() {
        // σ' = sech^2(x/2)/4, so sup σ' <= σ(m)(1 - σ(m)) e^r <= F(1 - F)(1 + 2r)
        return monotone(ApfloatBallElementary::logistic, (fm, x, w) ->
                fm.absUpper().mul(w.one().subtract(fm).absUpper()).mul(onePlus(x.rad, 2)));
    }

    @Override
    public ApfloatBall softplus() {
        // softplus' = σ, σ(ξ) <= σ(m) e^r and σ(m) <= min(1, softplus(m))
        return monotone(ApfloatBallElementary::softplus, (fm, x, w) -> {
            BallRadius s = fm.absUpper();
            if (s.compareTo(BallRadius.ONE) > 0) {
                s = BallRadius.ONE;
            }
            return s.mul(onePlus(x.rad, 2));
        });
    }

    @Override
    public ApfloatBall erf() {
        return monotone(ApfloatBallElementary::erf, (fm, x, w) -> ApfloatBallElementary.erfDerivativeSup(x));
    }

    @Override
    public ApfloatBall sqrt() {
        Apfloat lo = lowerA();
        if (lo.signum() <= 0) {
            Apfloat hi = upperA();
            if (hi.signum() < 0) {
                throw new ArithmeticException("sqrt of a negative ball: " + this);
            }
            // domain-restricted: sqrt over [max(lo,0), hi] = [0, sqrt(hi)]
            ApfloatBall sh = ApfloatBallElementary.sqrt(hi, field.work());
            return hull(A_ZERO, sh.upperA(), field);
        }
        // d/dx sqrt x = 1/(2 sqrt x) <= 1/(2 sqrt(m - r))
        return monotone(ApfloatBallElementary::sqrt,
                (fm, x, w) -> BallRadius.ONE.div(BallRadius.lowerAbs(x.lowerA()).sqrtDown().mulPow2(1)));
    }

    /** An upper bound of 1 + c·r. */
    private static BallRadius onePlus(BallRadius r, int c) {
        return BallRadius.ONE.add(r.mul(c));
    }

    // ------------------------------------------------------------------ queries

    @Override
    public boolean isPositive() {
        return mid.signum() > 0 && (rad.isZero() || mid.compareTo(rad.toApfloat()) > 0);
    }

    @Override
    public boolean isNegative() {
        return mid.signum() < 0 && (rad.isZero() || mid.negate().compareTo(rad.toApfloat()) > 0);
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
        return toBigFraction(lowerA());
    }

    @Override
    public BigFraction upper() {
        return toBigFraction(upperA());
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return rad.isZero() ? Optional.of(toBigFraction(mid)) : Optional.empty();
    }

    @Override
    public double approx() {
        return mid.doubleValue();
    }

    @Override
    public String toString() {
        return "[" + mid.doubleValue() + " ± " + rad.toDoubleUp() + "]";
    }

    // ------------------------------------------------------------------ the field

    /** The ball arithmetic at one precision, named {@code ball:BITS}. */
    public static final class Field implements NumField<ApfloatBall> {
        final int bits;
        private final String name;
        private final ApfloatBall zero;
        private final ApfloatBall one;
        final ApfloatBall unitInterval;
        private volatile ApfloatBall invSqrt2;
        private volatile ApfloatBall invSqrt2Pi;

        private Field(int bits) {
            this.bits = bits;
            this.name = "apfloat-ball:" + bits;
            this.zero = new ApfloatBall(A_ZERO, BallRadius.ZERO, this);
            this.one = new ApfloatBall(A_ONE, BallRadius.ZERO, this);
            this.unitInterval = new ApfloatBall(scale2(A_ONE, -1), BallRadius.pow2(-1), this);
        }

        public int bits() {
            return bits;
        }

        /** The working precision of function evaluations (guard bits against the roundings inside). */
        Field work() {
            return fieldUnchecked(bits + 32);
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
        public ApfloatBall zero() {
            return zero;
        }

        @Override
        public ApfloatBall one() {
            return one;
        }

        @Override
        public ApfloatBall of(BigFraction q) {
            return ApfloatBall.of(q, this);
        }

        /** The ball enclosing the rational interval [lo, hi] (lo &le; hi). */
        public ApfloatBall hull(BigFraction lo, BigFraction hi) {
            if (compare(lo, hi) > 0) {
                throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
            }
            ApfloatBall c = ApfloatBall.of(lo.add(hi).divide(2), this);
            BigFraction m = toBigFraction(c.mid);
            BigFraction h = hi.subtract(m);
            BigFraction l = m.subtract(lo);
            return new ApfloatBall(c.mid, BallRadius.upperAbs(compare(h, l) >= 0 ? h : l), this);
        }

        @Override
        public ApfloatBall invSqrt2() {
            ApfloatBall r = invSqrt2;
            if (r == null) {
                // 1/sqrt(2) = sqrt(1/2), the argument is exact
                r = ApfloatBallElementary.sqrt(scale2(A_ONE, -1), work()).in(this);
                invSqrt2 = r;
            }
            return r;
        }

        @Override
        public ApfloatBall invSqrt2Pi() {
            ApfloatBall r = invSqrt2Pi;
            if (r == null) {
                Field w = work();
                r = w.one().divide(ApfloatBallElementary.pi(w).scalePow2(1).sqrt()).in(this);
                invSqrt2Pi = r;
            }
            return r;
        }

        @Override
        public ApfloatBall[] newArray(int n) {
            return new ApfloatBall[n];
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
