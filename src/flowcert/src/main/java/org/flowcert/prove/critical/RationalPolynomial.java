package org.flowcert.prove.critical;

import java.math.BigInteger;
import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * A univariate polynomial with exact rational coefficients, constant term first.
 *
 * <p>Immutable; every operation is exact. The zero polynomial has degree −1. Used for the
 * profiled critical-value reduction of proofs-notes/critical-polynomial-profile.md.
 */
public final class RationalPolynomial {
    public static final RationalPolynomial ZERO = new RationalPolynomial(new BigFraction[0]);
    public static final RationalPolynomial ONE = constant(BigFraction.ONE);
    /** The polynomial x. */
    public static final RationalPolynomial X = of(BigFraction.ZERO, BigFraction.ONE);

    private final BigFraction[] c;

    private RationalPolynomial(BigFraction[] coefficients) {
        int n = coefficients.length;
        while (n > 0 && coefficients[n - 1].signum() == 0) {
            n--;
        }
        this.c = Arrays.copyOf(coefficients, n);
    }

    /** The polynomial c0 + c1 x + c2 x² + .... */
    public static RationalPolynomial of(BigFraction... coefficients) {
        return new RationalPolynomial(coefficients.clone());
    }

    /** The polynomial with integer coefficients c0 + c1 x + ... */
    public static RationalPolynomial ofLongs(long... coefficients) {
        BigFraction[] a = new BigFraction[coefficients.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = BigFraction.of(coefficients[i]);
        }
        return new RationalPolynomial(a);
    }

    public static RationalPolynomial constant(BigFraction a) {
        return new RationalPolynomial(new BigFraction[] {a});
    }

    /** a·x^k. */
    public static RationalPolynomial monomial(BigFraction a, int k) {
        BigFraction[] m = new BigFraction[k + 1];
        Arrays.fill(m, BigFraction.ZERO);
        m[k] = a;
        return new RationalPolynomial(m);
    }

    /** Degree; −1 for the zero polynomial. */
    public int degree() {
        return c.length - 1;
    }

    public boolean isZero() {
        return c.length == 0;
    }

    /** Coefficient of x^k (zero beyond the degree). */
    public BigFraction coefficient(int k) {
        return k < c.length ? c[k] : BigFraction.ZERO;
    }

    public BigFraction[] coefficients() {
        return c.clone();
    }

    public BigFraction leading() {
        return c.length == 0 ? BigFraction.ZERO : c[c.length - 1];
    }

    public RationalPolynomial add(RationalPolynomial b) {
        BigFraction[] r = new BigFraction[Math.max(c.length, b.c.length)];
        for (int i = 0; i < r.length; i++) {
            r[i] = coefficient(i).add(b.coefficient(i));
        }
        return new RationalPolynomial(r);
    }

    public RationalPolynomial subtract(RationalPolynomial b) {
        return add(b.negate());
    }

    public RationalPolynomial negate() {
        return scale(BigFraction.of(-1));
    }

    public RationalPolynomial scale(BigFraction a) {
        BigFraction[] r = new BigFraction[c.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = c[i].multiply(a);
        }
        return new RationalPolynomial(r);
    }

    public RationalPolynomial multiply(RationalPolynomial b) {
        if (isZero() || b.isZero()) {
            return ZERO;
        }
        BigFraction[] r = new BigFraction[c.length + b.c.length - 1];
        Arrays.fill(r, BigFraction.ZERO);
        for (int i = 0; i < c.length; i++) {
            if (c[i].signum() == 0) {
                continue;
            }
            for (int j = 0; j < b.c.length; j++) {
                r[i + j] = r[i + j].add(c[i].multiply(b.c[j]));
            }
        }
        return new RationalPolynomial(r);
    }

    public RationalPolynomial pow(int n) {
        RationalPolynomial r = ONE;
        for (int i = 0; i < n; i++) {
            r = r.multiply(this);
        }
        return r;
    }

    public RationalPolynomial derivative() {
        if (c.length <= 1) {
            return ZERO;
        }
        BigFraction[] r = new BigFraction[c.length - 1];
        for (int i = 1; i < c.length; i++) {
            r[i - 1] = c[i].multiply(i);
        }
        return new RationalPolynomial(r);
    }

    /** Exact value at x (Horner). */
    public BigFraction evaluate(BigFraction x) {
        BigFraction acc = BigFraction.ZERO;
        for (int i = c.length - 1; i >= 0; i--) {
            acc = acc.multiply(x).add(c[i]);
        }
        return acc;
    }

