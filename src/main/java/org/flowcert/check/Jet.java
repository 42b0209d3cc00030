package org.flowcert.check;

/**
 * A value with its gradient (order ≥ 1) and Hessian (order 2) with respect to θ, propagated
 * forward by the sum, product and chain rules (proofs-notes/rules/gradient.md). Over a
 * scalar type with the inclusion property, every component encloses the true derivative.
 */
public final class Jet<T extends Sc<T>> {
    final T v;
    final T[] g;
    final T[][] h;

    Jet(T v, T[] g, T[][] h) {
        this.v = v;
        this.g = g;
        this.h = h;
    }

    /** An array whose runtime type is the sample's class, so that callers may see it as T[]. */
    @SuppressWarnings("unchecked")
    static <T extends Sc<T>> T[] array(T sample, int n) {
        return (T[]) java.lang.reflect.Array.newInstance(sample.getClass(), n);
    }

    @SuppressWarnings("unchecked")
    static <T extends Sc<T>> T[][] matrix(T sample, int n) {
        return (T[][]) java.lang.reflect.Array.newInstance(sample.getClass(), n, n);
    }

    /** A constant: zero derivatives. */
    static <T extends Sc<T>> Jet<T> constant(T v, int p, int order) {
        T zero = v.c(org.apache.commons.numbers.fraction.BigFraction.ZERO);
        T[] g = null;
        T[][] h = null;
        if (order >= 1) {
            g = array(v, p);
            java.util.Arrays.fill(g, zero);
        }
        if (order >= 2) {
            h = matrix(v, p);
            for (T[] row : h) {
                java.util.Arrays.fill(row, zero);
            }
        }
        return new Jet<>(v, g, h);
    }

    /** The parameter θ_k itself: gradient e_k. */
    static <T extends Sc<T>> Jet<T> variable(T v, int k, int p, int order) {
        Jet<T> j = constant(v, p, order);
        if (order >= 1) {
            j.g[k] = v.c(org.apache.commons.numbers.fraction.BigFraction.ONE);
        }
        return j;
    }

    public T value() {
        return v;
    }

    /** The gradient (null below order 1); entry k encloses ∂/∂θ_k. */
    public T[] gradient() {
        return g;
    }

    int order() {
        return h != null ? 2 : g != null ? 1 : 0;
    }

    Jet<T> add(Jet<T> o) {
        return combine(o, false);
    }

    Jet<T> sub(Jet<T> o) {
        return combine(o, true);
    }

    private Jet<T> combine(Jet<T> o, boolean minus) {
        T v2 = minus ? v.sub(o.v) : v.add(o.v);
        T[] g2 = null;
        T[][] h2 = null;
        if (g != null) {
            g2 = array(v, g.length);
            for (int i = 0; i < g.length; i++) {
                g2[i] = minus ? g[i].sub(o.g[i]) : g[i].add(o.g[i]);
            }
        }
        if (h != null) {
            h2 = matrix(v, g.length);
            for (int i = 0; i < g.length; i++) {
                for (int j = 0; j < g.length; j++) {
                    h2[i][j] = minus ? h[i][j].sub(o.h[i][j]) : h[i][j].add(o.h[i][j]);
                }
            }
        }
        return new Jet<>(v2, g2, h2);
    }

    Jet<T> mul(Jet<T> o) {
        T v2 = v.mul(o.v);
        T[] g2 = null;
        T[][] h2 = null;
        if (g != null) {
            g2 = array(v, g.length);
            for (int i = 0; i < g.length; i++) {
                g2[i] = v.mul(o.g[i]).add(o.v.mul(g[i]));
            }
        }
        if (h != null) {
            h2 = matrix(v, g.length);
            for (int i = 0; i < g.length; i++) {
                for (int j = i; j < g.length; j++) {
                    T t = v.mul(o.h[i][j]).add(o.v.mul(h[i][j]))
                            .add(g[i].mul(o.g[j])).add(g[j].mul(o.g[i]));
                    h2[i][j] = t;
                    h2[j][i] = t;
                }
            }
        }
        return new Jet<>(v2, g2, h2);
    }

    /** σ(this) by the chain rule: (σ∘z)' = σ'(z)z', (σ∘z)'' = σ'(z)z'' + σ''(z)z'z'ᵀ. */
    Jet<T> act(Act a) throws Invalid {
        int order = order();
        T[] s = v.act(a, order);
        T[] g2 = null;
        T[][] h2 = null;
        if (g != null) {
            g2 = array(v, g.length);
            for (int i = 0; i < g.length; i++) {
                g2[i] = s[1].mul(g[i]);
            }
        }
        if (h != null) {
            h2 = matrix(v, g.length);
            for (int i = 0; i < g.length; i++) {
                for (int j = i; j < g.length; j++) {
                    T t = s[1].mul(h[i][j]).add(s[2].mul(g[i].mul(g[j])));
                    h2[i][j] = t;
                    h2[j][i] = t;
                }
            }
        }
        return new Jet<>(s[0], g2, h2);
    }
}
