package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/** Claim {@code linear-convergence}: limit = 0 and rate ≤ the ntk-ball fact's 4cμ (rules/ntk-ball.md). */
final class LinearConvergenceClaim implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        ClaimStep.expect(fact, "rate");
        BigFraction limit = ClaimStep.number(claim, "limit", "0");
        BigFraction rate = ClaimStep.number(claim, "rate", null);
        if (limit.signum() != 0) {
            throw new Invalid("the ntk-ball rule proves convergence to 0 only, not to " + limit);
        }
        if (rate.subtract(fact.values()[0].lo()).signum() > 0) {
            throw new Invalid("the proved rate is " + fact.values()[0].lo() + ", below the claimed " + rate);
        }
    }
}
