package org.flowcert.check;

import java.math.BigInteger;
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
 * <p>Comparisons use the sign of the difference, never BigFraction.compare-To: in
 * commons-numbers-fraction 1.2 it answers wrongly for many pairs of negative values (for example
 * it says -2 > -1); the checker's sources contain no call to it (a test enforces that).
 */
public record RationalInterval(BigFraction lo, BigFraction hi, int bits) implements Scalar<RationalInterval> {
    /** Every interval is non-empty: lo ≤ hi is required (a point built from one q needs no test). */
    public RationalInterval {
        if (lo != hi && lo.subtract(hi).signum() > 0) {
            throw new IllegalArgumentException("empty interval");
        }
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

    public boolean isPoint() {
        return lo.equals(hi);
    }

    /** Whether this interval lies inside {@code o}. */
    public boolean within(RationalInterval o) {
        return o.lo.subtract(lo).signum() <= 0 && hi.subtract(o.hi).signum() <= 0;
    }

    /** Checks that the box a lies inside the box b, componentwise; else names what and the component. */
    static void inside(RationalInterval[] a, RationalInterval[] b, String what) throws Invalid {
        for (int k = 0; k < a.length; k++) {
            Invalid.when(!a[k].within(b[k]), what + " (component " + k + ": " + a[k] + ") is not inside " + b[k]);
        }
    }

    public boolean contains(BigFraction q) {
        return lo.subtract(q).signum() <= 0 && q.subtract(hi).signum() <= 0;
    }

    public BigFraction mid() {
        return lo.add(hi).divide(2);
    }

    public BigFraction rad() {
        return hi.subtract(lo).divide(2);
    }

    /** max |x| over the interval. */
    public BigFraction mag() {
        return max(lo.abs(), hi.abs());
    }

    public RationalInterval withBits(int b) {
        return hull(lo, hi, b);
    }

    @Override
    public RationalInterval c(BigFraction q) {
        return of(q, bits);
    }

    @Override
    public RationalInterval add(RationalInterval o) {
        return hull(lo.add(o.lo), hi.add(o.hi), Integer.max(bits, o.bits));
    }

    @Override
    public RationalInterval sub(RationalInterval o) {
        return hull(lo.subtract(o.hi), hi.subtract(o.lo), Integer.max(bits, o.bits));
    }

    @Override
    public RationalInterval neg() {
        return new RationalInterval(hi.negate(), lo.negate(), bits);
    }

    @Override
    public RationalInterval mul(RationalInterval o) {
        int b = Integer.max(bits, o.bits);
        if (isPoint() && o.isPoint()) {
            BigFraction p = lo.multiply(o.lo);
            return hull(p, p, b);
        }
        BigFraction a = lo.multiply(o.lo);
        BigFraction c = lo.multiply(o.hi);
        BigFraction d = hi.multiply(o.lo);
        BigFraction e = hi.multiply(o.hi);
        return hull(min(min(a, c), min(d, e)), max(max(a, c), max(d, e)), b);
    }

    /** The square, tight when the interval contains 0. */
    public RationalInterval sqr() {
        BigFraction l = lo.multiply(lo);
        BigFraction h = hi.multiply(hi);
        return hull(lo.signum() >= 0 ? l : hi.signum() <= 0 ? h : BigFraction.ZERO, max(l, h), bits);
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

    @Override
    public String toString() {
        return "[" + lo + ", " + hi + "]";
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
