package org.flowcert.arith;

import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.UserError;

/**
 * A rigorous arbitrary-precision ball [mid − rad, mid + rad] in the manner of Arb's
 * {@code arb_t}: the midpoint is a dyadic number {@code man·2^exp} with a {@link BigInteger}
 * mantissa of at most BITS (+1) bits, the radius a {@link BallRadius} (53-bit mantissa,
 * {@code long} exponent) always rounded up.
 *
 * <p>Accuracy contract: every operation returns a ball containing the exact result of the
 * operation at every point of its operands. Midpoint sums and products are computed exactly
 * in {@code BigInteger} and then rounded to BITS bits (round to nearest); the rounding error is
 * bounded by half a unit in the last place and added to the radius. Quotients and square
 * roots come from integer division / integer square root of scaled mantissas, whose
 * truncation is below one unit of the scaled result. No string or radix conversion anywhere.
 * See proofs-notes/ball-arithmetic.md.
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

    private static final ConcurrentHashMap<Integer, Field> FIELDS = new ConcurrentHashMap<>();

    /** Midpoint mantissa: the midpoint is man·2^exp (exp = 0 when man = 0). */
    final BigInteger man;
    final long exp;
    final BallRadius rad;
    private final Field field;
    /** Lazily computed upper bound of |mid| (benign race: idempotent). */
    private BallRadius midUp;

    Ball(BigInteger man, long exp, BallRadius rad, Field field) {
        this.man = man;
        this.exp = man.signum() == 0 ? 0 : exp;
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

    /** The midpoint, exactly. */
    public BigFraction midExact() {
        return toBigFraction(man, exp);
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

    int signum() {
        return man.signum();
    }

    /** s with 2^(s−1) &le; |mid| &lt; 2^s (mid ≠ 0). */
    long scale() {
        return exp + absBitLength(man);
    }

    BallRadius midUpper() {
        BallRadius u = midUp;
        if (u == null) {
            u = BallRadius.upperAbs(man, exp);
            midUp = u;
        }
        return u;
    }

    /** An upper bound of |x| over the ball. */
    BallRadius absUpper() {
        return midUpper().add(rad);
    }

    /** The bit length of |m| (BigInteger.bitLength is one short for negative powers of two). */
    static int absBitLength(BigInteger m) {
        int bl = m.bitLength();
        return m.signum() < 0 && m.getLowestSetBit() == bl ? bl + 1 : bl;
    }

    // ------------------------------------------------------------------ construction helpers

    /**
     * The ball (m·2^e ± r) with the midpoint rounded to nearest at the field's precision:
     * with s = bitlen(|m|) − p &gt; 0 dropped bits, the error |m − t·2^s| &le; 2^(s−1) is bounded
     * from the top g = min(s, 10) dropped bits (note §3.1) and added to r.
     */
    static Ball round(BigInteger m, long e, BallRadius r, Field f) {
        if (m.signum() == 0) {
            return new Ball(ZERO, 0, r, f);
        }
        int bl = absBitLength(m);
        if (!r.isZero()) {
            long floor = e + bl - 2L * f.bits - 64;
            if (r.e < floor) {
                // enlarging a radius is always sound; this keeps mid ± rad of bounded bit length
                r = BallRadius.pow2(floor);
            }
        }
        int sh = bl - f.bits;
        if (sh <= 0) {
            return new Ball(m, e, r, f);
        }
        if (m.getLowestSetBit() >= sh) {
            return new Ball(m.shiftRight(sh), e + sh, r, f); // exact
        }
        // m = t·2^sh + rem, 0 <= rem < 2^sh (floor, also for negative m); the top bits of rem:
        // rem = top·2^(sh−g) + low with 0 <= low < 2^(sh−g), g = min(sh, 10)
        int g = Math.min(sh, 10);
        BigInteger u = m.shiftRight(sh - g);
        int top = u.intValue() & ((1 << g) - 1);
        BigInteger t = u.shiftRight(g);
        long err; // |error| <= err·2^(sh−g)
        if (top >= 1 << (g - 1)) {
            t = t.add(ONE); // round up: error rem − 2^sh, |.| <= 2^sh − top·2^(sh−g)
            err = (1L << g) - top;
        } else {
            err = top + 1L; // round down: error rem < (top + 1)·2^(sh−g)
        }
        return new Ball(t, e + sh, r.add(BallRadius.of((double) err, e + sh - g)), f);
    }

    /**
     * The ball (a + b ± r) in f for exact dyadics a = ma·2^ea, b = mb·2^eb. When the
     * magnitudes are far apart the smaller term goes into the radius instead of being added
     * exactly (an exact sum would have absurd bit length).
     */
    static Ball sum(BigInteger ma, long ea, BigInteger mb, long eb, BallRadius r, Field f) {
        if (ma.signum() == 0) {
            return round(mb, eb, r, f);
        }
        if (mb.signum() == 0) {
            return round(ma, ea, r, f);
        }
        long sa = ea + absBitLength(ma);
        long sb = eb + absBitLength(mb);
        if (sa - sb > f.bits + 4L) {
            return round(ma, ea, r.add(BallRadius.upperAbs(mb, eb)), f);
        }
        if (sb - sa > f.bits + 4L) {
            return round(mb, eb, r.add(BallRadius.upperAbs(ma, ea)), f);
        }
        if (ea >= eb) {
            return round(ma.shiftLeft((int) (ea - eb)).add(mb), eb, r, f);
        }
        return round(mb.shiftLeft((int) (eb - ea)).add(ma), ea, r, f);
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
        return new Ball(man, exp, BallRadius.ZERO, f);
    }

    /** The exact lower end mid − rad as a point of f (not rounded). */
    Ball lowerPoint(Field f) {
        if (rad.isZero()) {
            return midPoint(f);
        }
        return exactSum(man, exp, rad.mantissa().negate(), rad.exponent(), f);
    }

    /** The exact upper end mid + rad as a point of f (not rounded). */
    Ball upperPoint(Field f) {
        if (rad.isZero()) {
            return midPoint(f);
        }
        return exactSum(man, exp, rad.mantissa(), rad.exponent(), f);
    }

    /** a + b exactly, for exact points (radius 0), in a's field. */
    static Ball sumExact(Ball a, Ball b) {
        return exactSum(a.man, a.exp, b.man, b.exp, a.field);
    }

    private static Ball exactSum(BigInteger ma, long ea, BigInteger mb, long eb, Field f) {
        if (ma.signum() == 0) {
            return exact(mb, eb, f);
        }
        if (ea >= eb) {
            return exact(ma.shiftLeft(Math.toIntExact(ea - eb)).add(mb), eb, f);
        }
        return exact(mb.shiftLeft(Math.toIntExact(eb - ea)).add(ma), ea, f);
    }

    /** The ball covering [lo, hi] for exact points lo &le; hi, midpoint rounded to f. */
    static Ball hull(Ball lo, Ball hi, Field f) {
        // c = (lo + hi)/2 and h = (hi − lo)/2 exactly
        Ball c = exactSum(lo.man, lo.exp, hi.man, hi.exp, f);
        Ball h = exactSum(hi.man, hi.exp, lo.man.negate(), lo.exp, f);
        return round(c.man, c.exp - 1, BallRadius.upperAbs(h.man, h.exp - 1), f);
    }

    /** This ball with the radius increased by r. */
    Ball widen(BallRadius r) {
        return new Ball(man, exp, rad.add(r), field);
    }

    /** The same set in another field (midpoint rounded when that field is coarser). */
    Ball in(Field f) {
        return f == field ? this : round(man, exp, rad, f);
    }

    /** This ball times 2^k, exactly. */
    Ball scalePow2(long k) {
        return new Ball(man, exp + k, rad.mulPow2(k), field);
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

    // ------------------------------------------------------------------ ring operations

    @Override
    public Ball add(Ball b) {
        return sum(man, exp, b.man, b.exp, rad.add(b.rad), field);
    }

    @Override
    public Ball subtract(Ball b) {
        return sum(man, exp, b.man.negate(), b.exp, rad.add(b.rad), field);
    }

    @Override
    public Ball negate() {
        return new Ball(man.negate(), exp, rad, field);
    }

    @Override
    public Ball multiply(Ball b) {
        // |xy - ma mb| <= |ma| rb + |mb| ra + ra rb
        BallRadius r = BallRadius.ZERO;
        if (!b.rad.isZero()) {
            r = midUpper().mul(b.rad);
        }
        if (!rad.isZero()) {
            r = r.add(b.midUpper().add(b.rad).mul(rad));
        }
        return round(man.multiply(b.man), exp + b.exp, r, field);
    }

    @Override
    public Ball square() {
        if (rad.isZero()) {
            return round(man.multiply(man), 2 * exp, BallRadius.ZERO, field);
        }
        if (rad.compareTo(BallRadius.lowerAbs(man, exp)) >= 0) {
            // the ball may contain 0: enclose by [0, (|m| + r)^2] so the result is never negative
            return halfOf(absUpper().pow(2));
        }
        // |x^2 - m^2| = |x - m| |x + m| <= r (2|m| + r)
        BallRadius r = midUpper().mulPow2(1).add(rad).mul(rad);
        Ball b = round(man.multiply(man), 2 * exp, r, field);
        if (b.lowerPoint(field).signum() >= 0) {
            return b;
        }
        Ball hi = b.upperPoint(field);
        return halfOf(BallRadius.upperAbs(hi.man, hi.exp));
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
        Ball q = quotient(man, exp, b.man, b.exp, field);
        if (rad.isZero() && b.rad.isZero()) {
            return q;
        }
        // |x/y - ma/mb| <= (ra + |ma/mb| rb) / (|mb| - rb), and |ma/mb| <= |q| + rad(q)
        BallRadius den = b.absLowerMinusRadius();
        BallRadius num = rad.add(q.absUpper().mul(b.rad));
        return q.widen(num.div(den));
    }

    /** A positive lower bound of |mid| − rad for a ball that excludes 0. */
    private BallRadius absLowerMinusRadius() {
        BallRadius d = BallRadius.lowerAbs(man, exp).subDown(rad);
        if (!d.isZero()) {
            return d;
        }
        // close call: the exact difference |mid| − rad (> 0 since the ball excludes 0)
        Ball diff = exactSum(man.abs(), exp, rad.mantissa().negate(), rad.exponent(), field);
        return BallRadius.lowerAbs(diff.man, diff.exp);
    }

    private boolean excludesZero() {
        return man.signum() != 0 && compareAbsMidToRad() > 0;
    }

    /** |mid| &lt;=&gt; rad, exactly. */
    private int compareAbsMidToRad() {
        if (rad.isZero()) {
            return man.signum() == 0 ? 0 : 1;
        }
        if (man.signum() == 0) {
            return -1;
        }
        if (BallRadius.lowerAbs(man, exp).compareTo(rad) > 0) {
            return 1;
        }
        if (BallRadius.upperAbs(man, exp).compareTo(rad) < 0) {
            return -1;
        }
        Ball diff = exactSum(man.abs(), exp, rad.mantissa().negate(), rad.exponent(), field);
        return diff.man.signum();
    }

    // ------------------------------------------------------------------ piecewise-linear

    @Override
    public Ball relu() {
        if (man.signum() >= 0 && compareAbsMidToRad() >= 0) {
            return this; // lower end >= 0
        }
        if (man.signum() <= 0 && compareAbsMidToRad() >= 0) {
            return field.zero; // upper end <= 0
        }
        // straddles 0: [0, hi]
        Ball hi = upperPoint(field);
        return halfOf(BallRadius.upperAbs(hi.man, hi.exp));
    }

    @Override
    public Ball step() {
        if (isPositive()) {
            return field.one;
        }
        if (man.signum() <= 0 && compareAbsMidToRad() >= 0) {
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
        if (rad.isZero()) {
            return f.at(midPoint(work), work).in(field);
        }
        if (rad.compareTo(NARROW) <= 0) {
            Ball fm = f.at(midPoint(work), work);
            BallRadius sup = d.sup(fm, this, work);
            if (sup != null) {
                return fm.widen(sup.mul(rad)).in(field);
            }
        }
        Ball lo = f.at(lowerPoint(work), work);
        Ball hi = f.at(upperPoint(work), work);
        return hull(lo.lowerPoint(work), hi.upperPoint(work), field);
    }

    @Override
    public Ball exp() {
        // d/dx e^x = e^x <= e^m e^r <= |F| (1 + 2r) for r <= 1
        return monotone(BallElementary::exp, (fm, x, w) -> fm.absUpper().mul(onePlus(x.rad, 1)), field);
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
            return one.subtract(fm).absUpper().mul(one.add(fm).absUpper()).mul(onePlus(x.rad, 3));
        }, field);
    }

    @Override
    public Ball logistic() {
        // σ' = sech^2(x/2)/4, so sup σ' <= σ(m)(1 - σ(m)) e^r <= F(1 - F)(1 + 2r)
        return monotone(BallElementary::logistic, (fm, x, w) ->
                fm.absUpper().mul(w.one().subtract(fm).absUpper()).mul(onePlus(x.rad, 2)));
    }

    @Override
    public Ball softplus() {
        // softplus' = σ, σ(ξ) <= σ(m) e^r and σ(m) <= min(1, softplus(m))
        return monotone(BallElementary::softplus, (fm, x, w) -> {
            BallRadius s = fm.absUpper();
            if (s.compareTo(BallRadius.ONE) > 0) {
                s = BallRadius.ONE;
            }
            return s.mul(onePlus(x.rad, 2));
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
            // domain-restricted: sqrt over [max(lo,0), hi] = [0, sqrt(hi)] (hi >= 0 here)
            Field work = field.work();
            Ball sh = BallElementary.sqrt(upperPoint(work), work);
            return hull(work.zero, sh.upperPoint(work), field);
        }
        // d/dx sqrt x = 1/(2 sqrt x) <= 1/(2 sqrt(m - r))
        return monotone(BallElementary::sqrt,
                (fm, x, w) -> BallRadius.ONE.div(x.absLowerMinusRadius().sqrtDown().mulPow2(1)));
    }

    /** An upper bound of 1 + c·r. */
    private static BallRadius onePlus(BallRadius r, int c) {
        return BallRadius.ONE.add(r.mul(c));
    }

    // ------------------------------------------------------------------ queries

    @Override
    public boolean isPositive() {
        return man.signum() > 0 && compareAbsMidToRad() > 0;
    }

    @Override
    public boolean isNegative() {
        return man.signum() < 0 && compareAbsMidToRad() > 0;
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
        return toBigFraction(p.man, p.exp);
    }

    @Override
    public BigFraction upper() {
        Ball p = upperPoint(field);
        return toBigFraction(p.man, p.exp);
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return rad.isZero() ? Optional.of(toBigFraction(man, exp)) : Optional.empty();
    }

    @Override
    public double approx() {
        return approx(man, exp);
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
        return "[" + approx() + " ± " + rad.toDoubleUp() + "]";
    }

    // ------------------------------------------------------------------ the field

    /** The ball arithmetic at one precision, named {@code ball:BITS}. */
    public static final class Field implements NumField<Ball> {
        final int bits;
        private final String name;
        final Ball zero;
        final Ball one;
        final Ball unitInterval;
        private volatile Field work;
        private volatile Ball invSqrt2;
        private volatile Ball invSqrt2Pi;

        private Field(int bits) {
            this.bits = bits;
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
            BigFraction m = toBigFraction(c.man, c.exp);
            BigFraction h = hi.subtract(m);
            BigFraction l = m.subtract(lo);
            return new Ball(c.man, c.exp, BallRadius.upperAbs(compare(h, l) >= 0 ? h : l), this);
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
