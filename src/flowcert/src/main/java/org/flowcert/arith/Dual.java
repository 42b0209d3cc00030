package org.flowcert.arith;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A forward-mode dual number over any base arithmetic: a value {@code v} and {@code k} tangent
 * components {@code d[0..k-1]}, standing for v + Σ d_j ε_j with ε_i ε_j = 0.
 *
 * <p>Running code written over {@link Num} (such as {@code eval.LossGradient}) on duals whose
 * inputs carry the tangents e_j gives, in every output, its value and its first derivatives
 * along the k directions. Running reverse-mode ∇L on duals gives Hessian–vector products
 * (forward-over-reverse, {@code eval.Hessian}).
 *
 * <p><b>Accuracy contract.</b> Each operation applies the chain rule with the base arithmetic's
 * own operations: if the base is rigorous and the dual's value and tangents enclose a function's
 * value and derivatives at every point of a set, so do the results (each derivative rule below
 * is an expression in enclosures, evaluated in the base arithmetic). The one exception is the
 * Heaviside {@link #step()}: its derivative is 0 away from 0 and does not exist at 0 (the
 * gradient of a relu network jumps there), so a dual whose value may be 0 throws
 * {@link KinkException} from {@code step()} rather than claim a derivative (proofs-notes/validated-flow.md).
 *
 * <p>Tangent arrays are never mutated after construction; {@code null} stands for all-zero
 * tangents (constants), so constants cost nothing.
 *
 * @param <T> the base number type
 */
public final class Dual<T extends Num<T>> implements Num<Dual<T>> {

    /** Thrown when a derivative is asked at a point (or set containing a point) where it does not exist. */
    public static final class KinkException extends ArithmeticException {
        private static final long serialVersionUID = 1L;

        public KinkException(String message) {
            super(message);
        }
    }

    private final Field<T> field;
    private final T v;
    /** Tangents, length field.dimension(), or null for zero. */
    private final T[] d;

    private Dual(Field<T> field, T v, T[] d) {
        this.field = field;
        this.v = v;
        this.d = d;
    }

    /** The field of k-direction duals over {@code base}. */
    public static <T extends Num<T>> Field<T> field(NumField<T> base, int dimension) {
        return new Field<>(base, dimension);
    }

    /** The value part. */
    public T value() {
        return v;
    }

    /** Tangent component j (the derivative along direction j). */
    public T tangent(int j) {
        return d == null ? field.base.zero() : d[j];
    }

    /** A copy of all tangent components. */
    public T[] tangents() {
        T[] out = field.base.newArray(field.dimension);
        for (int j = 0; j < out.length; j++) {
            out[j] = tangent(j);
        }
        return out;
    }

    @Override
    public Field<T> field() {
        return field;
    }

    // ---- helpers: tangent combinations -------------------------------------------------

    /** a·s (s a base scalar), null-preserving. */
    private T[] scale(T[] a, T s) {
        if (a == null) {
            return null;
        }
        T[] out = field.base.newArray(a.length);
        for (int j = 0; j < a.length; j++) {
            out[j] = a[j].multiply(s);
        }
        return out;
    }

    private Dual<T> chain(T value, T derivative) {
        return new Dual<>(field, value, scale(d, derivative));
    }

    // ---- ring operations ----------------------------------------------------------------

    @Override
    public Dual<T> add(Dual<T> b) {
        T[] out;
        if (d == null) {
            out = b.d;
        } else if (b.d == null) {
            out = d;
        } else {
            out = field.base.newArray(d.length);
            for (int j = 0; j < d.length; j++) {
                out[j] = d[j].add(b.d[j]);
            }
        }
        return new Dual<>(field, v.add(b.v), out);
    }

    @Override
    public Dual<T> subtract(Dual<T> b) {
        T[] out;
        if (b.d == null) {
            out = d;
        } else if (d == null) {
            out = field.base.newArray(b.d.length);
            for (int j = 0; j < out.length; j++) {
                out[j] = b.d[j].negate();
            }
        } else {
            out = field.base.newArray(d.length);
            for (int j = 0; j < d.length; j++) {
                out[j] = d[j].subtract(b.d[j]);
            }
        }
        return new Dual<>(field, v.subtract(b.v), out);
    }

    @Override
    public Dual<T> multiply(Dual<T> b) {
        // (u v)' = u' v + u v'
        T[] out;
        if (d == null) {
            out = scale(b.d, v);
        } else if (b.d == null) {
            out = scale(d, b.v);
        } else {
            out = field.base.newArray(d.length);
            for (int j = 0; j < d.length; j++) {
                out[j] = d[j].multiply(b.v).add(v.multiply(b.d[j]));
            }
        }
        return new Dual<>(field, v.multiply(b.v), out);
    }

