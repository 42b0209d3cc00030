package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/** Claim {@code leaves-ball}: at the flow fact's time t ≤ by, min over X of ‖θ‖² > radius² (rules/claim.md). */
final class LeavesBallClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        ClaimStep.expect(fact, "flow");
        BigFraction r = ClaimStep.number(claim, "radius", null);
        BigFraction by = ClaimStep.number(claim, "by", null);
        if (fact.time().subtract(by).signum() > 0) {
            throw new Invalid("the flow fact is at time " + fact.time() + ", after " + by);
        }
        BigFraction min = BigFraction.ZERO;
        for (RI x : fact.values()) {
            min = min.add(x.minSquare());
        }
        if (r.signum() >= 0 && min.subtract(r.multiply(r)).signum() <= 0) {
            throw new Invalid("the enclosure at time " + fact.time() + " reaches inside the ball of radius " + r);
        }
    }
}
