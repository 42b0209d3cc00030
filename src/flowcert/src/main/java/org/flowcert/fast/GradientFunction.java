package org.flowcert.fast;

/** A loss L on R^P with its gradient, in binary64 (the fast, non-rigorous mode). */
public interface GradientFunction {

    /** P. */
    int dimension();

    /** Writes ∇L(θ) into {@code gradient} (length P) and returns L(θ). */
    double lossAndGradient(double[] theta, double[] gradient);

    /** L(θ) alone (implementations may skip the backward pass). */
    default double loss(double[] theta) {
        return lossAndGradient(theta, new double[dimension()]);
    }
}
