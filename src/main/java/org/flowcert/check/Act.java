package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;
import org.flowcert.io.Numbers;

/** An activation as the checker reads it from the embedded problem (CONTRACT.md spellings). */
final class Act {
    enum Kind { RELU, LEAKY, TANH, LOGISTIC, SOFTPLUS, GELU, POLY }

    final Kind kind;
    final BigFraction slope;
    final BigFraction[] coefficients;

    private Act(Kind kind, BigFraction slope, BigFraction[] coefficients) {
        this.kind = kind;
        this.slope = slope;
        this.coefficients = coefficients;
    }

    static Act parse(String text) throws Malformed {
        try {
            switch (text) {
                case "relu":
                    return new Act(Kind.RELU, BigFraction.ZERO, null);
                case "tanh":
                    return new Act(Kind.TANH, null, null);
                case "logistic":
                    return new Act(Kind.LOGISTIC, null, null);
                case "softplus":
                    return new Act(Kind.SOFTPLUS, null, null);
                case "gelu":
                    return new Act(Kind.GELU, null, null);
                default:
                    break;
            }
            if (text.startsWith("leaky_relu:")) {
                return new Act(Kind.LEAKY, Numbers.parse(text.substring(11)), null);
            }
            if (text.startsWith("poly:")) {
                String[] parts = text.substring(5).split(",", -1);
                BigFraction[] a = new BigFraction[parts.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Numbers.parse(parts[i]);
                }
                return new Act(Kind.POLY, null, a);
            }
        } catch (NumberFormatException e) {
            throw new Malformed("problem: network.activation: bad number in \"" + text + "\"");
        }
        throw new Malformed("problem: network.activation: unknown activation \"" + text + "\"");
    }

    /** Whether σ has kinks (relu-type): flow steps refuse these, ntk-ball needs fixed signs; else σ is smooth. */
    boolean kinked() {
        return kind == Kind.RELU || kind == Kind.LEAKY;
    }
}
