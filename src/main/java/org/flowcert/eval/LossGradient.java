package org.flowcert.eval;

import org.flowcert.arith.Num;
import org.flowcert.arith.NumField;
import org.flowcert.model.Problem;

/**
 * The loss L(θ) and its gradient ∇L(θ), written once over {@link Num} (reverse mode).
 *
 * <p>STUB: the signatures are fixed; the implementation is being written.
 */
public final class LossGradient {
    private LossGradient() {
    }

    /** L and ∇L (length P) at one point or set of points θ. */
    public record Result<T extends Num<T>>(T loss, T[] gradient) {
    }

    /**
     * L and ∇L at {@code theta} (length P) for the problem's network and risk (the problem's own
     * theta is ignored). In a rigorous arithmetic, when {@code theta} holds sets (boxes), the
     * result encloses L and ∇L over every point of the box.
     *
     * @throws org.flowcert.io.UserError when the arithmetic cannot evaluate this problem
     *         (exact arithmetic with a transcendental activation)
     */
    public static <T extends Num<T>> Result<T> evaluate(Problem problem, NumField<T> field, T[] theta) {
        throw new UnsupportedOperationException("todo");
    }

    /** L alone at {@code theta}. */
    public static <T extends Num<T>> T loss(Problem problem, NumField<T> field, T[] theta) {
        return evaluate(problem, field, theta).loss();
    }
}
