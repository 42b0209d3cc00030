package org.flowcert.flow;

/** Listens to the steps of an integration (Hipparchus' ODEStepHandler, in small). */
public interface StepHandler {

    /** Called once before the first step. */
    default void init(OdeState initial, double finalTime) {
    }

    /** Called after every accepted step, in time order. */
    void handleStep(DenseStep step);

    /** Called once with the last state (at the final time or at a stopping event). */
    default void finish(OdeState last) {
    }
}
