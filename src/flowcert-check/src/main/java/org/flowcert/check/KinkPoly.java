package org.flowcert.check;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Exact polynomials in a few variables (variable 0 is x, 1.. are the kinks), for rule {@code critical-relu-kinks}
 * (proofs-notes/critical-relu-kinks.md §2). A monomial's exponents are packed into a long, 8 bits per variable;
 * every operation that raises exponents checks that each stays at most {@link #MAX_EXPONENT} (else
 * {@link ArithmeticException}, which the rule reports as an invalid step), so no exponent spills into its neighbour.
 */
final class KinkPoly {
    static final int VARS = 8;
    private static final int BITS = 8;
    private static final long MASK = (1L << BITS) - 1;
    /** The largest exponent of one variable: sums of two exponents stay below 2^BITS only when both are this small. */
    static final int MAX_EXPONENT = (int) MASK;
    final Map<Long, BigFraction> terms;

    private KinkPoly(Map<Long, BigFraction> terms) {
        this.terms = terms;
    }

    static KinkPoly zero() {
        return new KinkPoly(new HashMap<>());
    }

    static KinkPoly constant(BigFraction q) {
        KinkPoly p = zero();
        p.addTerm(0L, q);
        return p;
    }

    /** The variable number v. */
    static KinkPoly var(int v) {
        if (v < 0 || v >= VARS) {
            throw new ArithmeticException("kink polynomial: no variable " + v);
        }
        KinkPoly p = zero();
        p.addTerm(1L << (BITS * v), BigFraction.ONE);
        return p;
    }

    /** Σ_i c[i] x^i. */
    static KinkPoly inX(BigFraction[] c) {
        if (c.length - 1 > MAX_EXPONENT) {
            throw new ArithmeticException("kink polynomial: degree " + (c.length - 1) + " in x over " + MAX_EXPONENT);
        }
        KinkPoly p = zero();
        for (int i = 0; i < c.length; i++) {
            p.addTerm(i, c[i]);
        }
        return p;
    }

    static int exponent(long key, int v) {
        return (int) (key >>> (BITS * v) & MASK);
    }

    private void addTerm(long key, BigFraction q) {
        if (q.signum() != 0) {
            BigFraction s = terms.merge(key, q, BigFraction::add);
            if (s.signum() == 0) {
                terms.remove(key);
            }
        }
    }

    KinkPoly add(KinkPoly o) {
        KinkPoly r = new KinkPoly(new HashMap<>(terms));
        o.terms.forEach(r::addTerm);
        return r;
    }

    KinkPoly scale(BigFraction q) {
        KinkPoly r = zero();
        terms.forEach((k, v) -> r.addTerm(k, v.multiply(q)));
        return r;
    }

    KinkPoly sub(KinkPoly o) {
        return add(o.scale(BigFraction.of(-1)));
    }

    KinkPoly mul(KinkPoly o) {
        KinkPoly r = zero();
        for (Map.Entry<Long, BigFraction> a : terms.entrySet()) {
            for (Map.Entry<Long, BigFraction> b : o.terms.entrySet()) {
                r.addTerm(product(a.getKey(), b.getKey()), a.getValue().multiply(b.getValue()));
            }
        }
        Work.tick();
        return r;
    }

    /** The key of the product of two monomials: exponents added per variable, each checked ≤ MAX_EXPONENT. */
    static long product(long k1, long k2) {
        long r = 0;
        for (int v = 0; v < VARS; v++) {
            int e = exponent(k1, v) + exponent(k2, v);
            if (e > MAX_EXPONENT) {
                throw new ArithmeticException("kink polynomial: exponent " + e + " of variable " + v + " over "
                        + MAX_EXPONENT);
            }
            r |= (long) e << (BITS * v);
        }
        return r;
    }

    KinkPoly pow(int e) {
        KinkPoly r = constant(BigFraction.ONE);
        for (int i = 0; i < e; i++) {
            r = r.mul(this);
        }
        return r;
    }