    @Override
    public Dual<T> divide(Dual<T> b) {
        // (u / w)' = (u' − q w') / w with q = u / w
        T q = v.divide(b.v);
        T[] out;
        if (b.d == null) {
            out = null;
            if (d != null) {
                out = field.base.newArray(d.length);
                for (int j = 0; j < d.length; j++) {
                    out[j] = d[j].divide(b.v);
                }
            }
        } else {
            out = field.base.newArray(b.d.length);
            for (int j = 0; j < out.length; j++) {
                T num = d == null ? q.multiply(b.d[j]).negate() : d[j].subtract(q.multiply(b.d[j]));
                out[j] = num.divide(b.v);
            }
        }
        return new Dual<>(field, q, out);
    }

    @Override
    public Dual<T> negate() {
        T[] out = null;
        if (d != null) {
            out = field.base.newArray(d.length);
            for (int j = 0; j < d.length; j++) {
                out[j] = d[j].negate();
            }
        }
        return new Dual<>(field, v.negate(), out);
    }

    @Override
    public Dual<T> square() {
        // (u²)' = 2 u u'
        return chain(v.square(), v.add(v));
    }

    // ---- piecewise-linear primitives ----------------------------------------------------

    @Override
    public Dual<T> relu() {
        // relu' = step away from 0. At 0 relu is not differentiable; for a set straddling 0 the
        // tangent [0,1]·u' encloses every one-sided derivative, and the Hessian of a relu net
        // there is caught by step() below (proofs-notes/validated-flow.md, "kinks").
        return chain(v.relu(), v.step());
    }

    @Override
    public Dual<T> step() {
        if (!v.isPositive() && !v.isNegative() && d != null) {
            throw new KinkException("the derivative of the relu step does not exist at 0 (a kink is "
                    + "reached: value " + v + ")");
        }
        return new Dual<>(field, v.step(), null);
    }

    // ---- elementary functions -----------------------------------------------------------

    @Override
    public Dual<T> exp() {
        T e = v.exp();
        return chain(e, e);
    }

    @Override
    public Dual<T> log() {
        return chain(v.log(), field.base.one().divide(v));
    }

    @Override
    public Dual<T> tanh() {
        // tanh' = 1 − tanh²
        T t = v.tanh();
        return chain(t, field.base.one().subtract(t.square()));
    }

    @Override
    public Dual<T> logistic() {
        // s' = s (1 − s) = 1/4 − (s − 1/2)² (one occurrence of s: tight on sets)
        T s = v.logistic();
        NumField<T> b = field.base();
        T half = b.of(BigFraction.of(1, 2));
        return chain(s, b.of(BigFraction.of(1, 4)).subtract(s.subtract(half).square()));
    }

    @Override
    public Dual<T> softplus() {
        return chain(v.softplus(), v.logistic());
    }

    @Override
    public Dual<T> erf() {
        // erf' = (2/√π) e^(−x²), and 2/√π = 4 · (1/√2) · (1/√(2π))
        NumField<T> b = field.base();
        T c = b.of(4).multiply(b.invSqrt2()).multiply(b.invSqrt2Pi());
        return chain(v.erf(), c.multiply(v.square().negate().exp()));
    }

    @Override
    public Dual<T> sqrt() {
        // (√u)' = u' / (2 √u)
        T s = v.sqrt();
        return chain(s, field.base.one().divide(s.add(s)));
    }

    // ---- queries: about the value -------------------------------------------------------

    @Override
    public boolean isPositive() {
        return v.isPositive();
    }

    @Override
    public boolean isNegative() {
        return v.isNegative();
    }

    @Override
    public BigFraction lower() {
        return v.lower();
    }

    @Override
    public BigFraction upper() {
        return v.upper();
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return v.exactValue();
    }

    @Override
    public double approx() {
        return v.approx();
    }

    @Override
    public String toString() {
        return v + " + " + (d == null ? "0" : Arrays.toString(d)) + "ε";
    }

    /** The k-direction duals over one base arithmetic. */
    public static final class Field<T extends Num<T>> extends LiftedField<T, Dual<T>> {
        private final int dimension;

        private Field(NumField<T> base, int dimension) {
            super(base);
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension");
            }
            this.dimension = dimension;
        }

        public NumField<T> base() {
            return base;
        }

        /** The number k of tangent directions. */
        public int dimension() {
            return dimension;
        }

        /** A constant (zero tangents). */
        public Dual<T> constant(T value) {
            return new Dual<>(this, value, null);
        }

        /** value + Σ tangents[j] ε_j; the array is copied. */
        public Dual<T> of(T value, T[] tangents) {
            if (tangents.length != dimension) {
                throw new IllegalArgumentException("expected " + dimension + " tangents, got " + tangents.length);
            }
            return new Dual<>(this, value, tangents.clone());
        }

        /** value + ε_j: the j-th independent variable. */
        public Dual<T> variable(T value, int j) {
            T[] t = base.newArray(dimension);
            Arrays.fill(t, base.zero());
            t[j] = base.one();
            return new Dual<>(this, value, t);
        }

        @Override
        public String name() {
            return "dual" + dimension + "(" + base.name() + ")";
        }








        @Override
        @SuppressWarnings("unchecked")
        public Dual<T>[] newArray(int n) {
            return (Dual<T>[]) new Dual<?>[n];
        }
    }
}
