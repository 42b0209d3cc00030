package org.flowcert.flow;

/**
 * One accepted step of an integrator, with the method's dense output (continuous extension)
 * over [start, end]. Valid only during the {@link StepHandler#handleStep} call that receives it:
 * copy what you need.
 */
public interface DenseStep {

    /** The state at the beginning of the step. */
    OdeState start();

    /** The state at the end of the step (the event time when an event stopped the step). */
    OdeState end();

    /**
     * Writes the interpolant's value at {@code t} (start ≤ t ≤ end) into {@code out}. Its
     * accuracy is the method's: order 7 for DOP853, cubic Hermite (order 4) for RK4.
     */
    void interpolate(double t, double[] out);

    /** The interpolant at {@code t} as a state. */
    default OdeState stateAt(double t) {
        double[] y = new double[start().dimension()];
        interpolate(t, y);
        return OdeState.of(t, y);
    }
}
