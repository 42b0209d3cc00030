package org.flowcert.flow;

/** An event when ‖θ‖₂ crosses a radius R (g = ‖θ‖ − R); stops the integration by default. */
public final class NormCrossing implements EventDetector {
    private final double radius;
    private final double threshold;
    private final EventAction action;

    public NormCrossing(double radius, double threshold, EventAction action) {
        this.radius = radius;
        this.threshold = threshold;
        this.action = action;
    }

    @Override
    public double g(double t, double[] y) {
        return OdeState.norm(y) - radius;
    }

    @Override
    public EventAction eventOccurred(OdeState state, boolean increasing) {
        return action;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public String name() {
        return "stop-norm";
    }

    public double radius() {
        return radius;
    }
}
