package org.flowcert.check;

import java.util.List;
import java.util.Locale;
import org.apache.commons.numbers.fraction.BigFraction;

/** An activation as the checker reads it from the embedded problem (CONTRACT.md spellings). */
final class Activation {
    enum Kind { RELU, LEAKY, TANH, LOGISTIC, SOFTPLUS, GELU, POLY }

    final Kind kind;
    final BigFraction slope;
    final BigFraction[] coefficients;

    private Activation(Kind kind, BigFraction slope, BigFraction[] coefficients) {
        this.kind = kind;
        this.slope = slope;
        this.coefficients = coefficients;
    }

    static Activation parse(String text) throws Malformed {
        String where = "problem: network.activation";
        if (text.startsWith("leaky_relu:")) {
            return new Activation(Kind.LEAKY, ExactNumbers.parse(text.substring(11), where), null);
        }
        if (text.startsWith("poly:")) {
            String[] parts = text.substring(5).split(",", -1);
            long limit = Work.limits().degree();
            if (parts.length - 1 > limit) {
                throw LimitExceeded.of(where, "degree", "a polynomial of degree " + (parts.length - 1), limit);
            }
            BigFraction[] a = new BigFraction[parts.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = ExactNumbers.parse(parts[i], where);
            }
            return new Activation(Kind.POLY, null, a);
        }
        for (Kind k : List.of(Kind.RELU, Kind.TANH, Kind.LOGISTIC, Kind.SOFTPLUS, Kind.GELU)) {
            if (text.equals(k.name().toLowerCase(Locale.ROOT))) {
                return new Activation(k, BigFraction.ZERO, null); // the slope matters for relu only (0)
            }
        }
        throw new Malformed(where + ": unknown activation \"" + Checker.escape(text) + "\"");
    }

    /** Whether σ has kinks (relu-type): flow steps refuse these, ntk-ball needs fixed signs; else σ is smooth. */
    boolean kinked() {
        return kind == Kind.RELU || kind == Kind.LEAKY;
    }
}
