package org.flowcert.flow.validated;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Dual;
import org.flowcert.arith.LiftedField;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;

/**
 * A truncated univariate Taylor series a_0 + a_1 τ + ... + a_n τ^n over any base arithmetic
 * (Taylor-mode automatic differentiation in one variable τ).
 *
 * <p>Running code written over {@link Num} on series gives the Taylor coefficients of the
 * composed function at the expansion point. <b>Accuracy contract:</b> if the input series'
 * coefficients enclose the Taylor coefficients of the inputs at every point of a set of
 * expansion points (for example the coefficients of a polynomial re-expanded at every
 * τ₀ ∈ [0, h]), the outputs' coefficients enclose those of the outputs at every such point:
 * every rule below is the classical recurrence (Moore; Griewank–Walther ch. 13), an identity
 * between the exact coefficients evaluated in the (rigorous) base arithmetic.
 * The activations relu/step are analytic only away from 0: a series whose value may be 0 makes
 * them throw {@link Dual.KinkException}.
 *
 * @param <T> the base number type
 */
public final class Taylor<T extends Num<T>> implements Num<Taylor<T>> {
    private final Field<T> field;
    private final T[] a;
    /** Whether a_1..a_n are known to be exactly 0 (constants), so products cost O(n). */
    private final boolean constant;

    private Taylor(Field<T> field, T[] a) {
        this(field, a, false);
    }

    private Taylor(Field<T> field, T[] a, boolean constant) {
        this.field = field;
        this.a = a;
        this.constant = constant;
    }

    /** c·a for a constant c. */
    private Taylor<T> scale(T c) {
        T[] out = arr();
        for (int k = 0; k < out.length; k++) {
            out[k] = a[k].multiply(c);
        }
        return new Taylor<>(field, out, constant);
    }

    public static <T extends Num<T>> Field<T> field(NumField<T> base, int order) {
        return new Field<>(base, order);
    }

    /** Coefficient k (the k-th derivative over k!). */
    public T coefficient(int k) {
        return a[k];
    }

    public T value() {
        return a[0];
    }

    @Override
    public Field<T> field() {
        return field;
    }

    private int n() {
        return a.length;
    }

    private T[] arr() {
        return field.base().newArray(a.length);
    }

    @Override
    public Taylor<T> add(Taylor<T> b) {
        T[] c = arr();
        for (int k = 0; k < c.length; k++) {
            c[k] = a[k].add(b.a[k]);
        }
        return new Taylor<>(field, c, constant && b.constant);
    }

    @Override
    public Taylor<T> subtract(Taylor<T> b) {
        T[] c = arr();
        for (int k = 0; k < c.length; k++) {
            c[k] = a[k].subtract(b.a[k]);
        }
        return new Taylor<>(field, c, constant && b.constant);
    }

    @Override
    public Taylor<T> multiply(Taylor<T> b) {
        if (b.constant) {
            return scale(b.a[0]);
        }
        if (constant) {
            return b.scale(a[0]);
        }
        T[] c = arr();
        for (int k = 0; k < c.length; k++) {
            T s = a[0].multiply(b.a[k]);
            for (int i = 1; i <= k; i++) {
                s = s.add(a[i].multiply(b.a[k - i]));
            }
            c[k] = s;
        }
        return new Taylor<>(field, c);
    }

    @Override
    public Taylor<T> divide(Taylor<T> b) {
        if (b.constant) {
            T[] q = arr();
            for (int k = 0; k < q.length; k++) {
                q[k] = a[k].divide(b.a[0]);
            }
            return new Taylor<>(field, q, constant);
        }
        // q b = a: q_k = (a_k − Σ_{i=1..k} b_i q_{k−i}) / b_0
        T[] q = arr();
        for (int k = 0; k < q.length; k++) {
            T s = a[k];
            for (int i = 1; i <= k; i++) {
                s = s.subtract(b.a[i].multiply(q[k - i]));
            }
            q[k] = s.divide(b.a[0]);
        }
        return new Taylor<>(field, q);
    }

    @Override
    public Taylor<T> negate() {
        T[] c = arr();
        for (int k = 0; k < c.length; k++) {
            c[k] = a[k].negate();
        }
        return new Taylor<>(field, c, constant);
    }

