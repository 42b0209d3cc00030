package org.flowcert.api;

import java.util.Objects;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A validated problem (network, parameters θ, risk) together with the exact JSON text it was
 * read from; a certificate embeds that text, so it is kept with the problem. Obtained from
 * {@link Flowcert#load(java.nio.file.Path)} or {@link Flowcert#load(String)}; immutable.
 */
public final class Problem {
    private final org.flowcert.model.Problem model;
    private final String text;

    Problem(org.flowcert.model.Problem model, String text) {
        this.model = Objects.requireNonNull(model);
        this.text = Objects.requireNonNull(text);
    }

    /** The internal model (for this package). */
    org.flowcert.model.Problem model() {
        return model;
    }

    /**
     * The JSON text the problem was read from, unchanged.
     *
     * @return the problem file's text
     */
    public String text() {
        return text;
    }

    /**
     * Where the problem came from: the file name, or {@code "<string>"} for text.
     *
     * @return the source name used in error messages
     */
    public String source() {
        return model.source();
    }

    /**
     * The number P of parameters.
     *
     * @return P, the length of θ
     */
    public int parameterCount() {
        return model.parameterCount();
    }

    /**
     * The layer widths of the network, input first (e.g. {@code [1, 4, 1]}).
     *
     * @return a fresh copy of the widths
     */
    public int[] widths() {
        return model.network().widths().clone();
    }

    /**
     * The activation as written in a problem file (e.g. {@code "tanh"}, {@code "relu"}).
     *
     * @return the activation's specification
     */
    public String activation() {
        return model.network().activation().spec();
    }

    /**
     * The initial parameters θ as exact rationals.
     *
     * @return a fresh copy of θ
     */
    public BigFraction[] theta() {
        return model.theta().clone();
    }

    /**
     * The source, the widths and the activation, e.g. {@code "examples/c1.json: [1, 2, 1] relu, P = 7"}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return source() + ": " + java.util.Arrays.toString(model.network().widths()) + " " + activation() + ", P = "
                + parameterCount();
    }
}
