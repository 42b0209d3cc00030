package org.flowcert.prove;

import org.flowcert.cert.Steps;
import org.flowcert.check.Net;
import org.flowcert.model.Problem;

/**
 * What a prover works with: the problem (model) and the step list being built. Provers evaluate
 * on the prover side ({@link Enclosures}: eval, arith, model), never with the checker's code.
 *
 * <p>{@code net} is transitional, for prove.critical only (CoverBranchAndBound, LaSalleProver still
 * evaluate with the checker's {@link Net}); CheckerIsolationTest lists the remaining users and no
 * other prover may call it. It goes when prove.critical has moved to {@link Enclosures}.
 */
public record ProofContext(Problem problem, Net net, Steps steps) {
}
