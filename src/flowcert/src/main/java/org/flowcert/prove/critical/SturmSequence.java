package org.flowcert.prove.critical;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * The Sturm sequence p0 = p, p1 = p', p_{k+1} = −rem(p_{k−1}, p_k) of a polynomial, in exact
 * rationals (each term made primitive: a positive multiple does not change signs).
 *
 * <p>Sturm's theorem (proofs-notes/critical-root-isolation.md): for a square-free p and
 * reals a &lt; b that are not roots of p, the number of distinct real roots of p in (a, b)
 * is V(a) − V(b), where V counts sign changes (zeros skipped) in the sequence's values.
 * With a = −∞ and b = +∞ the signs are those of the leading terms.
 */
public final class SturmSequence {
    private final List<RationalPolynomial> seq;

    private SturmSequence(List<RationalPolynomial> seq) {
        this.seq = List.copyOf(seq);
    }

    /** The Sturm sequence of {@code p} (p must be non-zero). */
    public static SturmSequence of(RationalPolynomial p) {
        if (p.isZero()) {
            throw new IllegalArgumentException("the zero polynomial has no Sturm sequence");
        }
        List<RationalPolynomial> s = new ArrayList<>();
        RationalPolynomial a = p.primitive();
        RationalPolynomial b = p.derivative().primitive();
        s.add(a);
        while (!b.isZero()) {
            s.add(b);
            RationalPolynomial r = a.remainder(b).negate().primitive();
            a = b;
            b = r;
        }
        return new SturmSequence(s);
    }

    public List<RationalPolynomial> polynomials() {
        return seq;
    }

    private static int changes(int[] signs) {
        int n = 0;
        int last = 0;
        for (int s : signs) {
            if (s == 0) {
                continue;
            }
            if (last != 0 && s != last) {
                n++;
            }
            last = s;
        }
        return n;
    }

    /** V(x): sign changes of the sequence at the rational x. */
    public int variations(BigFraction x) {
        int[] s = new int[seq.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = seq.get(i).signAt(x);
        }
        return changes(s);
    }

    public int variationsAtPlusInfinity() {
        int[] s = new int[seq.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = seq.get(i).signAtPlusInfinity();
        }
        return changes(s);
    }

    public int variationsAtMinusInfinity() {
        int[] s = new int[seq.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = seq.get(i).signAtMinusInfinity();
        }
        return changes(s);
    }

    /** Number of distinct real roots (p square-free). */
    public int countAll() {
        return variationsAtMinusInfinity() - variationsAtPlusInfinity();
    }

    /**
     * Number of distinct roots in the open interval (a, b); requires a &lt; b, p square-free,
     * p(a) ≠ 0 and p(b) ≠ 0.
     */
    public int count(BigFraction a, BigFraction b) {
        RationalPolynomial p = seq.get(0);
        if (Numbers.compare(a, b) >= 0 || p.signAt(a) == 0 || p.signAt(b) == 0) {
            throw new IllegalArgumentException("need a < b, neither a root");
        }
        return variations(a) - variations(b);
    }
}
