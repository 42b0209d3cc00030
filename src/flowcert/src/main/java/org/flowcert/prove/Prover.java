package org.flowcert.prove;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Proves one claim type: appends the steps a checker needs (ending in a {@code claim} step for
 * {@code index}) to {@code ctx.steps()}, or returns NOT PROVED with the reason. A prover may
 * leave steps behind on failure: {@link Certifier} rolls them back. A new claim type is a new
 * class plus one line in {@link Provers}.
 */
public interface Prover {
    Outcome prove(ProofContext ctx, int index, JsonNode claim);
}
