package org.flowcert.eval;

import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.model.Activation;
import org.flowcert.model.Network;

/**
 * Reverse-mode (backprop) accumulation of S = Σ_i ω_i ‖N(x_i) − y_i‖² and
 * G = Σ_i ω_i (∂N(x_i)/∂θ)ᵀ (N(x_i) − y_i) over any {@link Num} (proofs-notes/loss-gradient.md §1).
 *
 * <p>The gradient of S is 2G. Callers multiply by the risk's factor at the end (1/n, ½, ...),
 * so that in interval arithmetic the sums are formed first and scaled once, as in the
 * canonical W1 order. Only {@link Num} operations are used: any arithmetic (also a
 * dual-number type built on top) runs this code unchanged. When the inputs x_i are sets
 * (intervals), the results enclose S and G for every point of those sets.
 */
final class Backprop<T extends Num<T>> {
    final T sum;
    final T[] g;

    private Backprop(T sum, T[] g) {
        this.sum = sum;
        this.g = g;
    }

    /**
     * @param weights ω_i, or null for ω_i = 1
     */
    static <T extends Num<T>> Backprop<T> run(Network net, NumField<T> f, T[] theta, T[][] xs, T[][] ys,
            T[] weights) {
        int layers = net.layers();
        int p = net.parameterCount();
        Activation act = net.activation();
        int[] width = net.widths();
        int[] wOff = new int[layers];
        int[] bOff = new int[layers];
        for (int l = 0; l < layers; l++) {
            wOff[l] = net.weightOffset(l);
            bOff[l] = net.biasOffset(l);
        }
        T[] g = f.newArray(p);
        T sum = null;
        @SuppressWarnings("unchecked")
        T[][] a = (T[][]) new Num<?>[layers + 1][];
        @SuppressWarnings("unchecked")
        T[][] d = (T[][]) new Num<?>[layers + 1][];
        for (int s = 0; s < xs.length; s++) {
            a[0] = xs[s];
            // forward: z = b + W a; hidden layers apply σ and keep σ'(z)
            for (int l = 0; l < layers; l++) {
                int in = width[l];
                int out = width[l + 1];
                T[] prev = a[l];
                T[] next = f.newArray(out);
                T[] der = l + 1 < layers ? f.newArray(out) : null;
                for (int o = 0; o < out; o++) {
                    int row = wOff[l] + o * in;
                    T z = theta[row].multiply(prev[0]).add(theta[bOff[l] + o]);
                    for (int k = 1; k < in; k++) {
                        z = z.add(theta[row + k].multiply(prev[k]));
                    }
                    if (der != null) {
                        next[o] = act.value(z);
                        der[o] = act.derivative(z);
                    } else {
                        next[o] = z;
                    }
                }
                a[l + 1] = next;
                d[l + 1] = der;
            }
            // residual and its contribution to S
            T[] out = a[layers];
            T[] y = ys[s];
            T[] delta = f.newArray(out.length);
            T sq = null;
            for (int o = 0; o < out.length; o++) {
                T r = out[o].subtract(y[o]);
                sq = sq == null ? r.square() : sq.add(r.square());
                delta[o] = weights == null ? r : r.multiply(weights[s]);
            }
            if (weights != null) {
                sq = sq.multiply(weights[s]);
            }
            sum = sum == null ? sq : sum.add(sq);
            // backward: G_W += δ aᵀ, G_b += δ, δ_prev = (Wᵀ δ) ⊙ σ'(z)
            for (int l = layers - 1; l >= 0; l--) {
                int in = width[l];
                int outW = width[l + 1];
                T[] prev = a[l];
                for (int o = 0; o < outW; o++) {
                    int row = wOff[l] + o * in;
                    for (int k = 0; k < in; k++) {
                        g[row + k] = acc(g[row + k], delta[o].multiply(prev[k]));
                    }
                    g[bOff[l] + o] = acc(g[bOff[l] + o], delta[o]);
                }
                if (l > 0) {
                    T[] dPrev = f.newArray(in);
                    T[] der = d[l];
                    for (int k = 0; k < in; k++) {
                        T t = theta[wOff[l] + k].multiply(delta[0]);
                        for (int o = 1; o < outW; o++) {
                            t = t.add(theta[wOff[l] + o * in + k].multiply(delta[o]));
                        }
                        dPrev[k] = t.multiply(der[k]);
                    }
                    delta = dPrev;
                }
            }
        }
        for (int k = 0; k < p; k++) {
            if (g[k] == null) {
                g[k] = f.zero();
            }
        }
        return new Backprop<>(sum == null ? f.zero() : sum, g);
    }

    private static <T extends Num<T>> T acc(T s, T t) {
        return s == null ? t : s.add(t);
    }
}
