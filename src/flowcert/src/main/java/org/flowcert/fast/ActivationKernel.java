package org.flowcert.fast;

import java.math.BigInteger;
import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.arith.DoubleNum;
import org.flowcert.model.Activation;

/**
 * σ and σ' over a row of pre-activations, in place: {@code z[i] ← σ(z[i])}, {@code d[i] ← σ'(z[i])}.
 * {@link #fast} uses {@link FastActivations}; {@link #reference} runs the generic
 * {@link Activation} code over {@link DoubleNum}, operation for operation as the generic path
 * (slow: for tests that tie the kernel to the generic path).
 */
public abstract class ActivationKernel {

    /** Applies σ in place over z[0..len) and writes σ' into d (d may be null: value only). */
    public abstract void apply(double[] z, double[] d, int len);

    /** The fast kernel for {@code activation}. */
    public static ActivationKernel fast(Activation activation) {
        if (activation instanceof Activation.Tanh) {
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double a = FastActivations.tanh(z[i]);
                        z[i] = a;
                        if (d != null) {
                            d[i] = 1 - a * a;
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.Relu) {
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        // relu'(0) = 0 (CONTRACT.md)
                        z[i] = v > 0 ? v : 0.0;
                        if (d != null) {
                            d[i] = v > 0 ? 1.0 : 0.0;
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.LeakyRelu) {
            BigFraction sf = ((Activation.LeakyRelu) activation).slope();
            double s = sf.doubleValue();
            // the generic double path computes S + (1 − S)·step(z); reproduce its value at z > 0
            double one = s + BigFraction.ONE.subtract(sf).doubleValue();
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        // leaky_relu'(0) = S (CONTRACT.md)
                        z[i] = v > 0 ? v : s * v;
                        if (d != null) {
                            d[i] = v > 0 ? one : s;
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.Logistic) {
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        z[i] = FastActivations.logistic(v);
                        if (d != null) {
                            d[i] = FastActivations.logisticDerivative(v);
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.Softplus) {
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        z[i] = FastActivations.softplus(v);
                        if (d != null) {
                            d[i] = FastActivations.logistic(v);
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.Gelu) {
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        double cdf = FastActivations.normalCdf(v);
                        z[i] = v * cdf;
                        if (d != null) {
                            d[i] = cdf + v * FastActivations.normalPdf(v);
                        }
                    }
                }
            };
        }
        if (activation instanceof Activation.Poly) {
            BigFraction[] c = ((Activation.Poly) activation).coefficients();
            double[] a = new double[c.length];
            double[] da = new double[Math.max(1, c.length - 1)];
            for (int k = 0; k < c.length; k++) {
                a[k] = c[k].doubleValue();
                if (k >= 1) {
                    da[k - 1] = c[k].multiply(BigInteger.valueOf(k)).doubleValue();
                }
            }
            int n = c.length;
            return new ActivationKernel() {
                @Override
                public void apply(double[] z, double[] d, int len) {
                    for (int i = 0; i < len; i++) {
                        double v = z[i];
                        // Horner, as the generic path
                        double acc = a[n - 1];
                        for (int k = n - 2; k >= 0; k--) {
                            acc = acc * v + a[k];
                        }
                        z[i] = acc;
                        if (d != null) {
                            double dacc = n == 1 ? 0.0 : da[n - 2];
                            for (int k = n - 3; k >= 0; k--) {
                                dacc = dacc * v + da[k];
                            }
                            d[i] = dacc;
                        }
                    }
                }
            };
        }
        return reference(activation);
    }

    /** The generic path's σ and σ' over DoubleNum, bit for bit (slow). */
    public static ActivationKernel reference(Activation activation) {
        return new ActivationKernel() {
            @Override
            public void apply(double[] z, double[] d, int len) {
                for (int i = 0; i < len; i++) {
                    DoubleNum v = DoubleNum.of(z[i]);
                    z[i] = activation.value(v).value();
                    if (d != null) {
                        d[i] = activation.derivative(v).value();
                    }
                }
            }
        };
    }
}
