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

    /** θ as doubles (nearest), for the fast mode. */
    public double[] thetaDoubles() {
        return Arrays.stream(theta).mapToDouble(BigFraction::doubleValue).toArray();
    }
}
