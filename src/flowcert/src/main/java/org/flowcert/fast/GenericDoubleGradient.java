package org.flowcert.fast;

import org.flowcert.arith.DoubleNum;
import org.flowcert.eval.LossGradient;
import org.flowcert.model.Problem;

/**
 * L and ∇L through the generic path ({@link LossGradient} over {@link DoubleNum}): the
 * binary64 route for risks the batched kernel does not handle (integral risks, evaluated by
 * the generic path's own quadrature). Slower, same accuracy contract as {@code eval --arith double}.
 */
public final class GenericDoubleGradient implements GradientFunction {
    private final Problem problem;
    private final int p;

    public GenericDoubleGradient(Problem problem) {
        this.problem = problem;
        this.p = problem.parameterCount();
    }

    @Override
    public int dimension() {
        return p;
    }

    @Override
    public double lossAndGradient(double[] theta, double[] gradient) {
        DoubleNum[] t = new DoubleNum[p];
        for (int i = 0; i < p; i++) {
            t[i] = DoubleNum.of(theta[i]);
        }
        LossGradient.Result<DoubleNum> r = LossGradient.evaluate(problem, DoubleNum.FIELD, t);
        for (int i = 0; i < p; i++) {
            gradient[i] = r.gradient()[i].value();
        }
        return r.loss().value();
    }

    /**
     * The fastest binary64 gradient for {@code problem}: the shallow kernel for 1-H-1 data risks,
     * the batched kernel for other data risks, else the generic path.
     */
    public static GradientFunction forProblem(Problem problem, int threads) {
        if (ShallowKernel.supports(problem)) {
            return ShallowKernel.of(problem);
        }
        return MlpKernel.supports(problem) ? MlpKernel.of(problem, threads) : new GenericDoubleGradient(problem);
    }
}
