package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Claims {@code critical-values-above} (from a critical-above fact), {@code diverges} and
 * {@code leaves-box} (from a lasalle fact); a fact over everywhere (range null) covers every box
 * (proofs-notes/rules/claim.md).
 */
final class CriticalClaims implements ClaimRule {
    @Override
    public void conclude(JsonNode claim, Fact fact, Step step) throws Invalid {
        String type = claim.path("type").asText();
        ClaimStep.expect(fact, type.equals("critical-values-above") ? "critical-above" : "leaves");
        JsonNode region = type.equals("leaves-box") ? claim.get("box") : claim.get("region");
        if (type.equals("critical-values-above")
                && ClaimStep.number(claim, "value", null).subtract(fact.values()[0].lo()).signum() > 0) {
            throw new Invalid("critical values are only shown to be >= " + fact.values()[0].lo());
        }
        if (type.equals("diverges") || (region != null && region.isTextual() && region.asText().equals("everywhere"))) {
            if (fact.range() != null) {
                throw new Invalid("the cited fact holds on a box only, the claim is about all of R^P");
            }
            return;
        }
        RI[] box;
        try {
            box = Json.box(region, step.net().parameterCount(), 0, "claim " + type);
        } catch (Malformed e) {
            throw new Invalid(e.getMessage());
        }
        for (int i = 0; fact.range() != null && i < box.length; i++) {
            if (!box[i].within(fact.range()[i])) {
                throw new Invalid("the claim's box is not inside the box of the cited fact");
            }
        }
    }
}
