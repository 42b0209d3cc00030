package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.numbers.fraction.BigFraction;

/** Rule {@code claim}: the cited fact implies claim number {@code claim} (proofs-notes/rules/claim.md). */
final class ClaimStep implements Rule {
    @Override
    public Fact apply(Step step) throws Invalid {
        BigFraction i = step.number("claim");
        JsonNode list = step.claims();
        if (i.getDenominator().bitLength() > 1 || i.signum() < 0 || i.subtract(BigFraction.of(list.size())).signum() >= 0) {
            throw new Invalid("step " + step.id() + ": no claim number " + i);
        }
        JsonNode claim = list.get(i.intValue());
        ClaimRule rule = Claims.ALL.get(claim.path("type").asText());
        if (rule == null) {
            throw new Invalid("claim type " + claim.path("type") + " is not supported by this checker");
        }
        if (step.cited().size() != 1) {
            throw new Invalid("step " + step.id() + ": a claim step cites exactly one step");
        }
        rule.conclude(claim, step.cited().get(0), step);
        return new Fact("claim", new RI[0], i, null);
    }

    /** A number field of the claim, as an {@link Invalid} when absent or malformed. */
    static BigFraction number(JsonNode claim, String name, String dflt) throws Invalid {
        JsonNode n = claim.get(name);
        if (n == null && dflt != null) {
            return org.flowcert.io.Numbers.parse(dflt);
        }
        try {
            return Json.number(n, "claim field " + name);
        } catch (Malformed e) {
            throw new Invalid(e.getMessage());
        }
    }

    static void expect(Fact fact, String kind) throws Invalid {
        if (!fact.kind().equals(kind)) {
            throw new Invalid("the cited step gives a " + fact.kind() + " fact, this claim needs " + kind);
        }
    }
}
