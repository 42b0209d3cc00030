package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;

/**
 * One validation attempt's inputs: the proved state at t0 and the binary64 predictor through its
 * center (what kv passes to {@code ode-maffine}'s step and Hipparchus to a {@code FieldODEStateAndDerivative}).
 *
 * @param t0 the step start (a proved time)
 * @param t1 the attempted step end
 * @param h an interval holding the exact step t1 − t0
 * @param center the center c of the ball B(c, r0) ∋ θ(t0)
 * @param radius r0
 * @param loss an enclosure of L(θ(t0))
 * @param a the predictor's Taylor coefficients a[j][i] (j = 0..k) through c (not rigorous)
 * @param startGradient the start pass {@link StepEvaluator#gradientAtStart} of a, or null when it
 *        failed (the attempt repeats it and fails with the reason)
 */
record StepContext(double t0, double t1, Interval h, double[] center, double radius, Interval loss, double[][] a,
        Interval[] startGradient) {

    static StepContext of(double t0, double t1, double[] center, double radius, Interval loss, double[][] a,
            Interval[] startGradient) {
        // the exact step lies in h
        return new StepContext(t0, t1, Interval.of(t1).subtract(Interval.of(t0)), center, radius, loss, a,
                startGradient);
    }

    /** The predictor's order k. */
    int order() {
        return a.length - 1;
    }

    /** The parameter count P. */
    int dimension() {
        return center.length;
    }
}
