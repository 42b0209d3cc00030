package org.flowcert.flow;

import java.util.Arrays;
import org.flowcert.fast.GradientFunction;

/**
 * The gradient flow θ' = −∇L(θ) of a binary64 loss. Remembers the loss at the last point
 * where the gradient was evaluated, so that events and progress reports on L at a step's end
 * (where every integrator here has just evaluated f) cost nothing.
 */
public final class GradientFlowSystem implements OdeSystem {
    private final GradientFunction function;
    private final double[] lastTheta;
    private double lastLoss;
    private boolean lastValid;

    public GradientFlowSystem(GradientFunction function) {
        this.function = function;
        this.lastTheta = new double[function.dimension()];
    }

    @Override
    public int dimension() {
        return function.dimension();
    }

    @Override
    public void derivative(double t, double[] y, double[] yDot) {
        double l = function.lossAndGradient(y, yDot);
        for (int i = 0; i < yDot.length; i++) {
            yDot[i] = -yDot[i];
        }
        System.arraycopy(y, 0, lastTheta, 0, y.length);
        lastLoss = l;
        lastValid = true;
    }

    /** L(θ), reusing the last evaluation when θ is the same point bit for bit. */
    public double loss(double[] theta) {
        if (lastValid && Arrays.equals(theta, lastTheta)) {
            return lastLoss;
        }
        return function.loss(theta);
    }

    public GradientFunction function() {
        return function;
    }
}
