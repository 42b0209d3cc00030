package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;

/** Claim {@code critical-point} (no box): every component of the gradient fact is [0, 0] (rules/claim.md). */
final class CriticalPointClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        if (claim.has("box")) {
            throw new Invalid("critical-point with a box (Krawczyk) is not supported by this checker version");
        }
        ClaimStep.expect(fact, "gradient");
        RI[] g = fact.values();
        for (int k = 0; k < g.length; k++) {
            if (!g[k].isPoint() || g[k].lo().signum() != 0) {
                throw new Invalid("dL/dtheta_" + k + " is only known to lie in " + g[k] + ", not to be 0");
            }
        }
    }
}
