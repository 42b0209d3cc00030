package org.flowcert.flow;

/**
 * An event when the loss L(θ) crosses a level C (g = L − C): with a decreasing flow, when L
 * drops below C. Evaluates L through {@link GradientFlowSystem#loss}, free at step ends.
 */
public final class LossCrossing implements EventDetector {
    private final GradientFlowSystem system;
    private final double level;
    private final double threshold;
    private final EventAction action;

    public LossCrossing(GradientFlowSystem system, double level, double threshold, EventAction action) {
        this.system = system;
        this.level = level;
        this.threshold = threshold;
        this.action = action;
    }

    @Override
    public double g(double t, double[] y) {
        return system.loss(y) - level;
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
        return "stop-loss";
    }

    public double level() {
        return level;
    }
}
