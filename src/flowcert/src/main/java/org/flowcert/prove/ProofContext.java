package org.flowcert.prove;

import org.flowcert.cert.Steps;
import org.flowcert.model.Problem;

/**
 * What a prover works with: the problem (model), the step list being built and the proof's
 * {@link ProofSettings} (budgets, threads). Provers evaluate on the prover side
 * ({@link Enclosures}: eval, arith, model), never with the checker's code.
 */
public record ProofContext(Problem problem, Steps steps, ProofSettings settings) {
    /** Checks that nothing is null. */
    public ProofContext {
        java.util.Objects.requireNonNull(problem, "problem");
        java.util.Objects.requireNonNull(steps, "steps");
        java.util.Objects.requireNonNull(settings, "settings");
    }

    /** A context with {@link ProofSettings#defaults()}. */
    public ProofContext(Problem problem, Steps steps) {
        this(problem, steps, ProofSettings.defaults());
    }
}
