package org.flowcert.prove;

import org.flowcert.cert.Steps;
import org.flowcert.check.Net;
import org.flowcert.model.Problem;

/**
 * What a prover works with: the problem (model), its evaluation over rational intervals and
 * the step list being built. The evaluation is the checker's {@link Net}: until
 * eval.LossGradient offers rational-interval evaluation over boxes the provers borrow it
 * (the checker never depends on the prover, so the trust argument is unchanged).
 */
public record ProofContext(Problem problem, Net net, Steps steps) {
}
