package org.flowcert.check;

import java.lang.reflect.Array;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A value with its gradient (order ≥ 1) and Hessian (order 2) with respect to θ, propagated
 * forward by the sum, product and chain rules (proofs-notes/rules/gradient.md). Over a
 * scalar type with the inclusion property, every component encloses the true derivative.
 */
public record Jet<T extends Scalar<T>>(T v, T[] g, T[][] h) {
    /** An array whose runtime type is the sample's class, so that callers may see it as T[]. */
    @SuppressWarnings("unchecked")
    static <T extends Scalar<T>> T[] array(T sample, int n) {
        return (T[]) Array.newInstance(sample.getClass(), n);
    }

    @SuppressWarnings("unchecked")
    static <T extends Scalar<T>> T[][] matrix(T sample, int n) {
        return (T[][]) Array.newInstance(sample.getClass(), n, n);
    }

    /** A constant: zero derivatives. */
    static <T extends Scalar<T>> Jet<T> constant(T v, int p, int order) {
        T zero = v.c(BigFraction.ZERO);
        Jet<T> shape = new Jet<>(v, order >= 1 ? array(v, p) : null, order >= 2 ? matrix(v, p) : null);
        return shape.build(v, i -> zero, (i, j) -> zero);
    }

    /** The parameter θ_k itself: gradient e_k. */
    static <T extends Scalar<T>> Jet<T> variable(T v, int k, int p, int order) {
        Jet<T> j = constant(v, p, order);
        if (order >= 1) {
            j.g[k] = v.c(BigFraction.ONE);
        }
        return j;
    }

    Jet<T> add(Jet<T> o) {
        return build(v.add(o.v), i -> g[i].add(o.g[i]), (i, j) -> h[i][j].add(o.h[i][j]));
    }

    Jet<T> sub(Jet<T> o) {
        return build(v.sub(o.v), i -> g[i].sub(o.g[i]), (i, j) -> h[i][j].sub(o.h[i][j]));
    }

    /**
     * The product rule: (uw)' = u w' + w u', (uw)'' = u w'' + w u'' + u' w'ᵀ + w' u'ᵀ. For w = u (a square, as
     * in every loss) the two equal terms of each sum are formed once and doubled: the same enclosures, exactly
     * (the scalar products commute and doubling is exact), at half the products.
     */
    Jet<T> mul(Jet<T> o) {
        if (o == this) {
            return build(v.mul(v), i -> twice(v.mul(g[i])), (i, j) -> {
                T q = g[i].mul(g[j]);
                return twice(v.mul(h[i][j])).add(q).add(q); // the general case's order of additions
            });
        }
        return build(v.mul(o.v), i -> v.mul(o.g[i]).add(o.v.mul(g[i])),
                (i, j) -> v.mul(o.h[i][j]).add(o.v.mul(h[i][j])).add(g[i].mul(o.g[j])).add(g[j].mul(o.g[i])));
    }

    private static <T extends Scalar<T>> T twice(T x) {
        return x.add(x);
    }

    /** σ(this) by the chain rule: (σ∘z)' = σ'(z)z', (σ∘z)'' = σ'(z)z'' + σ''(z)z'z'ᵀ. */
    Jet<T> act(Activation a) throws Invalid {
        T[] s = v.act(a, h != null ? 2 : g != null ? 1 : 0); // up to this jet's order
        return build(s[0], i -> s[1].mul(g[i]), (i, j) -> s[1].mul(h[i][j]).add(s[2].mul(g[i].mul(g[j]))));
    }

    /**
     * A jet of this one's order with value v2, gradient entries gi(i) and Hessian entries hij(i, j)
     * for j ≥ i (every Hessian here is symmetric: the (j, i) entry is the same enclosure).
     */
    private Jet<T> build(T v2, IntFunction<T> gi, BiFunction<Integer, Integer, T> hij) {
        T[] g2 = g == null ? null : array(v, g.length);
        T[][] h2 = h == null ? null : matrix(v, g.length);
        for (int i = 0; g2 != null && i < g.length; i++) {
            g2[i] = gi.apply(i);
            for (int j = i; h2 != null && j < g.length; j++) {
                h2[i][j] = hij.apply(i, j);
                h2[j][i] = h2[i][j];
            }
        }
        return new Jet<>(v2, g2, h2);
    }
}
