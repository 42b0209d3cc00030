package org.flowcert.model;

import java.util.Arrays;

/**
 * A fully connected network: {@code widths[0]} inputs, hidden layers applying the
 * activation, and an affine output layer of {@code widths[last]} units.
 *
 * <p>Parameter layout (PyTorch's {@code nn.Linear}): layer by layer, the weight matrix of
 * shape (out, in) row-major, then the bias. P = Σ (in + 1)·out.
 */
public record Network(int[] widths, Activation activation) {

    public Network {
        if (widths.length < 2) {
            throw new IllegalArgumentException("need at least an input and an output width");
        }
        widths = widths.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** Number of affine layers (hidden layers + 1). */
    public int layers() {
        return widths.length - 1;
    }

    public int inputWidth() {
        return widths[0];
    }

    public int outputWidth() {
        return widths[widths.length - 1];
    }

    public int width(int i) {
        return widths[i];
    }

    /** Number of parameters P. */
    public int parameterCount() {
        int p = 0;
        for (int l = 0; l < layers(); l++) {
            p += (widths[l] + 1) * widths[l + 1];
        }
        return p;
    }

    /** Offset in theta of layer l's weight W_l[o][i] at {@code weightOffset(l) + o*in + i}. */
    public int weightOffset(int l) {
        int p = 0;
        for (int k = 0; k < l; k++) {
            p += (widths[k] + 1) * widths[k + 1];
        }
        return p;
    }

    /** Offset in theta of layer l's bias b_l[o] at {@code biasOffset(l) + o}. */
    public int biasOffset(int l) {
        return weightOffset(l) + widths[l] * widths[l + 1];
    }

    /** Whether this is a shallow 1-H-1 network. */
    public boolean isShallowScalar() {
        return widths.length == 3 && widths[0] == 1 && widths[2] == 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network && Arrays.equals(((Network) o).widths, widths)
                && ((Network) o).activation.equals(activation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(widths) * 31 + activation.hashCode();
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(widths) + " " + activation.spec();
    }
}
