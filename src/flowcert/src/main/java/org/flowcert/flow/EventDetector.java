package org.flowcert.flow;

/**
 * A switching function g(t, y) whose sign changes mark events (Hipparchus' ODEEventDetector,
 * in small). After every step the integrator compares the signs of g at the step's ends
 * (and at interior points spaced at most {@link #maxCheckInterval()} apart); on a change it
 * locates the root on the dense output to within {@link #threshold()} in t and reports the
 * state just after the crossing, where g already has its new sign.
 */
public interface EventDetector {

    /** The switching function. */
    double g(double t, double[] y);

    /** What to do at an event; {@code increasing} says whether g went from negative to positive. */
    default EventAction eventOccurred(OdeState state, boolean increasing) {
        return EventAction.STOP;
    }

    /** Absolute tolerance on the event time. */
    default double threshold() {
        return 1e-10;
    }

    /** Largest interval between two evaluations of g (events closer than this can be missed). */
    default double maxCheckInterval() {
        return Double.POSITIVE_INFINITY;
    }

    /** A short human-readable name for reports ("norm >= 10", "loss <= 1e-3"). */
    default String name() {
        return getClass().getSimpleName();
    }
}
