package org.flowcert.eval;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;

/**
 * A polynomial in the input x with coefficients in one arithmetic (constant term first),
 * for integrating piecewise-polynomial networks exactly (proofs-notes/loss-gradient.md §2).
 *
 * <p>Every operation is the arithmetic's own operation on the coefficients, so in a rigorous
 * arithmetic the result encloses the exact polynomial for every point of the operands' sets.
 */
final class XPoly<T extends Num<T>> {
    final NumField<T> f;
    final T[] c;

    private XPoly(NumField<T> f, T[] c) {
        this.f = f;
        this.c = c;
    }

    static <T extends Num<T>> XPoly<T> constant(NumField<T> f, T a) {
        T[] c = f.newArray(1);
        c[0] = a;
        return new XPoly<>(f, c);
    }

    /** The polynomial x. */
    static <T extends Num<T>> XPoly<T> identity(NumField<T> f) {
        T[] c = f.newArray(2);
        c[0] = f.zero();
        c[1] = f.one();
        return new XPoly<>(f, c);
    }

    static <T extends Num<T>> XPoly<T> ofRationals(NumField<T> f, BigFraction[] q) {
        T[] c = f.newArray(q.length);
        for (int i = 0; i < q.length; i++) {
            c[i] = f.of(q[i]);
        }
        return new XPoly<>(f, c);
    }

    int degree() {
        return c.length - 1;
    }

    XPoly<T> add(XPoly<T> o) {
        int n = Math.max(c.length, o.c.length);
        T[] r = f.newArray(n);
        for (int i = 0; i < n; i++) {
            if (i < c.length && i < o.c.length) {
                r[i] = c[i].add(o.c[i]);
            } else {
                r[i] = i < c.length ? c[i] : o.c[i];
            }
        }
        return new XPoly<>(f, r);
    }

    XPoly<T> subtract(XPoly<T> o) {
        int n = Math.max(c.length, o.c.length);
        T[] r = f.newArray(n);
        for (int i = 0; i < n; i++) {
            if (i < c.length && i < o.c.length) {
                r[i] = c[i].subtract(o.c[i]);
            } else {
                r[i] = i < c.length ? c[i] : o.c[i].negate();
            }
        }
        return new XPoly<>(f, r);
    }

    XPoly<T> scale(T s) {
        T[] r = f.newArray(c.length);
        for (int i = 0; i < c.length; i++) {
            r[i] = c[i].multiply(s);
        }
        return new XPoly<>(f, r);
    }

    XPoly<T> multiply(XPoly<T> o) {
        T[] r = f.newArray(c.length + o.c.length - 1);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < o.c.length; j++) {
                T p = c[i].multiply(o.c[j]);
                r[i + j] = r[i + j] == null ? p : r[i + j].add(p);
            }
        }
        return new XPoly<>(f, r);
    }

    /** σ(this) for σ(z) = Σ a_k z^k with rational coefficients, by Horner's rule. */
    XPoly<T> compose(BigFraction[] a) {
        XPoly<T> acc = constant(f, f.of(a[a.length - 1]));
        for (int k = a.length - 2; k >= 0; k--) {
            acc = acc.multiply(this).add(constant(f, f.of(a[k])));
        }
        return acc;
    }

    /** The value at x (Horner). */
    T at(T x) {
        T acc = c[c.length - 1];
        for (int k = c.length - 2; k >= 0; k--) {
            acc = acc.multiply(x).add(c[k]);
        }
        return acc;
    }

    /**
     * ∫_l^r p(x) dx = Σ_k p_k (r^(k+1) − l^(k+1)) / (k+1), with the powers of l and r given
     * ({@code lp[k] = l^k}, long enough).
     */
    T integrate(T[] lp, T[] rp) {
        T acc = f.zero();
        for (int k = 0; k < c.length; k++) {
            T m = rp[k + 1].subtract(lp[k + 1]);
            if (k > 0) {
                m = m.divide(f.of(k + 1));
            }
            acc = acc.add(c[k].multiply(m));
        }
        return acc;
    }

    /** Powers 1, x, ..., x^n. */
    static <T extends Num<T>> T[] powers(NumField<T> f, T x, int n) {
        T[] p = f.newArray(n + 1);
        p[0] = f.one();
        for (int k = 1; k <= n; k++) {
            p[k] = p[k - 1].multiply(x);
        }
        return p;
    }
}