    /** ∫_lo^hi of this polynomial dx, with limits free of x. */
    KinkPoly integrateX(KinkPoly lo, KinkPoly hi) {
        // antiderivative in x, then x := hi minus x := lo
        Map<Integer, KinkPoly> byPower = new HashMap<>();
        terms.forEach((k, v) -> {
            int e = exponent(k, 0);
            KinkPoly rest = zero();
            rest.addTerm(k - e, v.divide(e + 1));
            byPower.merge(e + 1, rest, KinkPoly::add);
        });
        KinkPoly r = zero();
        for (Map.Entry<Integer, KinkPoly> t : byPower.entrySet()) {
            r = r.add(t.getValue().mul(hi.pow(t.getKey()).sub(lo.pow(t.getKey()))));
        }
        return r;
    }

    /**
     * The value at p_v = at[v − 1] of a polynomial free of x and of the variables after at.length (else
     * {@link ArithmeticException}: such a term has no value here and must not be dropped silently).
     */
    BigFraction eval(BigFraction[] at) {
        requireOnly(at.length);
        BigFraction s = BigFraction.ZERO;
        for (Map.Entry<Long, BigFraction> t : terms.entrySet()) {
            BigFraction m = t.getValue();
            for (int v = 1; v <= at.length; v++) {
                m = m.multiply(at[v - 1].pow(exponent(t.getKey(), v)));
            }
            s = s.add(m);
        }
        return s;
    }

    /** Throws unless every term's exponents of x (variable 0) and of the variables after k are 0. */
    void requireOnly(int k) {
        for (long key : terms.keySet()) {
            if (exponent(key, 0) != 0 || (key >>> (BITS * (k + 1))) != 0) {
                throw new ArithmeticException("kink polynomial: a term in x or in a variable beyond " + k);
            }
        }
    }

    /**
     * The polynomial in y after p_v := lo_v + (hi_v − lo_v) y_v for v = 1..k (x and later variables absent). One
     * variable at a time, each power expanded by the binomial theorem: (lo + w y)^e = Σ_i C(e, i) lo^(e−i) w^i y^i
     * (the same polynomial as multiplying the powers out, with far fewer operations).
     */
    KinkPoly toUnitBox(BigFraction[] lo, BigFraction[] hi) {
        requireOnly(lo.length);
        Map<Long, BigFraction> cur = terms;
        for (int v = 1; v <= lo.length; v++) {
            int top = 0;
            for (long key : cur.keySet()) {
                top = Integer.max(top, exponent(key, v));
            }
            if (top == 0) {
                continue;
            }
            BigFraction w = hi[v - 1].subtract(lo[v - 1]);
            BigFraction[] lp = new BigFraction[top + 1];
            BigFraction[] wp = new BigFraction[top + 1];
            lp[0] = BigFraction.ONE;
            wp[0] = BigFraction.ONE;
            for (int i = 1; i <= top; i++) {
                lp[i] = lp[i - 1].multiply(lo[v - 1]);
                wp[i] = wp[i - 1].multiply(w);
            }
            KinkPoly next = zero();
            int shift = BITS * v;
            for (Map.Entry<Long, BigFraction> t : cur.entrySet()) {
                long key = t.getKey();
                int e = exponent(key, v);
                long rest = key - ((long) e << shift);
                for (int i = 0; i <= e; i++) {
                    BigFraction q = t.getValue().multiply(BigFraction.of(binomInt(e, i))).multiply(lp[e - i])
                            .multiply(wp[i]);
                    next.addTerm(rest | (long) i << shift, q);
                }
            }
            cur = next.terms;
            Work.tick();
        }
        return new KinkPoly(new HashMap<>(cur));
    }

