package org.flowcert.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one claim type (CONTRACT.md claims table) is concluded from a fact
 * (proofs-notes/rules/claim.md). A new claim type is a new class plus one line in {@link Claims}.
 */
public interface ClaimRule {
    /** Returns normally when {@code fact} implies {@code claim}; otherwise throws with the reason. */
    void conclude(JsonNode claim, Fact fact, Step step) throws Invalid;
}
