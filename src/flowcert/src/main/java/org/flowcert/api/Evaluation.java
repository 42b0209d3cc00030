package org.flowcert.api;

import java.util.List;

/**
 * The loss L and its gradient ∇L at the problem's θ in one arithmetic, as returned by
 * {@link Flowcert#evaluate(Problem, String)}.
 *
 * @param arith     the arithmetic used: {@code exact}, {@code interval}, {@code ball:BITS} or {@code double}
 * @param rigorous  whether the bounds enclose the true values ({@code false} only for {@code double})
 * @param loss      L(θ)
 * @param gradient  ∂L/∂θ_i for i = 0 … P−1 (unmodifiable)
 */
public record Evaluation(String arith, boolean rigorous, Value loss, List<Value> gradient) {
    /**
     * Copies the gradient into an unmodifiable list.
     *
     * @param arith    the arithmetic used
     * @param rigorous whether the bounds enclose the true values
     * @param loss     L(θ)
     * @param gradient ∂L/∂θ_i for i = 0 … P−1
     */
    public Evaluation {
        gradient = List.copyOf(gradient);
    }
}
