package org.flowcert.prove;

import org.flowcert.cert.Steps;
import org.flowcert.model.Problem;

/**
 * What a prover works with: the problem (model) and the step list being built. Provers evaluate
 * on the prover side ({@link Enclosures}: eval, arith, model), never with the checker's code.
 */
public record ProofContext(Problem problem, Steps steps) {
}
