package org.flowcert.check;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * ∇L of a data risk by reverse mode (back-propagation), over any scalar kind with the inclusion property
 * (proofs-notes/rules/flow-taylor.md, "Gradient along a series"). flow-taylor uses it with series as scalars:
 * about half the products of the forward-mode jets ({@link Jet}), which carry all P partial derivatives along.
 */
final class Backprop {
    private Backprop() {
    }

    /**
     * ∇L(θ) for L = c Σ_i Σ_o r_io², r_io = N(x_i)_o − y_io: ∇L = 2c Σ_i Σ_o r_io ∇N(x_i)_o, each ∇N by the chain
     * rule from the output back to the first layer (the parameter order of {@link Net#parameterCount}).
     */
    static <T extends Scalar<T>> T[] gradient(Net net, T[] theta) throws Invalid {
        Invalid.when(!net.isData(), "this rule needs a data risk");
        T[] sum = Jet.array(theta[0], theta.length); // null: no term yet (the sum is 0)
        int layers = net.widths.length - 1;
        // first[o][i][k] = Σ_points δ_o σ'(z_i) x_k (k = inputs: the bias's 1), o, i, k of the first two layers
        T[][][] first = layers < 2 ? null : firstArrays(theta[0], net.widths);
        for (int i = 0; i < net.xs.length; i++) {
            dataPoint(net, theta, i, sum, first);
        }
        if (first != null) {
            firstLayer(net.widths, theta, first, sum);
        }
        T twiceC = theta[0].c(net.weight.multiply(2));
        T[] g = Jet.array(theta[0], theta.length);
        for (int k = 0; k < g.length; k++) {
            g[k] = sum[k] == null ? theta[0].c(BigFraction.ZERO) : sum[k].mul(twiceC);
        }
        return g;
    }

    /** The first layer's gradient: ∂/∂w_ik (k = inputs: ∂/∂b_i) = Σ_o w'_oi first[o][i][k], w' the second layer's. */
    private static <T extends Scalar<T>> void firstLayer(int[] widths, T[] theta, T[][][] first, T[] sum) {
        int in = widths[0], hidden = widths[1], second = (in + 1) * hidden;
        for (int i = 0; i < hidden; i++) {
            for (int k = 0; k <= in; k++) {
                for (int o = 0; o < widths[2]; o++) {
                    T weight = theta[second + o * hidden + i];
                    add(sum, k < in ? i * in + k : in * hidden + i, first[o][i][k] == null ? null
                            : first[o][i][k].mul(weight));
                }
            }
        }
    }

    /** Empty (null) sums for every o, i, k of the first two layers. */
    @SuppressWarnings("unchecked")
    private static <T extends Scalar<T>> T[][][] firstArrays(T any, int[] widths) {
        return (T[][][]) Array.newInstance(any.getClass(), widths[2], widths[1], widths[0] + 1);
    }

    /**
     * Adds Σ_o r_io ∇N(x_i)_o to {@code sum}, the first layer's part (of a net with a hidden layer) to {@code first}
     * instead, without the second layer's weights: they are the same at every data point, so they multiply the sum
     * over the points once (w'_oi Σ_n q_n = Σ_n w'_oi q_n, an identity between the exact series).
     */
    private static <T extends Scalar<T>> void dataPoint(Net net, T[] theta, int point, T[] sum, T[][][] first)
            throws Invalid {
        int layers = net.widths.length - 1;
        T any = theta[0];
        // forward: the inputs a^l of every layer and σ'(z^l) of every hidden layer
        List<T[]> inputs = new ArrayList<>();
        List<T[]> slopes = new ArrayList<>();
        T[] a = Jet.array(any, net.widths[0]);
        for (int i = 0; i < a.length; i++) {
            a[i] = any.c(net.xs[point][i]);
        }
        for (int l = 0, offset = 0; l < layers; offset += (net.widths[l] + 1) * net.widths[l + 1], l++) {
            inputs.add(a);
            T[] z = affine(theta, offset, net.widths[l], net.widths[l + 1], a);
            if (l + 1 == layers) {
                a = z;
                break;
            }
            T[] next = Jet.array(any, z.length);
            T[] slope = Jet.array(any, z.length);
            for (int o = 0; o < z.length; o++) {
                T[] s = z[o].act(net.act, 1);
                next[o] = s[0];
                slope[o] = s[1];
            }
            slopes.add(slope);
            a = next;
        }
        // backward: δ = ∂(½Σ_o r_o²)/∂z^l, starting from δ_o = r_o at the output
        T[] delta = Jet.array(any, a.length);
        for (int o = 0; o < a.length; o++) {
            delta[o] = a[o].sub(any.c(net.ys[point][o]));
        }
        int offset = net.parameterCount();
        for (int l = layers - 1; l >= 0; l--) {
            int in = net.widths[l], out = net.widths[l + 1];
            offset -= (in + 1) * out;
            T[] x = inputs.get(l);
            for (int o = 0; o < out; o++) { // z_o = b_o + Σ_i w_oi x_i: ∂/∂w_oi = δ_o x_i, ∂/∂b_o = δ_o
                for (int i = 0; i < in; i++) {
                    add(sum, offset + o * in + i, delta[o].mul(x[i]));
                }
                add(sum, offset + in * out + o, delta[o]);
            }
            if (l == 1) { // the first layer: δ_o σ'(z_i) x_k, to be multiplied by w_oi after the sum over points
                for (int o = 0; o < out; o++) {
                    for (int i = 0; i < in; i++) {
                        T q = delta[o].mul(slopes.get(0)[i]);
                        for (int k = 0; k <= inputs.get(0).length; k++) {
                            first[o][i][k] = plus(first[o][i][k], k < inputs.get(0).length ? q.mul(inputs.get(0)[k])
                                    : q);
                        }
                    }
                }
                return;
            }
            if (l > 0) { // δ^(l−1)_i = σ'(z^(l−1)_i) Σ_o w_oi δ_o
                T[] previous = Jet.array(any, in);
                for (int i = 0; i < in; i++) {
                    T back = null;
                    for (int o = 0; o < out; o++) {
                        T term = delta[o].mul(theta[offset + o * in + i]);
                        back = back == null ? term : back.add(term);
                    }
                    previous[i] = back.mul(slopes.get(l - 1)[i]);
                }
                delta = previous;
            }
        }
    }

    /** z_o = b_o + Σ_i w_oi a_i for the layer whose parameters start at {@code offset} (weights, then biases). */
    private static <T extends Scalar<T>> T[] affine(T[] theta, int offset, int in, int out, T[] a) {
        T[] z = Jet.array(theta[0], out);
        for (int o = 0; o < out; o++) {
            T s = theta[offset + in * out + o];
            for (int i = 0; i < in; i++) {
                s = s.add(theta[offset + o * in + i].mul(a[i]));
            }
            z[o] = s;
        }
        return z;
    }

    /** sum[k] += term (null: 0). */
    private static <T extends Scalar<T>> void add(T[] sum, int k, T term) {
        sum[k] = plus(sum[k], term);
    }

    private static <T extends Scalar<T>> T plus(T a, T b) {
        return a == null ? b : b == null ? a : a.add(b);
    }
}