    /** Coefficients of a², using square() on the middle term (tight on sets). */
    private static <T extends Num<T>> T squareCoefficient(T[] a, int k) {
        T s = null;
        for (int i = 0; 2 * i < k; i++) {
            T p = a[i].multiply(a[k - i]);
            s = s == null ? p : s.add(p);
        }
        if (s != null) {
            s = s.add(s);
        }
        if (k % 2 == 0) {
            T m = a[k / 2].square();
            s = s == null ? m : s.add(m);
        }
        return s;
    }

    @Override
    public Taylor<T> square() {
        if (constant) {
            return field.constant(a[0].square());
        }
        T[] c = arr();
        for (int k = 0; k < c.length; k++) {
            c[k] = squareCoefficient(a, k);
        }
        return new Taylor<>(field, c);
    }

    private void requireAwayFromKink(String what) {
        if (!a[0].isPositive() && !a[0].isNegative()) {
            throw new Dual.KinkException(what + " is not analytic at 0 and the series' value " + a[0]
                    + " may be 0 (a relu kink is reached)");
        }
    }

    @Override
    public Taylor<T> relu() {
        requireAwayFromKink("relu");
        return a[0].isPositive() ? this : field.zero();
    }

    @Override
    public Taylor<T> step() {
        requireAwayFromKink("step");
        return a[0].isPositive() ? field.one() : field.zero();
    }

    /** j·x_j, j = 0..n (index 0 unused). */
    private T[] weighted() {
        T[] w = arr();
        for (int j = 1; j < w.length; j++) {
            w[j] = a[j].multiply(field.integer(j));
        }
        return w;
    }

    /** y with y' = g·x' (g a known series): k y_k = Σ_{j=1..k} (j x_j) g_{k−j}; jx = weighted(). */
    private T integrateStep(T[] jx, T[] g, int k) {
        T s = jx[1].multiply(g[k - 1]);
        for (int j = 2; j <= k; j++) {
            s = s.add(jx[j].multiply(g[k - j]));
        }
        return s.divide(field.integer(k));
    }

