package org.flowcert.arith;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * An exact rational (Commons Numbers {@link BigFraction}) as a {@link Num}.
 *
 * <p>Ring operations, division, relu and step are exact. Transcendental functions and
 * square roots are not rational in general and throw {@link UnsupportedOperationException};
 * {@link #FIELD}{@code .supports(...)} says so up front.
 */
public final class Exact implements Num<Exact> {
    public static final Field FIELD = new Field();
    public static final Exact ZERO = new Exact(BigFraction.ZERO);
    public static final Exact ONE = new Exact(BigFraction.ONE);

    private final BigFraction value;

    private Exact(BigFraction value) {
        this.value = value;
    }

    public static Exact of(BigFraction q) {
        return new Exact(q);
    }

    public static Exact of(long n) {
        return new Exact(BigFraction.of(n));
    }

    public BigFraction value() {
        return value;
    }

    @Override
    public Field field() {
        return FIELD;
    }

    @Override
    public Exact add(Exact b) {
        return new Exact(value.add(b.value));
    }

    @Override
    public Exact subtract(Exact b) {
        return new Exact(value.subtract(b.value));
    }

    @Override
    public Exact multiply(Exact b) {
        return new Exact(value.multiply(b.value));
    }

    @Override
    public Exact divide(Exact b) {
        if (b.value.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return new Exact(value.divide(b.value));
    }

    @Override
    public Exact negate() {
        return new Exact(value.negate());
    }

    @Override
    public Exact square() {
        return new Exact(value.multiply(value));
    }

    @Override
    public Exact relu() {
        return value.signum() > 0 ? this : ZERO;
    }

    @Override
    public Exact step() {
        return value.signum() > 0 ? ONE : ZERO;
    }

    @Override
    public Exact exp() {
        throw unsupported("exp");
    }

    @Override
    public Exact log() {
        throw unsupported("log");
    }

    @Override
    public Exact tanh() {
        throw unsupported("tanh");
    }

    @Override
    public Exact logistic() {
        throw unsupported("logistic");
    }

    @Override
    public Exact softplus() {
        throw unsupported("softplus");
    }

    @Override
    public Exact erf() {
        throw unsupported("erf");
    }

    @Override
    public Exact sqrt() {
        throw unsupported("sqrt");
    }

    private static UnsupportedOperationException unsupported(String f) {
        return new UnsupportedOperationException(f + " is not rational: exact arithmetic cannot evaluate it");
    }

    @Override
    public boolean isPositive() {
        return value.signum() > 0;
    }

    @Override
    public boolean isNegative() {
        return value.signum() < 0;
    }

    @Override
    public BigFraction lower() {
        return value;
    }

    @Override
    public BigFraction upper() {
        return value;
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return Optional.of(value);
    }

    @Override
    public double approx() {
        return value.doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exact && ((Exact) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value.toString();
    }

    /** The exact-rational arithmetic. */
    public static final class Field implements NumField<Exact> {
        private Field() {
        }

        @Override
        public String name() {
            return "exact";
        }

        @Override
        public boolean rigorous() {
            return true;
        }

        @Override
        public boolean supports(Num.Primitive p) {
            return false;
        }

        @Override
        public Exact zero() {
            return ZERO;
        }

        @Override
        public Exact one() {
            return ONE;
        }

        @Override
        public Exact of(BigFraction q) {
            return new Exact(q);
        }

        @Override
        public Exact invSqrt2() {
            throw unsupported("1/sqrt(2)");
        }

        @Override
        public Exact invSqrt2Pi() {
            throw unsupported("1/sqrt(2 pi)");
        }

        @Override
        public Exact[] newArray(int n) {
            return new Exact[n];
        }
    }
}
