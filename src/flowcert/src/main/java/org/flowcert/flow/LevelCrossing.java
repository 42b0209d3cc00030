package org.flowcert.flow;

import java.util.function.ToDoubleFunction;

/**
 * An event when a scalar function of the state crosses a level (g = f(θ) − level): the loss
 * dropping below C ({@link #loss}), or ‖θ‖₂ reaching a radius R ({@link #norm}).
 */
public final class LevelCrossing implements EventDetector {
    private final String name;
    private final ToDoubleFunction<double[]> f;
    private final double level;
    private final double threshold;
    private final EventAction action;

    public LevelCrossing(String name, ToDoubleFunction<double[]> f, double level, double threshold,
            EventAction action) {
        this.name = name;
        this.f = f;
        this.level = level;
        this.threshold = threshold;
        this.action = action;
    }

    /** L(θ) crossing C; evaluates L through {@link GradientFlowSystem#loss}, free at step ends. */
    public static LevelCrossing loss(GradientFlowSystem system, double level, double threshold, EventAction action) {
        return new LevelCrossing("stop-loss", system::loss, level, threshold, action);
    }

    /** ‖θ‖₂ crossing R. */
    public static LevelCrossing norm(double radius, double threshold, EventAction action) {
        return new LevelCrossing("stop-norm", OdeState::norm, radius, threshold, action);
    }

    @Override
    public double g(double t, double[] y) {
        return f.applyAsDouble(y) - level;
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
        return name;
    }

    public double level() {
        return level;
    }
}
