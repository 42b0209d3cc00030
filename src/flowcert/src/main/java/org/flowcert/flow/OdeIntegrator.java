package org.flowcert.flow;

/**
 * Integrates y' = f(t, y) forward from an initial state to a final time, calling the step
 * handlers after every accepted step and stopping at events whose action is STOP.
 */
public interface OdeIntegrator {

    /** Adds a step handler; returns this integrator. */
    OdeIntegrator addStepHandler(StepHandler handler);

    /** Adds an event detector; returns this integrator. */
    OdeIntegrator addEventDetector(EventDetector detector);

    /**
     * Integrates from {@code initial} to {@code finalTime} (≥ initial time).
     *
     * @throws IllegalArgumentException when {@code finalTime} is before the initial time
     * @throws IllegalStateException when the step size underflows or f returns NaN
     */
    OdeResult integrate(OdeSystem system, OdeState initial, double finalTime);

    /** A short name ("rk4 h=0.01", "dop853 rtol=1e-10 atol=1e-12"). */
    String name();
}
