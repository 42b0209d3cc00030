package org.flowcert.model;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.io.Numbers;
import org.flowcert.io.UserError;

/**
 * A hidden-layer activation σ and its derivative, over any arithmetic.
 *
 * <p>Derivative convention at kinks (CONTRACT.md): relu'(0) = 0, leaky_relu'(0) = S.
 */
public sealed interface Activation {

    /** The contract's spelling: {@code relu}, {@code leaky_relu:1/100}, {@code poly:0,0,0,1}, ... */
    String spec();

    /** Whether σ is piecewise polynomial (so exact arithmetic can evaluate the loss). */
    boolean isPiecewisePolynomial();

    /** The primitives σ and σ' need, so that an arithmetic can refuse up front. */
    List<Num.Primitive> needs();

    <T extends Num<T>> T value(T z);

    <T extends Num<T>> T derivative(T z);

    /** Parses the contract's spelling within the default limits; {@code file} and {@code field} locate errors. */
    static Activation parse(String text, String file, String field) {
        return parse(text, file, field, org.flowcert.io.Limits.DEFAULTS);
    }

    /** Parses the contract's spelling within {@code limits} (numbers, the degree of {@code poly:}). */
    static Activation parse(String text, String file, String field, org.flowcert.io.Limits limits) {
        if (text == null) {
            throw new UserError(file, field, "expected an activation name, found nothing");
        }
        switch (text) {
            case "relu":
                return new Relu();
            case "tanh":
                return new Tanh();
            case "logistic":
                return new Logistic();
            case "softplus":
                return new Softplus();
            case "gelu":
                return new Gelu();
            default:
                break;
        }
        if (text.startsWith("leaky_relu:")) {
            BigFraction s = Numbers.parse(text.substring("leaky_relu:".length()), file, field + " (slope)", limits);
            return new LeakyRelu(s);
        }
        if (text.startsWith("poly:")) {
            String body = text.substring("poly:".length());
            long commas = body.chars().filter(ch -> ch == ',').count();
            limits.check("degree", commas, file, field + " (degree of poly:)");
            String[] parts = body.split(",", -1);
            if (body.isEmpty()) {
                throw new UserError(file, field, "expected poly:a0,a1,... with at least one coefficient, found \"poly:\"");
            }
            BigFraction[] a = new BigFraction[parts.length];
            for (int i = 0; i < parts.length; i++) {
                a[i] = Numbers.parse(parts[i], file, field + " (coefficient " + i + ")", limits);
            }
            return new Poly(a);
        }
        throw new UserError(file, field, "expected one of relu, leaky_relu:S, tanh, logistic, softplus, gelu,"
                + " poly:a0,a1,...; found \"" + org.flowcert.io.Limits.Text.shorten(text) + "\"");
    }

    /** max(z, 0). */
    record Relu() implements Activation {
        @Override
        public String spec() {
            return "relu";
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return true;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of();
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            return z.relu();
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            return z.step();
        }
    }

    /** max(z, 0) + S·min(z, 0), written as relu(z) − S·relu(−z) so that sets stay tight. */
    record LeakyRelu(BigFraction slope) implements Activation {
        @Override
        public String spec() {
            return "leaky_relu:" + Numbers.format(slope);
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return true;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of();
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            T s = z.field().of(slope);
            return z.relu().subtract(s.multiply(z.negate().relu()));
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            // S + (1 − S)·step(z): S at z <= 0, 1 at z > 0, [S, 1] on a set straddling 0
            NumField<T> f = z.field();
            return f.of(slope).add(f.of(BigFraction.ONE.subtract(slope)).multiply(z.step()));
        }
    }

    /** tanh; derivative 1 − tanh². */
    record Tanh() implements Activation {
        @Override
        public String spec() {
            return "tanh";
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return false;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of(Num.Primitive.TANH);
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            return z.tanh();
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            return z.field().one().subtract(z.tanh().square());
        }
    }

    /** 1/(1 + e^(−z)); derivative s(1 − s). */
    record Logistic() implements Activation {
        @Override
        public String spec() {
            return "logistic";
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return false;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of(Num.Primitive.LOGISTIC);
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            return z.logistic();
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            // s(1 − s) = 1/4 − (s − 1/2)²: one occurrence of s, so tight on sets
            T s = z.logistic();
            NumField<T> f = z.field();
            T half = f.of(BigFraction.of(1, 2));
            return f.of(BigFraction.of(1, 4)).subtract(s.subtract(half).square());
        }
    }

    /** log(1 + e^z); derivative logistic(z). */
    record Softplus() implements Activation {
        @Override
        public String spec() {
            return "softplus";
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return false;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of(Num.Primitive.SOFTPLUS, Num.Primitive.LOGISTIC);
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            return z.softplus();
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            return z.logistic();
        }
    }

    /** z·Φ(z) with Φ(z) = (1 + erf(z/√2))/2; derivative Φ(z) + z·φ(z), φ(z) = e^(−z²/2)/√(2π). */
    record Gelu() implements Activation {
        @Override
        public String spec() {
            return "gelu";
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return false;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of(Num.Primitive.ERF, Num.Primitive.EXP);
        }

        private static <T extends Num<T>> T cdf(T z) {
            NumField<T> f = z.field();
            T half = f.of(BigFraction.of(1, 2));
            return half.add(half.multiply(z.multiply(f.invSqrt2()).erf()));
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            return z.multiply(cdf(z));
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            NumField<T> f = z.field();
            T pdf = z.square().multiply(f.of(BigFraction.of(-1, 2))).exp().multiply(f.invSqrt2Pi());
            return cdf(z).add(z.multiply(pdf));
        }
    }

    /** a0 + a1 z + a2 z² + ... by Horner's rule. */
    record Poly(BigFraction[] coefficients) implements Activation {
        public Poly {
            if (coefficients.length == 0) {
                throw new IllegalArgumentException("no coefficients");
            }
            coefficients = coefficients.clone();
        }

        @Override
        public BigFraction[] coefficients() {
            return coefficients.clone();
        }

        @Override
        public String spec() {
            StringBuilder sb = new StringBuilder("poly:");
            for (int i = 0; i < coefficients.length; i++) {
                sb.append(i == 0 ? "" : ",").append(Numbers.format(coefficients[i]));
            }
            return sb.toString();
        }

        @Override
        public boolean isPiecewisePolynomial() {
            return true;
        }

        @Override
        public List<Num.Primitive> needs() {
            return List.of();
        }

        @Override
        public <T extends Num<T>> T value(T z) {
            NumField<T> f = z.field();
            T acc = f.of(coefficients[coefficients.length - 1]);
            for (int k = coefficients.length - 2; k >= 0; k--) {
                acc = acc.multiply(z).add(f.of(coefficients[k]));
            }
            return acc;
        }

        @Override
        public <T extends Num<T>> T derivative(T z) {
            NumField<T> f = z.field();
            int n = coefficients.length;
            if (n == 1) {
                return f.zero();
            }
            T acc = f.of(coefficients[n - 1].multiply(n - 1));
            for (int k = n - 2; k >= 1; k--) {
                acc = acc.multiply(z).add(f.of(coefficients[k].multiply(k)));
            }
            return acc;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Poly && Arrays.equals(((Poly) o).coefficients, coefficients);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(coefficients);
        }

        @Override
        public String toString() {
            return spec();
        }
    }
}
