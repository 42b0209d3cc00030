package org.flowcert.prove.critical;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * Isolation of the real roots of a square-free rational polynomial into disjoint open
 * intervals with rational endpoints that are not roots, one root each, by Sturm counts and
 * bisection (proofs-notes/critical-root-isolation.md).
 */
public final class RootIsolation {
    private RootIsolation() {
    }

    /** An open interval (lo, hi), lo &lt; hi, neither endpoint a root of p, exactly one root of p inside. */
    public record Isolated(BigFraction lo, BigFraction hi) {
        public BigFraction width() {
            return hi.subtract(lo);
        }
    }

    /**
     * Cauchy's bound: every real root x of p satisfies |x| &lt; 1 + max |a_i / a_n|. Returned
     * as an integer strictly above that bound, so ±bound is never a root.
     */
    public static BigFraction cauchyBound(RationalPolynomial p) {
        BigFraction lead = p.leading().abs();
        BigFraction m = BigFraction.ZERO;
        for (int i = 0; i < p.degree(); i++) {
            BigFraction r = p.coefficient(i).abs().divide(lead);
            if (Numbers.compare(r, m) > 0) {
                m = r;
            }
        }
        BigInteger ceil = m.getNumerator().divide(m.getDenominator()).add(BigInteger.TWO);
        return BigFraction.of(ceil);
    }

    /** The isolating intervals of the real roots of square-free {@code p}, in increasing order. */
    public static List<Isolated> isolate(RationalPolynomial p) {
        List<Isolated> out = new ArrayList<>();
        if (p.degree() <= 0) {
            return out;
        }
        SturmSequence s = SturmSequence.of(p);
        BigFraction b = cauchyBound(p);
        split(p, s, b.negate(), b, s.variations(b.negate()) - s.variations(b), out);
        return out;
    }

    private static void split(RationalPolynomial p, SturmSequence s, BigFraction lo, BigFraction hi, int n,
            List<Isolated> out) {
        if (n == 0) {
            return;
        }
        if (n == 1) {
            out.add(new Isolated(lo, hi));
            return;
        }
        BigFraction mid = nonRootBetween(p, lo, hi);
        int left = s.variations(lo) - s.variations(mid);
        split(p, s, lo, mid, left, out);
        split(p, s, mid, hi, n - left, out);
    }

    /** A rational strictly between lo and hi, near the midpoint, that is not a root of p. */
    static BigFraction nonRootBetween(RationalPolynomial p, BigFraction lo, BigFraction hi) {
        BigFraction w = hi.subtract(lo);
        for (int k = 2; ; k++) {
            // try (lo+hi)/2, then lo + w·j/k for other fractions: p has finitely many roots
            BigFraction mid = lo.add(w.multiply(BigFraction.of(k / 2, k)));
            if (Numbers.compare(mid, lo) > 0 && Numbers.compare(mid, hi) < 0 && p.signAt(mid) != 0) {
                return mid;
            }
        }
    }

    /**
     * Halves an isolating interval of a root of square-free p (keeps the half with the sign
     * change; the root is simple so p changes sign across it).
     */
    public static Isolated bisect(RationalPolynomial p, Isolated iv) {
        BigFraction mid = nonRootBetween(p, iv.lo(), iv.hi());
        return p.signAt(iv.lo()) * p.signAt(mid) < 0 ? new Isolated(iv.lo(), mid) : new Isolated(mid, iv.hi());
    }
}
