package org.flowcert.eval;

import org.flowcert.arith.Ball;
import org.flowcert.arith.DoubleNum;
import org.flowcert.arith.Exact;
import org.flowcert.arith.Interval;
import org.flowcert.arith.NumField;
import org.flowcert.io.Limits;
import org.flowcert.io.UserError;

/** The arithmetics by their command-line names: {@code exact}, {@code interval}, {@code double}, {@code ball:BITS}. */
public final class Arithmetics {
    private Arithmetics() {
    }

    /**
     * The arithmetic named {@code name}, refusing {@code ball:BITS} above the {@code bits} limit.
     *
     * @throws UserError naming the {@code --arith} option
     */
    public static NumField<?> parse(String name, Limits limits) {
        if (name.matches("ball:[0-9]{1,7}")) {
            limits.check("bits", Long.parseLong(name.substring(5)), null, "--arith " + name);
        }
        return parse(name);
    }

    /**
     * The arithmetic named {@code name}.
     *
     * @throws UserError naming the {@code --arith} option when the name is not one of them
     */
    public static NumField<?> parse(String name) {
        switch (name) {
            case "exact":
                return Exact.FIELD;
            case "double":
                return DoubleNum.FIELD;
            case "interval":
                return Interval.FIELD;
            default:
                break;
        }
        if (name.startsWith("ball:")) {
            return Ball.parseArith(name); // its own UserError on a bad BITS
        }
        throw new UserError(null, "--arith", "expected exact, interval, double or ball:BITS (e.g. ball:256), found \""
                + Limits.Text.shorten(name) + "\"");
    }

    /**
     * What to try instead when {@code current} cannot evaluate a problem: the other rigorous
     * arithmetics that can (exact only for piecewise-polynomial activations; ball:BITS, whose
     * exponent range does not overflow where binary64 intervals do), then double (not rigorous).
     */
    public static String alternatives(String current, org.flowcert.model.Problem p) {
        java.util.List<String> alt = new java.util.ArrayList<>();
        boolean pwPoly = p.network().layers() < 2 || p.network().activation().isPiecewisePolynomial();
        if (pwPoly && !current.equals("exact")) {
            alt.add("exact");
        }
        if (current.startsWith("ball:")) {
            alt.add("a higher ball:BITS");
        } else {
            alt.add("ball:BITS (e.g. ball:256; its exponent range does not overflow)");
        }
        if (!current.equals("interval")) {
            alt.add("interval");
        }
        if (!current.equals("double")) {
            alt.add("double (not rigorous)");
        }
        return "use --arith " + String.join(", or ", alt);
    }
}
