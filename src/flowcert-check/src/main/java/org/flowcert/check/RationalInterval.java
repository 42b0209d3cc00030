package org.flowcert.check;

import java.math.BigInteger;
import org.apache.commons.numbers.core.ArithmeticUtils;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A closed rational interval [lo, hi], the checker's only number type.
 *
 * <p>Accuracy contract: every operation returns an interval containing every result of the
 * real operation on members of its operands (inclusion property). With {@code bits} > 0 the
 * endpoints are then rounded outward to dyadic rationals with {@code bits} significant bits
 * (exact in rationals, never inward); with bits = 0 nothing is rounded and point intervals
 * stay exact. Elementary functions: proofs-notes/rules/elementary.md.
 *
 * <p>Representation (proofs-notes/rules/elementary.md, "Dyadic endpoints"): an endpoint whose reduced
 * denominator is a power of two is kept as an exact {@link Dyadic} m·2^e with m odd (or 0), and sums, differences
 * and products of such endpoints are formed and rounded with shifts, without the gcd a reduced fraction costs; any
 * other endpoint is a reduced fraction and takes the fraction path. Both paths give the same rational numbers (the
 * rounding of a dyadic is the fraction rounding {@link #round} computed by shifts), so nothing a rule decides
 * depends on the path; {@link #lo()} and {@link #hi()} are the endpoints as fractions.
 *
 * <p>Comparisons use the sign of the difference, never BigFraction.compare-To: in
 * commons-numbers-fraction 1.2 it answers wrongly for many pairs of negative values (for example
 * it says -2 > -1); the checker's sources contain no call to it (a test enforces that).
 */
public final class RationalInterval implements Scalar<RationalInterval> {
    /** The endpoints as fractions: given, or made from the dyadics when first asked for (then kept). */
    private BigFraction lo;
    private BigFraction hi;
    /** The endpoints as normalised dyadics (odd mantissa or 0), or null when an endpoint is not dyadic. */
    private final Dyadic dlo;
    private final Dyadic dhi;
    private final int bits;

    /** Every interval is non-empty: lo ≤ hi is required (a point built from one q needs no test). */
    public RationalInterval(BigFraction lo, BigFraction hi, int bits) {
        if (lo != hi && lo.subtract(hi).signum() > 0) {
            throw new IllegalArgumentException("empty interval");
        }
        this.lo = lo;
        this.hi = hi;
        this.bits = bits;
        Dyadic l = dyadic(lo);
        Dyadic h = l == null ? null : lo == hi ? l : dyadic(hi);
        this.dlo = h == null ? null : l;
        this.dhi = h;
    }

    /** Normalised dyadic endpoints with lo ≤ hi (the caller's construction guarantees it). */
    private RationalInterval(Dyadic lo, Dyadic hi, int bits) {
        this.dlo = lo;
        this.dhi = hi;
        this.bits = bits;
    }

    /** q as a normalised dyadic when its reduced denominator is a power of two, else null. */
    private static Dyadic dyadic(BigFraction q) {
        BigInteger[] nd = nd(q);
        BigInteger d = nd[1];
        if (d.bitCount() != 1) {
            return null;
        }
        return new Dyadic(nd[0], 1 - d.bitLength()).normal();
    }

    public BigFraction lo() {
        BigFraction q = lo;
        if (q == null) {
            q = dlo.fraction();
            lo = q;
        }
        return q;
    }

    public BigFraction hi() {
        BigFraction q = hi;
        if (q == null) {
            q = dhi == dlo ? lo() : dhi.fraction();
            hi = q;
        }
        return q;
    }

    public int bits() {
        return bits;
    }

    /** Both endpoints dyadic: the shift path applies. */
    private boolean dyadic() {
        return dlo != null;
    }

    /** The point q (exact). */
    public static RationalInterval of(BigFraction q, int bits) {
        return new RationalInterval(q, q, bits);
    }

    /** [lo, hi] exactly; lo ≤ hi is required. */
    public static RationalInterval of(BigFraction lo, BigFraction hi, int bits) {
        return new RationalInterval(lo, hi, bits);
    }

    /** [lo, hi] rounded outward to {@code bits}. */
    public static RationalInterval hull(BigFraction lo, BigFraction hi, int bits) {
        RationalInterval r = new RationalInterval(round(lo, bits, false), up(hi, bits), bits);
        Work.endpoints(r.lo, r.hi);
        return r;
    }

    /** [lo, hi] of exact dyadics rounded outward to {@code bits}: {@link #hull} by shifts. */
    static RationalInterval hull(Dyadic lo, Dyadic hi, int bits) {
        Dyadic l = round(lo.normal(), bits, false);
        Dyadic h = round(hi.normal(), bits, true);
        if (l.compare(h) > 0) {
            throw new IllegalArgumentException("empty interval");
        }
        size(l, h);
        return new RationalInterval(l, h, bits);
    }

    public boolean isPoint() {
        return dyadic() ? dlo == dhi || dlo.equals(dhi) : lo().equals(hi());
    }

    /** Whether this interval lies inside {@code o}. */
    public boolean within(RationalInterval o) {
        if (dyadic() && o.dyadic()) {
            return o.dlo.compare(dlo) <= 0 && dhi.compare(o.dhi) <= 0;
        }
        return o.lo().subtract(lo()).signum() <= 0 && hi().subtract(o.hi()).signum() <= 0;
    }

    /** Checks that the box a lies inside the box b, componentwise; else names what and the component. */
    static void inside(RationalInterval[] a, RationalInterval[] b, String what) throws Invalid {
        for (int k = 0; k < a.length; k++) {
            Invalid.when(!a[k].within(b[k]), what + " (component " + k + ": " + a[k] + ") is not inside " + b[k]);
        }
    }

    public boolean contains(BigFraction q) {
        return lo().subtract(q).signum() <= 0 && q.subtract(hi()).signum() <= 0;
    }

    public BigFraction mid() {
        return dyadic() ? dlo.add(dhi).scale(-1).fraction() : lo().add(hi()).divide(2);
    }

    public BigFraction rad() {
        return dyadic() ? dhi.subtract(dlo).scale(-1).fraction() : hi().subtract(lo()).divide(2);
    }

    /** max |x| over the interval. */
    public BigFraction mag() {
        if (dyadic()) {
            Dyadic l = dlo.signum() < 0 ? dlo.negate() : dlo;
            Dyadic h = dhi.signum() < 0 ? dhi.negate() : dhi;
            return (l.compare(h) >= 0 ? l : h).fraction();
        }
        return max(lo().abs(), hi().abs());
    }

    /** Whether max |x| over the interval is below 2^k. */
    boolean magBelow(int k) {
        if (dyadic()) {
            Dyadic bound = Dyadic.ONE.scale(k);
            return dhi.compare(bound) < 0 && dlo.negate().compare(bound) < 0;
        }
        BigFraction bound = k >= 0 ? BigFraction.of(BigInteger.ONE.shiftLeft(k))
                : BigFraction.of(BigInteger.ONE, BigInteger.ONE.shiftLeft(-k));
        return mag().subtract(bound).signum() < 0;
    }

    public RationalInterval withBits(int b) {
        return dyadic() ? hull(dlo, dhi, b) : hull(lo(), hi(), b);
    }

    @Override
    public RationalInterval c(BigFraction q) {
        return of(q, bits);
    }

    @Override
    public RationalInterval add(RationalInterval o) {
        int b = Integer.max(bits, o.bits);
        if (dyadic() && o.dyadic()) {
            return hull(dlo.add(o.dlo), dhi.add(o.dhi), b);
        }
        return hull(lo().add(o.lo()), hi().add(o.hi()), b);
    }

    @Override
    public RationalInterval sub(RationalInterval o) {
        int b = Integer.max(bits, o.bits);
        if (dyadic() && o.dyadic()) {
            return hull(dlo.subtract(o.dhi), dhi.subtract(o.dlo), b);
        }
        return hull(lo().subtract(o.hi()), hi().subtract(o.lo()), b);
    }

    @Override
    public RationalInterval neg() {
        return dyadic() ? new RationalInterval(dhi.negate(), dlo.negate(), bits)
                : new RationalInterval(hi().negate(), lo().negate(), bits);
    }

    @Override
    public RationalInterval mul(RationalInterval o) {
        int b = Integer.max(bits, o.bits);
        if (dyadic() && o.dyadic()) {
            return dyadicMul(o, b);
        }
        RationalInterval r = dyadic() ? scaled(this, o, b) : o.dyadic() ? scaled(o, this, b) : null;
        if (r != null) {
            return r;
        }
        if (isPoint() && o.isPoint()) {
            BigFraction p = lo().multiply(o.lo());
            return hull(p, p, b);
        }
        BigFraction a = lo().multiply(o.lo());
        BigFraction c = lo().multiply(o.hi());
        BigFraction d = hi().multiply(o.lo());
        BigFraction e = hi().multiply(o.hi());
        return hull(min(min(a, c), min(d, e)), max(max(a, c), max(d, e)), b);
    }

    /**
     * The product of dyadic intervals: min and max of the endpoint products (of the two products x·q when one factor
     * is a point q: the same set of values), rounded outward.
     */
    private RationalInterval dyadicMul(RationalInterval o, int b) {
        boolean point = isPoint();
        if (point || o.isPoint()) {
            RationalInterval x = point ? o : this;
            Dyadic q = point ? dlo : o.dlo;
            Dyadic l = x.dlo.multiply(q);
            Dyadic h = x.dlo == x.dhi ? l : x.dhi.multiply(q);
            return q.signum() >= 0 ? hull(l, h, b) : hull(h, l, b);
        }
        Dyadic a = dlo.multiply(o.dlo);
        Dyadic c = dlo.multiply(o.dhi);
        Dyadic d = dhi.multiply(o.dlo);
        Dyadic e = dhi.multiply(o.dhi);
        return hull(min(min(a, c), min(d, e)), max(max(a, c), max(d, e)), b);
    }

    /**
     * x·q for dyadic x and a point q = a/b whose numerator and denominator fit in 62 bits (the constants 1/i, 2/3,
     * 1/5 of the series and rules): {@link #scaledEnd} of each endpoint, the same numbers as the fraction path's
     * products rounded by {@link #round}; null (take the fraction path) when q is not such a point or an endpoint
     * would stay unrounded.
     */
    private static RationalInterval scaled(RationalInterval x, RationalInterval q, int bits) {
        if (bits <= 0 || !q.isPoint()) {
            return null;
        }
        BigInteger[] nd = nd(q.lo());
        if (nd[0].bitLength() > 62 || nd[1].bitLength() > 62) {
            return null;
        }
        long a = nd[0].longValue();
        long den = nd[1].longValue();
        Dyadic l = scaledEnd(x.dlo, a, den, bits, a < 0);
        Dyadic h = scaledEnd(x.dhi, a, den, bits, a >= 0);
        if (l == null || h == null) {
            return null;
        }
        if (a < 0) {
            Dyadic t = l;
            l = h;
            h = t;
        }
        size(l, h);
        return new RationalInterval(l, h, bits);
    }

    /**
     * {@link #round}(v·a/den, bits, up) for the normalised dyadic v = m·2^x, gcd(a, den) = 1, den > 0, by integer
     * steps: the reduced form of v·a/den is N·2^z/d with N = m·a/g and d = den_odd/g odd (g = gcd(m·a, den_odd),
     * den = den_odd·2^t, z = x − t plus N's trailing zeros); when its denominator d·2^max(−z, 0) has more than
     * bits + 1 bits, round's quotient ⌊N·2^(max(z,0) + max(e,0)) / (d·2^J)⌋ (J = max(−z, 0) + max(−e, 0)) is
     * ⌊⌊N·2^(A − J)⌋/d⌋ (nested floor division; ⌈y⌉ = −⌊−y⌋), and the result that quotient over 2^e. Null when
     * the reduced denominator is short enough that round leaves the number as it is.
     */
    private static Dyadic scaledEnd(Dyadic v, long a, long den, int bits, boolean up) {
        if (v.signum() == 0 || a == 0) {
            return Dyadic.ZERO;
        }
        int t = Long.numberOfTrailingZeros(den);
        long odd = den >> t;
        BigInteger n = v.mantissa().multiply(BigInteger.valueOf(a));
        long g = ArithmeticUtils.gcd(n.mod(BigInteger.valueOf(odd)).longValue(), odd);
        if (g > 1) {
            n = n.divide(BigInteger.valueOf(g));
        }
        long d = odd / g;
        int s2 = n.getLowestSetBit();
        n = n.shiftRight(s2);
        long z = (long) v.exponent() - t + s2;
        if (z < Integer.MIN_VALUE / 2 || z > Integer.MAX_VALUE / 2) {
            return null;
        }
        if (d == 1) {
            return round(new Dyadic(n, (int) z), bits, up);
        }
        long dBits = 64 - Long.numberOfLeadingZeros(d) + Long.max(-z, 0);
        if (dBits <= bits + 1) {
            return null;
        }
        long nBits = n.bitLength() + Long.max(z, 0);
        long e = bits - (nBits - dBits);
        long shift = Long.max(z, 0) + Long.max(e, 0) - (Long.max(-z, 0) + Long.max(-e, 0));
        if (e != (int) e || shift != (int) shift) {
            return null;
        }
        BigInteger y = up ? n.negate() : n;
        y = shift >= 0 ? y.shiftLeft((int) shift) : y.shiftRight((int) -shift);
        BigInteger[] qr = y.divideAndRemainder(BigInteger.valueOf(d));
        BigInteger f = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return new Dyadic(up ? f.negate() : f, (int) -e).normal();
    }

    /** The square, tight when the interval contains 0. */
    public RationalInterval sqr() {
        if (dyadic()) {
            Dyadic l = dlo.multiply(dlo);
            Dyadic h = dhi.multiply(dhi);
            return hull(dlo.signum() >= 0 ? l : dhi.signum() <= 0 ? h : Dyadic.ZERO, max(l, h), bits);
        }
        BigFraction l = lo().multiply(lo());
        BigFraction h = hi().multiply(hi());
        return hull(lo().signum() >= 0 ? l : hi().signum() <= 0 ? h : BigFraction.ZERO, max(l, h), bits);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RationalInterval r && bits == r.bits && lo().equals(r.lo()) && hi().equals(r.hi());
    }

    @Override
    public int hashCode() {
        return (lo().hashCode() * 31 + hi().hashCode()) * 31 + bits;
    }

    // ---- outward rounding (exact dyadic rationals) ----

    /** The smallest dyadic with {@code bits} significant bits that is ≥ q (q itself when bits = 0). */
    static BigFraction up(BigFraction q, int bits) {
        return round(q, bits, true);
    }

    /** {@link #up} ({@code upward}), or the largest dyadic with {@code bits} significant bits that is ≤ q. */
    private static BigFraction round(BigFraction q, int bits, boolean upward) {
        BigInteger[] nd = nd(q);
        BigInteger d = nd[1];
        if (bits <= 0 || d.bitLength() <= bits + 1 || q.signum() == 0) {
            return q;
        }
        BigInteger n = nd[0];
        int e = bits - (n.bitLength() - d.bitLength());
        BigInteger num = e >= 0 ? n.shiftLeft(e) : n;
        BigInteger den = e >= 0 ? d : d.shiftLeft(-e);
        BigInteger[] qr = num.divideAndRemainder(den);
        BigInteger f = qr[0];
        // divide truncates toward 0: step down for negative, up for positive when rounding up
        if (qr[1].signum() != 0 && (num.signum() > 0) == upward) {
            f = upward ? f.add(BigInteger.ONE) : f.subtract(BigInteger.ONE);
        }
        return e >= 0 ? BigFraction.of(f, BigInteger.ONE.shiftLeft(e)) : BigFraction.of(f.shiftLeft(-e));
    }

    /**
     * {@link #round} of the normalised dyadic q = m·2^x: the same number, by shifts. Its reduced denominator is 2^k
     * (k = −x) when x < 0, else 1; when k > bits, e = bits − (bitLength(m) − (k + 1)) and round keeps
     * ⌊m·2^e/2^k⌋ (or ⌈⌉) over 2^e, which is m shifted right by s = k − e (shiftRight is the floor for either
     * sign), times 2^−e; s ≤ 0 leaves q as it is.
     */
    private static Dyadic round(Dyadic q, int bits, boolean upward) {
        long k = -(long) q.exponent();
        if (bits <= 0 || k <= bits || q.signum() == 0) {
            return q;
        }
        BigInteger m = q.mantissa();
        long e = bits - (m.bitLength() - (k + 1));
        long s = k - e; // = bitLength(m) − bits − 1 < bitLength(m)
        if (s <= 0) {
            return q;
        }
        BigInteger f = upward ? m.negate().shiftRight((int) s).negate() : m.shiftRight((int) s);
        return new Dyadic(f, q.exponent()).scale((int) s).normal(); // f·2^(s − k) = f·2^(−e)
    }

    /** The limit {@code size} on the endpoints' numerators and denominators (as {@link Work#endpoints}). */
    private static void size(Dyadic lo, Dyadic hi) {
        long limit = Work.limits().size();
        long n = Long.max(Long.max(numeratorBits(lo), 1 - Long.min(lo.exponent(), 0)),
                Long.max(numeratorBits(hi), 1 - Long.min(hi.exponent(), 0)));
        Work.tick();
        if (n > limit) {
            throw LimitExceeded.of("an interval endpoint", "size", "a number of " + n + " bits", limit);
        }
    }

    /** The bit length of the reduced numerator of the normalised dyadic q. */
    private static long numeratorBits(Dyadic q) {
        return q.signum() == 0 ? 0 : q.mantissa().bitLength() + Long.max(q.exponent(), 0);
    }

    /** q's numerator and denominator with den > 0: Commons Numbers may keep the divisor's sign in the denominator. */
    static BigInteger[] nd(BigFraction q) {
        int s = q.getDenominator().signum();
        return new BigInteger[] {q.getNumerator().multiply(BigInteger.valueOf(s)), q.getDenominator().abs()};
    }

    public static BigFraction min(BigFraction a, BigFraction b) {
        return a.subtract(b).signum() <= 0 ? a : b;
    }

    public static BigFraction max(BigFraction a, BigFraction b) {
        return a.subtract(b).signum() >= 0 ? a : b;
    }

    private static Dyadic min(Dyadic a, Dyadic b) {
        return a.compare(b) <= 0 ? a : b;
    }

    private static Dyadic max(Dyadic a, Dyadic b) {
        return a.compare(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "[" + lo() + ", " + hi() + "]";
    }

    // ---- activations on intervals (σ, σ', σ''), proofs-notes/rules/elementary.md ----

    @Override
    public RationalInterval[] act(Activation a, int order) throws Invalid {
        return switch (a.kind) {
            case RELU, LEAKY -> piecewiseLinear(a, order);
            case POLY -> poly(a, order);
            default -> Elementary.activation(a, this, order);
        };
    }

    private RationalInterval[] piecewiseLinear(Activation a, int order) throws Invalid {
        BigFraction s = a.slope; // 0 for relu
        BigFraction lo = lo();
        BigFraction hi = hi();
        BigFraction vlo = lo.signum() > 0 ? lo : lo.multiply(s);
        BigFraction vhi = hi.signum() > 0 ? hi : hi.multiply(s);
        BigFraction v0 = lo.signum() < 0 && hi.signum() > 0 ? BigFraction.ZERO : vlo; // σ(0) = 0 when 0 ∈ (lo, hi)
        Invalid.when(order >= 2 && lo.signum() <= 0 && hi.signum() >= 0,
                "a relu-type kink lies in the box, second derivatives do not exist");
        // σ' = 1 for z > 0 and S for z ≤ 0 (relu'(0) = 0, leaky_relu'(0) = S: CONTRACT.md)
        RationalInterval d = lo.signum() > 0 ? c(BigFraction.ONE)
                : hi.signum() <= 0 ? c(s) : hull(min(s, BigFraction.ONE), max(s, BigFraction.ONE), bits);
        return Scalar.upTo(order, hull(min(min(vlo, vhi), v0), max(max(vlo, vhi), v0), bits), d, c(BigFraction.ZERO));
    }
}
