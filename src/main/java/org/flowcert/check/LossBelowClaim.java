package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/** Claim {@code loss-below}: L(θ) < value, from a loss fact with hi < value (rules/claim.md). */
final class LossBelowClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        ClaimStep.expect(fact, "loss");
        BigFraction v = ClaimStep.number(claim, "value", null);
        RI l = fact.values()[0];
        if (l.hi().subtract(v).signum() >= 0) {
            throw new Invalid("L(theta) is only known to lie in " + l + ", not below " + v);
        }
    }
}
