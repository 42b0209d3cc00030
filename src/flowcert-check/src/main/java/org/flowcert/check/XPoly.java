package org.flowcert.check;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A polynomial in the input x with interval coefficients, on one piece [p, q] of the integral
 * risk's domain (proofs-notes/rules/loss.md). For each θ in a box, the true polynomial's
 * coefficients lie in the intervals.
 */
record XPoly(RationalInterval[] c, BigFraction p, BigFraction q, int bits) implements Scalar<XPoly> {
    /** Thrown when a relu-type unit changes sign at {@code root} strictly inside the piece. */
    static final class Split extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final BigFraction root;

        Split(BigFraction root) {
            super(null, null, false, false);
            this.root = root;
        }
    }

    /** The polynomial x on [p, q]. */
    static XPoly x(BigFraction p, BigFraction q, int bits) {
        return new XPoly(new RationalInterval[] {RationalInterval.of(BigFraction.ZERO, bits),
                RationalInterval.of(BigFraction.ONE, bits)}, p, q, bits);
    }

    static XPoly of(RationalInterval v, BigFraction p, BigFraction q) {
        return new XPoly(new RationalInterval[] {v}, p, q, v.bits());
    }

    static XPoly of(BigFraction[] coefficients, BigFraction p, BigFraction q, int bits) {
        return new XPoly(Net.point(coefficients, bits), p, q, bits);
    }

    @Override
    public XPoly c(BigFraction v) {
        return new XPoly(new RationalInterval[] {RationalInterval.of(v, bits)}, p, q, bits);
    }

    private RationalInterval coef(int i) {
        return i < c.length ? c[i] : RationalInterval.of(BigFraction.ZERO, bits);
    }

    @Override
    public XPoly add(XPoly o) {
        return new XPoly(IntStream.range(0, Integer.max(c.length, o.c.length)).mapToObj(i -> coef(i).add(o.coef(i)))
                .toArray(RationalInterval[]::new), p, q, bits);
    }

    @Override
    public XPoly neg() {
        return new XPoly(Arrays.stream(c).map(RationalInterval::neg).toArray(RationalInterval[]::new), p, q, bits);
    }

    @Override
    public XPoly mul(XPoly o) {
        RationalInterval[] r = new RationalInterval[c.length + o.c.length - 1];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < o.c.length; j++) {
                RationalInterval t = c[i].mul(o.c[j]);
                r[i + j] = r[i + j] == null ? t : r[i + j].add(t);
            }
        }
        return new XPoly(r, p, q, bits);
    }

    /** Enclosure of the value at the point x. */
    RationalInterval at(BigFraction x) {
        RationalInterval acc = c[c.length - 1];
        RationalInterval xx = RationalInterval.of(x, bits);
        for (int i = c.length - 2; i >= 0; i--) {
            acc = acc.mul(xx).add(c[i]);
        }
        return acc;
    }

    /** ∫_p^q of the polynomial: Σ c_k (q^(k+1) − p^(k+1))/(k + 1), exact per coefficient. */
    RationalInterval integral() {
        return IntStream.range(0, c.length)
                .mapToObj(k -> c[k].mul(RationalInterval.of(q.pow(k + 1).subtract(p.pow(k + 1)).divide(k + 1), bits)))
                .reduce(RationalInterval.of(BigFraction.ZERO, bits), RationalInterval::add);
    }

    @Override
    public XPoly[] act(Activation a, int order) throws Invalid {
        if (a.kind == Activation.Kind.POLY) {
            return poly(a, order);
        }
        Invalid.when(!a.kinked(), "the integral risk needs a piecewise-polynomial activation (relu, leaky_relu, poly)");
        Invalid.when(c.length > 2, "a relu-type pre-activation is not linear in x");
        BigFraction s = a.slope; // 0 for relu
        // the pre-activation is linear in x, so its sign on [p, q] follows from the two ends
        RationalInterval zp = at(p);
        RationalInterval zq = at(q);
        // positive: ≥ 0 at both ends and > 0 at one (a positive sum), so > 0 inside; negative likewise, or
        // ≡ 0: σ(0) = 0, σ'(0) = S by the contract's convention
        boolean positive = zp.lo().signum() >= 0 && zq.lo().signum() >= 0 && zp.lo().add(zq.lo()).signum() > 0;
        boolean negative = Arrays.stream(c).allMatch(r -> r.isPoint() && r.lo().signum() == 0)
                || zp.hi().signum() <= 0 && zq.hi().signum() <= 0 && zp.hi().add(zq.hi()).signum() < 0;
        if (!positive && !negative) {
            if (zp.isPoint() && zq.isPoint() && c.length == 2 && c[0].isPoint() && c[1].isPoint()
                    && zp.lo().signum() * zq.lo().signum() < 0) {
                throw new Split(c[0].lo().negate().divide(c[1].lo()));
            }
            throw new Invalid("the sign of a relu-type unit on [" + p + ", " + q + "] is not decided over the box");
        }
        return Scalar.upTo(order, positive ? this : mul(c(s)), c(positive ? BigFraction.ONE : s), c(BigFraction.ZERO));
    }
}
