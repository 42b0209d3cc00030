package org.flowcert.model;

import java.util.Arrays;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * A problem file: network, parameters θ (exact) and risk. {@code source} names the file
 * for error messages (may be null for problems built in code).
 */
public record Problem(String source, Network network, BigFraction[] theta, Risk risk) {

    public Problem {
        theta = theta.clone();
        if (theta.length != network.parameterCount()) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, P = "
                    + network.parameterCount());
        }
    }

    @Override
    public BigFraction[] theta() {
        return theta.clone();
    }

    public int parameterCount() {
        return theta.length;
    }

    /** The same network and risk at another parameter vector. */
    public Problem withTheta(BigFraction[] newTheta) {
        return new Problem(source, network, newTheta, risk);
    }

    /**
     * Refuses, with a {@link org.flowcert.io.UserError} naming the field, a problem with a number
     * whose nearest double is infinite: the fast (binary64) modes cannot represent it.
     *
     * @param mode what needs binary64 (for the message), e.g. "flow (binary64)"
     */
    public void requireBinary64(String mode) {
        for (int i = 0; i < theta.length; i++) {
            finite(theta[i], "theta[" + i + "]", mode);
        }
        if (risk instanceof Risk.Data d) {
            for (int i = 0; i < d.size(); i++) {
                for (int k = 0; k < d.x()[i].length; k++) {
                    finite(d.x()[i][k], "risk.x[" + i + "][" + k + "]", mode);
                }
                for (int k = 0; k < d.y()[i].length; k++) {
                    finite(d.y()[i][k], "risk.y[" + i + "][" + k + "]", mode);
                }
            }
        } else if (risk instanceof Risk.Integral g) {
            finite(g.a(), "risk.domain[0]", mode);
            finite(g.b(), "risk.domain[1]", mode);
            for (int i = 0; i < g.target().size(); i++) {
                BigFraction[] c = g.target().get(i).poly();
                for (int k = 0; k < c.length; k++) {
                    finite(c[k], "risk.target[" + i + "].poly[" + k + "]", mode);
                }
            }
        }
    }

    private void finite(BigFraction q, String field, String mode) {
        if (!Double.isFinite(q.doubleValue())) {
            throw new org.flowcert.io.UserError(source, field, mode + " needs numbers within the binary64 range"
                    + " (|x| < 1.8e308), found one of about 10^" + (long) Math.floor((q.getNumerator().abs().bitLength()
                    - q.getDenominator().bitLength()) * 0.30103) + "; use eval --arith exact or ball:BITS");
        }
    }

    /** θ as doubles (nearest), for the fast mode. */
    public double[] thetaDoubles() {
        return Arrays.stream(theta).mapToDouble(BigFraction::doubleValue).toArray();
    }
}
