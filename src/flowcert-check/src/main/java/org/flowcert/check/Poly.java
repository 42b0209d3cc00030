package org.flowcert.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.numbers.fraction.BigFraction;

/** Exact polynomials in one variable, coefficients from the constant term up (rules/critical-profile.md). */
final class Poly {
    private Poly() {
    }

    static BigFraction[] trim(BigFraction[] p) {
        int n = p.length;
        while (n > 0 && p[n - 1].signum() == 0) {
            n--;
        }
        return Arrays.copyOf(p, n);
    }

    static BigFraction eval(BigFraction[] p, BigFraction x) {
        BigFraction s = BigFraction.ZERO;
        for (int i = p.length - 1; i >= 0; i--) {
            s = s.multiply(x).add(p[i]);
        }
        return s;
    }

    static BigFraction[] der(BigFraction[] p) {
        return trim(IntStream.range(1, p.length).mapToObj(i -> p[i].multiply(i)).toArray(BigFraction[]::new));
    }

    /** a·p + b·q. */
    static BigFraction[] lin(BigFraction a, BigFraction[] p, BigFraction b, BigFraction[] q) {
        return trim(IntStream.range(0, Integer.max(p.length, q.length)).mapToObj(i -> (i < p.length ? p[i].multiply(a)
                : BigFraction.ZERO).add(i < q.length ? q[i].multiply(b)
                        : BigFraction.ZERO)).toArray(BigFraction[]::new));
    }

    static BigFraction[] mul(BigFraction[] p, BigFraction[] q) {
        BigFraction[] r = new BigFraction[Integer.max(0, p.length + q.length - 1)]; // a zero factor: trimmed to 0
        Arrays.fill(r, BigFraction.ZERO);
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < q.length; j++) {
                r[i + j] = r[i + j].add(p[i].multiply(q[j]));
            }
        }
        return trim(r);
    }

    /** The remainder of p divided by q (q ≠ 0). */
    static BigFraction[] rem(BigFraction[] p, BigFraction[] q) {
        BigFraction[] r = trim(p); // a copy
        while (r.length >= q.length) {
            Work.tick();
            // r − f·x^s·q with f the ratio of the leading coefficients: the leading term cancels exactly
            BigFraction f = r[r.length - 1].divide(q[q.length - 1]);
            int s = r.length - q.length;
            for (int i = 0; i < q.length; i++) {
                r[s + i] = r[s + i].subtract(f.multiply(q[i]));
            }
            r = trim(Arrays.copyOf(r, r.length - 1));
            for (BigFraction c : r) {
                Work.size(c.getNumerator(), "a polynomial remainder's coefficient");
                Work.size(c.getDenominator(), "a polynomial remainder's coefficient");
            }
        }
        return r;
    }

    static BigFraction[] gcd(BigFraction[] p, BigFraction[] q) {
        p = trim(p);
        q = trim(q);
        while (q.length > 0) {
            BigFraction[] r = rem(p, q);
            p = q;
            q = r;
        }
        return p;
    }

    /**
     * The number of distinct real roots of p ≠ 0 in (a, b), a and b not roots (null: ∓∞), by
     * Sturm's theorem with the chain p, p', −rem, ... (valid for any p: BPR Thm 2.50).
     */
    static int count(BigFraction[] p, BigFraction a, BigFraction b) {
        List<BigFraction[]> chain = new ArrayList<>();
        BigFraction[] u = trim(p);
        BigFraction[] v = der(u);
        chain.add(u);
        while (v.length > 0) {
            chain.add(v);
            BigFraction[] r = lin(BigFraction.ZERO, u, BigFraction.ONE.negate(), rem(u, v));
            u = v;
            v = r;
        }
        return changes(chain, a, -1) - changes(chain, b, 1);
    }

    private static int changes(List<BigFraction[]> chain, BigFraction x, int inf) {
        int n = 0;
        int last = 0;
        for (BigFraction[] q : chain) {
            // the sign of q at x, or at ∓∞ (x null, inf = ∓1): the leading term's, flipped at −∞ for odd degree
            int lead = q.length == 0 ? 0 : q[q.length - 1].signum();
            int s = x != null ? eval(q, x).signum() : inf < 0 && q.length % 2 == 0 ? -lead : lead;
            if (s != 0) {
                n += last != 0 && s != last ? 1 : 0;
                last = s;
            }
        }
        return n;
    }
}
