package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * What a valid step establishes. {@code kind} names the rule's fact (certificate-format.md
 * section 3): "loss" (values = [L]), "gradient" (values = ∇L box), "flow" (values = X at
 * {@code time}, range = E on the step's time interval; flow-taylor adds {@code ball} = c₁..c_P, r:
 * θ(time) ∈ B(c, r)), "rate" (values = [4cμ]), "claim".
 */
public record Fact(String kind, RationalInterval[] values, BigFraction time, RationalInterval[] range,
        BigFraction[] ball) {
    public Fact(String kind, RationalInterval[] values, BigFraction time, RationalInterval[] range) {
        this(kind, values, time, range, null);
    }
}
