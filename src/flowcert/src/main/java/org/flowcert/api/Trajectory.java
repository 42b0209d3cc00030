package org.flowcert.api;

import java.util.List;

/**
 * A binary64 (not rigorous) solution of the gradient flow θ' = −∇L(θ) from the problem's θ, as
 * returned by {@link Flowcert#integrate(Problem, double, double...)}: DOP853 with relative
 * tolerance 1e-10 and absolute tolerance 1e-12 per step, the integrator of {@code flowcert flow}.
 *
 * @param rows        t = 0, the requested times, then the final time, in increasing order, each time once
 *                    (unmodifiable)
 * @param steps       accepted steps
 * @param evaluations evaluations of the gradient
 */
public record Trajectory(List<Row> rows, long steps, long evaluations) {
    /**
     * Copies the rows into an unmodifiable list.
     *
     * @param rows        t = 0, the requested times, then the final time
     * @param steps       accepted steps
     * @param evaluations evaluations of the gradient
     */
    public Trajectory {
        rows = List.copyOf(rows);
    }

    /**
     * The last row (the final time).
     *
     * @return the state at the end of the integration
     */
    public Row last() {
        return rows.get(rows.size() - 1);
    }

    /**
     * One point of the trajectory.
     *
     * @param t     the time
     * @param loss  L(θ(t)) in binary64
     * @param theta θ(t) (a copy; modifying it changes nothing else)
     */
    public record Row(double t, double loss, double[] theta) {
        /**
         * Copies θ.
         *
         * @param t     the time
         * @param loss  L(θ(t))
         * @param theta θ(t), copied
         */
        public Row {
            theta = theta.clone();
        }

        /**
         * θ(t), copied.
         *
         * @return a fresh copy of θ(t)
         */
        @Override
        public double[] theta() {
            return theta.clone();
        }
    }
}
