package org.flowcert.check;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
            if (text.startsWith("leaky_relu:")) {
                return new Act(Kind.LEAKY, Numbers.parse(text.substring(11)), null);
            }
            if (text.startsWith("poly:")) {
                BigFraction[] a = Arrays.stream(text.substring(5).split(",", -1)).map(Numbers::parse)
                        .toArray(BigFraction[]::new);
                return new Act(Kind.POLY, null, a);
            }
            for (Kind k : List.of(Kind.RELU, Kind.TANH, Kind.LOGISTIC, Kind.SOFTPLUS, Kind.GELU)) {
                if (text.equals(k.name().toLowerCase(Locale.ROOT))) {
                    return new Act(k, BigFraction.ZERO, null); // the slope matters for relu only (0)
                }
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
