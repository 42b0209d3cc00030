package org.flowcert.arith;

import java.util.Optional;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/**
 * Plain binary64, round to nearest: fast and not rigorous. {@link #lower()} and
 * {@link #upper()} both return the computed value.
 */
public final class DoubleNum implements Num<DoubleNum> {
    public static final Field FIELD = new Field();
    private static final DoubleNum ZERO = new DoubleNum(0.0);
    private static final DoubleNum ONE = new DoubleNum(1.0);
    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT2PI = 0.3989422804014327;

    private final double x;

    private DoubleNum(double x) {
        this.x = x;
    }

    public static DoubleNum of(double x) {
        return new DoubleNum(x);
    }

    public double value() {
        return x;
    }

    @Override
    public Field field() {
        return FIELD;
    }

    @Override
    public DoubleNum add(DoubleNum b) {
        return new DoubleNum(x + b.x);
    }

    @Override
    public DoubleNum subtract(DoubleNum b) {
        return new DoubleNum(x - b.x);
    }

    @Override
    public DoubleNum multiply(DoubleNum b) {
        return new DoubleNum(x * b.x);
    }

    @Override
    public DoubleNum divide(DoubleNum b) {
        return new DoubleNum(x / b.x);
    }

    @Override
    public DoubleNum negate() {
        return new DoubleNum(-x);
    }

    @Override
    public DoubleNum square() {
        return new DoubleNum(x * x);
    }

    @Override
    public DoubleNum relu() {
        return x > 0 ? this : ZERO;
    }

    @Override
    public DoubleNum step() {
        return x > 0 ? ONE : ZERO;
    }

    @Override
    public DoubleNum exp() {
        return new DoubleNum(Math.exp(x));
    }

    @Override
    public DoubleNum log() {
        return new DoubleNum(Math.log(x));
    }

    @Override
    public DoubleNum tanh() {
        return new DoubleNum(Math.tanh(x));
    }

    @Override
    public DoubleNum logistic() {
        // written so that neither branch overflows
        return new DoubleNum(x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)));
    }

    @Override
    public DoubleNum softplus() {
        return new DoubleNum(Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
    }

    @Override
    public DoubleNum erf() {
        return new DoubleNum(erf(x));
    }

    /**
     * erf to about 1e-15 relative, for the non-rigorous mode only: Taylor series for
     * |x| &lt; 2.5 and a continued fraction for erfc beyond.
     */
    public static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 2.5) {
            // erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            r = sum * 1.1283791670955126;
        } else if (a < 27) {
            // erfc x = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))) (Lentz)
            double f = a;
            double c = a;
            double d = 0;
            for (int k = 1; k < 300; k++) {
                double ak = k * 0.5;
                d = a + ak * d;
                d = d == 0 ? 1e-300 : d;
                c = a + ak / c;
                c = c == 0 ? 1e-300 : c;
                d = 1 / d;
                double delta = c * d;
                f *= delta;
                if (Math.abs(delta - 1) < 1e-16) {
                    break;
                }
            }
            r = 1 - Math.exp(-a * a) / f * 0.5641895835477563;
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }

    @Override
    public DoubleNum sqrt() {
        return new DoubleNum(Math.sqrt(x));
    }

    @Override
    public boolean isPositive() {
        return x > 0;
    }

    @Override
    public boolean isNegative() {
        return x < 0;
    }

    @Override
    public BigFraction lower() {
        return Numbers.ofDouble(x);
    }

    @Override
    public BigFraction upper() {
        return Numbers.ofDouble(x);
    }

    @Override
    public Optional<BigFraction> exactValue() {
        return Optional.empty();
    }

    @Override
    public double approx() {
        return x;
    }

    @Override
    public String toString() {
        return Double.toString(x);
    }

    /** The binary64 arithmetic. */
    public static final class Field implements NumField<DoubleNum> {
        private Field() {
        }

        @Override
        public String name() {
            return "double";
        }

        @Override
        public boolean rigorous() {
            return false;
        }

        @Override
        public boolean supports(Num.Primitive p) {
            return true;
        }

        @Override
        public DoubleNum zero() {
            return ZERO;
        }

        @Override
        public DoubleNum one() {
            return ONE;
        }

        @Override
        public DoubleNum of(BigFraction q) {
            return new DoubleNum(q.doubleValue());
        }

        @Override
        public DoubleNum invSqrt2() {
            return new DoubleNum(INV_SQRT2);
        }

        @Override
        public DoubleNum invSqrt2Pi() {
            return new DoubleNum(INV_SQRT2PI);
        }

        @Override
        public DoubleNum[] newArray(int n) {
            return new DoubleNum[n];
        }
    }
}
