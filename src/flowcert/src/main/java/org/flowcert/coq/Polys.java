package org.flowcert.coq;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/** Polynomials in x over exact rationals, coefficients constant term first (exporter side, untrusted). */
final class Polys {
    private Polys() {
    }

    static List<BigFraction> of(BigFraction... c) {
        return trim(new ArrayList<>(List.of(c)));
    }

    static List<BigFraction> constant(BigFraction c) {
        return of(c);
    }

    static List<BigFraction> trim(List<BigFraction> p) {
        List<BigFraction> q = new ArrayList<>(p);
        while (!q.isEmpty() && q.get(q.size() - 1).signum() == 0) {
            q.remove(q.size() - 1);
        }
        return q;
    }

    static List<BigFraction> add(List<BigFraction> a, List<BigFraction> b) {
        List<BigFraction> r = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            BigFraction x = i < a.size() ? a.get(i) : BigFraction.ZERO;
            BigFraction y = i < b.size() ? b.get(i) : BigFraction.ZERO;
            r.add(x.add(y));
        }
        return trim(r);
    }

    static List<BigFraction> scale(BigFraction s, List<BigFraction> a) {
        List<BigFraction> r = new ArrayList<>();
        for (BigFraction x : a) {
            r.add(x.multiply(s));
        }
        return trim(r);
    }

    static List<BigFraction> sub(List<BigFraction> a, List<BigFraction> b) {
        return add(a, scale(BigFraction.of(-1), b));
    }

    static List<BigFraction> mul(List<BigFraction> a, List<BigFraction> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return new ArrayList<>();
        }
        List<BigFraction> r = new ArrayList<>();
        for (int i = 0; i < a.size() + b.size() - 1; i++) {
            r.add(BigFraction.ZERO);
        }
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                r.set(i + j, r.get(i + j).add(a.get(i).multiply(b.get(j))));
            }
        }
        return trim(r);
    }

    /** a(p(x)) for polynomials a (given as coefficients) and p. */
    static List<BigFraction> compose(List<BigFraction> a, List<BigFraction> p) {
        List<BigFraction> r = new ArrayList<>();
        for (int i = a.size() - 1; i >= 0; i--) {
            r = add(constant(a.get(i)), mul(p, r));
        }
        return r;
    }

    static List<BigFraction> derivative(List<BigFraction> a) {
        List<BigFraction> r = new ArrayList<>();
        for (int i = 1; i < a.size(); i++) {
            r.add(a.get(i).multiply(i));
        }
        return trim(r);
    }

    static BigFraction eval(List<BigFraction> a, BigFraction x) {
        BigFraction r = BigFraction.ZERO;
        for (int i = a.size() - 1; i >= 0; i--) {
            r = r.multiply(x).add(a.get(i));
        }
        return r;
    }
}