    /** Sign of p(x): −1, 0 or 1. */
    public int signAt(BigFraction x) {
        return evaluate(x).signum();
    }

    /** Sign of p(x) as x → +∞ (0 for the zero polynomial). */
    public int signAtPlusInfinity() {
        return leading().signum();
    }

    /** Sign of p(x) as x → −∞. */
    public int signAtMinusInfinity() {
        return degree() % 2 == 0 ? leading().signum() : -leading().signum();
    }

    /** Quotient and remainder of Euclidean division by {@code d} (d ≠ 0): this = q·d + r, deg r &lt; deg d. */
    public RationalPolynomial[] divideAndRemainder(RationalPolynomial d) {
        if (d.isZero()) {
            throw new ArithmeticException("division by the zero polynomial");
        }
        BigFraction[] r = c.clone();
        int dd = d.degree();
        if (r.length - 1 < dd) {
            return new RationalPolynomial[] {ZERO, this};
        }
        BigFraction[] q = new BigFraction[r.length - dd];
        Arrays.fill(q, BigFraction.ZERO);
        BigFraction lead = d.leading();
        for (int k = r.length - 1; k >= dd; k--) {
            BigFraction f = r[k].divide(lead);
            q[k - dd] = f;
            if (f.signum() == 0) {
                continue;
            }
            for (int j = 0; j <= dd; j++) {
                r[k - dd + j] = r[k - dd + j].subtract(f.multiply(d.c[j]));
            }
        }
        return new RationalPolynomial[] {new RationalPolynomial(q),
            new RationalPolynomial(Arrays.copyOf(r, dd))};
    }

    public RationalPolynomial remainder(RationalPolynomial d) {
        return divideAndRemainder(d)[1];
    }

    /** Exact quotient; throws if {@code d} does not divide this polynomial. */
    public RationalPolynomial exactDivide(RationalPolynomial d) {
        RationalPolynomial[] qr = divideAndRemainder(d);
        if (!qr[1].isZero()) {
            throw new ArithmeticException("not divisible");
        }
        return qr[0];
    }

    /** This polynomial divided by its leading coefficient (zero stays zero). */
    public RationalPolynomial monic() {
        return isZero() ? this : scale(leading().reciprocal());
    }

    /**
     * The positive multiple of this polynomial with coprime integer coefficients (keeps
     * every sign, keeps numbers short).
     */
    public RationalPolynomial primitive() {
        if (isZero()) {
            return this;
        }
        BigInteger lcm = BigInteger.ONE;
        for (BigFraction a : c) {
            BigInteger d = a.getDenominator().abs();
            lcm = lcm.divide(lcm.gcd(d)).multiply(d);
        }
        BigInteger g = BigInteger.ZERO;
        BigInteger[] n = new BigInteger[c.length];
        for (int i = 0; i < c.length; i++) {
            BigInteger mag = c[i].getNumerator().abs().multiply(lcm.divide(c[i].getDenominator().abs()));
            n[i] = c[i].signum() < 0 ? mag.negate() : mag;
            g = g.gcd(n[i]);
        }
        BigFraction[] r = new BigFraction[c.length];
        for (int i = 0; i < c.length; i++) {
            r[i] = BigFraction.of(n[i].divide(g));
        }
        return new RationalPolynomial(r);
    }

    /** Monic greatest common divisor (gcd(0, 0) = 0). */
    public static RationalPolynomial gcd(RationalPolynomial a, RationalPolynomial b) {
        while (!b.isZero()) {
            RationalPolynomial r = a.remainder(b).primitive();
            a = b;
            b = r;
        }
        return a.monic();
    }

    /** The square-free part p / gcd(p, p'), with the same real roots, each simple. */
    public RationalPolynomial squareFreePart() {
        if (degree() <= 0) {
            return this;
        }
        RationalPolynomial g = gcd(this, derivative());
        return exactDivide(g);
    }

    /** p(a + s·x): substitution of an affine map. */
    public RationalPolynomial composeAffine(BigFraction a, BigFraction s) {
        RationalPolynomial lin = of(a, s);
        RationalPolynomial acc = ZERO;
        for (int i = c.length - 1; i >= 0; i--) {
            acc = acc.multiply(lin).add(constant(c[i]));
        }
        return acc;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RationalPolynomial && Arrays.equals(((RationalPolynomial) o).c, c);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(c);
    }

    /** Coefficients as exact strings, constant term first, e.g. {@code [1, 0, -1/2]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Numbers.format(c[i]));
        }
        return sb.append(']').toString();
    }
}
