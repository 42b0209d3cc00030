package org.flowcert.check;

import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Rule {@code lasalle-relu}: for a 1-H-1 relu net with an integral risk, from "every critical
 * point in the box K has L ≥ c" and L(θ) < c, the flow from θ leaves K, provided
 * κ_j = v_j² − w_j² − b_j² < 0 for every unit (a conserved quantity keeping the flow off the
 * non-smooth set; proofs-notes/critical-divergence.md, rules/lasalle-relu.md).
 */
final class ReluLaSalleRule extends LaSalleRule {
    @Override
    void applies(Step st, Fact.Region k) throws Invalid {
        int h = ReluCellRule.units(st.net());
        BigFraction[] t = st.net().theta;
        for (int j = 0; j < h; j++) {
            st.when(t[2 * h + j].pow(2).subtract(t[j].pow(2)).subtract(t[h + j].pow(2)).signum() >= 0,
                    "unit " + j + " has v^2 - w^2 - b^2 >= 0 (the flow may reach the non-smooth set)");
        }
        st.when(!(k instanceof Fact.Box), "needs a critical-above fact on a box");
    }
}