    /**
     * The smallest Bernstein coefficient on [0, 1]^k of this polynomial in variables 1..k (degree in each: its
     * largest exponent there): the polynomial is at least this on the unit box.
     */
    BigFraction minBernstein(int k) {
        requireOnly(k); // each term has its own index below: none is lost or overwritten
        int[] n = new int[k];
        terms.keySet().forEach(key -> {
            for (int v = 0; v < k; v++) {
                n[v] = Integer.max(n[v], exponent(key, v + 1));
            }
        });
        int size = 1;
        int[] stride = new int[k];
        for (int v = k - 1; v >= 0; v--) {
            stride[v] = size;
            long next = (long) size * (n[v] + 1);
            if (next > Integer.MAX_VALUE) {
                throw new ArithmeticException("kink polynomial: too many Bernstein coefficients");
            }
            size = (int) next;
        }
        // in integers: A_J = a_J · D · Π_v M_v / C(n_v, j_v) with D a common denominator of the a_J and M_v the lcm of
        // the C(n_v, j), so that the Bernstein coefficient b_I = Σ_{J ≤ I} Π_v C(i_v, j_v)/C(n_v, j_v) a_J equals
        // B_I / (D Π_v M_v) with B_I = Σ_{J ≤ I} Π_v C(i_v, j_v) A_J (the same value as summing the fractions)
        java.math.BigInteger den = java.math.BigInteger.ONE;
        for (BigFraction q : terms.values()) {
            java.math.BigInteger d = q.getDenominator().abs();
            den = den.divide(den.gcd(d)).multiply(d);
        }
        java.math.BigInteger scale = den;
        java.math.BigInteger[][] over = new java.math.BigInteger[k][]; // M_v / C(n_v, j)
        for (int v = 0; v < k; v++) {
            java.math.BigInteger lcm = java.math.BigInteger.ONE;
            for (int j = 0; j <= n[v]; j++) {
                java.math.BigInteger c = binomInt(n[v], j);
                lcm = lcm.divide(lcm.gcd(c)).multiply(c);
            }
            over[v] = new java.math.BigInteger[n[v] + 1];
            for (int j = 0; j <= n[v]; j++) {
                over[v][j] = lcm.divide(binomInt(n[v], j));
            }
            scale = scale.multiply(lcm);
        }
        java.math.BigInteger[] a = new java.math.BigInteger[size];
        java.util.Arrays.fill(a, java.math.BigInteger.ZERO);
        for (Map.Entry<Long, BigFraction> t : terms.entrySet()) {
            int idx = 0;
            BigFraction q = t.getValue();
            java.math.BigInteger d = q.getDenominator();
            java.math.BigInteger num = q.getNumerator().multiply(den.divide(d.abs()));
            num = d.signum() < 0 ? num.negate() : num;
            for (int v = 0; v < k; v++) {
                int e = exponent(t.getKey(), v + 1);
                idx += e * stride[v];
                num = num.multiply(over[v][e]);
            }
            a[idx] = a[idx].add(num);
        }
        int top = 0;
        for (int v = 0; v < k; v++) {
            top = Integer.max(top, n[v]);
        }
        java.math.BigInteger[][] pascal = new java.math.BigInteger[top + 1][];
        for (int i = 0; i <= top; i++) {
            pascal[i] = new java.math.BigInteger[i + 1];
            for (int j = 0; j <= i; j++) {
                pascal[i][j] = binomInt(i, j);
            }
        }
        for (int v = 0; v < k; v++) { // B_i = Σ_{j ≤ i} C(i, j) A_j along axis v
            java.math.BigInteger[] b = new java.math.BigInteger[size];
            for (int idx = 0; idx < size; idx++) {
                int i = idx / stride[v] % (n[v] + 1);
                int base = idx - i * stride[v];
                java.math.BigInteger s = java.math.BigInteger.ZERO;
                for (int j = 0; j <= i; j++) {
                    java.math.BigInteger x = a[base + j * stride[v]];
                    if (x.signum() != 0) {
                        s = s.add(x.multiply(pascal[i][j]));
                    }
                }
                b[idx] = s;
            }
            a = b;
            Work.tick();
        }
        java.math.BigInteger min = a[0];
        for (java.math.BigInteger q : a) {
            min = q.subtract(min).signum() < 0 ? q : min;
        }
        return BigFraction.of(min, scale);
    }

    /** C(n, k) as an integer (small n: exponents are at most MAX_EXPONENT). */
    private static java.math.BigInteger binomInt(int n, int k) {
        java.math.BigInteger r = java.math.BigInteger.ONE;
        for (int i = 0; i < k; i++) {
            r = r.multiply(java.math.BigInteger.valueOf(n - i)).divide(java.math.BigInteger.valueOf(i + 1));
        }
        return r;
    }
}
