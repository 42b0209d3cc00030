package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/** Claim {@code loss-enclosure}: lo ≤ L(θ) ≤ hi, from a loss fact inside [lo, hi] (rules/claim.md). */
final class LossEnclosureClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        ClaimStep.expect(fact, "loss");
        BigFraction lo = ClaimStep.number(claim, "lo", null);
        BigFraction hi = ClaimStep.number(claim, "hi", null);
        RI l = fact.values()[0];
        if (lo.subtract(l.lo()).signum() > 0 || l.hi().subtract(hi).signum() > 0) {
            throw new Invalid("L(theta) is only known to lie in " + l + ", not inside [" + lo + ", " + hi + "]");
        }
    }
}