    @Override
    public Taylor<T> exp() {
        if (constant) {
            return field.constant(a[0].exp());
        }
        T[] y = arr();
        T[] jx = weighted();
        y[0] = a[0].exp();
        for (int k = 1; k < n(); k++) {
            y[k] = integrateStep(jx, y, k);
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> log() {
        // x y' = x': k x_0 y_k = k x_k − Σ_{j=1..k−1} j y_j x_{k−j}
        T[] y = arr();
        y[0] = a[0].log();
        for (int k = 1; k < n(); k++) {
            T s = a[k].multiply(field.integer(k));
            for (int j = 1; j < k; j++) {
                s = s.subtract(y[j].multiply(a[k - j]).multiply(field.integer(j)));
            }
            y[k] = s.divide(a[0].multiply(field.integer(k)));
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> tanh() {
        // y' = (1 − y²) x'; s = 1 − y² is known up to order k−1 when y_k is computed
        if (constant) {
            return field.constant(a[0].tanh());
        }
        T[] y = arr();
        T[] s = arr();
        T[] jx = weighted();
        y[0] = a[0].tanh();
        s[0] = field.base().one().subtract(y[0].square());
        for (int k = 1; k < n(); k++) {
            y[k] = integrateStep(jx, s, k);
            s[k] = squareCoefficient(y, k).negate();
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> logistic() {
        // y' = y (1 − y) x' = (1/4 − (y − 1/2)²) x'
        NumField<T> b = field.base();
        if (constant) {
            return field.constant(a[0].logistic());
        }
        T[] y = arr();
        T[] s = arr();
        T[] jx = weighted();
        y[0] = a[0].logistic();
        s[0] = b.of(BigFraction.of(1, 4)).subtract(y[0].subtract(b.of(BigFraction.of(1, 2))).square());
        for (int k = 1; k < n(); k++) {
            y[k] = integrateStep(jx, s, k);
            s[k] = y[k].subtract(squareCoefficient(y, k));
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> softplus() {
        if (constant) {
            return field.constant(a[0].softplus());
        }
        Taylor<T> sig = logistic();
        T[] y = arr();
        T[] jx = weighted();
        y[0] = a[0].softplus();
        for (int k = 1; k < n(); k++) {
            y[k] = integrateStep(jx, sig.a, k);
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> erf() {
        // y' = (2/√π) e^(−x²) x', 2/√π = 4 (1/√2)(1/√(2π))
        NumField<T> b = field.base();
        Taylor<T> g = square().negate().exp();
        T c = b.of(4).multiply(b.invSqrt2()).multiply(b.invSqrt2Pi());
        T[] y = arr();
        T[] jx = weighted();
        y[0] = a[0].erf();
        for (int k = 1; k < n(); k++) {
            y[k] = integrateStep(jx, g.a, k).multiply(c);
        }
        return new Taylor<>(field, y);
    }

    @Override
    public Taylor<T> sqrt() {
        // y² = x: 2 y_0 y_k = x_k − Σ_{j=1..k−1} y_j y_{k−j}
        T[] y = arr();
        y[0] = a[0].sqrt();
        T twoY0 = y[0].add(y[0]);
        for (int k = 1; k < n(); k++) {
            T s = a[k];
            for (int j = 1; j < k; j++) {
                s = s.subtract(y[j].multiply(y[k - j]));
            }
            y[k] = s.divide(twoY0);
        }
        return new Taylor<>(field, y);
    }

    @Override
    public boolean isPositive() {
        return a[0].isPositive();
    }

    @Override
    public boolean isNegative() {
        return a[0].isNegative();
    }

    @Override
    public BigFraction lower() {
        return a[0].lower();
    }

    @Override
    public BigFraction upper() {
        return a[0].upper();
    }

    @Override
    public Optional<BigFraction> exactValue() {
        for (int k = 1; k < n(); k++) {
            if (!a[k].exactValue().map(q -> q.signum() == 0).orElse(false)) {
                return Optional.empty();
            }
        }
        return a[0].exactValue();
    }

    @Override
    public double approx() {
        return a[0].approx();
    }

    @Override
    public String toString() {
        return "Taylor" + Arrays.toString(a);
    }

    /** Series of one fixed order over one base arithmetic. */
    public static final class Field<T extends Num<T>> extends LiftedField<T, Taylor<T>> {
        private final int order;
        private final T[] integers;

        private Field(NumField<T> base, int order) {
            super(base);
            if (order < 0) {
                throw new IllegalArgumentException("negative order");
            }
            this.order = order;
            this.integers = base.newArray(order + 2);
            for (int j = 0; j < integers.length; j++) {
                integers[j] = base.of(j);
            }
        }

        /** The small integer j ≤ order + 1 in the base arithmetic (cached: conversions are slow). */
        T integer(int j) {
            return integers[j];
        }

        public NumField<T> base() {
            return base;
        }

        public int order() {
            return order;
        }

        /** The series with the given coefficients (missing ones are 0, extra ones dropped). */
        public Taylor<T> of(T[] coefficients) {
            T[] c = base.newArray(order + 1);
            for (int k = 0; k <= order; k++) {
                c[k] = k < coefficients.length ? coefficients[k] : base.zero();
            }
            return new Taylor<>(this, c);
        }

        public Taylor<T> constant(T value) {
            T[] c = base.newArray(order + 1);
            Arrays.fill(c, base.zero());
            c[0] = value;
            return new Taylor<>(this, c, true);
        }

        @Override
        public String name() {
            return "taylor" + order + "(" + base.name() + ")";
        }


        /** The n series whose coefficient m of series i is coefficient.apply(m, i), for m ≤ order. */
        public Taylor<T>[] columns(int n, java.util.function.BiFunction<Integer, Integer, T> coefficient) {
            Taylor<T>[] x = newArray(n);
            for (int i = 0; i < n; i++) {
                T[] c = base.newArray(order + 1);
                for (int m = 0; m <= order; m++) {
                    c[m] = coefficient.apply(m, i);
                }
                x[i] = new Taylor<>(this, c);
            }
            return x;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Taylor<T>[] newArray(int n) {
            return (Taylor<T>[]) new Taylor<?>[n];
        }
    }
}
