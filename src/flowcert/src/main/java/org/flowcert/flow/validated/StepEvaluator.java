package org.flowcert.flow.validated;

import org.flowcert.arith.Interval;
import org.flowcert.model.Problem;

/**
 * The evaluations one validated step needs from the loss, in one place so that the step classes
 * ({@link BallStep}, {@link LohnerStep}) never ask which network they integrate (the role of kv's
 * ODE function objects and of Hipparchus' {@code FieldOrdinaryDifferentialEquation}). Two
 * implementations enclose the same quantities: {@link GenericStepEvaluator} (reverse-mode AD over
 * {@code Taylor<Interval>} for any network) and {@link ShallowStepEvaluator} (the allocation-free
 * 1-H-1 kernel {@link ShallowSeries}, proofs-notes/validated-flow.md §8).
 *
 * <p>Every method but {@link #predictor} is rigorous: its intervals contain the exact values.
 * An {@link ArithmeticException} (overflow, kernel bounds not finite) makes the attempt fail.
 */
interface StepEvaluator {
    /**
     * The start pass computes its coefficients of order below this with exact directed rounding
     * (they set the defect floor, widths measured in benchmarks/w3-validated.md), the rest with
     * one-ulp steps (faster). Used by the 1-H-1 kernel.
     */
    int EXACT_START_ORDERS = 4;

    /** ∇²L and ∇L over a box. */
    record TubeHessian(Interval[][] hessian, Interval[] gradient) {
    }

    /**
     * The evaluator for this problem and Taylor order k: the 1-H-1 kernel where it applies and
     * {@code kernels} is true, else the generic passes. Both use the same binary64 predictor.
     */
    static StepEvaluator forProblem(Problem problem, int k, boolean kernels) {
        ShallowPredictor predictor = ShallowPredictor.forProblem(problem);
        ShallowSeries series = kernels ? ShallowSeries.forProblem(problem) : null;
        if (series != null) {
            return new ShallowStepEvaluator(problem, k, predictor, series,
                    ShallowSeries.forProblem(problem, EXACT_START_ORDERS));
        }
        return new GenericStepEvaluator(problem, k, predictor);
    }

    /**
     * The binary64 predictor's Taylor coefficients a[j][i] (j = 0..k) through c: the 1-H-1 sweep
     * {@code shallow} where it exists, else k passes of reverse-mode AD. Not rigorous.
     */
    static double[][] predictor(Problem problem, ShallowPredictor shallow, double[] c, int k) {
        return shallow != null ? shallow.coefficients(c, k) : GenericStepEvaluator.predictor(problem, c, k);
    }

    /** The predictor's Taylor coefficients a[j][i] (j = 0..k) of the solution through c. Not rigorous. */
    double[][] predictor(double[] c);

    /** Coefficients g_ij (flattened i*k + j, j &lt; k) of ∇L(p(τ)) at τ = 0, p(τ) = Σ a_j τʲ. */
    Interval[] gradientAtStart(double[][] a);

    /** ∇L's k-th Taylor coefficient along p over the step: b are p's coefficients re-expanded at every τ₀. */
    Interval[] gradientOverStep(Interval[][] b);

    /** ∇²L and ∇L over the tube. */
    TubeHessian tubeHessian(Interval[] tube);

    /**
     * coef[j][i][l] encloses the j-th Taylor coefficient of (∇²L)_{il} along p(s) + e, e ∈ E:
     * j &lt; m at s = 0 (from a), j = m at every expansion point of the step (from shifted)
     * ({@link JacobianBound}, note §7).
     */
    Interval[][][] hessianCoefficients(double[][] a, Interval[][] shifted, Interval e, int m);
}
