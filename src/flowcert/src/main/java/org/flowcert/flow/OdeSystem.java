package org.flowcert.flow;

/**
 * An ordinary differential equation y' = f(t, y) in binary64, for the fast (non-rigorous)
 * integrators of this package.
 */
public interface OdeSystem {

    /** The dimension n of y. */
    int dimension();

    /**
     * Writes f(t, y) into {@code yDot} (length n). Implementations must not keep references to
     * either array: the integrators reuse them.
     */
    void derivative(double t, double[] y, double[] yDot);
}
