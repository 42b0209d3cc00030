package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;

/** Claim {@code flow-enclosure}: θ(time) ∈ box, from a flow fact at that time with X ⊆ box (rules/claim.md). */
final class FlowEnclosureClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        ClaimStep.expect(fact, "flow");
        if (!fact.time().equals(ClaimStep.number(claim, "time", null))) {
            throw new Invalid("the flow fact is at time " + fact.time() + ", not at the claimed time");
        }
        RI[] box;
        try {
            box = Json.box(claim.get("box"), step.net().parameterCount(), 0, "claim box");
        } catch (Malformed e) {
            throw new Invalid(e.getMessage());
        }
        RI[] x = fact.values();
        for (int k = 0; k < x.length; k++) {
            if (!x[k].within(box[k])) {
                throw new Invalid("theta_" + k + " is enclosed by " + x[k] + ", not inside the claimed " + box[k]);
            }
        }
    }
}
